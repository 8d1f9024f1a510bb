"""Flow metrics against examples worked out by hand.

Day 0 is 20/01/2026 08:00 UTC; "now" is day 30.
  P1 (TASS)  Proposed d0, Approved d2, Partner review d10, Published d22
  P2 (KCNA)  added in Approved d0, Partner review d5, Published d10
  P3 (TASS)  first seen in Editing d0 (history began after it), Partner review d4, still there
  P4 (KCNA)  added in Partner review d20, sent back to Editing d24, Partner review d26,
             Published d28
  P5 (TASS)  added in Proposed d0, vanished from the sheet d3
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from lib.history import flow

DAY0 = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)
NOW = DAY0 + timedelta(days=30)


def at(day: float) -> datetime:
    return DAY0 + timedelta(days=day)


def history(*events: tuple[str, float, str, str, str]) -> pd.DataFrame:
    rows = [
        {"project_id": p, "field": "Stage", "old": old, "new": new, "kind": kind,
         "origin": "sheet", "author": "", "seen_at": at(day)}
        for p, day, old, new, kind in events
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["seen_at"] = pd.to_datetime(frame["seen_at"], utc=True)
    return frame


CHANGES = history(
    ("P1", 0, "", "Proposed", "added"),
    ("P1", 2, "Proposed", "Approved", "changed"),
    ("P1", 10, "Approved", "Partner review", "changed"),
    ("P1", 22, "Partner review", "Published", "changed"),
    ("P2", 0, "", "Approved", "added"),
    ("P2", 5, "Approved", "Partner review", "changed"),
    ("P2", 10, "Partner review", "Published", "changed"),
    ("P3", 0, "", "Editing", "baseline"),
    ("P3", 4, "Editing", "Partner review", "changed"),
    ("P4", 20, "", "Partner review", "added"),
    ("P4", 24, "Partner review", "Editing", "changed"),
    ("P4", 26, "Editing", "Partner review", "changed"),
    ("P4", 28, "Partner review", "Published", "changed"),
    ("P5", 0, "", "Proposed", "added"),
    ("P5", 3, "Proposed", "", "vanished"),
)
PROJECTS = pd.DataFrame(
    {
        "ID": ["P1", "P2", "P3", "P4"],
        "Partner": [("TASS",), ("KCNA",), ("TASS",), ("KCNA",)],
        "Theme": [
            ("Culture & heritage",),
            ("Culture & heritage", "Socio-economic"),
            ("Socio-economic",),
            ("Socio-economic",),
        ],
    }
)


@pytest.fixture
def visits() -> pd.DataFrame:
    return flow.visits(CHANGES, NOW, PROJECTS["ID"])


def test_each_stage_visit_runs_until_the_next_change_or_now(visits) -> None:
    p3 = visits[visits["project_id"] == "P3"]
    assert p3[["stage", "days", "open", "from_first_seen"]].values.tolist() == [
        ["Editing", 4.0, False, True],
        ["Partner review", 26.0, True, False],
    ]
    p5 = visits[visits["project_id"] == "P5"]  # vanished on day 3: closed, nothing open after
    assert p5[["stage", "days", "open"]].values.tolist() == [["Proposed", 3.0, False]]
    assert visits[visits["project_id"] == "P1"]["stage"].tolist() == [
        "Proposed", "Approved", "Partner review", "Published",
    ]  # fmt: skip


def test_time_in_stage_adds_up_every_visit_of_a_project(visits) -> None:
    spent = flow.time_in_stage(visits).set_index(["project_id", "stage"])
    assert spent.loc[("P4", "Partner review"), "days"] == 6.0  # 4 + 2, sent back once
    assert spent.loc[("P4", "Partner review"), "visits"] == 2
    assert spent.loc[("P1", "Approved"), "days"] == 8.0


def test_partner_review_median_and_80th_percentile_by_partner(visits) -> None:
    stats = flow.stage_stats(visits, PROJECTS, "Partner")
    review = stats[stats["stage"] == "Partner review"].set_index("group")
    # TASS: P1's 12 days (P3 is still in review: not finished, not counted).
    assert review.loc["TASS", ["projects", "median_days", "p80_days"]].tolist() == [1, 12, 12]
    # KCNA: P2's 5 and P4's 6 days → median 5.5, 80th percentile 5 + 0.8 × 1 = 5.8.
    assert review.loc["KCNA", "projects"] == 2
    assert review.loc["KCNA", "median_days"] == pytest.approx(5.5)
    assert review.loc["KCNA", "p80_days"] == pytest.approx(5.8)
    assert "Published" not in set(stats["stage"])  # the end is not a wait


def test_by_theme_a_project_counts_under_each_of_its_themes(visits) -> None:
    stats = flow.stage_stats(visits, PROJECTS, "Theme")
    review = stats[stats["stage"] == "Partner review"].set_index("group")
    assert review.loc["Culture & heritage", "median_days"] == pytest.approx(8.5)  # P1 12, P2 5
    assert review.loc["Socio-economic", "median_days"] == pytest.approx(5.5)  # P2 5, P4 6


def test_figures_say_how_many_projects_are_counted_from_when_first_seen(visits) -> None:
    overall = flow.stage_stats(visits, PROJECTS).set_index("stage")
    assert overall.loc["Editing", "from_first_seen"] == 1  # P3
    assert overall.loc["Editing", "projects"] == 2  # P3's 4 days, P4's 2
    assert overall.loc["Proposed", "median_days"] == pytest.approx(2.5)  # P1 2, P5 3
    assert flow.partial_share(visits) == 1


def test_lead_time_runs_from_approved_to_published(visits) -> None:
    lead = flow.lead_times(visits).set_index("project_id")["days"]
    assert lead.to_dict() == {"P1": 20.0, "P2": 10.0}  # P4 was never Approved in the history


def test_throughput_counts_projects_published_per_month(visits) -> None:
    monthly = flow.throughput(visits)
    # P2 on 30/01, P1 on 11/02, P4 on 17/02.
    assert monthly.values.tolist() == [["2026-01", 1], ["2026-02", 2]]


def test_work_in_progress_counts_projects_in_each_stage_at_a_moment(visits) -> None:
    moment = pd.DatetimeIndex([pd.Timestamp(at(11))])
    wip = flow.work_in_progress(visits, ["Partner review", "Published"], moments=moment)
    counts = dict(zip(wip["stage"], wip["projects"], strict=True))
    # Day 11: P1 and P3 in review, P2 published; P4 not there yet; P5 gone.
    assert counts["Partner review"] == 2
    assert counts["Published"] == 1
    assert counts["Proposed"] == 0


def test_a_project_longer_in_its_stage_than_80_percent_of_others_is_stuck() -> None:
    events = []
    for n in range(5):  # five finished reviews of 10, 11, 12, 13 and 14 days
        events += [(f"R{n}", 0, "", "Partner review", "added"),
                   (f"R{n}", 10 + n, "Partner review", "Published", "changed")]  # fmt: skip
    events += [
        ("LATE", 10, "", "Partner review", "added"),
        ("OK", 25, "", "Partner review", "added"),
    ]
    found = flow.visits(history(*events), NOW, ["LATE", "OK", *(f"R{n}" for n in range(5))])
    assert flow.usual_days(found)["Partner review"] == pytest.approx(13.2)  # 13 + 0.2 × 1
    late = flow.stuck(found)
    assert late[["project_id", "stage", "days"]].values.tolist() == [
        ["LATE", "Partner review", 20.0]
    ]


def test_with_too_few_finished_visits_nothing_is_called_stuck(visits) -> None:
    assert flow.stuck(visits).empty  # P3 has waited 26 days, but one finished review says little

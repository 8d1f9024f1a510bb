"""The derived facts the dashboards show (SPEC §2.6), worked out by hand for the small workbook.

On 01/03/2026, with 14 days as "due soon": G3 and C3 (on hold) are overdue, G4 is due soon,
G1, C1 and X1 were published this year (C1 late), G2 last October.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib import metrics, tables, windows
from lib.filters import FilterSpec, apply_filters
from tests.fixtures.workbooks import AS_OF, dataset_of, portfolio_tabs, small_tabs

SOON = 14


@pytest.fixture(scope="module")
def small():
    return dataset_of(small_tabs())


def test_overview_kpis_of_the_whole_portfolio(small):
    kpis = metrics.overview_kpis(small.projects, AS_OF, SOON)
    assert kpis == metrics.OverviewKpis(
        active=4,
        overdue=2,
        due_soon=1,
        published_this_year=3,
        published_last_year_to_date=0,
        on_time_rate=pytest.approx(2 / 3),
    )


def test_last_year_is_compared_up_to_the_same_day():
    projects = dataset_of(small_tabs()).projects
    kpis = metrics.overview_kpis(projects, date(2026, 10, 31), SOON)
    assert kpis.published_last_year_to_date == 1  # G2, published 20/10/2025
    assert metrics.same_day_last_year(date(2028, 2, 29)) == date(2027, 2, 28)


def test_needs_attention_lists_overdue_then_due_soon_most_urgent_first(small):
    urgent = metrics.needs_attention(small.projects, AS_OF, SOON)
    assert urgent["ID"].tolist() == ["C3", "G3", "G4"]
    assert urgent["status"].tolist() == ["overdue", "overdue", "due_soon"]
    assert urgent["days"].tolist() == [-59, -9, 9]


def test_deadlines_include_pending_milestones_and_fall_in_buckets(small):
    items = metrics.deadline_items(
        small.projects, small.milestones, small.vocab.stages, AS_OF, SOON
    )
    assert list(zip(items["ID"], items["deadline"], items["window"], strict=True)) == [
        ("C3", "Due", "overdue"),
        ("G3", "Due", "overdue"),
        ("G4", "Shooting due", "overdue"),  # G3's Shooting milestone is past: it is editing
        ("G4", "Due", "next_two_weeks"),
        ("C2", "Due", "later"),
    ]


def test_deadline_windows_have_sharp_edges_and_the_due_soon_window_is_the_first_two():
    days = pd.Series([-1, 0, 6, 7, 14, 15, 20])
    assert windows.window_of(days, 14).tolist() == [
        "overdue",
        "this_week",
        "this_week",
        "next_two_weeks",
        "next_two_weeks",  # day 14 is still due soon (today ≤ Due ≤ today + 14)
        "later",
        "later",
    ]
    soon = windows.is_due_soon(days, 14)
    inside = pd.Series(windows.window_of(days, 14)).isin(["this_week", "next_two_weeks"])
    assert soon.tolist() == inside.tolist()


def test_a_short_due_soon_window_ends_this_week_early():
    assert windows.window_of(pd.Series([0, 3, 4, 7]), 3).tolist() == [
        "this_week",
        "this_week",
        "later",
        "later",
    ]


def test_cancelled_published_and_on_hold_projects_each_have_their_own_status():
    projects = pd.DataFrame(
        {
            "Stage": ["Published", "Cancelled", "On hold", "On hold", "Editing", "Editing"],
            "Due": pd.to_datetime(
                ["2026-01-01", "2026-01-01", "2026-02-01", "2026-06-01", None, "2026-06-01"]
            ),
        }
    )
    assert windows.project_status(projects, AS_OF, SOON).tolist() == [
        "published",
        "cancelled",
        "overdue",  # On hold is active: a passed Due still counts as overdue (SPEC)
        "on_hold",
        "no_due",
        "on_track",
    ]


def test_no_projects_means_no_deadlines(small):
    none = small.projects.iloc[0:0]
    assert metrics.deadline_items(none, small.milestones, small.vocab.stages, AS_OF, SOON).empty


def test_stage_groups_put_unknown_stages_in_a_group_of_their_own():
    dataset = dataset_of(portfolio_tabs(AS_OF, 30))
    projects = dataset.projects.copy()
    projects.loc[0, "Stage"] = "Waiting for visa"
    order, group = metrics.stage_groups(projects, dataset.vocab.stages)
    assert order[-1] == metrics.UNRECOGNISED_STAGE
    assert group[0] == metrics.UNRECOGNISED_STAGE


def test_pipeline_board_caps_cards_and_counts_the_rest():
    dataset = dataset_of(portfolio_tabs(AS_OF, 150))
    board = tables.pipeline_board(
        dataset.projects, dataset.vocab.stages, AS_OF, SOON, include_done=True, limit=3
    )
    assert [c.stage for c in board] == dataset.vocab.stages.names
    assert sum(c.count for c in board) == 150
    for column in board:
        assert len(column.cards) == min(3, column.count)
        assert column.hidden == column.count - len(column.cards)
        urgency = column.cards["status"].map(tables.STATUS_URGENCY)
        assert urgency.is_monotonic_increasing  # most urgent first
    active_only = tables.pipeline_board(dataset.projects, dataset.vocab.stages, AS_OF, SOON)
    assert "Published" not in [c.stage for c in active_only]


def test_theme_summary_counts_each_theme_of_a_project(small):
    summary = metrics.theme_summary(small.projects, small.vocab.themes, AS_OF, SOON)
    green = summary.set_index("Theme").loc["Green development"]
    assert (green["projects"], green["active"], green["overdue"]) == (5, 2, 1)
    assert green["published_this_year"] == 2
    assert green["share"] == pytest.approx(2 / 3)  # of the 3 projects published in 2026


def test_timeline_spans_assume_a_start_from_the_typical_length(small):
    spans = metrics.timeline_spans(small.projects).set_index("ID")
    assert not spans.loc["G1", "start_assumed"]
    assert spans.loc["C2", "start_assumed"]  # no Start
    lengths = (small.projects["Due"] - small.projects["Start"]).dropna()
    assert spans.loc["C2", "end"] - spans.loc["C2", "start"] == lengths.median()
    assert len(spans) == 8


def test_an_active_project_due_after_its_occasion_is_listed(small):
    late = metrics.projects_due_after_occasion(small.projects, small.occasions)
    assert late["ID"].tolist() == ["G4"]
    assert late["days_late"].tolist() == [5]


def test_commitment_status_met_on_track_behind_and_upcoming(small):
    progress = metrics.commitment_progress(small.commitments, small.projects, AS_OF)
    assert progress[["delivered", "in_pipeline", "status"]].values.tolist() == [
        [1, 0, "behind"],  # TASS photo stories: G1 only, nothing in the pipeline
        [1, 1, "on track"],  # KCNA culture: X1 delivered, C2 planned (C3 is on hold)
    ]
    later = metrics.commitment_progress(small.commitments.assign(Year=2027), small.projects, AS_OF)
    assert set(later["status"]) == {"upcoming"}


def test_output_total_counts_a_project_once_whatever_its_themes(small):
    total = metrics.output_total(small.projects, 2026)
    assert total == {"projects": 3.0, "photos": 190.0, "videos": 4.0, "video_minutes": 16.0}
    by_theme = metrics.output_by_theme(small.projects, 2026)
    assert by_theme["projects"].sum() == 4  # X1 counts under both of its themes


def test_filtering_then_counting_equals_counting_the_theme(small):
    green = apply_filters(small.projects, FilterSpec(theme=("Green development",)))
    assert metrics.overview_kpis(green, AS_OF, SOON) == metrics.OverviewKpis(
        active=2,
        overdue=1,
        due_soon=1,
        published_this_year=2,
        published_last_year_to_date=0,
        on_time_rate=1.0,
    )


def test_commitments_of_a_year_are_counted_by_status_and_grouped_by_partner(small):
    progress = metrics.commitment_progress(small.commitments, small.projects, AS_OF)
    assert tables.commitment_years(progress) == [2026]
    statuses, groups = tables.commitments_of_year(progress, 2026)
    assert statuses == {"met": 0, "on track": 1, "behind": 1, "upcoming": 0}
    assert [g.partner for g in groups] == ["TASS", "KCNA"]
    assert groups[1].table["Progress"].tolist() == [0.5]  # 1 delivered of 2
    assert "Partner" not in groups[0].table


def test_occasions_view_puts_projects_on_their_occasion_card(small):
    view = tables.occasions_view(small.occasions, small.projects, AS_OF, SOON, limit=1)
    assert view.upcoming == 2
    assert [card.name for card in view.cards] == ["Victory Day"]  # capped at 1
    card = view.cards[0]
    assert (card.date, card.when) == ("05/03/2026", "in 4 days")
    assert card.projects["project"].tolist() == ["G4 · Wind power"]
    assert card.projects["status"].tolist() == ["due_soon"]
    assert view.unplanned["Occasion"].tolist() == ["National Day"]
    assert view.late["ID"].tolist() == ["G4"]


def test_deadline_buckets_come_in_order_and_cover_every_item(small):
    items = metrics.deadline_items(
        small.projects, small.milestones, small.vocab.stages, AS_OF, SOON
    )
    buckets = tables.deadline_buckets(items)
    assert list(buckets) == list(metrics.DEADLINE_BUCKETS)
    assert {k: len(v) for k, v in buckets.items()} == {
        "overdue": 3,
        "this_week": 0,
        "next_two_weeks": 1,
        "later": 1,
    }
    assert buckets["overdue"]["When"].tolist() == ["59 days late", "9 days late", "4 days late"]


def test_the_timeline_shows_active_projects_unless_asked_and_pages_long_lists(small):
    active = tables.timeline_rows(small.projects, small.occasions, include_done=False)
    assert active.spans["ID"].tolist() == ["C3", "G3", "G4", "C2"]
    assert active.undrawn == 0
    every = tables.timeline_rows(small.projects, small.occasions, include_done=True)
    assert len(every.spans) == 8
    assert tables.page_labels(150, 60) == {
        0: "1–60 of 150",
        60: "61–120 of 150",
        120: "121–150 of 150",
    }

"""Cross-posted items counted from the Channels column, and projects stuck in their stage."""

from __future__ import annotations

from datetime import date

from lib.metrics import commitment_progress, cross_posted, cross_posted_partners, platform_side
from lib.reminders.digest import period_of, project_link
from lib.reminders.stuck import Stuck, stuck_projects
from tests.fixtures.workbooks import AS_OF, dataset_of, small_tabs


def _tabs_with_channels() -> dict:
    tabs = small_tabs()
    header = tabs["Projects"][0]
    channels = header.index("Channels")
    by_id = {row[0]: row for row in tabs["Projects"][1:]}
    by_id["G1"][channels] = "vnanet.vn; https://tass.ru/obshchestvo/123; Telegram"  # both sides
    by_id["C1"][channels] = "vietnamplus.vn"  # VNA only
    by_id["X1"][channels] = "www.vietnamplus.vn; kcna.kp"  # VNA and KCNA, not TASS
    tabs["Commitments"].append(["TASS", 2026, "Cross-posted items", "", "", 3])
    tabs["Commitments"].append(["KCNA", 2026, "Joint items", "", "", 1])
    tabs["Commitments"][0].append("Counts")
    for row in tabs["Commitments"][1:]:
        row.append("")
    tabs["Commitments"][-1][-1] = "đăng chéo"  # a Counts cell in Vietnamese
    return tabs


def test_a_channel_belongs_to_the_agency_whose_platform_it_is() -> None:
    assert platform_side("vnanet.vn") == "VNA"
    assert platform_side("https://www.tass.ru/politika") == "TASS"
    assert platform_side("ТАСС") == "TASS"
    assert platform_side("kcna.kp") == "KCNA"
    assert platform_side("Telegram") == ""
    assert platform_side("nottass.ru") == ""  # a look-alike domain is nobody's


def test_a_project_is_cross_posted_when_it_ran_on_both_sides_platforms() -> None:
    projects = dataset_of(_tabs_with_channels()).projects.set_index("ID")
    shared = cross_posted(projects)
    assert shared["G1"] and shared["X1"]  # X1 is with TASS and KCNA; it ran on kcna.kp
    assert cross_posted_partners(projects)["X1"] == ("KCNA",)
    assert not shared["C1"] and not shared["G2"]


def test_a_cross_posted_items_commitment_counts_cross_posted_projects() -> None:
    dataset = dataset_of(_tabs_with_channels())
    progress = commitment_progress(dataset.commitments, dataset.projects, AS_OF)
    rows = {(r["Partner"][0], r["Commitment"]): r for r in progress.to_dict("records")}
    tass = rows[("TASS", "Cross-posted items")]
    # TASS's projects published in 2026: G1 (cross-posted), C1 (VNA only), X1 (not on TASS's
    # platforms: cross-posted with KCNA only).
    assert (tass["delivered"], tass["counts"], tass["status"]) == (1, "cross-posted", "behind")
    kcna = rows[("KCNA", "Joint items")]  # counted as cross-posted by its Counts cell
    assert (kcna["delivered"], kcna["counts"]) == (1, "cross-posted")
    photos = rows[("TASS", "Joint photo stories")]
    assert (photos["delivered"], photos["counts"]) == (1, "projects")  # unchanged: G1


def test_projects_long_in_one_stage_are_stuck_longest_first() -> None:
    projects = dataset_of(small_tabs()).projects
    # On 01/03/2026: G3 started 10/01 (50 days, Editing); C2 has no Start; C3 is on hold.
    assert stuck_projects(projects, AS_OF, 30) == [Stuck("G3", "Editing", 50)]
    assert stuck_projects(projects, AS_OF, 28) == [
        Stuck("G3", "Editing", 50),
        Stuck("G4", "Shooting", 28),
    ]
    assert stuck_projects(projects, AS_OF, 1, stage="Partner review") == []


def test_the_updated_column_is_when_a_project_last_moved() -> None:
    tabs = small_tabs()
    tabs["Projects"][0].append("Updated")
    for row in tabs["Projects"][1:]:
        row.append("2026-02-25T09:00:00+00:00" if row[0] == "G3" else "")
    projects = dataset_of(tabs).projects
    assert stuck_projects(projects, AS_OF, 30) == []
    assert Stuck("G3", "Editing", 4) in stuck_projects(projects, AS_OF, 4)


def test_periods_and_project_links() -> None:
    assert period_of(date(2026, 12, 1), "week") == "2026-W49"
    assert period_of(date(2027, 1, 1), "week") == "2026-W53"
    assert period_of(date(2026, 12, 1), "day") == "2026-12-01"
    assert project_link("https://t.example.org/", "VT-2026-012") == (
        "https://t.example.org/project?id=VT-2026-012"
    )
    assert (
        project_link("https://t.example.org", "A&B 1")
        == "https://t.example.org/project?id=A%26B%201"
    )
    assert project_link("", "VT-2026-012") == "" and project_link("https://t", "row 7") == ""

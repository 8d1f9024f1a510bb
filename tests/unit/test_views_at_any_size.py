"""The facts behind pages that must stay quick at any size: worked out once for every project,
then cut to the view; long lists in parts; commitments counted in joins, not one by one.

The numbers are those of the small workbook (tests/fixtures/workbooks.py) on 01/03/2026.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lib import filters, metrics, tables
from lib.filters import FilterSpec, apply_filters
from lib.schema import ISSUE_CODES
from tests.fixtures.workbooks import AS_OF, broken_tabs, dataset_of, portfolio_tabs, small_tabs

SOON = 14


@pytest.fixture(scope="module")
def small():
    return dataset_of(small_tabs())


def commitments(*rows: tuple) -> pd.DataFrame:
    """Commitments as the normaliser gives them: Partner a tuple, blank Format and Theme ""."""
    frame = pd.DataFrame(rows, columns=["Partner", "Year", "Commitment", "Format", "Theme"])
    return frame.assign(Year=frame["Year"].astype("Int64"), Target=pd.array([1] * len(frame)))


def delivered(commitments: pd.DataFrame, projects: pd.DataFrame) -> list[int]:
    done = metrics.published(projects)
    return metrics.count_matching(commitments, done, done["Published"].dt.year).tolist()


def test_a_project_of_two_partners_counts_once_for_a_commitment_naming_both(small):
    both = commitments((("TASS", "KCNA"), 2026, "Anything", "", ""))
    assert delivered(both, small.projects) == [3]  # G1, C1 and X1 (TASS and KCNA), once each


def test_blank_criteria_of_a_commitment_mean_any_and_the_year_must_match(small):
    wanted = commitments(
        ((), 2026, "Culture, any partner", "", "Culture & heritage"),  # C1 and X1
        (("KCNA",), 2026, "Green special editions", "Special edition", "Green development"),
        (("TASS",), 2025, "Last year's videos", "Video", ""),  # G2
        (("TASS",), None, "No year", "", ""),
        (("Nobody",), 2026, "Unknown partner", "", ""),
    )
    assert delivered(wanted, small.projects) == [2, 1, 1, 0, 0]


def test_commitment_counts_agree_with_checking_every_project_one_by_one():
    dataset = dataset_of(portfolio_tabs(AS_OF, 150))
    done = metrics.published(dataset.projects)
    years = done["Published"].dt.year
    expected = []
    for item in dataset.commitments.itertuples(index=False):
        expected.append(
            sum(
                year == item.Year
                and (not item.Partner or bool(set(item.Partner) & set(partners)))
                and (not item.Format or fmt == item.Format)
                and (not item.Theme or item.Theme in themes)
                for year, partners, fmt, themes in zip(
                    years, done["Partner"], done["Format"], done["Theme"], strict=True
                )
            )
        )
    assert sum(expected) > 0
    assert delivered(dataset.commitments, dataset.projects) == expected


def test_a_table_of_every_project_gives_a_filtered_view_the_same_rows(small):
    every = tables.projects_table(small.projects, small.extras, small.milestones, AS_OF, SOON)
    green = apply_filters(small.projects, FilterSpec(theme=("Green development",)))
    shown = tables.rows_for(every, green)
    direct = tables.projects_table(green, small.extras, small.milestones, AS_OF, SOON)
    pd.testing.assert_frame_equal(shown, direct)
    assert shown["ID"].tolist() == ["G1", "G2", "G3", "G4", "X1"]
    assert tables.rows_for(every, small.projects) is every  # no filter: nothing to cut


def test_a_long_table_comes_in_parts_that_cover_every_row_once():
    frame = pd.DataFrame({"n": range(2_500)})
    parts = [tables.page_rows(frame, first, 1_000) for first in tables.page_labels(2_500, 1_000)]
    assert [len(part) for part in parts] == [1_000, 1_000, 500]
    assert pd.concat(parts)["n"].tolist() == list(range(2_500))


def test_the_attention_list_is_the_overdue_then_due_soon_projects_for_people(small):
    urgent = tables.attention_list(small.projects, AS_OF, SOON)
    assert urgent["ID"].tolist() == ["C3", "G3", "G4"]
    assert urgent["When"].tolist() == ["59 days late", "9 days late", "due in 9 days"]


def test_deadlines_by_bucket_are_the_deadline_items_split_for_people(small):
    buckets = tables.deadlines_by_bucket(
        small.projects, small.milestones, small.vocab.stages, AS_OF, SOON
    )
    assert {bucket: table["ID"].tolist() for bucket, table in buckets.items()} == {
        "overdue": ["C3", "G3", "G4"],
        "this_week": [],
        "next_two_weeks": ["G4"],
        "later": ["C2"],
    }


def test_one_theme_in_detail_counts_only_the_projects_with_that_theme(small):
    detail = tables.theme_detail(
        small.projects, "Green development", small.vocab.stages, AS_OF, SOON
    )
    assert detail.kpis == metrics.OverviewKpis(
        active=2,
        overdue=1,
        due_soon=1,
        published_this_year=2,
        published_last_year_to_date=0,
        on_time_rate=1.0,
    )
    assert {stage: n for stage, n in detail.by_stage.items() if n} == {
        "Shooting": 1,
        "Editing": 1,
        "Published": 3,
    }
    assert detail.attention["ID"].tolist() == ["G3", "G4"]
    over_time = detail.over_time.set_index("Theme")["projects"]
    assert over_time.loc["Green development"].sum() == 3  # G1, G2 and X1 published


def test_an_occasion_card_lists_its_most_urgent_projects_and_counts_the_rest():
    tabs = small_tabs()
    for row in tabs["Projects"][1:]:
        if row[0] in ("G3", "C2"):
            row[11] = "Victory Day"  # G4 is timed to it already
    dataset = dataset_of(tabs)
    view = tables.occasions_view(
        dataset.occasions, dataset.projects, AS_OF, SOON, limit=1, projects_per_card=2
    )
    card = view.cards[0]
    assert card.name == "Victory Day"
    assert card.projects["project"].tolist() == ["G3 · Solar farms", "G4 · Wind power"]
    assert card.projects["status"].tolist() == ["overdue", "due_soon"]
    assert card.more == 1  # C2, on track


def test_the_problem_filter_offers_the_codes_found_in_their_usual_order():
    issues = dataset_of(broken_tabs()).issues
    codes = filters.issue_codes(issues)
    assert set(codes) == set(issues["code"])
    assert codes == [code for code in ISSUE_CODES if code in codes]
    assert "bad_date" in codes

"""The sidebar filters as data: which projects a filter leaves, and how widget state reads."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib import filters
from lib.filters import FilterSpec, apply_filters, filter_options, spec_from_state
from lib.metrics import commitment_progress
from lib.text import fold, fold_series
from tests.fixtures.workbooks import AS_OF, broken_tabs, dataset_of, small_tabs


@pytest.fixture(scope="module")
def small():
    return dataset_of(small_tabs())


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["ID"].tolist()


def test_no_filter_leaves_every_project_in_sheet_order(small):
    assert ids(apply_filters(small.projects, FilterSpec())) == [
        "G1", "G2", "G3", "G4", "C1", "C2", "C3", "X1",
    ]  # fmt: skip


def test_a_theme_keeps_every_project_with_that_theme_among_others(small):
    shown = apply_filters(small.projects, FilterSpec(theme=("Green development",)))
    assert ids(shown) == ["G1", "G2", "G3", "G4", "X1"]  # G3 typed "Green", an alias


def test_two_values_of_one_filter_mean_either(small):
    shown = apply_filters(small.projects, FilterSpec(stage=("Editing", "On hold")))
    assert ids(shown) == ["G3", "C3"]


def test_a_partner_matches_any_partner_of_a_shared_project(small):
    assert ids(apply_filters(small.projects, FilterSpec(partner=("KCNA",)))) == [
        "G3",
        "C2",
        "C3",
        "X1",
    ]


def test_different_filters_combine_so_that_all_must_hold(small):
    spec = FilterSpec(partner=("KCNA",), theme=("Culture & heritage",), stage=("Planning",))
    assert ids(apply_filters(small.projects, spec)) == ["C2"]


def test_format_producer_and_lead_filters(small):
    assert ids(apply_filters(small.projects, FilterSpec(format=("Video",)))) == ["G2", "C3"]
    assert ids(apply_filters(small.projects, FilterSpec(producer=("Huy",)))) == ["G3", "G4"]
    assert ids(apply_filters(small.projects, FilterSpec(lead=("Thu",)))) == [
        "C1",
        "C2",
        "C3",
        "X1",
    ]


def test_search_ignores_case_accents_spacing_and_punctuation(small):
    assert ids(apply_filters(small.projects, FilterSpec(text="GREEN hydro"))) == ["G1"]
    assert ids(apply_filters(small.projects, FilterSpec(text="wáter-puppets"))) == ["C2"]
    assert ids(apply_filters(small.projects, FilterSpec(text="victory day"))) == ["G4"]


def test_search_looks_at_ids_producers_and_partners_too(small):
    assert ids(apply_filters(small.projects, FilterSpec(text="x1"))) == ["X1"]
    assert ids(apply_filters(small.projects, FilterSpec(text="mai"))) == ["C1", "C2", "C3"]


def test_a_search_that_matches_nothing_leaves_an_empty_frame_with_the_same_columns(small):
    shown = apply_filters(small.projects, FilterSpec(text="no such project"))
    assert shown.empty
    assert list(shown.columns) == list(small.projects.columns)


def test_vectorised_fold_agrees_with_fold_on_every_script():
    texts = ["Nguyễn Văn Đức", "Съёмка «Йошкар»", "Green  Hydrogen–in", "A_b", "Hà Nội, 2026!"]
    assert fold_series(pd.Series(texts)).tolist() == [fold(x) for x in texts]


def test_a_date_range_keeps_projects_whose_span_meets_it(small):
    spec = FilterSpec(start=date(2026, 3, 1), end=date(2026, 3, 31))
    # G4 runs 01/02–10/03; C2 has only a Due (01/06) so its span is that day.
    assert ids(apply_filters(small.projects, spec)) == ["G4"]
    spec = FilterSpec(start=date(2025, 10, 1), end=date(2025, 10, 31))
    assert ids(apply_filters(small.projects, spec)) == ["G2"]


def test_an_open_ended_range_runs_from_its_first_day_on(small):
    shown = apply_filters(small.projects, FilterSpec(start=date(2026, 2, 15)))
    assert ids(shown) == ["G3", "G4", "C2"]


def test_widget_state_as_the_url_sets_it_becomes_a_spec():
    state = {
        "theme": ["Culture & heritage"],
        "partner": ["TASS", "KCNA"],
        "dates": (date(2026, 1, 1),),
        "q": "  hue ",
    }
    spec = spec_from_state(state)
    assert spec.theme == ("Culture & heritage",)
    assert spec.partner == ("TASS", "KCNA")
    assert (spec.start, spec.end) == (date(2026, 1, 1), None)
    assert spec.text == "hue"
    assert spec.active_count == 4
    assert spec_from_state({}) == FilterSpec()
    assert spec_from_state({}).is_empty


def test_options_list_the_vocabulary_in_order_then_values_found_outside_it():
    broken = dataset_of(broken_tabs())
    options = filter_options(broken.projects, broken.vocab)
    assert options.stage[:3] == ("Proposed", "Approved", "Planning")
    assert options.stage[-2:] == ("Maybe", "Waiting")
    assert options.theme[-2:] == ("Space", "Sports")


def test_options_give_known_partners_first_and_the_span_of_dates(small):
    options = filter_options(small.projects, small.vocab)
    assert options.partner == ("TASS", "KCNA")
    assert options.producer == ("Huy", "Lan", "Mai")
    assert (options.first_date, options.last_date) == (date(2025, 9, 1), date(2026, 6, 1))


def test_commitments_are_chosen_by_partner_format_and_theme_without_changing_progress(small):
    progress = commitment_progress(small.commitments, small.projects, AS_OF)
    kcna = filters.filter_commitments(progress, FilterSpec(partner=("KCNA",)))
    assert kcna["Commitment"].tolist() == ["Culture projects"]
    assert kcna["delivered"].tolist() == [1]  # X1, counted though it is TASS's too
    culture = filters.filter_commitments(progress, FilterSpec(theme=("Culture & heritage",)))
    # A commitment without a theme of its own concerns every theme.
    assert culture["Commitment"].tolist() == ["Joint photo stories", "Culture projects"]


def test_issues_are_filtered_by_severity_and_code():
    issues = dataset_of(broken_tabs()).issues
    errors = filters.filter_issues(issues, severities=("error",))
    assert set(errors["severity"]) == {"error"}
    dates = filters.filter_issues(issues, codes=("bad_date",))
    assert set(dates["code"]) == {"bad_date"}
    assert len(filters.filter_issues(issues)) == len(issues)

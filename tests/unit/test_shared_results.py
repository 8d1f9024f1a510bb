"""Results worked out once per loaded dataset and shared by every session (`lib.ui.session.cached`,
`lib.ui.filter_bar.cached`), run on Streamlit's cache outside a server, as in bare mode.

`lib.ui.session` fixes its cache period when first imported, so it is imported inside the fixture,
under the tests' settings (conftest.py), never while pytest collects this file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pandas as pd
import pytest
import streamlit as st

from lib.filters import FilterSpec, apply_filters
from tests.fixtures.workbooks import dataset_of, small_tabs

CALLS: list[tuple[int, str]] = []


def count_rows(projects: pd.DataFrame, label: str) -> str:
    CALLS.append((len(projects), label))
    return f"{label}: {len(projects)}"


@pytest.fixture
def shell() -> Iterator[SimpleNamespace]:
    from lib.ui import filter_bar, session

    st.cache_resource.clear()
    CALLS.clear()
    yield SimpleNamespace(session=session, filter_bar=filter_bar)
    st.cache_resource.clear()


@pytest.fixture
def small(shell):
    return replace(dataset_of(small_tabs()), loaded_at=datetime(2026, 3, 1, 7, 0, tzinfo=UTC))


def view_of(shell, dataset, spec: FilterSpec):
    return shell.filter_bar.Filtered(dataset, spec, apply_filters(dataset.projects, spec))


def test_a_result_is_worked_out_once_per_dataset_and_arguments(shell, small):
    assert shell.session.cached(small, count_rows, small.projects, "all") == "all: 8"
    assert shell.session.cached(small, count_rows, small.projects, "all") == "all: 8"
    assert shell.session.cached(small, count_rows, small.projects, "other") == "other: 8"
    assert CALLS == [(8, "all"), (8, "other")]


def test_a_new_load_of_the_data_is_worked_out_afresh(shell, small):
    shell.session.cached(small, count_rows, small.projects, "all")
    reloaded = replace(small, loaded_at=datetime(2026, 3, 1, 7, 1, tzinfo=UTC))
    shell.session.cached(reloaded, count_rows, reloaded.projects, "all")
    assert CALLS == [(8, "all"), (8, "all")]


def test_each_filtered_view_has_its_own_result(shell, small):
    everything = view_of(shell, small, FilterSpec())
    green = view_of(shell, small, FilterSpec(theme=("Green development",)))
    assert shell.filter_bar.cached(green, count_rows, green.projects, "view") == "view: 5"
    assert shell.filter_bar.cached(everything, count_rows, everything.projects, "view") == "view: 8"
    again = view_of(shell, small, FilterSpec(theme=("Green development",)))  # the next rerun's view
    assert shell.filter_bar.cached(again, count_rows, again.projects, "view") == "view: 5"
    assert CALLS == [(5, "view"), (8, "view")]


def test_a_frame_the_key_does_not_name_is_refused(shell, small):
    with pytest.raises(TypeError, match="dataset's own frames"):
        shell.session.cached(small, count_rows, small.projects.head(3), "some")
    assert CALLS == []


def test_a_lambda_is_refused_since_its_name_would_not_tell_it_apart(shell, small):
    with pytest.raises(TypeError, match="module-level function"):
        shell.session.cached(small, lambda projects: len(projects), small.projects)

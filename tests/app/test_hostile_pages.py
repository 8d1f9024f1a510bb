"""Hostile files through every page (AppTest through app.py): no exception, the projects the file
really holds, row counts that reconcile on the Data quality page, and a message to the user."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP, DASHBOARDS, PAGE_DIR, PAGES
from tests.fixtures.hostile import AS_OF, CASES, Hostile

# Counts from 10,000 up carry the English group separator.
COUNT = re.compile(r"^\*\*([\d,]+)\*\* of ([\d,]+) projects")
DATA_QUALITY = f"{PAGE_DIR}/data_quality.py"


@pytest.fixture
def workbook(request, monkeypatch, tmp_path) -> Iterator[Hostile]:
    case: Hostile = request.param
    monkeypatch.setenv("TRACKER_WORKBOOK", str(case.build(tmp_path / case.name)))
    monkeypatch.setenv("TRACKER_AS_OF", AS_OF.isoformat())
    st.cache_data.clear()
    st.cache_resource.clear()
    yield case
    st.cache_data.clear()
    st.cache_resource.clear()


def total_shown(app: AppTest) -> int:
    match = next(m for c in app.caption if (m := COUNT.match(c.value)))
    return int(match[2].replace(",", ""))


@pytest.mark.parametrize("workbook", CASES, ids=lambda case: case.name, indirect=True)
def test_every_page_survives_a_hostile_file_and_tells_the_truth_about_it(workbook: Hostile):
    case = workbook
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    for page in PAGES:
        try:
            app.switch_page(page)
        except ValueError:
            continue  # a page not offered for this source
        app.run()
        assert not app.exception, f"{page} on {case.name}: {app.exception}"
        if case.error:
            shown = [e.value.replace("\\", "") for e in app.error]  # markdown escapes off
            assert any(case.error in text for text in shown), f"{page}: no message"
            continue
        if page in DASHBOARDS:
            assert total_shown(app) == case.projects, page
    if case.error:
        return
    app.switch_page(DATA_QUALITY).run()
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics["Projects"] == case.projects
    assert (metrics["Rows read"], metrics["Blank rows"], metrics["Unread rows"]) == (
        case.read,
        case.blank,
        case.unread,
    )
    assert metrics["Rows read"] == (
        metrics["Projects"] + metrics["Blank rows"] + metrics["Unread rows"]
    )
    if case.codes:
        shown = app.dataframe[0].value
        assert case.codes <= set(shown["code"])
        assert shown["message"].str.len().min() > 0

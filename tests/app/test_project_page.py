"""The Project page (`?id=`) through app.py, links to it from every page, and the Pipeline board:
every project reachable, a stage changed from a card through the Update page's save."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.markup import plain
from standin import SheetsStandIn
from tests.edit.conftest import GoogleBackend, WorkbookBackend, tracker_tabs
from tests.edit.conftest import write_xlsx as write_tracker
from tests.fixtures.workbooks import AS_OF, portfolio_tabs, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _as_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
    for variable in ("TRACKER_EDITORS", "TRACKER_ALLOW_ANONYMOUS_EDITS"):
        monkeypatch.delenv(variable, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def open_project(project_id: str, app: AppTest | None = None) -> AppTest:
    if app is None:
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
    app.query_params["id"] = project_id
    app.switch_page("pages/project.py").run()
    assert not app.exception, app.exception
    return app


def page(name: str, app: AppTest | None = None) -> AppTest:
    if app is None:
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
    app.switch_page(f"pages/{name}.py").run()
    assert not app.exception, app.exception
    return app


def links_to_projects(app: AppTest) -> list[str]:
    return [
        link.proto.query_string for link in app.get("page_link") if "id=" in link.proto.query_string
    ]


def field_values(app: AppTest):
    table = next(d.value for d in app.dataframe if "field" in d.value.columns)
    return table.set_index("field")["value"]


def test_the_project_page_shows_every_field_milestones_occasion_and_commitments():
    app = open_project("VT-2026-012")
    # sheet text, shown as text (lib.markup.plain escapes what Markdown would read)
    assert app.title[0].value == plain("Chatbots in public services: Moscow and Da Nang")
    fields = field_values(app)
    assert fields["ID"] == "VT-2026-012"
    assert fields["Partner"] == "TASS"
    assert fields["Theme"] == "AI application & governance; Digital transformation"
    assert len(fields) == 22  # every column of the demo's Projects tab
    markdown = [m.value for m in app.markdown]
    assert any(m.startswith("**Shooting** · ") for m in markdown)
    commitments = next(d.value for d in app.dataframe if "Commitment" in d.value.columns)
    # It is planned for both agencies' platforms, so it counts toward cross-posting too.
    assert commitments["Commitment"].tolist() == [
        "Joint photo and video productions",
        "Cross-posted items",
    ]
    # its deadline status, and what it counts toward
    assert any("Due soon · due in 8 days" in m for m in markdown)


def test_unknown_columns_are_shown_on_the_project_page(monkeypatch, messy_xlsx):
    monkeypatch.setenv("TRACKER_WORKBOOK", str(messy_xlsx))
    app = open_project("VT-2026-001")
    fields = field_values(app)
    assert fields["Kinh phí"] == "120000000"  # a column the app does not know, as written
    assert fields["Shooting due"] == "05/03/2026"


def test_an_unknown_id_says_so_instead_of_failing():
    app = open_project("VT-1999-999")
    assert plain("No project VT-1999-999") in app.warning[0].value


def test_the_history_shows_the_logs_changes_and_an_editor_edits_in_place():
    app = open_project("VT-2026-012")
    assert [tab.label for tab in app.tabs] == ["Details", "History", "Edit"]  # the demo: editable
    assert any("No change saved from the app yet" in c.value for c in app.caption)

    stage = next(s for s in app.selectbox if s.label == "Stage" and str(s.key).startswith("edit:"))
    stage.select("Partner review")
    next(b for b in app.button if b.label == "Save changes").click().run()
    assert not app.exception, app.exception

    history = next(d.value for d in app.dataframe if "old" in d.value.columns)
    assert history[["user", "field", "old", "new"]].values.tolist() == [
        ["anonymous", "Stage", "Editing", "Partner review"]
    ]
    assert any("Partner review" in m.value for m in app.markdown)  # the header's stage badge


def history_tab_tables(app: AppTest) -> dict[str, object]:
    """The History tab's tables by their first column's header."""
    tab = next(tab for tab in app.tabs if tab.label == "History")
    return {frame.value.columns[0]: frame.value for frame in tab.dataframe}


def test_the_history_tab_shows_a_change_typed_into_the_sheet_and_the_time_in_each_stage(
    monkeypatch: pytest.MonkeyPatch,
):
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=120) as standin:
        monkeypatch.setenv("TRACKER_SPREADSHEET", standin.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", standin.base_url)
        app = open_project("VK-2026-001")  # the first load: the history's baseline
        GoogleBackend(standin).type_into("VK-2026-001", "Stage", "Shooting")
        changes = None
        for _ in range(40):  # the cache period is 2 s in the tests
            time.sleep(0.25)
            app.run()
            assert not app.exception, app.exception
            changes = history_tab_tables(app).get("When")
            if changes is not None and "Planning → Shooting" in set(changes["Change"]):
                break
        assert changes is not None
        newest = changes.iloc[0]
        assert [newest["Field"], newest["Change"], newest["By"]] == [
            "Stage",
            "Planning → Shooting",
            "in the sheet",
        ]
        stages = history_tab_tables(app)["Stage"]
        assert stages.set_index("Stage").loc["Shooting", "Now"] == "here now"
        subheaders = [s.value for s in app.subheader]
        assert {"Recorded changes", "Time in each stage"} <= set(subheaders)
        # The Log's rows are there too, folded away: the app saved nothing for this project.
        assert [e.label for e in app.expander if "Log tab" in e.label] == [
            "Saved from the app: the Log tab"
        ]
    st.cache_resource.clear()


def test_the_log_records_the_name_an_editor_gives_without_sign_in():
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.text_input(key="editor_name").set_value("Lan Nguyen").run()
    app = open_project("VT-2026-012", app)
    stage = next(s for s in app.selectbox if s.label == "Stage" and str(s.key).startswith("edit:"))
    stage.select("Partner review")
    next(b for b in app.button if b.label == "Save changes").click().run()
    history = next(d.value for d in app.dataframe if "old" in d.value.columns)
    assert history["user"].tolist() == ["Lan Nguyen (not signed in)"]


def test_a_read_only_sheet_shows_the_project_without_an_edit_tab(monkeypatch):
    with SheetsStandIn(portfolio_tabs(AS_OF, 20), lifetime_seconds=120) as standin:
        monkeypatch.setenv("TRACKER_SPREADSHEET", standin.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", standin.base_url)
        app = AppTest.from_file(APP, default_timeout=60)
        app.run()
        first_id = next(q for q in links_to_projects(page("pipeline", app)))
        app = open_project(first_id.split("id=")[1].split("&")[0], app)
        assert [tab.label for tab in app.tabs] == ["Details", "History"]
        assert any(b.proto.url.startswith(standin.base_url.split("/v4")[0]) or "#gid=" in
                   b.proto.url for b in app.get("link_button"))  # fmt: skip


@pytest.mark.parametrize("name", ["pipeline", "occasions", "overview"])
def test_cards_and_occasion_lines_link_to_their_project_page(name):
    links = links_to_projects(page(name))
    assert links, f"{name} has no link to a project"
    assert all(q.startswith("id=") for q in links)


def test_the_overviews_needs_attention_shows_the_most_urgent_then_the_rest_on_request():
    app = page("overview")
    first = links_to_projects(app)
    next(b for b in app.button if b.label.startswith("Show more")).click().run()
    assert not app.exception, app.exception
    every = links_to_projects(app)
    assert len(every) > len(first) and every[:8] == first[:8]
    assert not [b for b in app.button if b.label.startswith("Show more")]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("deadlines", "pick_overdue_0"),
        ("projects", "pick_projects_0"),
        ("data_quality", "pick_issues_0"),
    ],
)
def test_picking_a_table_row_opens_that_project(name, key):
    app = page(name)
    table = next(d for d in app.dataframe if d.proto.id.endswith(key) or key in str(d.key))
    label = (
        table.value.iloc[0]["ID"] if "ID" in table.value.columns else table.value.iloc[0]["project"]
    )
    app.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception, app.exception
    assert app.query_params.get("id") in ([label], label) or app.query_params.get("row")


def board_of_one_stage(tmp_path: Path, monkeypatch, count: int) -> None:
    """A workbook whose `count` projects are all in Editing, due one a day from 20 days ago."""
    tabs = portfolio_tabs(AS_OF, count)
    header = tabs["Projects"][0]
    stage, due = header.index("Stage"), header.index("Due")
    for number, row in enumerate(tabs["Projects"][1:]):
        row[stage] = "Editing"
        row[due] = AS_OF + timedelta(days=number - 20)
    monkeypatch.setenv("TRACKER_WORKBOOK", str(write_xlsx(tabs, tmp_path / "editing.xlsx")))


def test_a_stage_of_fifty_projects_shows_them_all_after_show_more(tmp_path, monkeypatch):
    board_of_one_stage(tmp_path, monkeypatch, 50)
    app = page("pipeline")
    assert len(links_to_projects(app)) == 6  # the most urgent first
    for _ in range(10):  # bounded: each click shows more
        more = [b for b in app.button if b.label.startswith("Show more")]
        if not more:
            break
        more[0].click().run()
    links = links_to_projects(app)
    assert len(links) == 50
    assert len(set(links)) == 50


def test_moving_a_card_to_another_stage_saves_it_and_the_board_shows_it_there():
    app = page("pipeline")
    mover = next(
        s for s in app.selectbox if str(s.key).startswith("move:") and "VT-2026-012" in str(s.key)
    )
    mover.select("Partner review").run()
    assert not app.exception, app.exception
    assert any(
        "Saved VT\\-2026\\-012" in t.value or "Saved VT-2026-012" in t.value for t in app.toast
    )
    headers = [m.value for m in app.markdown if m.value.startswith("**Partner review**")]
    assert headers
    keys = [str(s.key) for s in app.selectbox if str(s.key).startswith("move:Partner review")]
    assert any("VT-2026-012" in key for key in keys)


def test_a_stage_change_from_a_card_that_meets_a_change_in_the_sheet_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    book = WorkbookBackend(write_tracker(tmp_path / "tracker.xlsx", tracker_tabs()))
    monkeypatch.setenv("TRACKER_WORKBOOK", str(book.path))
    app = page("pipeline")  # the board as loaded: VK-2026-001 in Planning
    mover = next(
        s for s in app.selectbox if str(s.key).startswith("move:") and "VK-2026-001" in str(s.key)
    )
    book.type_into("VK-2026-001", "Stage", "Approved")  # someone else, after the page loaded
    before = book.rows()
    mover.select("Shooting").run()
    assert not app.exception, app.exception

    warning = next(w.value for w in app.warning if "Nothing was saved" in w.value)
    assert plain("VK-2026-001") in warning
    conflict = app.table[0].value
    assert conflict.iloc[0].tolist() == ["Stage", "Shooting", "Approved", "Planning"]
    assert not [toast for toast in app.toast if "Saved" in toast.value]
    assert book.rows() == before  # not one cell written
    assert book.cell(book.row_of("VK-2026-001"), "Stage") == "Approved"
    assert "Log" not in book.tabs()  # and nothing logged


def test_my_work_keeps_only_a_producers_projects_and_stays_in_the_address():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["me"] = "Anna Volkova"
    app.run()
    app = page("pipeline", app)
    assert app.selectbox(key="me").value == "Anna Volkova"
    assert any(c.value.endswith("projects of Anna Volkova") for c in app.caption)
    assert date(2026, 3, 1)  # as of the demo's day

"""The Flow page through app.py (AppTest): the demo's partner-review waits per partner, a change
typed into the Google Sheet by someone else reaching a project's history within one cache
period, and a broken history database that leaves every dashboard standing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.config import load_settings
from lib.history import service
from standin import SheetsStandIn
from tests.edit.conftest import GoogleBackend, tracker_tabs

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DAYS = "{n} days"


def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def days(value: str) -> int:
    return int(value.split()[0])


def test_on_the_demo_the_flow_page_shows_partner_review_waits_per_partner(demo) -> None:
    app = open_page("pages/flow.py")
    waits = {m.label: m.value for m in app.metric if m.value.endswith("days")}
    assert {"TASS", "KCNA", "Xinhua", "Prensa Latina", "KPL"} <= set(waits)
    assert days(waits["TASS"]) > 2 * days(waits["KCNA"])  # TASS reviews far longer than KCNA
    captions = [c.value for c in app.caption]
    line = next(c for c in captions if c.startswith("Partner review: "))
    assert f"TASS median {waits['TASS']}" in line and f"KCNA median {waits['KCNA']}" in line
    assert any(m.label == "Approved → Published, median" for m in app.metric)
    assert len(app.dataframe) >= 2  # days per stage, overall and by partner
    assert not app.warning


def test_the_flow_page_by_theme(demo) -> None:
    app = open_page("pages/flow.py")
    app.segmented_control(key="flow_by").set_value("Theme").run()
    assert not app.exception
    by_theme = app.dataframe[1].value
    assert "Culture & heritage" in set(by_theme["Theme"])


def test_overview_flags_projects_longer_than_usual_in_their_stage(demo) -> None:
    app = open_page("pages/overview.py")
    flagged = [c.value for c in app.caption if "longer than usual" in c.value]
    assert flagged and flagged[0].split()[0].isdigit()


def test_a_change_typed_into_the_sheet_reaches_the_projects_history_within_a_cache_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=120) as standin:
        monkeypatch.setenv("TRACKER_SPREADSHEET", standin.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", standin.base_url)
        monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
        fresh_caches()
        app = open_page("pages/flow.py")
        settings = load_settings()
        assert service.read(settings, settings.today()).changes["kind"].tolist() == ["baseline"] * 4
        GoogleBackend(standin).type_into("VK-2026-001", "Stage", "Shooting")
        typed_at = time.monotonic()
        found = []
        for _ in range(40):  # the cache period is 2 s in the tests: a refresh, then a rerun
            time.sleep(0.25)
            app.run()
            history = service.read(settings, settings.today()).changes
            found = history[history["kind"] == "changed"]
            if not found.empty:
                break
        waited = time.monotonic() - typed_at
        assert found[["project_id", "field", "old", "new", "author"]].values.tolist() == [
            ["VK-2026-001", "Stage", "Planning", "Shooting", ""]
        ]
        assert waited < 2 * 2 + 1  # one period to expire, one refresh
        shown = AppTest.from_string(PROJECT_HISTORY, default_timeout=60).run()
        assert not shown.exception, shown.exception
        table = shown.dataframe[0].value
        assert table.iloc[0].tolist()[1:] == ["Stage", "Planning → Shooting", "in the sheet"]
    fresh_caches()


PROJECT_HISTORY = """
from lib.ui import history_view, session
history_view.render_project_history(session.dataset(), "VK-2026-001")
history_view.render_project_flow(session.dataset(), "VK-2026-001")
"""


def test_a_damaged_history_database_shows_why_and_every_dashboard_still_works(demo) -> None:
    folder = Path(os.environ["TRACKER_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "history.sqlite3").write_bytes(b"this is not a database, it is a note " * 200)
    fresh_caches()
    app = open_page("pages/flow.py")
    # Shown as plain text: Markdown's characters come escaped.
    warning = app.warning[0].value.replace("\\", "").replace("\u2060", "")
    assert warning == (
        "The change history is unavailable: history.sqlite3: the file is damaged (not a database)"
    )
    for page in ("pages/overview.py", "pages/pipeline.py", "pages/projects.py"):
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert app.title[0].value != ""

"""The Update page through app.py (AppTest): who sees it, saving, conflicts, adding a project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.markup import WORD_JOINER
from standin import SheetsStandIn
from tests.edit.conftest import GoogleBackend

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
UPDATE = "pages/update.py"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret-only-for-tests",
    "client_id": "client",
    "client_secret": "secret",
    "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration",
}
EDITOR = "ada@vna.example"


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("TRACKER_EDITORS", "TRACKER_ALLOW_ANONYMOUS_EDITS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def sheet(standin: SheetsStandIn, monkeypatch: pytest.MonkeyPatch) -> GoogleBackend:
    monkeypatch.setenv("TRACKER_SPREADSHEET", standin.key)
    monkeypatch.setenv("TRACKER_SHEETS_API_BASE", standin.base_url)
    monkeypatch.setenv("TRACKER_RETRY_BASE_SECONDS", "0.01")
    return GoogleBackend(standin)


def app_for(user: dict | None = None, *, login: bool = False) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if login:
        app.secrets["auth"] = AUTH
    if user is not None:
        app.user = user
    app.run()
    assert not app.exception, app.exception
    return app


def open_update(app: AppTest) -> AppTest:
    app.switch_page(UPDATE).run()
    assert not app.exception, app.exception
    return app


def pick(app: AppTest, project_id: str) -> AppTest:
    app.selectbox(key="update_project").select(project_id).run()
    assert not app.exception, app.exception
    return app


def field(app: AppTest, kind: str, label: str):
    widgets = [w for w in getattr(app, kind) if w.label == label and str(w.key).startswith("edit:")]
    assert len(widgets) == 1, (kind, label, [w.label for w in getattr(app, kind)])
    return widgets[0]


def save(app: AppTest) -> AppTest:
    button = next(b for b in app.button if b.label == "Save changes")
    button.click().run()
    assert not app.exception, app.exception
    return app


def toasts(app: AppTest) -> list[str]:
    """The toasts' text as shown (the app escapes sheet text so markdown shows it literally)."""
    return [t.value.replace("\\", "") for t in app.toast]


def test_an_anonymous_visitor_cannot_edit_a_google_sheet(sheet: GoogleBackend):
    app = app_for()

    with pytest.raises(ValueError):  # the page is not even in the navigation
        app.switch_page(UPDATE)
    assert "Log" not in sheet.tabs()


def test_anonymous_edits_to_a_google_sheet_when_allowed_are_logged_as_anonymous(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_ALLOW_ANONYMOUS_EDITS", "true")
    app = pick(open_update(app_for()), "VT-2026-001")

    field(app, "selectbox", "Stage").select("Editing")
    save(app)

    assert any("Saved VT-2026-001" in t for t in toasts(app))
    assert sheet.cell(4, "Stage") == "Editing"
    assert sheet.standin.values("Log")[1][1:4] == ["anonymous", "VT-2026-001", "Stage"]


def test_the_update_page_refuses_on_its_own_when_reached_without_the_router(
    sheet: GoogleBackend,
):
    # Streamlit runs a file under pages/ directly when a deep link is the server's first
    # request; the page must not rely on the router's gate.
    app = AppTest.from_file(str(ROOT / UPDATE), default_timeout=60)
    app.run()

    assert not app.exception, app.exception
    assert app.info and "read-only" in app.info[0].value.replace("\\", "")
    assert not app.button and not app.selectbox


def test_a_signed_in_user_who_is_not_an_editor_cannot_open_the_update_page(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_EDITORS", EDITOR)
    monkeypatch.setenv("TRACKER_ALLOW_ANONYMOUS_EDITS", "true")  # sign-in on: it does not apply
    app = app_for({"is_logged_in": True, "email": "bob@vna.example"}, login=True)

    with pytest.raises(ValueError):
        app.switch_page(UPDATE)
    shown = [c.value.replace("\\", "").replace(WORD_JOINER, "") for c in app.sidebar.caption]
    assert any("bob@vna.example" in text for text in shown)
    assert "Log" not in sheet.tabs()


def test_a_visitor_who_is_not_signed_in_is_offered_sign_in_not_the_update_page(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_EDITORS", EDITOR)
    app = app_for({"is_logged_in": False}, login=True)

    with pytest.raises(ValueError):
        app.switch_page(UPDATE)
    assert [b.label for b in app.sidebar.button if b.key == "sign_in"] == ["Sign in to edit"]


def test_an_editor_can_save_and_the_log_records_their_e_mail(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_EDITORS", f"someone@else.org, {EDITOR.upper()}")
    app = app_for({"is_logged_in": True, "email": EDITOR, "name": "Ada"}, login=True)
    app = pick(open_update(app), "VT-2026-002")

    field(app, "number_input", "Photos").set_value(18)
    field(app, "text_area", "Notes").set_value("Captions received")
    save(app)

    assert any("Photos, Notes" in t for t in toasts(app)), toasts(app)
    row = sheet.row_of("VT-2026-002")
    assert (sheet.cell(row, "Photos"), sheet.cell(row, "Notes")) == (18, "Captions received")
    assert sheet.cell(row, "Updated by") == EDITOR
    assert {r[1] for r in sheet.standin.values("Log")[1:]} == {EDITOR}
    # The page shows the saved values: the cached data was refreshed.
    assert field(app, "number_input", "Photos").value == 18


def test_a_conflict_is_shown_beside_the_users_value_and_reload_reapplies_it(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_ALLOW_ANONYMOUS_EDITS", "true")
    app = pick(open_update(app_for()), "VT-2026-001")
    sheet.type_into("VT-2026-001", "Stage", "Partner review")  # someone, in Google Sheets

    field(app, "selectbox", "Stage").select("Cancelled")
    field(app, "text_input", "Title").set_value("Hue citadel restored")
    save(app)

    assert app.warning and "Nothing was saved" in app.warning[0].value
    table = app.table[0].value
    assert list(table.iloc[0]) == ["Stage", "Cancelled", "Partner review", "Shooting"]
    assert sheet.cell(4, "Title") == "Hue citadel"  # nothing written, not even the title

    next(b for b in app.button if b.label == "Reload and reapply my changes").click().run()
    assert field(app, "selectbox", "Stage").value == "Cancelled"
    assert field(app, "text_input", "Title").value == "Hue citadel restored"
    save(app)

    assert (sheet.cell(4, "Stage"), sheet.cell(4, "Title")) == ("Cancelled", "Hue citadel restored")
    log = sheet.standin.values("Log")[1:]
    assert [(r[3], r[4], r[5]) for r in log] == [
        ("Title", "Hue citadel", "Hue citadel restored"),
        ("Stage", "Partner review", "Cancelled"),
    ]


def test_a_producer_adds_a_demo_project_and_the_app_shows_it():
    app = open_update(app_for())
    fields = {
        w.label: w for w in [*app.text_input, *app.multiselect] if str(w.key).startswith("add:")
    }

    fields["Title *"].set_value("Hanoi street food with TASS")
    fields["Partner *"].set_value(["TASS"])
    next(b for b in app.button if b.label == "Add project").click().run()

    assert not app.exception, app.exception
    added = [t for t in toasts(app) if t.startswith("Added VT-")]
    assert added, toasts(app)
    new_id = added[0].split(":")[0].removeprefix("Added ")
    app.selectbox(key="update_project").select(new_id).run()
    assert field(app, "text_input", "Title").value == "Hanoi street food with TASS"


def test_adding_a_project_without_a_title_is_refused_with_a_message(
    sheet: GoogleBackend, monkeypatch
):
    monkeypatch.setenv("TRACKER_ALLOW_ANONYMOUS_EDITS", "true")
    app = open_update(app_for())
    before = sheet.standin.values("Projects")

    next(b for b in app.button if b.label == "Add project").click().run()

    assert any("Fill in Title, Partner" in e.value for e in app.error)
    assert sheet.standin.values("Projects") == before


def test_clearing_a_projects_stage_is_refused_and_nothing_is_written(
    sheet: GoogleBackend, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRACKER_ALLOW_ANONYMOUS_EDITS", "true")
    app = pick(open_update(app_for()), "VT-2026-001")

    field(app, "selectbox", "Stage").set_value(None)
    save(app)

    assert any("Stage cannot be blank" in e.value for e in app.error)
    assert sheet.cell(4, "Stage") == "Shooting"

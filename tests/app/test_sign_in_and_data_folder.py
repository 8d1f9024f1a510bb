"""Through app.py (AppTest): an unverified e-mail is not offered the Update page, a bad editors
entry is a visible warning, and a data folder that cannot be created is a message on save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

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
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("TRACKER_EDITORS", "TRACKER_ALLOW_ANONYMOUS_EDITS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def app_for(user: dict | None = None, *, login: bool = False) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if login:
        app.secrets["auth"] = AUTH
    if user is not None:
        app.user = user
    app.run()
    assert not app.exception, app.exception
    return app


def offers_update(app: AppTest) -> bool:
    try:
        app.switch_page(UPDATE)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("claim", [False, "false"])
def test_an_editor_whose_e_mail_is_not_verified_is_not_offered_the_update_page(monkeypatch, claim):
    monkeypatch.setenv("TRACKER_EDITORS", EDITOR)
    user = {"is_logged_in": True, "email": EDITOR, "email_verified": claim}
    assert not offers_update(app_for(user, login=True))


def test_an_editor_whose_e_mail_is_verified_is_offered_the_update_page(monkeypatch):
    monkeypatch.setenv("TRACKER_EDITORS", EDITOR)
    user = {"is_logged_in": True, "email": EDITOR, "email_verified": True}
    assert offers_update(app_for(user, login=True))


def test_editors_separated_by_semicolons_can_edit(monkeypatch):
    monkeypatch.setenv("TRACKER_EDITORS", f"someone@else.org;{EDITOR}")
    user = {"is_logged_in": True, "email": EDITOR, "email_verified": True}
    assert offers_update(app_for(user, login=True))


def test_an_editors_entry_that_is_not_an_e_mail_is_a_visible_warning(monkeypatch):
    monkeypatch.setenv("TRACKER_EDITORS", f"Ada Lovelace;{EDITOR}")
    app = app_for({"is_logged_in": False}, login=True)
    warnings = [w.value for w in app.sidebar.warning]
    assert any("not e-mail addresses): Ada, Lovelace" in w for w in warnings), warnings


def test_a_demo_save_when_the_data_folder_cannot_be_created_is_a_message(monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(blocker / "data"))
    app = app_for()
    app.switch_page(UPDATE).run()
    assert not app.exception, app.exception
    import lib.ui.session

    first_id = next(i for i in lib.ui.session.outcome().dataset.projects["ID"] if i)
    app.selectbox(key="update_project").select(first_id).run()
    notes = next(w for w in app.text_area if w.label == "Notes" and str(w.key).startswith("edit:"))
    notes.set_value("Captions received")
    next(b for b in app.button if b.label == "Save changes").click().run()
    assert not app.exception, app.exception
    errors = [e.value.replace("\\", "") for e in app.error]  # shown escaped as markdown
    assert any("data folder cannot be created" in e and "TRACKER_DATA_DIR" in e for e in errors)
    assert not any(str(tmp_path) in e for e in errors), "no server path in the message"

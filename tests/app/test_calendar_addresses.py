"""Through app.py (AppTest): on the Deadlines page a signed-in user makes a calendar address for
the view's filters, sees it once, and revokes it; a visitor who is not signed in cannot."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.calendar_feed.tokens import tokens_of, verify
from tests.app.test_sign_in_and_data_folder import APP, AUTH

DEADLINES = "pages/deadlines.py"
USER = {"is_logged_in": True, "email": "huy@vnanet.vn", "email_verified": True}


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path) -> Iterator[None]:
    for variable in ("TRACKER_WORKBOOK", "TRACKER_SPREADSHEET", "TRACKER_EDITORS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://tracker.example.org")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _deadlines(user: dict | None, query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.secrets["auth"] = AUTH
    if user is not None:
        app.user = user
    app.query_params.update(query or {})
    app.run()
    app.switch_page(DEADLINES)
    app.run()
    assert not app.exception, app.exception
    return app


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(tmp_path) -> None:
    app = _deadlines(None)
    assert any(i.value == "Sign in to create a calendar address." for i in app.info)
    assert not [b for b in app.button if b.key == "calendar_create"]


def test_a_signed_in_user_makes_an_address_for_the_views_filters_and_revokes_it(tmp_path) -> None:
    app = _deadlines(USER, {"theme": "Culture & heritage"})
    app.button(key="calendar_create").click().run()
    address = next(c.value for c in app.code if "/api/calendar.ics?" in c.value)
    parts = urlsplit(address)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://tracker.example.org/api/calendar.ics"
    )
    assert query["theme"] == ["Culture & heritage"]
    verdict = verify(tmp_path, query["token"][0])
    assert verdict.status == "ok" and verdict.token.filters == {"theme": ("Culture & heritage",)}
    assert verdict.token.owner == USER["email"]
    (made,) = tokens_of(tmp_path, USER["email"])

    app.button(key=f"revoke_{made.id}").click().run()
    assert not app.exception, app.exception
    assert tokens_of(tmp_path, USER["email"]) == []
    assert verify(tmp_path, query["token"][0]).status == "revoked"
    assert not [c for c in app.code if "/api/calendar.ics?" in c.value]  # no longer shown

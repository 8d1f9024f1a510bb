"""The live calendar over real HTTP: `streamlit run server.py` on 127.0.0.1, a workbook that
changes between requests, tokens made and revoked in the app's data folder."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from icalendar import Calendar

from lib.calendar_feed.tokens import create_token, revoke_token
from tests.e2e.harness import streamlit_server
from tests.fixtures.workbooks import small_tabs, write_xlsx

OWNER = "huy@vnanet.vn"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    root = tmp_path_factory.mktemp("calendar")
    data, workbook = root / "data", write_xlsx(small_tabs(), root / "tracker.xlsx")
    data.mkdir()
    settings = {
        "TRACKER_WORKBOOK": str(workbook),
        "TRACKER_CACHE_TTL_SECONDS": "0",  # every request reads the workbook as it is now
        "TRACKER_PUBLIC_URL": "https://tracker.example.org",
    }
    with streamlit_server(data, root / "server.log", settings) as url:
        yield url, data, workbook


def _get(url: str, **query: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(f"{url}/api/calendar.ics?{urlencode(query)}", timeout=30) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def _events(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def _set_cell(workbook: Path, project: str, column: str, value: object) -> None:
    tabs = small_tabs()
    rows = tabs["Projects"]
    rows[[r[0] for r in rows].index(project)][rows[0].index(column)] = value
    write_xlsx(tabs, workbook)


def test_no_token_or_a_wrong_one_is_refused(served) -> None:
    url, data, _ = served
    token, made = create_token(data, OWNER, {"producer": ["Huy"]})
    assert _get(url)[0] == 401
    assert _get(url, token="nonsense")[0] == 401
    assert _get(url, token=f"{made.id}.not-the-secret")[0] == 401
    assert _get(url, token=token)[0] == 200


def test_a_revoked_token_is_refused(served) -> None:
    url, data, _ = served
    token, made = create_token(data, OWNER, {"producer": ["Huy"]})
    assert _get(url, token=token)[0] == 200
    assert revoke_token(data, OWNER, made.id)
    status, body, _ = _get(url, token=token)
    assert status == 403 and b"revoked" in body


def test_a_filter_the_token_does_not_grant_is_refused(served) -> None:
    url, data, _ = served
    token, _ = create_token(data, OWNER, {"producer": ["Huy"]})
    assert _get(url, producer="Huy", token=token)[0] == 200
    assert _get(url, producer="Mai", token=token)[0] == 403
    assert _get(url, theme="Culture & heritage", token=token)[0] == 403


def test_the_feed_holds_only_the_projects_of_the_tokens_filter(served) -> None:
    url, data, _ = served
    token, _ = create_token(data, OWNER, {"producer": ["Huy"]})
    status, body, kind = _get(url, token=token)
    assert status == 200 and kind.startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT1H"
    # Huy produces G3 (Due 20/02, Shooting due 01/02) and G4 (Due 10/03, Shooting due 25/02).
    assert sorted(_events(body)) == [
        "due-g3@joint-production-tracker",
        "due-g4@joint-production-tracker",
        "shooting-g3@joint-production-tracker",
        "shooting-g4@joint-production-tracker",
    ]
    g3 = _events(body)["due-g3@joint-production-tracker"]
    assert g3["DTSTART"].dt == date(2026, 2, 20)
    assert str(g3["URL"]) == "https://tracker.example.org/project?id=G3"
    assert b"Folk songs" not in body and b"Hue citadel" not in body


def test_a_moved_deadline_keeps_its_uid_and_raises_its_sequence(served) -> None:
    url, data, workbook = served
    token, _ = create_token(data, OWNER, {"producer": ["Huy"]})
    before = _events(_get(url, token=token)[1])["due-g4@joint-production-tracker"]
    _set_cell(workbook, "G4", "Due", date(2026, 3, 20))
    try:
        after = _events(_get(url, token=token)[1])["due-g4@joint-production-tracker"]
        again = _events(_get(url, token=token)[1])["due-g4@joint-production-tracker"]
    finally:
        write_xlsx(small_tabs(), workbook)
    assert after["DTSTART"].dt == date(2026, 3, 20)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt
    assert int(again["SEQUENCE"]) == int(after["SEQUENCE"])  # nothing moved: no new revision


def test_a_cancelled_project_cancels_its_events(served) -> None:
    url, data, workbook = served
    token, _ = create_token(data, OWNER, {"producer": ["Huy"]})
    before = _events(_get(url, token=token)[1])["due-g3@joint-production-tracker"]
    _set_cell(workbook, "G3", "Stage", "Cancelled")
    try:
        after = _events(_get(url, token=token)[1])["due-g3@joint-production-tracker"]
    finally:
        write_xlsx(small_tabs(), workbook)
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_the_app_itself_is_still_served_beside_the_route(served) -> None:
    url, _, _ = served
    with urllib.request.urlopen(f"{url}/", timeout=30) as answer:
        assert answer.status == 200 and b'<div id="root">' in answer.read()

"""Staying useful when Google is not: last good data, banners, no waiting, no retry storm.

AppTest through app.py against the Sheets stand-in with fault injection. The cache period in
tests is TEST_CACHE_TTL_SECONDS (see tests/conftest.py), so a refresh is due after that long.
Each look at the app is a new AppTest (a viewer opening the page): on a rerun of the same
AppTest, st.navigation apps lose the elements drawn outside the page from AppTest's tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.child import MARKER
from standin import SheetsStandIn
from tests.conftest import TEST_CACHE_TTL_SECONDS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
ATTEMPTS = 2


@pytest.fixture
def standin(messy_xlsx, monkeypatch, tmp_path):
    with SheetsStandIn.from_workbook(messy_xlsx, lifetime_seconds=300) as server:
        monkeypatch.setenv("TRACKER_SPREADSHEET", server.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", server.base_url)
        monkeypatch.setenv("TRACKER_AS_OF", "2026-03-01")
        monkeypatch.setenv("TRACKER_RETRY_ATTEMPTS", str(ATTEMPTS))
        monkeypatch.setenv("TRACKER_RETRY_BASE_SECONDS", "0.05")
        monkeypatch.setenv("TRACKER_REQUEST_TIMEOUT_SECONDS", "1")
        monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
        st.cache_data.clear()
        st.cache_resource.clear()
        yield server
        st.cache_resource.clear()


def open_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def warnings_of(app: AppTest) -> list[str]:
    return [w.value for w in app.warning]


def look_until(condition: Callable[[AppTest], bool], seconds: float = 15) -> AppTest | None:
    """Open the app again and again (viewers arriving) until `condition` holds; bounded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app = open_app()
        if condition(app):
            return app
        time.sleep(0.2)
    return None


def values_requests(standin: SheetsStandIn) -> int:
    return sum("/values" in r["path"] for r in standin.requests)


def stale(app: AppTest) -> bool:
    return any("last good data" in w for w in warnings_of(app))


def test_a_failed_refresh_keeps_the_old_data_with_a_banner_and_recovery_removes_it(standin):
    assert not stale(open_app())
    standin.fail(500, times=-1)
    time.sleep(TEST_CACHE_TTL_SECONDS + 0.2)
    app = look_until(stale)
    assert app is not None, "the banner should appear once the refresh has failed"
    banner = next(w for w in warnings_of(app) if "last good data" in w)
    assert "HTTP 500" in banner
    assert "Google Sheet" in app.sidebar.caption[0].value, "the old data is still the source"
    assert not app.error, "pages show the old data, not an error"
    standin.clear_faults()
    assert look_until(lambda a: not stale(a), seconds=20), "the banner goes by itself"


def test_a_slow_google_does_not_hold_up_a_rerun(standin):
    open_app()
    began = time.perf_counter()
    open_app()
    usual = time.perf_counter() - began  # a viewer arriving while the data is cached
    standin.delay(30, times=-1)
    time.sleep(TEST_CACHE_TTL_SECONDS + 0.2)
    began = time.perf_counter()
    app = open_app()
    elapsed = time.perf_counter() - began
    timeout = 1.0  # TRACKER_REQUEST_TIMEOUT_SECONDS in the fixture
    assert elapsed < usual + timeout, f"a viewer waited {elapsed:.1f}s (usually {usual:.1f}s)"
    assert not app.exception
    standin.clear_faults()


def test_a_persistent_429_costs_at_most_the_bounded_attempts_per_cache_period(standin):
    app = open_app()
    standin.fail(429, times=-1)
    standin.clear_requests()
    time.sleep(TEST_CACHE_TTL_SECONDS + 0.2)
    began = time.monotonic()
    while time.monotonic() - began < TEST_CACHE_TTL_SECONDS * 0.8:  # reruns within one period
        app.run()
        assert not app.exception
    time.sleep(0.5)  # let the background refresh finish its attempts
    assert 1 <= values_requests(standin) <= ATTEMPTS


def test_the_last_good_data_survives_a_restart_through_the_snapshot_on_disk(standin):
    open_app()
    standin.fail(503, times=-1)
    st.cache_resource.clear()  # a restarted app: nothing in memory
    import lib.ui.session

    lib.ui.session._last_good.clear()
    app = open_app()
    assert stale(app)
    assert not app.exception
    assert not [e for e in app.error if "could not" in e.value.lower()]


def test_with_no_snapshot_and_no_google_the_page_says_what_is_wrong(standin):
    standin.fail(403, times=-1)
    app = open_app()
    assert any("Share" in e.value for e in app.error)
    assert not app.exception


def test_twenty_concurrent_sessions_make_one_values_request():
    """20 real server sessions, 10 reruns each, across the pages: one read of the sheet.

    Runs the benchmark's measurement (a real `streamlit run` against the stand-in, a cache
    period longer than the run) in a process of its own.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.sessions",
            "--rows",
            "200",
            "--sessions",
            "20",
            "--reruns",
            "10",
            "--latency",
            "0.2",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    answer = next(line for line in result.stdout.splitlines() if line.startswith(MARKER))
    counts = json.loads(answer.removeprefix(MARKER))
    assert counts["errors"] == 0, counts["error_samples"]
    assert counts["server_tracebacks"] == 0
    assert counts["requests"] == {"values": 1, "metadata": 1, "other": 0}


# --- Malformed answers after a good load ------------------------------------------------------
# What a proxy, a captive portal or a broken connection sends instead of the API's JSON. Each
# must leave every page on the last good data with the banner, never a traceback.

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
# The Update and Project pages show one project, not a filtered view with its count.
DASHBOARDS = [page for page in PAGES if not page.endswith(("/update.py", "/project.py"))]
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi sign-in</title></head><body>"
    + (b"<p>Accept the terms to continue.</p>" * 300)
    + b"</body></html>"
)
MALFORMED = {
    "html_with_200": (200, LOGIN_PAGE, "text/html; charset=utf-8", None),
    "invalid_json": (200, b'{"spreadsheetId": "local", "valueRanges": [{"range": ', "", None),
    "empty_body": (200, b"", "application/json", None),
    "json_array": (200, b'[{"range": "Projects!A1"}]', "application/json", None),
    "truncated_body": (200, b'{"spreadsheetId": "local", "valueRanges": []}', "", 4096),
}


def inject(standin: SheetsStandIn, kind: str) -> None:
    status, body, content_type, length = MALFORMED[kind]
    content_type = content_type or "application/json; charset=UTF-8"
    standin.answer_raw(
        status, body, content_type=content_type, length=length, times=-1, match="values:batchGet"
    )


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_a_malformed_answer_after_a_good_load_keeps_every_page_on_the_last_good_data(standin, kind):
    assert not stale(open_app())
    inject(standin, kind)
    time.sleep(TEST_CACHE_TTL_SECONDS + 0.2)
    app = look_until(stale)
    assert app is not None, f"{kind}: the banner should appear once the refresh has failed"
    banner = next(w for w in warnings_of(app) if "last good data" in w)
    assert "cannot read" in banner or "cut off" in banner, banner
    assert "Accept the terms" not in banner and "<" not in banner, "never the page itself"
    assert "Traceback" not in banner and "/site-packages/" not in banner
    for page in DASHBOARDS:
        app = open_app()
        app.switch_page(page).run()
        assert not app.exception, f"{page} after {kind}: {app.exception}"
        assert not app.error, f"{page} shows an error instead of the last good data"
        assert stale(app), f"{page}: no banner"
        assert any(c.value.startswith("**9** of 9 projects") for c in app.caption), page
    standin.clear_faults()


def test_a_snapshot_whose_time_has_no_zone_still_shows_with_its_banner(standin):
    open_app()
    snapshot = next((Path(os.environ["TRACKER_DATA_DIR"])).glob("snapshot-*.json"))
    document = json.loads(snapshot.read_text(encoding="utf-8"))
    document["loaded_at"] = "2026-03-01T08:00:00"  # no time zone, as an old or hand-made file
    snapshot.write_text(json.dumps(document), encoding="utf-8")
    standin.fail(503, times=-1)
    st.cache_resource.clear()  # a restarted app: only the snapshot is left
    import lib.ui.session

    lib.ui.session._last_good.clear()
    for page in DASHBOARDS:
        app = open_app()
        app.switch_page(page).run()
        assert not app.exception, f"{page}: {app.exception}"
        assert stale(app), f"{page}: the snapshot's data is shown with the banner"
        assert any(c.value.startswith("**9** of 9 projects") for c in app.caption), page

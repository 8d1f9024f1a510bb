"""The app server (`streamlit run server.py`) reads the sheet every cache period with no browser
open, so a change typed into the sheet reaches the history within a period; each period costs
one values request."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from lib.config import Settings
from lib.history.store import Store
from lib.history.watch import source_key
from standin import SheetsStandIn
from tests.e2e.harness import streamlit_server
from tests.edit.conftest import GoogleBackend, tracker_tabs

PERIOD_SECONDS = 3
AS_OF = date(2026, 3, 1)


def recorded(standin: SheetsStandIn, data: Path) -> list[tuple[str, str, str, str]]:
    database = data / "history.sqlite3"
    if not database.exists():
        return []
    frame = Store(f"sqlite:///{database}").changes(
        source_key(Settings(spreadsheet=standin.key), AS_OF)
    )
    return [(r.project_id, r.field, r.new, r.kind) for r in frame.itertuples()]


def values_requests(standin: SheetsStandIn) -> int:
    return sum(1 for r in standin.requests if "/values" in str(r.get("uri", "")))


def test_the_server_records_a_change_typed_into_the_sheet_with_nobody_looking(tmp_path) -> None:
    data = tmp_path / "data"
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=300) as standin:
        settings = {
            "TRACKER_SPREADSHEET": standin.key,
            "TRACKER_SHEETS_API_BASE": standin.base_url,
            "TRACKER_CACHE_TTL_SECONDS": str(PERIOD_SECONDS),
        }
        with streamlit_server(data, tmp_path / "server.log", settings):
            for _ in range(60):  # the first load, made by the server itself
                if len(recorded(standin, data)) == 4:
                    break
                time.sleep(0.5)
            assert [kind for *_, kind in recorded(standin, data)] == ["baseline"] * 4
            GoogleBackend(standin).type_into("VK-2026-001", "Stage", "Shooting")
            typed = time.monotonic()
            standin.clear_requests()
            found = []
            while time.monotonic() - typed < 4 * PERIOD_SECONDS:
                found = [c for c in recorded(standin, data) if c[3] == "changed"]
                if found:
                    break
                time.sleep(0.2)
            waited = time.monotonic() - typed
            assert found == [("VK-2026-001", "Stage", "Shooting", "changed")]
            assert waited <= 2 * PERIOD_SECONDS + 1  # the stale entry, then its one refresh
            time.sleep(3 * PERIOD_SECONDS)
            elapsed = time.monotonic() - typed
            # One values request per period (the server's own), never more.
            assert values_requests(standin) <= elapsed / PERIOD_SECONDS + 1

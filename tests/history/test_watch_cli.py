"""`python -m lib.cli watch` against the Sheets stand-in (real gspread over HTTP), while another
client edits the sheet between loads: typed cells are recorded, sorts and inserted rows are not,
and two watchers sharing a PostgreSQL history record every change once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.config import Settings
from lib.history.store import Store
from lib.history.watch import source_key
from standin import SheetsStandIn
from tests.edit.conftest import AS_OF, GoogleBackend, tracker_tabs
from tests.history.conftest import fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
WATCH = [sys.executable, "-m", "lib.cli", "watch", "--as-of", AS_OF.isoformat()]


@pytest.fixture
def standin() -> Iterator[SheetsStandIn]:
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=300) as server:
        yield server


def environment(standin: SheetsStandIn, data: Path, database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env |= {
        "TRACKER_SPREADSHEET": standin.key,
        "TRACKER_SHEETS_API_BASE": standin.base_url,
        "TRACKER_DATA_DIR": str(data),
        "TRACKER_RETRY_ATTEMPTS": "2",
        "TRACKER_RETRY_BASE_SECONDS": "0.05",
        "PYTHONUNBUFFERED": "1",
    }
    if database_url:
        env["TRACKER_HISTORY_DATABASE_URL"] = database_url
    return env


def history(standin: SheetsStandIn, url: str) -> list[tuple[str, str, str, str, str]]:
    source = source_key(Settings(spreadsheet=standin.key), AS_OF)
    frame = Store(url).changes(source)
    return [(r.project_id, r.field, r.old, r.new, r.kind) for r in frame.itertuples()]


def test_the_watcher_records_what_another_client_typed_between_its_loads(
    standin: SheetsStandIn, tmp_path: Path
) -> None:
    other = GoogleBackend(standin)
    watcher = subprocess.Popen(
        [*WATCH, "--interval", "2", "--loads", "4"],
        cwd=ROOT, env=environment(standin, tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        lines = []
        edits = [
            lambda: other.type_into("VK-2026-001", "Stage", "Shooting"),
            lambda: (other.sort_by_title(), other.insert_row(4, [])),  # no change
            lambda: other.type_into("VT-2026-002", "Deadline", "12/04/2026"),
        ]
        for edit in [*edits, None]:
            line = watcher.stdout.readline()  # printed after each load
            assert line, watcher.stderr.read()
            lines.append(line.split(" ", 1)[1].strip())
            if edit is not None:
                edit()
        assert watcher.wait(timeout=60) == 0
    finally:
        watcher.kill()
        watcher.wait(timeout=10)
    assert lines == [
        "4 changes recorded",
        "1 change recorded",
        "0 changes recorded",
        "1 change recorded",
    ]
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    assert [h for h in history(standin, url) if h[4] == "changed"] == [
        ("VK-2026-001", "Stage", "Planning", "Shooting", "changed"),
        ("VT-2026-002", "Due", "2026-04-05", "2026-04-12", "changed"),
    ]


def test_two_watchers_on_one_postgresql_history_record_each_change_once(
    standin: SheetsStandIn, tmp_path: Path, postgres_url: str
) -> None:
    url = fresh_postgres_database(postgres_url)
    other = GoogleBackend(standin)

    def both_watch() -> list[str]:
        runs = [
            subprocess.Popen(
                [*WATCH, "--once"],
                cwd=ROOT,
                env=environment(standin, tmp_path / name, url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("server-a", "server-b")
        ]
        outputs = []
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err
            outputs.append(out.split(" ", 1)[1].strip())
        return sorted(outputs)

    assert both_watch() == ["0 changes recorded", "4 changes recorded"]
    other.type_into("VK-2026-001", "Stage", "Shooting")
    other.type_into("VT-2026-003", "Photos", "30")
    assert both_watch() == ["0 changes recorded", "2 changes recorded"]
    other.sort_by_title(descending=False)
    assert both_watch() == ["0 changes recorded", "0 changes recorded"]
    assert [h for h in history(standin, url) if h[4] == "changed"] == [
        ("VK-2026-001", "Stage", "Planning", "Shooting", "changed"),
        ("VT-2026-003", "Photos", "", "30", "changed"),
    ]

"""With a PostgreSQL history database the save lock is a lock in that database, so app servers
on different machines (here: processes with data folders of their own, sharing no lock file)
take turns, and a save waits for a lock another server holds."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from lib.edit import writer_for
from lib.edit.lock import advisory_key
from lib.edit.model import Change
from standin import SheetsStandIn
from tests.edit.conftest import GoogleBackend, context, tracker_tabs
from tests.history.conftest import fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
HOLD_SECONDS = 0.6
SAVER = """
import json, sys, time
from pathlib import Path
from lib.edit.lock import edit_lock
url, folder, out, rounds = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
spans = []
for _ in range(rounds):
    with edit_lock("google-sheet:shared-key", folder, database_url=url, timeout=60):
        start = time.time()
        time.sleep(float(sys.argv[5]))
        spans.append((start, time.time()))
out.write_text(json.dumps(spans))
"""


def test_two_servers_saves_are_serialised_through_the_database(postgres_url, tmp_path) -> None:
    url = fresh_postgres_database(postgres_url)
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    SAVER,
                    url,
                    str(tmp_path / name),
                    str(tmp_path / f"{name}.json"),
                    "3",
                    str(HOLD_SECONDS),
                ],
                cwd=ROOT,
            )
        )
    for run in runs:
        assert run.wait(timeout=120) == 0
    spans = sorted(
        tuple(span)
        for name in ("a", "b")
        for span in json.loads((tmp_path / f"{name}.json").read_text())
    )
    assert len(spans) == 6
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert next_start >= end  # never two holders at once
    assert not list((tmp_path / "a").glob("*.lock"))  # the database held it, not a file


def test_a_save_waits_for_the_lock_another_server_holds_in_the_database(postgres_url) -> None:
    url = fresh_postgres_database(postgres_url)
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=120) as standin:
        backend = GoogleBackend(standin, history_database_url=url)
        dataset = backend.load()
        was = dataset.projects.set_index("ID").loc["VT-2026-001", "Stage"]
        other_server = sa.create_engine(url).connect()
        key = advisory_key(f"google-sheet:{standin.key}")
        other_server.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
        results = []
        saving = threading.Thread(
            target=lambda: results.append(
                writer_for(backend.source).save(
                    Change("VT-2026-001", {"Stage": (was, "Editing")}), context(dataset)
                )
            )
        )
        saving.start()
        time.sleep(1.0)
        assert not results and saving.is_alive()  # waiting for the other server
        assert backend.cell(backend.row_of("VT-2026-001"), "Stage") == "Shooting"
        other_server.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        other_server.close()
        saving.join(timeout=30)
        assert results and results[0].written == ("Stage",)
        assert backend.cell(backend.row_of("VT-2026-001"), "Stage") == "Editing"

"""The history's store, the same tests on SQLite and on a real PostgreSQL server: the schema made
and migrated by the app, each change kept once however many watchers, the Log merged, a failed
write retried on the next load without recording anything twice."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from lib.history.store import SCHEMA_VERSION, HistoryUnavailable, Store, schema_table
from lib.history.watch import record_load
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.schema import LOG_HEADER

AS_OF = date(2026, 3, 1)
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
HEADER = ["ID", "Title", "Partner", "Stage", "Deadline"]
SOURCE = "google-test"


def sheet(stages: dict[str, str], log: list[list[Any]] | None = None, due: str = "2026-04-01"):
    rows = [[pid, f"Project {pid}", "TASS", stage, due] for pid, stage in stages.items()]
    tabs = {"Projects": [HEADER, *rows]}
    if log is not None:
        tabs["Log"] = [list(LOG_HEADER), *log]
    raw = RawWorkbook(tabs, "google", "test sheet")
    return normalize(raw, ReadOptions(today=AS_OF)), raw


def record(store: Store, stages: dict[str, str], at: datetime, log=None) -> list:
    dataset, raw = sheet(stages, log)
    return record_load(store, SOURCE, dataset, raw, at)


def rows(store: Store) -> list[tuple[str, str, str, str, str, str]]:
    frame = store.changes(SOURCE)
    return [(r.project_id, r.field, r.old, r.new, r.kind, r.author) for r in frame.itertuples()]


def test_the_app_creates_its_schema_and_migrating_again_changes_nothing(database_url) -> None:
    store = Store(database_url)
    assert store.migrate() == SCHEMA_VERSION
    assert Store(database_url).migrate() == SCHEMA_VERSION
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(schema_table.c.version)).scalars().all() == [1]


def test_a_database_written_by_a_newer_app_is_refused_with_a_reason(database_url) -> None:
    store = Store(database_url)
    store.migrate()
    with store.engine.begin() as connection:
        connection.execute(sa.update(schema_table).values(version=SCHEMA_VERSION + 1))
    with pytest.raises(HistoryUnavailable, match="newer version of the app"):
        Store(database_url).migrate()


def test_the_first_load_notes_every_project_and_imports_the_logs_past(database_url) -> None:
    store = Store(database_url)
    log = [["2026-02-10T09:00:00Z", "lan@vna", "VT-1", "Stage", "Planning", "Shooting"]]
    record(store, {"VT-1": "Shooting", "VT-2": "Approved"}, T0, log)
    assert rows(store) == [
        ("VT-1", "Stage", "Planning", "Shooting", "changed", "lan@vna"),
        ("VT-1", "Stage", "", "Shooting", "baseline", ""),
        ("VT-2", "Stage", "", "Approved", "baseline", ""),
    ]
    assert store.started_at(SOURCE) == T0


def test_a_change_typed_into_the_sheet_is_recorded_once_as_made_in_the_sheet(database_url) -> None:
    store = Store(database_url)
    record(store, {"VT-1": "Shooting"}, T0)
    added = record(store, {"VT-1": "Editing"}, T0 + timedelta(minutes=1))
    assert [(r.old, r.new, r.origin, r.author) for r in added] == [
        ("Shooting", "Editing", "sheet", "")
    ]
    assert record(store, {"VT-1": "Editing"}, T0 + timedelta(minutes=2)) == []
    assert rows(store)[-1] == ("VT-1", "Stage", "Shooting", "Editing", "changed", "")
    assert store.changes(SOURCE)["seen_at"].iloc[-1] == T0 + timedelta(minutes=1)


def test_an_edit_made_through_the_app_is_merged_with_its_log_row_not_counted_twice(
    database_url,
) -> None:
    store = Store(database_url)
    record(store, {"VT-1": "Shooting"}, T0)
    saved_at = T0 + timedelta(seconds=30)
    stamp = saved_at.isoformat().replace("+00:00", "Z")
    log = [[stamp, "mai@vna", "VT-1", "Stage", "Shooting", "Editing"]]
    record(store, {"VT-1": "Editing"}, T0 + timedelta(minutes=1), log)
    record(store, {"VT-1": "Editing"}, T0 + timedelta(minutes=2), log)
    frame = store.changes(SOURCE)
    assert rows(store)[1:] == [("VT-1", "Stage", "Shooting", "Editing", "changed", "mai@vna")]
    assert frame["seen_at"].iloc[-1] == saved_at  # the Log knows the moment exactly


def test_added_and_vanished_projects_are_recorded(database_url) -> None:
    store = Store(database_url)
    record(store, {"VT-1": "Shooting", "VT-2": "Approved"}, T0)
    record(store, {"VT-1": "Shooting", "VT-3": "Proposed"}, T0 + timedelta(minutes=1))
    assert rows(store)[2:] == [
        ("VT-3", "Stage", "", "Proposed", "added", ""),
        ("VT-2", "Stage", "Approved", "", "vanished", ""),
    ]


def test_two_watchers_on_one_sheet_record_each_change_once(database_url) -> None:
    """Two watchers (each its own store and connections) load every state of the sheet at the
    same moment, over ten edits: every change is in the history exactly once."""
    watchers = [Store(database_url), Store(database_url, busy_seconds=5.01)]
    assert watchers[0].engine is not watchers[1].engine
    record(watchers[0], {"VT-1": "Proposed"}, T0)
    stages = ["Approved", "Planning", "Shooting", "Editing", "Partner review", "Editing",
              "Partner review", "Published", "Cancelled", "Published"]  # fmt: skip
    for step, stage in enumerate(stages, start=1):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def watch(
            store: Store,
            stage: str = stage,
            step: int = step,
            barrier: threading.Barrier = barrier,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                barrier.wait(timeout=10)
                record(store, {"VT-1": stage}, T0 + timedelta(minutes=step))
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=watch, args=(s,)) for s in watchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors
    recorded = [(old, new) for _, _, old, new, kind, _ in rows(watchers[1]) if kind == "changed"]
    assert recorded == list(zip(["Proposed", *stages[:-1]], stages, strict=True))


def test_a_failed_write_is_retried_on_the_next_load_and_nothing_is_recorded_twice(
    database_url,
) -> None:
    store = Store(database_url, busy_seconds=0.3)
    record(store, {"VT-1": "Shooting", "VT-2": "Planning"}, T0)
    blocker = Store(database_url, busy_seconds=30).engine.connect()
    try:
        if database_url.startswith("sqlite"):
            blocker.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            blocker.exec_driver_sql("LOCK TABLE history_snapshots IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(HistoryUnavailable, match="holds the database locked"):
            record(store, {"VT-1": "Editing", "VT-2": "Planning"}, T0 + timedelta(minutes=1))
    finally:
        blocker.rollback()
        blocker.close()
    added = record(store, {"VT-1": "Editing", "VT-2": "Shooting"}, T0 + timedelta(minutes=2))
    assert sorted((r.project_id, r.old, r.new) for r in added) == [
        ("VT-1", "Shooting", "Editing"),
        ("VT-2", "Planning", "Shooting"),
    ]
    record(store, {"VT-1": "Editing", "VT-2": "Shooting"}, T0 + timedelta(minutes=3))
    assert len(rows(store)) == 4

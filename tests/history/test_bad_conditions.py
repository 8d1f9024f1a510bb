"""A history database that cannot be used never stops the app: the reason is kept for the pages
to show, nothing is recorded, and the next load records what this one could not, once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from lib.config import Settings
from lib.history import service
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 3, 1)
T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
SETTINGS = Settings(workbook="tracker.xlsx", as_of=AS_OF)


def load(stage: str):
    raw = RawWorkbook(
        {"Projects": [["ID", "Title", "Stage"], ["VT-1", "Hue citadel", stage]]}, "workbook", "t"
    )
    return normalize(raw, ReadOptions(today=AS_OF)), raw


def record(stage: str, at: datetime) -> service.Outcome:
    dataset, raw = load(stage)
    return service.record(SETTINGS, dataset, raw, AS_OF, at)


def data_dir() -> Path:
    return Path(os.environ["TRACKER_DATA_DIR"])


def test_a_corrupt_database_file_is_reported_and_nothing_raises() -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / "history.sqlite3").write_bytes(b"\x00garbage" * 1000)
    outcome = record("Shooting", T0)
    assert outcome.error == "history.sqlite3: the file is damaged (not a database)"
    found = service.read(SETTINGS, AS_OF)
    assert not found.available and found.error == outcome.error
    assert found.changes.empty


def test_a_database_locked_by_another_connection_fails_this_load_and_the_next_records_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("lib.history.store.SQLITE_BUSY_SECONDS", 0.2)
    assert record("Shooting", T0).error == ""
    holder = sqlite3.connect(data_dir() / "history.sqlite3")
    try:
        holder.execute("BEGIN EXCLUSIVE")
        locked = record("Editing", T0 + timedelta(minutes=1))
        assert locked.error == "history.sqlite3: another process holds the database locked"
        assert service.read(SETTINGS, AS_OF).error  # reading waits on the lock too
    finally:
        holder.rollback()
        holder.close()
    retried = record("Editing", T0 + timedelta(minutes=2))
    assert (retried.error, retried.recorded) == ("", 1)
    assert record("Editing", T0 + timedelta(minutes=3)).recorded == 0
    changes = service.read(SETTINGS, AS_OF).changes
    assert changes[["old", "new", "kind"]].values.tolist() == [
        ["", "Shooting", "baseline"],
        ["Shooting", "Editing", "changed"],
    ]


def test_a_data_folder_blocked_by_a_file_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(blocker))
    outcome = record("Shooting", T0)
    assert "a file is in the way" in outcome.error


def test_the_database_path_taken_by_a_folder_is_reported() -> None:
    (data_dir() / "history.sqlite3").mkdir(parents=True)
    outcome = record("Shooting", T0)
    assert outcome.error.startswith("history.sqlite3: ")
    assert "cannot be opened" in outcome.error


@contextmanager
def mounted(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs of its own at `folder`: a real read-only or full file system (as root;
    root may write to any folder whatever its permissions, so chmod cannot make one)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs ({done.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True, timeout=30)


def many(count: int) -> tuple:
    rows = [["ID", "Title", "Stage", "Notes"]]
    rows += [[f"VX-{n}", f"Project {n}", "Proposed", "x" * 400] for n in range(count)]
    raw = RawWorkbook({"Projects": rows}, "workbook", "t")
    return normalize(raw, ReadOptions(today=AS_OF)), raw


def test_a_read_only_file_system_fails_the_write_and_the_next_load_records_it_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with mounted(tmp_path / "data", "size=8m") as folder:
        monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
        assert record("Shooting", T0).error == ""
        remount(folder, "ro")
        refused = record("Editing", T0 + timedelta(minutes=1))
        assert refused.error == "history.sqlite3: the file or its folder is read-only"
        assert service.read(SETTINGS, AS_OF).available  # what was kept can still be read
        remount(folder, "rw")
        retried = record("Editing", T0 + timedelta(minutes=2))
        assert (retried.error, retried.recorded) == ("", 1)
        assert len(service.read(SETTINGS, AS_OF).changes) == 2


def test_a_full_disk_fails_the_write_and_the_next_load_records_it_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with mounted(tmp_path / "data", "size=512k") as folder:
        monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
        assert record("Shooting", T0).error == ""
        dataset, raw = many(3000)  # about 1.5 MB of snapshot and records: more than the disk
        full = service.record(SETTINGS, dataset, raw, AS_OF, T0 + timedelta(minutes=1))
        assert full.error == "history.sqlite3: the disk is full"
        remount(folder, "size=32m")
        again = service.record(SETTINGS, dataset, raw, AS_OF, T0 + timedelta(minutes=2))
        assert (again.error, again.recorded) == ("", 3001)  # 3000 added, VT-1 vanished
        assert (
            service.record(SETTINGS, dataset, raw, AS_OF, T0 + timedelta(minutes=3)).recorded == 0
        )

"""Saving to a local workbook and to the demo's private copy: locking, atomic replace, no leaks."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from filelock import FileLock

from lib.config import PROJECT_ROOT, Settings, data_dir
from lib.edit import Change, EditError, NewProject, writer_for
from lib.edit.workbook import WorkbookWriter
from lib.loading import read_dataset
from lib.sources.demo import DemoSource, demo_copy, demo_copy_path
from lib.sources.workbook import WorkbookSource
from tests.edit.conftest import AS_OF, WorkbookBackend, context, started, tracker_tabs, write_xlsx


def test_two_sessions_saving_at_once_are_serialised_and_every_edit_survives(
    workbook: WorkbookBackend,
):
    dataset = workbook.load()
    ids = ["VT-2026-001", "VT-2026-002", "VK-2026-001", "VT-2026-003"]
    start = threading.Barrier(len(ids), timeout=30)
    errors: list[BaseException] = []

    def session(project_id: str) -> None:
        try:
            was = started(dataset, project_id)
            start.wait()
            for note in range(3):
                change = Change(
                    project_id, {"Notes": (was["Notes"] if note == 0 else f"{note - 1}", f"{note}")}
                )
                assert workbook.writer.save(change, context(dataset, project_id)).saved
        except BaseException as error:  # reported below: a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=session, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    notes = workbook.load().projects.set_index("ID")["Notes"]
    assert all(notes[i] == "2" for i in ids)
    assert len(workbook.rows("Log")) == 1 + 3 * len(ids)


def test_a_save_waits_for_the_lock_and_gives_up_with_a_plain_message(workbook: WorkbookBackend):
    dataset = workbook.load()
    before = workbook.path.read_bytes()
    writer = WorkbookWriter(workbook.path, lock_timeout=0.2)

    with FileLock(str(workbook.path) + ".lock"), pytest.raises(EditError, match="Another session"):
        writer.save(Change("VT-2026-001", {"Notes": ("", "x")}), context(dataset))

    assert workbook.path.read_bytes() == before


def test_the_workbook_is_replaced_atomically_and_a_failed_save_leaves_it_intact(
    workbook: WorkbookBackend, monkeypatch: pytest.MonkeyPatch
):
    dataset = workbook.load()
    before = workbook.path.read_bytes()

    def disk_full(descriptor: int) -> None:  # the temporary file is written, then the disk fills
        os.write(descriptor, b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="disk full"):
        workbook.writer.save(Change("VT-2026-001", {"Notes": ("", "x")}), context(dataset))
    monkeypatch.undo()

    assert workbook.path.read_bytes() == before
    assert sorted(p.name for p in workbook.path.parent.iterdir()) == [
        "tracker.xlsx",
        "tracker.xlsx.lock",
    ]
    assert workbook.writer.save(Change("VT-2026-001", {"Notes": ("", "x")}), context(dataset)).saved
    assert not [p for p in workbook.path.parent.iterdir() if p.suffix == ".tmp"]


def test_formulas_and_columns_the_app_does_not_know_are_kept(tmp_path: Path):
    tabs = tracker_tabs()
    tabs["Projects"][3][12] = "=40000000*1"  # a budget computed by a formula
    path = write_xlsx(tmp_path / "formulas.xlsx", tabs)
    backend = WorkbookBackend(path)
    dataset = backend.load()

    backend.writer.save(Change("VT-2026-001", {"Stage": ("Shooting", "Editing")}), context(dataset))

    book = openpyxl.load_workbook(path)
    assert book["Projects"]["M4"].value == "=40000000*1"
    assert book["Projects"]["M4"].data_type == "f"


def test_a_csv_workbook_is_read_only_with_a_message_that_says_what_to_do(tmp_path: Path):
    path = tmp_path / "projects.csv"
    path.write_text("ID,Title,Stage\nP-1,One,Proposed\n", encoding="utf-8")

    with pytest.raises(EditError, match=r"only \.xlsx"):
        writer_for(WorkbookSource(path))


def _files_under(root: Path) -> dict[Path, int]:
    skipped = {".venv", ".git", ".pytest_cache", ".ruff_cache", "__pycache__", ".hypothesis"}
    return {
        path: path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file() and not skipped & set(path.relative_to(root).parts)
    }


def test_the_demo_is_edited_in_a_private_copy_outside_the_repository():
    source = DemoSource(lambda: AS_OF)
    settings = Settings(as_of=AS_OF)
    dataset = read_dataset(source, settings, AS_OF)
    was = started(dataset, "VT-2024-006")
    repository = _files_under(PROJECT_ROOT)

    result = writer_for(source).save(
        Change("VT-2024-006", {"Stage": (was["Stage"], "Cancelled")}), context(dataset)
    )
    added = writer_for(source).add(
        NewProject({"Title": "Demo addition", "Partner": ["KCNA"], "Stage": "Proposed"}),
        context(dataset),
    )

    assert result.saved
    copy = demo_copy(AS_OF)
    assert copy == demo_copy_path(AS_OF) and copy.parent == data_dir()
    assert not copy.resolve().is_relative_to(PROJECT_ROOT.resolve())
    reloaded = read_dataset(source, settings, AS_OF)
    assert reloaded.source_label.endswith("(your edited copy)")
    projects = reloaded.projects.set_index("ID")
    assert projects.loc["VT-2024-006", "Stage"] == "Cancelled"
    assert projects.loc[added.project_id, "Title"] == "Demo addition"
    changed = {p for p, stamp in _files_under(PROJECT_ROOT).items() if repository.get(p) != stamp}
    assert not {p for p in changed if p.suffix in (".py", ".xlsx", ".csv", ".toml", ".json")}


def test_an_old_demo_copy_is_left_aside_so_the_demo_looks_alive_again():
    old = demo_copy_path(AS_OF - timedelta(days=45))
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"an old copy")
    os.utime(old)

    assert demo_copy(AS_OF) is None
    dataset = read_dataset(DemoSource(lambda: AS_OF), Settings(as_of=AS_OF), AS_OF)
    assert dataset.source_label.endswith("(bundled example)")

    was = started(dataset, "VT-2024-006")
    assert (
        writer_for(DemoSource(lambda: AS_OF))
        .save(Change("VT-2024-006", {"Notes": (was["Notes"], "fresh copy")}), context(dataset))
        .saved
    )
    assert demo_copy(AS_OF) == demo_copy_path(AS_OF)
    assert not old.exists()

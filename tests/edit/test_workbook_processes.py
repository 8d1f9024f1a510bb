"""2, 5 and 10 OS processes saving to one formula-bearing workbook at the same moment: nobody's
edit is lost, the same field is saved once, and every other cell reads back exactly as before.

Each editor is its own spawned process (one interpreter each, as two app servers or the app
and the command line would be); they load the workbook, wait for each other, then all save.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lib.edit import Change, writer_for
from lib.edit.plan import to_cell
from tests.edit.conftest import HEADER, WorkbookBackend, context, plain, started
from tests.edit.formula_workbook import all_cells, formula_workbook, twelve_projects

MAX_EDITORS = 10
FIELDS: list[tuple[str, Callable[[int], Any]]] = [
    ("Title", lambda k: f"Title by editor {k}"),
    ("Notes", lambda k: f"Note by editor {k}"),
    ("Producer", lambda k: f"Producer {k}"),
    ("Photos", lambda k: 100 + k),
    ("Video minutes", lambda k: 10.5 + k),  # overwrites the shared formula's first cell
    ("Stage", lambda k: "Editing"),
    ("Format", lambda k: "Video"),
    ("Theme", lambda k: "Economy & trade"),
    ("Start", lambda k: date(2026, 1, 20)),
    ("Due", lambda k: date(2026, 9, 30)),
    ("Shooting due", lambda k: date(2026, 4, 15)),
    ("Partner", lambda k: ("KCNA",)),
]
COLUMN = {"Due": "Deadline"}


def edits(kind: str, editors: int) -> list[tuple[str, str, Any]]:
    """(project, field, new value) per editor."""
    if kind == "different projects":
        return [(f"VT-2026-{k + 1:03d}", "Notes", f"Note by editor {k}") for k in range(editors)]
    if kind == "different fields":
        return [("VT-2026-001", FIELDS[k][0], FIELDS[k][1](k)) for k in range(editors)]
    return [("VT-2026-004", "Notes", f"Note by editor {k}") for k in range(editors)]


def _ready(barrier: Any) -> None:
    import lib.edit  # noqa: F401  (imports paid before the timed saves)

    barrier.wait(timeout=120)


def _save(path: str, project_id: str, field: str, value: Any, user: str, barrier: Any):
    """One editor in its own process: load, wait for the others, save."""
    backend = WorkbookBackend(Path(path))
    dataset = backend.load()
    was = started(dataset, project_id)
    change = Change(project_id, {field: (was[field], value)})
    barrier.wait(timeout=60)
    result = writer_for(backend.source).save(change, context(dataset, user))
    return result.saved, result.written, tuple(c.field for c in result.conflicts), result.row


@pytest.fixture(scope="module")
def pool() -> Iterator[tuple[ProcessPoolExecutor, Any]]:
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager, ProcessPoolExecutor(MAX_EDITORS, mp_context=spawn) as pool:
        warm = manager.Barrier(MAX_EDITORS)  # ten distinct processes, each with the app imported
        for future in [pool.submit(_ready, warm) for _ in range(MAX_EDITORS)]:
            future.result(timeout=180)
        yield pool, manager


def changed(before: dict, after: dict) -> set:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


@pytest.mark.parametrize("kind", ["different projects", "different fields", "same field"])
@pytest.mark.parametrize("editors", [2, 5, 10])
def test_processes_saving_at_once_keep_every_edit_and_every_other_cell(
    pool: tuple[ProcessPoolExecutor, Any], tmp_path: Path, editors: int, kind: str
):
    executor, manager = pool
    path = formula_workbook(tmp_path / "tracker.xlsx", twelve_projects())
    backend = WorkbookBackend(path)
    before = {mode: all_cells(path, data_only=mode) for mode in (False, True)}
    wanted = edits(kind, editors)
    barrier = manager.Barrier(editors)

    started_at = time.perf_counter()
    futures = [
        executor.submit(_save, str(path), pid, field, value, f"editor{k}@vna", barrier)
        for k, (pid, field, value) in enumerate(wanted)
    ]
    results = [future.result(timeout=120) for future in futures]
    seconds = time.perf_counter() - started_at

    saved = [(edit, result) for edit, result in zip(wanted, results, strict=True) if result[0]]
    conflicts = [result[2] for result in results if not result[0]]
    if kind == "same field":
        assert len(saved) == 1 and conflicts == [("Notes",)] * (editors - 1)
    else:
        assert len(saved) == editors and conflicts == []
    expected: set[tuple[str, str]] = set()
    for (pid, field, value), (_, written, _, row) in saved:
        assert written == (field,)
        assert backend.row_of(pid) == row
        assert backend.cell(row, COLUMN.get(field, field)) == plain(to_cell(field, value))
        for name in (COLUMN.get(field, field), "Updated", "Updated by"):
            expected.add(("Projects", f"{chr(ord('A') + HEADER.index(name))}{row}"))
    for mode in (False, True):
        after = all_cells(path, data_only=mode)
        others = {key for key in changed(before[mode], after) if key[0] != "Log"}
        assert others == expected, mode
    log = backend.rows("Log")[1:]
    assert sorted((r[2], r[3]) for r in log) == sorted((pid, f) for (pid, f, _), _ in saved)
    assert len({r[1] for r in log}) == len(saved)  # each saved editor logged once
    openpyxl.load_workbook(path).close()
    print(
        f"{editors} processes, {kind}: {len(saved)} saved, {len(conflicts)} conflicts, "
        f"{seconds:.2f} s"
    )

"""Saving to a local `.xlsx` workbook (and to the demo's private copy).

Every save holds a lock for the whole read → check → write, so two app sessions cannot
interleave, changes only the cells it writes (`lib.edit.xlsx_patch`: formulas keep their cached
values, styles and other tabs stay as they were), and replaces the file atomically (a
temporary file in the same folder, then `os.replace`), so a reader never sees half a workbook
and a crash never leaves one.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from lib import cells
from lib.edit.ids import learn_style, next_id, prefix_for
from lib.edit.lock import edit_lock
from lib.edit.model import AddResult, Change, EditContext, EditError, NewProject, SaveResult
from lib.edit.plan import Grid, find_tab, grid_of_rows, new_row, plan_save
from lib.edit.xlsx_patch import CONTROL, LINE_BREAK, CellWrites, PatchError, patch_package, xml_safe
from lib.i18n import t
from lib.schema import LOG_HEADER
from lib.sources.base import SourceError
from lib.sources.demo import COPY_MAX_AGE_DAYS, demo_copy, demo_copy_path
from lib.sources.workbook import ZIP_SIGNATURE, read_workbook_tabs
from lib.sources.xlsx import read_xlsx

LOCK_TIMEOUT_SECONDS = 15.0
EDITABLE_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class _Open:
    data: bytes  # the workbook file as read under the lock: what the save edits
    values: dict[str, list[list[Any]]]  # every tab's values, as the app reads them
    tab: str
    grid: Grid


class WorkbookWriter:
    """Writes changes and new projects to one `.xlsx` file, one session at a time."""

    def __init__(
        self,
        path: Path,
        *,
        create: Callable[[Path], object] | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        if path.suffix.lower() not in EDITABLE_SUFFIXES:
            raise EditError(
                t(
                    "{name} is read-only in the app: only .xlsx workbooks can be edited. Save "
                    "it as .xlsx (Excel, LibreOffice or Google Sheets can) and point the "
                    "`workbook` setting at that file.",
                    name=path.name,
                )
            )
        self.path = path
        self.create = create  # makes the file on the first edit (the demo's private copy)
        self.lock_timeout = lock_timeout
        # Beside the workbook, so every process editing this file finds the same lock.
        self.lock = FileLock(str(path) + ".lock", timeout=lock_timeout)

    def save(self, change: Change, ctx: EditContext) -> SaveResult:
        change, replaced = _cleaned_change(change)
        with self._open(ctx) as opened:
            index = opened.grid.row_of(change.project_id)
            row = opened.values[opened.tab][index]
            plan = plan_save(change, row, opened.grid.columns, ctx)
            if plan.conflicts or not plan.writes:
                return SaveResult(
                    change.project_id, index + 1, unchanged=plan.unchanged, conflicts=plan.conflicts
                )
            written = {(index + 1, write.column): write.value for write in plan.writes}
            self._write(opened, written, list(plan.log))
        notes = _notes({name: replaced[name] for name in plan.changed if name in replaced})
        return SaveResult(change.project_id, index + 1, plan.changed, plan.unchanged, notes=notes)

    def add(self, project: NewProject, ctx: EditContext) -> AddResult:
        values, replaced = _cleaned(project.values)
        with self._open(ctx) as opened:
            grid = opened.grid
            existing = grid.existing_ids()
            partners = values.get("Partner") or ()
            partners = [partners] if isinstance(partners, str) else list(partners)
            prefix = prefix_for(partners, ctx.known_ids, ctx.vocab.partners)
            start = values.get("Start")
            year = start.year if isinstance(start, date) else (ctx.today or date.today()).year
            project_id = next_id(existing, prefix, year, learn_style(existing))
            row_cells, filled, log = new_row(
                project_id, values, grid.columns, len(grid.header), ctx
            )
            row_number = _last_filled(opened.values[opened.tab]) + 1
            written = {
                (row_number, column): value
                for column, value in enumerate(row_cells)
                if value is not None
            }
            self._write(opened, written, list(log))
        notes = _notes({name: replaced[name] for name in filled if name in replaced})
        return AddResult(project_id, row_number, tuple(filled), notes=notes)

    @contextmanager
    def _open(self, ctx: EditContext) -> Iterator[_Open]:
        # The in-process lock orders this server's sessions cheaply; the file lock orders
        # processes (the app and the command line, two app servers).
        with edit_lock(f"workbook:{self.path.resolve()}", None, timeout=self.lock_timeout):
            try:
                with self.lock:
                    yield self._read(ctx)
            except Timeout:
                raise EditError(
                    t(
                        "Another session is saving to {name} right now and did not finish "
                        "within {seconds:g} seconds. Nothing was written; try again.",
                        name=self.path.name,
                        seconds=self.lock.timeout,
                    )
                ) from None

    def _read(self, ctx: EditContext) -> _Open:
        if not self.path.exists() and self.create is not None:
            self.create(self.path)
        try:
            data = self.path.read_bytes()
            if data.startswith(ZIP_SIGNATURE):
                values = read_xlsx(self.path.name, io.BytesIO(data))[0]
            else:
                values = read_workbook_tabs(self.path)  # says what the file is instead
        except (SourceError, OSError, ValueError, KeyError) as error:
            raise EditError(
                t("{name} could not be opened: {error}", name=self.path.name, error=error)
            ) from None
        tab = find_tab(list(values), "Projects")
        if tab is None:
            raise EditError(t("The workbook has no Projects tab."))
        return _Open(data, values, tab, grid_of_rows(values[tab], ctx.vocab))

    def _write(self, opened: _Open, projects: CellWrites, log: list[tuple[str, ...]]) -> None:
        """The Projects cells and the Log rows, in one new version of the file."""
        writes: dict[str, CellWrites] = {opened.tab: projects}
        log_tab = find_tab(list(opened.values), "Log")
        new_tab = ""
        if log:
            if log_tab is None:
                log_tab = new_tab = "Log"
                lines = [LOG_HEADER, *log]
                first = 1
            else:
                lines = log
                first = _last_filled(opened.values[log_tab]) + 1
            writes[log_tab] = {
                (first + offset, column): text
                for offset, line in enumerate(lines)
                for column, text in enumerate(line)
            }
        try:
            data = patch_package(opened.data, writes, new_tab=new_tab)
        except (PatchError, KeyError, SyntaxError) as error:  # ParseError is a SyntaxError
            raise EditError(
                t(
                    "{name} could not be changed safely ({error}). Nothing was written. Open "
                    "it in Excel, save it again as an .xlsx workbook and try once more.",
                    name=self.path.name,
                    error=error,
                )
            ) from None
        self._replace(data)

    def _replace(self, data: bytes) -> None:
        """Write to a temporary file beside the workbook, then rename it over the workbook."""
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.stem}-", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as written:
                written.write(data)
                written.flush()
                os.fsync(written.fileno())
            shutil.copymode(self.path, temporary)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _last_filled(rows: list[list[Any]]) -> int:
    """1-based number of the last row with anything in it (0 for an empty tab)."""
    for index in range(len(rows) - 1, -1, -1):
        if not all(cells.is_blank(v) for v in rows[index]):
            return index + 1
    return 0


# --- characters a workbook cannot hold ----------------------------------------------------


def _clean(value: Any) -> tuple[Any, frozenset[str]]:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple | list):
        pairs = [_clean(item) for item in value]
        kinds = frozenset().union(*(k for _, k in pairs))
        return type(value)(v for v, _ in pairs), kinds
    return value, frozenset()


def _cleaned(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, frozenset[str]]]:
    cleaned: dict[str, Any] = {}
    replaced: dict[str, frozenset[str]] = {}
    for name, value in values.items():
        cleaned[name], kinds = _clean(value)
        if kinds:
            replaced[name] = kinds
    return cleaned, replaced


def _cleaned_change(change: Change) -> tuple[Change, dict[str, frozenset[str]]]:
    """The change as the workbook will hold it: both sides cleaned, so the check compares what
    is stored (a line break typed as Shift+Enter is not a conflict on the next edit)."""
    fields: dict[str, tuple[Any, Any]] = {}
    replaced: dict[str, frozenset[str]] = {}
    for name, (old, new) in change.fields.items():
        new, kinds = _clean(new)
        fields[name] = (_clean(old)[0], new)
        if kinds:
            replaced[name] = kinds
    return Change(change.project_id, fields), replaced


def _notes(replaced: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    if not replaced:
        return ()
    kinds = frozenset().union(*replaced.values())
    what = []
    if LINE_BREAK in kinds:
        what.append(t("a line break (Shift+Enter) became a new line"))
    if CONTROL in kinds:
        what.append(t("invisible control characters were removed"))
    return (
        t(
            "Characters a workbook cannot hold were replaced in {fields}: {what}.",
            fields=", ".join(replaced),
            what="; ".join(what),
        ),
    )


class DemoWriter:
    """Edits go to the private copy of the demo, made from the bundled demo on first edit."""

    def __init__(self, make_copy: Callable[[Path, date], object]) -> None:
        self.make_copy = make_copy  # lib.demo.write_demo_workbook

    def save(self, change: Change, ctx: EditContext) -> SaveResult:
        return self._writer(ctx).save(change, ctx)

    def add(self, project: NewProject, ctx: EditContext) -> AddResult:
        return self._writer(ctx).add(project, ctx)

    def _writer(self, ctx: EditContext) -> WorkbookWriter:
        # The copy is built for the day the user's data was built for, so the values they
        # started from are the copy's values (no false conflicts around midnight).
        today = ctx.today or date.today()
        path = demo_copy(today) or demo_copy_path(today)
        path.parent.mkdir(parents=True, exist_ok=True)

        def create(target: Path) -> None:
            self.make_copy(target, today)
            _remove_old_copies(target, today)

        return WorkbookWriter(path, create=create)


def _remove_old_copies(keep: Path, today: date) -> None:
    """Copies too old to be shown are only clutter once a new one exists."""
    for path in keep.parent.glob("demo-*.xlsx"):
        if path != keep:
            try:
                built = date.fromisoformat(path.stem.removeprefix("demo-"))
            except ValueError:
                continue
            if (today - built).days > COPY_MAX_AGE_DAYS:
                path.unlink(missing_ok=True)
                path.with_name(path.name + ".lock").unlink(missing_ok=True)

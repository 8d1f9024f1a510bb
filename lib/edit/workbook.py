"""Saving to a local `.xlsx` workbook (and to the demo's private copy).

Every save holds a file lock for the whole read → check → write, so two app sessions cannot
interleave, and replaces the file atomically (a temporary file in the same folder, then
`os.replace`), so a reader never sees half a workbook and a crash never leaves one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from filelock import FileLock, Timeout
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from lib import cells
from lib.edit.ids import learn_style, next_id, prefix_for
from lib.edit.model import AddResult, Change, EditContext, EditError, NewProject, SaveResult
from lib.edit.plan import Grid, find_tab, grid_of_rows, new_row, plan_save
from lib.formatting import COLUMN_DATE_FORMAT
from lib.i18n import t
from lib.schema import LOG_HEADER
from lib.sources.base import SourceError
from lib.sources.demo import COPY_MAX_AGE_DAYS, demo_copy, demo_copy_path
from lib.sources.workbook import read_workbook_tabs

LOCK_TIMEOUT_SECONDS = 15.0
EDITABLE_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class _Open:
    values: dict[str, list[list[Any]]]  # every tab's values, as the app reads them
    book: Workbook  # the same workbook for writing (formulas and formats kept)
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
        self.lock = FileLock(str(path) + ".lock", timeout=lock_timeout)

    def save(self, change: Change, ctx: EditContext) -> SaveResult:
        with self._open(ctx) as opened:
            index = opened.grid.row_of(change.project_id)
            row = opened.values[opened.tab][index]
            plan = plan_save(change, row, opened.grid.columns, ctx)
            if plan.conflicts or not plan.writes:
                return SaveResult(
                    change.project_id, index + 1, unchanged=plan.unchanged, conflicts=plan.conflicts
                )
            sheet = opened.book[opened.tab]
            for write in plan.writes:
                _put(sheet, index + 1, write.column + 1, write.value)
            _append_log(opened, list(plan.log))
            self._replace(opened.book)
        return SaveResult(change.project_id, index + 1, plan.changed, plan.unchanged)

    def add(self, project: NewProject, ctx: EditContext) -> AddResult:
        with self._open(ctx) as opened:
            grid = opened.grid
            existing = grid.existing_ids()
            partners = project.values.get("Partner") or ()
            partners = [partners] if isinstance(partners, str) else list(partners)
            prefix = prefix_for(partners, ctx.known_ids, ctx.vocab.partners)
            start = project.values.get("Start")
            year = start.year if isinstance(start, date) else (ctx.today or date.today()).year
            project_id = next_id(existing, prefix, year, learn_style(existing))
            row_cells, filled, log = new_row(
                project_id, project.values, grid.columns, len(grid.header), ctx
            )
            row_number = _last_filled(opened.values[opened.tab]) + 1
            sheet = opened.book[opened.tab]
            for column, value in enumerate(row_cells, start=1):
                if value is not None:
                    _put(sheet, row_number, column, value)
            _append_log(opened, list(log))
            self._replace(opened.book)
        return AddResult(project_id, row_number, tuple(filled))

    @contextmanager
    def _open(self, ctx: EditContext) -> Iterator[_Open]:
        try:
            with self.lock:
                if not self.path.exists() and self.create is not None:
                    self.create(self.path)
                try:
                    values = read_workbook_tabs(self.path)
                    book = openpyxl.load_workbook(
                        self.path, keep_vba=self.path.suffix.lower() == ".xlsm"
                    )
                except (SourceError, OSError, ValueError, KeyError) as error:
                    raise EditError(
                        t("{name} could not be opened: {error}", name=self.path.name, error=error)
                    ) from None
                tab = find_tab(list(values), "Projects")
                if tab is None:
                    raise EditError(t("The workbook has no Projects tab."))
                yield _Open(values, book, tab, grid_of_rows(values[tab], ctx.vocab))
        except Timeout:
            raise EditError(
                t(
                    "Another session is saving to {name} right now and did not finish within "
                    "{seconds:g} seconds. Nothing was written; try again.",
                    name=self.path.name,
                    seconds=self.lock.timeout,
                )
            ) from None

    def _replace(self, book: Workbook) -> None:
        """Write to a temporary file beside the workbook, then rename it over the workbook."""
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.stem}-", suffix=".tmp"
        )
        os.close(handle)
        try:
            book.save(temporary)
            with open(temporary, "rb") as written:
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


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: openpyxl would store "=…" as a formula
    elif isinstance(value, date | datetime):
        cell.number_format = COLUMN_DATE_FORMAT


def _append_log(opened: _Open, rows: list[tuple[str, ...]]) -> None:
    if not rows:
        return
    title = find_tab(list(opened.values), "Log")
    if title is None:
        sheet = opened.book.create_sheet("Log")
        for column, text in enumerate(LOG_HEADER, start=1):
            _put(sheet, 1, column, text)
        next_row = 2
    else:
        sheet = opened.book[title]
        next_row = _last_filled(opened.values[title]) + 1
    for offset, row in enumerate(rows):
        for column, text in enumerate(row, start=1):
            _put(sheet, next_row + offset, column, text)


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

"""Saving to the shared Google Sheet: every write read back before anyone is told "Saved".

A save, under the spreadsheet's edit lock (`lib.edit.lock`), costs four requests:
  1. values:batchGet of the header rows, the ID column and the columns the save touches:
     where the project is now, and the conflict check;
  2. values:batchUpdate of the changed cells, one request (USER_ENTERED: text goes with a
     leading apostrophe so it is never a formula, dates as ISO so they are real dates);
  3. values:batchGet of the same columns: did the values land in the project's own row?
     (`lib.edit.landing`). Rows that took them after a sort or an insert are put back and
     the write is repeated;
  4. spreadsheets:batchUpdate appendCells to the Log, one row per changed field.
A write that failed on Google's side or timed out is repeated only once reads show it did not
land within the settle time. New rows go in with appendCells, which always starts at column A
(values:append guesses a "table" and may start further right).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

import requests
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError

from lib.config import data_dir
from lib.edit.ids import learn_style, next_id, prefix_for
from lib.edit.landing import Landing, Snapshot, holds, restore_writes, where_landed
from lib.edit.lock import edit_lock
from lib.edit.model import (
    AddResult,
    Change,
    Conflict,
    EditContext,
    EditError,
    NewProject,
    SaveResult,
)
from lib.edit.plan import (
    SET_BY_APP,
    CellWrite,
    Grid,
    SavePlan,
    comparable,
    find_tab,
    grid_from,
    grid_of_rows,
    new_row,
    plan_save,
    same,
)
from lib.i18n import t, tn
from lib.schema import HEADER_SEARCH_ROWS, LOG_HEADER
from lib.sources.base import SourceError
from lib.sources.google_sheet import READ_PARAMS, GoogleSheetSource
from lib.text import column_index, column_letter

WRITE_ATTEMPTS = 6  # a sort, an insert or a lost request in the way each cost one more
MAX_PUT_BACK_DEPTH = 3  # a put-back that is itself misplaced is put back, this many times deep
POLLS = 8  # reads while waiting for a request that may still land
SERIAL_EPOCH = date(1899, 12, 30)  # day 0 of Google's date serial numbers
logger = logging.getLogger(__name__)


def _read_params() -> dict[str, str]:
    # A fresh dict each time: gspread's values_batch_get adds "ranges" to the one it gets.
    return dict(READ_PARAMS)


def quoted(title: str) -> str:
    """A tab title as an A1 range prefix: always quoted, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def _typed_entry(value: Any) -> Any:
    """A cell for a USER_ENTERED request that Sheets cannot misread.

    Text gets a leading apostrophe, which Sheets does not store but which makes it keep the
    rest as text: a title like `=IMPORTXML(…)` or `1/2` is never evaluated or turned into a
    date. Dates go as ISO `YYYY-MM-DD`, which Sheets stores as a real date in every locale.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value
    return value


def cell_data(value: Any) -> dict[str, Any]:
    """A value as appendCells' CellData: a stringValue is stored as text, never a formula."""
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return {
            "userEnteredValue": {"numberValue": (day - SERIAL_EPOCH).days},
            "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}},
        }
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def _ambiguous(error: BaseException) -> bool:
    """Did the request perhaps get through? (Timeouts, dropped connections, server errors.)"""
    if isinstance(error, APIError):
        return error.response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR
    return isinstance(error, requests.Timeout | requests.ConnectionError)


def _may_still_land(error: BaseException | None) -> bool:
    # A server error is answered after the work is done or dropped; a request the client
    # stopped waiting for may still be on its way.
    return isinstance(error, requests.RequestException)


class SheetWriter:
    """Writes changes and new projects to one Google Sheet; safe to share between sessions."""

    def __init__(
        self,
        source: GoogleSheetSource,
        *,
        settle_seconds: float | None = None,
        lock_folder: Path | None = None,
    ) -> None:
        self.source = source
        configured = source.settings.write_settle_seconds
        if settle_seconds is None:
            settle_seconds = (
                configured if configured is not None else 2 * source.policy.timeout_seconds
            )
        self.settle_seconds = settle_seconds
        self.lock_folder = lock_folder if lock_folder is not None else data_dir() / "locks"
        self._log_with_header: set[int] = set()  # gids of Log tabs seen to start with the header

    @property
    def http(self):
        return self.source.http

    @property
    def key(self) -> str:
        return self.source.key

    def _lock(self):
        return edit_lock(
            f"google-sheet:{self.key}",
            self.lock_folder,
            database_url=self.source.settings.history_database_url,
        )

    # --- edit ---------------------------------------------------------------------------

    def save(self, change: Change, ctx: EditContext) -> SaveResult:
        """Write the changed cells of one project, or return the conflicts and write nothing.

        "Saved" means a read after the write found the user's values in this project's row.
        A field someone else changed in the same instant comes back as a conflict showing
        what the sheet holds now.
        """
        with self._lock():
            return self._save(change, ctx)

    def _save(self, change: Change, ctx: EditContext) -> SaveResult:
        tab = self._projects_tab(ctx)
        names = list(change.fields)
        before = self._snapshot(tab, names, ctx)
        first: SavePlan | None = None
        held: list[str] = []
        for _ in range(WRITE_ATTEMPTS):
            index = before.grid.row_of(change.project_id)
            plan = plan_save(change, before.row(index), before.grid.columns, ctx)
            first = first or plan
            if plan.conflicts or not plan.writes:
                return self._finish(change, ctx, first, held, index, plan.conflicts)
            started = {
                w.field: before.cell(index, w.column)
                for w in plan.writes
                if w.field in plan.changed
            }
            landing, after = self._write_and_look(
                tab, index, plan.writes, before, change.project_id, started, names, ctx
            )
            if landing.strays:
                after = self._put_back(tab, landing.strays, plan.writes, before, after, names, ctx)
            held.extend(name for name in landing.held if name not in held)
            if landing.row is None:
                after.grid.row_of(change.project_id)  # raises: gone, or its ID now on two rows
            if landing.complete:
                conflicts = tuple(
                    _overtaken(name, plan, started, after, landing.row, ctx)
                    for name in landing.overtaken
                )
                return self._finish(change, ctx, first, held, landing.row, conflicts)
            before = after
        if first is not None and held:
            self._append_log([row for row in first.log if row[3] in held], ctx)
        raise EditError(
            t(
                "Rows of the sheet kept moving, or Google kept losing the request, while the "
                "app saved {id}. Refresh the data to see what was saved, then try again.",
                id=change.project_id,
            ),
            written=held,
        )

    def _finish(
        self,
        change: Change,
        ctx: EditContext,
        plan: SavePlan,
        held: Sequence[str],
        index: int | None,
        conflicts: Sequence[Conflict],
    ) -> SaveResult:
        """Log what landed (once per field, from where the user started) and report."""
        written = tuple(name for name in plan.changed if name in held)
        self._append_log([row for row in plan.log if row[3] in written], ctx)
        row = index + 1 if index is not None else 0
        if conflicts and not written:
            return SaveResult(
                change.project_id, row, unchanged=plan.unchanged, conflicts=tuple(conflicts)
            )
        return SaveResult(change.project_id, row, written, plan.unchanged, tuple(conflicts))

    def _write_and_look(
        self,
        tab: str,
        index: int,
        writes: Sequence[CellWrite],
        before: Snapshot,
        project_id: str,
        started: dict[str, Any],
        names: Sequence[str],
        ctx: EditContext,
    ) -> tuple[Landing, Snapshot]:
        """Send the cells to the project's row, then read until the outcome is known."""
        landing: Landing | None = None

        def settled(after: Snapshot) -> bool:
            nonlocal landing
            landing = where_landed(before, after, project_id, writes, started, ctx)
            return bool(landing.held or landing.overtaken or landing.strays)

        after = self._send_and_wait(tab, index, writes, names, ctx, settled, t("saving"))
        assert landing is not None
        return landing, after

    def _put_back(
        self,
        tab: str,
        strays: Iterable[int],
        writes: Sequence[CellWrite],
        before: Snapshot,
        after: Snapshot,
        names: Sequence[str],
        ctx: EditContext,
        depth: int = 0,
    ) -> Snapshot:
        """Rows that took a write meant for another row get their cells back.

        A row with an ID is followed by its ID and put back through the same checked write
        as a save (rows may move again meanwhile); a row without an ID cannot be found again,
        so its cells are cleared at once.
        """
        ours = {w.column: w.value for w in writes}
        blanks_cleared = False
        for stray in strays:
            restore = restore_writes(before, after, stray, writes, ctx)
            other_id = after.id_at(stray)
            logger.info(
                "a write reached row %d (%s) after rows moved; putting back %s",
                stray + 1,
                other_id or "no ID",
                [w.field for w in restore],
            )
            if not restore:
                continue
            if not other_id:
                self._send_cells(tab, stray + 1, restore, t("putting back a row without an ID"))
                blanks_cleared = True
                continue
            after = self._restore(tab, other_id, restore, ours, after, names, ctx, depth)
        return self._snapshot(tab, names, ctx) if blanks_cleared else after

    def _restore(
        self,
        tab: str,
        other_id: str,
        restore: Sequence[CellWrite],
        ours: dict[int, Any],
        now: Snapshot,
        names: Sequence[str],
        ctx: EditContext,
        depth: int,
    ) -> Snapshot:
        """Put `restore` into the row of `other_id`, where its cells still hold our values."""
        for _ in range(WRITE_ATTEMPTS):
            index = now.index_of(other_id)
            if index is None:
                return now  # the row is gone, or its ID now on two rows: nothing to put back
            todo = [
                w
                for w in restore
                if holds(now, index, CellWrite(w.field, w.column, ours[w.column]), ctx)
                and not holds(now, index, w, ctx)
            ]
            if not todo:
                return now  # put back, or changed by someone since: theirs stands
            started = {w.field: ours[w.column] for w in todo}
            landing, after = self._write_and_look(
                tab, index, todo, now, other_id, started, names, ctx
            )
            if landing.strays:
                if depth >= MAX_PUT_BACK_DEPTH:
                    break
                after = self._put_back(tab, landing.strays, todo, now, after, names, ctx, depth + 1)
            now = after
        raise EditError(
            t(
                "While rows were being sorted, the app's change reached the row of {other} and "
                "could not be put back. Check {other}'s {fields} in the sheet.",
                other=other_id,
                fields=", ".join(w.field for w in restore),
            )
        )

    def _send_and_wait(
        self,
        tab: str,
        index: int,
        writes: Sequence[CellWrite],
        names: Sequence[str],
        ctx: EditContext,
        settled: Callable[[Snapshot], bool],
        doing: str,
    ) -> Snapshot:
        """One values:batchUpdate, then reads until `settled` says the outcome is known, or
        the settle time is over for a request that may still land."""
        error = self._send_cells(tab, index + 1, writes, doing)
        wait = self.settle_seconds if _may_still_land(error) else 0.0
        deadline = time.monotonic() + wait
        after = self._snapshot(tab, names, ctx)
        for _ in range(POLLS):  # bounded: a read now, then a few within the settle time
            if settled(after):
                return after
            left = deadline - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, max(wait / POLLS, 0.05)))
            after = self._snapshot(tab, names, ctx)
        return after

    def _send_cells(
        self, tab: str, row_number: int, writes: Sequence[CellWrite], doing: str
    ) -> BaseException | None:
        """The cells in one USER_ENTERED values:batchUpdate. Returns the error when it may
        have landed anyway; raises when Google refused it (nothing was written)."""
        data = [
            {
                "range": f"{quoted(tab)}!{column_letter(w.column)}{row_number}",
                "majorDimension": "ROWS",
                "values": [[_typed_entry(w.value)]],
            }
            for w in writes
        ]
        body = {"valueInputOption": "USER_ENTERED", "data": data}
        return self._send(lambda: self.http.values_batch_update(self.key, body), doing)

    # --- add ------------------------------------------------------------------------------

    def add(self, project: NewProject, ctx: EditContext) -> AddResult:
        """Append a new project with the next free ID of the sheet's pattern, exactly once."""
        with self._lock():
            return self._add(project, ctx)

    def _add(self, project: NewProject, ctx: EditContext) -> AddResult:
        tab = self._projects_tab(ctx)
        rows = self._read_tab(tab)
        grid = grid_of_rows(rows, ctx.vocab)
        project_id = self._next_id(grid, project, ctx)
        row_cells, filled, log = new_row(
            project_id, project.values, grid.columns, len(grid.header), ctx
        )
        rows, mine = self._append_row(tab, row_cells, grid.columns, ctx)
        grid = grid_of_rows(rows, ctx.vocab)
        final_id = project_id
        if [i for i in grid.rows_of(project_id) if i != mine]:
            # Someone typed this ID into the sheet in the same moment: ours moves on.
            final_id = self._next_id(grid, project, ctx)
            row_cells[grid.columns["ID"]] = final_id
            write = CellWrite("ID", grid.columns["ID"], final_id)
            rows, mine = self._renumber(tab, mine, write, row_cells, grid.columns, ctx)
            log = tuple((*r[:2], final_id, *r[3:]) for r in log)
        self._append_log(list(log), ctx)
        renumbered = project_id if final_id != project_id else ""
        return AddResult(final_id, mine + 1, tuple(filled), renumbered)

    def _append_row(
        self, tab: str, row_cells: list[Any], columns: dict[str, int], ctx: EditContext
    ) -> tuple[list[list[Any]], int]:
        """appendCells the row; the rows read back and the 0-based row that holds it.

        The row is recognised by every cell it was given (its new ID, the title, the stamp),
        so another project that took the same ID is never mistaken for it.
        """
        gid = self._metadata(False).gids[tab]
        request = {
            "appendCells": {
                "sheetId": gid,
                "rows": [{"values": [cell_data(v) for v in row_cells]}],
                "fields": "userEnteredValue,userEnteredFormat.numberFormat",
            }
        }
        doing = t("adding project {id}", id=row_cells[columns["ID"]])
        error: BaseException | None = None
        for _ in range(WRITE_ATTEMPTS):
            error = self._send(
                lambda: self.http.batch_update(self.key, {"requests": [request]}), doing
            )

            rows, found = self._find_row(tab, row_cells, columns, ctx, error)
            if found:
                return rows, found[0]
            if error is None:
                raise EditError(
                    t(
                        "Project {id} was added, but its row was gone from the sheet a moment "
                        "later (someone deleted or changed it). Refresh the data and check.",
                        id=row_cells[columns["ID"]],
                    )
                )
        raise self._failure(error, doing)

    def _renumber(
        self,
        tab: str,
        index: int,
        write: CellWrite,
        row_cells: list[Any],
        columns: dict[str, int],
        ctx: EditContext,
    ) -> tuple[list[list[Any]], int]:
        doing = t("renumbering")
        for _ in range(WRITE_ATTEMPTS):
            error = self._send_cells(tab, index + 1, [write], doing)
            rows, found = self._find_row(tab, row_cells, columns, ctx, error)
            if found:
                return rows, found[0]
            # not there: find the row again by its cells with the old ID, and write once more
            old = list(row_cells)
            old[columns["ID"]] = None
            matches = _rows_holding(rows, old, columns, ctx)
            if not matches:
                break
            index = matches[0]
        raise EditError(
            t(
                "The new project's ID could not be changed to {id}; refresh and check.",
                id=write.value,
            )
        )

    def _next_id(self, grid: Grid, project: NewProject, ctx: EditContext) -> str:
        existing = grid.existing_ids()
        partners = project.values.get("Partner") or ()
        partners = [partners] if isinstance(partners, str) else list(partners)
        prefix = prefix_for(partners, ctx.known_ids, ctx.vocab.partners)
        start = project.values.get("Start")
        year = start.year if isinstance(start, date) else (ctx.today or _utc_today()).year
        return next_id(existing, prefix, year, learn_style(existing))

    # --- the Log ----------------------------------------------------------------------------

    def _append_log(self, rows: list[tuple[str, ...]], ctx: EditContext) -> None:
        """One Log row per changed field, exactly once: appendCells (text cells, column A on)
        in the same batch that creates the tab or widens it when needed."""
        if not rows:
            return
        try:
            self._append_log_rows(rows)
        except EditError:
            raise EditError(
                t(
                    "The change was saved, but its Log entry could not be written; the "
                    "sheet's Updated column still shows it."
                )
            ) from None

    def _append_log_rows(self, rows: list[tuple[str, ...]]) -> None:
        doing = t("writing the Log")
        error: BaseException | None = None
        for refresh in (False, True, True):
            metadata = self._metadata(refresh)
            title = find_tab([name for name, _ in metadata.tabs], "Log")
            requests_: list[dict[str, Any]] = []
            lines = [list(r) for r in rows]
            if title is None:
                title = "Log"
                gid = _free_gid(metadata.gids.values())
                requests_.append({"addSheet": {"properties": {"title": title, "sheetId": gid}}})
                lines.insert(0, list(LOG_HEADER))
            else:
                gid = metadata.gids[title]
                if not self._log_has_header(title, gid):
                    lines.insert(0, list(LOG_HEADER))
                columns = metadata.grid(title)[1]
                if columns < len(LOG_HEADER):
                    grow = {
                        "sheetId": gid,
                        "dimension": "COLUMNS",
                        "length": len(LOG_HEADER) - columns,
                    }
                    requests_.append({"appendDimension": grow})
            requests_.append(
                {
                    "appendCells": {
                        "sheetId": gid,
                        "rows": [{"values": [cell_data(str(v)) for v in line]} for line in lines],
                        "fields": "userEnteredValue",
                    }
                }
            )
            body = {"requests": requests_}
            try:
                error = self._send(lambda body=body: self.http.batch_update(self.key, body), doing)
            except EditError:
                continue  # refused (the tab was made, renamed or resized meanwhile): look again
            if error is None:
                self._log_with_header.add(gid)
                if requests_[0].get("addSheet"):
                    self._metadata(True)  # the new tab's title and gid, for the next save
                return
            if self._appears(
                lambda title=title: self._log_has(title, rows),
                self.settle_seconds if _may_still_land(error) else 0,
            ):
                return
        raise self._failure(error, doing)

    def _log_has_header(self, title: str, gid: int) -> bool:
        if gid in self._log_with_header:
            return True
        answer = self._call(
            lambda: self.http.values_get(self.key, f"{quoted(title)}!1:1", _read_params()),
            t("checking the Log"),
        )
        first = answer.get("values", [[]])[0] if answer.get("values") else []
        if first:
            self._log_with_header.add(gid)
        return bool(first)

    def _log_has(self, title: str, rows: Sequence[Sequence[str]]) -> bool:
        answer = self._call(
            lambda: self.http.values_get(self.key, quoted(title), _read_params()),
            t("checking the Log"),
        )
        present = {tuple(str(v) for v in r[: len(LOG_HEADER)]) for r in answer.get("values", [])}
        return all(tuple(str(v) for v in r) in present for r in rows)

    # --- reading ----------------------------------------------------------------------------

    def _projects_tab(self, ctx: EditContext) -> str:
        if ctx.layout is not None and ctx.layout.tab:
            return ctx.layout.tab
        metadata = self._metadata(False)
        title = find_tab([name for name, _ in metadata.tabs], "Projects")
        if title is None:
            raise EditError(t("The spreadsheet has no Projects tab."))
        return title

    def _snapshot(self, tab: str, names: Sequence[str], ctx: EditContext) -> Snapshot:
        """The header rows, the ID column and the columns of `names` and the stamps, in one
        values:batchGet (two when columns moved since the data was loaded)."""
        wanted = ["ID", *names, *SET_BY_APP]
        for refresh in (False, True):
            rows, columns = self._metadata(refresh).grid(tab)
            guess = _column_guess(wanted, ctx)
            try:
                top, read = self._read_columns(tab, min(HEADER_SEARCH_ROWS, rows), guess, columns)
                grid = grid_from(top, [], ctx.vocab)
                actual = {grid.columns[n] for n in wanted if n in grid.columns}
                missing = sorted(actual - set(read))
                if missing:
                    _, more = self._read_columns(tab, 0, missing, columns)
                    read |= more
            except _BeyondGrid:
                continue  # rows or columns were deleted since the grid was looked up
            ids = read.get(grid.columns["ID"], ())
            return Snapshot(Grid(grid.header_index, grid.header, grid.columns, ids), read)
        raise EditError(t("The Projects tab changed shape while the app read it; try again."))

    def _read_columns(
        self, tab: str, header_rows: int, columns: Iterable[int], width: int
    ) -> tuple[list[list[Any]], dict[int, tuple[Any, ...]]]:
        wanted = sorted(c for c in set(columns) if c < width)
        ranges = [f"{quoted(tab)}!1:{header_rows}"] if header_rows else []
        ranges += [f"{quoted(tab)}!{column_letter(c)}:{column_letter(c)}" for c in wanted]
        try:
            answer = self.http.values_batch_get(self.key, ranges, _read_params())
        except APIError as error:
            if "exceeds grid limits" in str(error):
                raise _BeyondGrid from None
            raise self._failure(error, t("reading the sheet")) from None
        except (requests.RequestException, GoogleAuthError, ValueError) as error:
            raise self._failure(error, t("reading the sheet")) from None
        value_ranges = [vr.get("values", []) for vr in answer.get("valueRanges", [])]
        top = value_ranges.pop(0) if header_rows else []
        read = {
            column: tuple(r[0] if r else None for r in values)
            for column, values in zip(wanted, value_ranges, strict=False)
        }
        return top, read

    def _read_tab(self, tab: str) -> list[list[Any]]:
        answer = self._call(
            lambda: self.http.values_get(self.key, quoted(tab), _read_params()),
            t("reading the sheet"),
        )
        return [list(r) for r in answer.get("values", [])]

    def _find_row(
        self,
        tab: str,
        row_cells: Sequence[Any],
        columns: dict[str, int],
        ctx: EditContext,
        error: BaseException | None,
    ) -> tuple[list[list[Any]], list[int]]:
        """The tab's rows and those holding `row_cells`, read until one does or the settle
        time for a request that may still land is over."""
        wait = self.settle_seconds if _may_still_land(error) else 0.0
        deadline = time.monotonic() + wait
        for _ in range(POLLS):
            rows = self._read_tab(tab)
            found = _rows_holding(rows, row_cells, columns, ctx)
            left = deadline - time.monotonic()
            if found or left <= 0:
                return rows, found
            time.sleep(min(left, max(wait / POLLS, 0.05)))
        rows = self._read_tab(tab)
        return rows, _rows_holding(rows, row_cells, columns, ctx)

    def _appears(self, present: Callable[[], bool], wait: float) -> bool:
        deadline = time.monotonic() + wait
        for _ in range(POLLS):
            if present():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(left, max(wait / POLLS, 0.05)))
        return present()

    def _metadata(self, refresh: bool):
        try:
            return self.source.metadata(refresh=refresh)
        except SourceError as error:
            raise EditError(str(error)) from None

    # --- requests -----------------------------------------------------------------------------

    def _send(self, request: Callable[[], Any], doing: str) -> BaseException | None:
        """A write: None when Google answered, the error when the write may have landed
        anyway (a 5xx or a timeout); raises EditError when it was refused."""
        try:
            request()
        except (APIError, requests.RequestException) as error:
            if _ambiguous(error):
                return error
            raise self._failure(error, doing) from None
        except (GoogleAuthError, ValueError) as error:
            raise self._failure(error, doing) from None
        return None

    def _call(self, request: Callable[[], Any], doing: str) -> Any:
        try:
            return request()
        except (APIError, requests.RequestException, GoogleAuthError, ValueError) as error:
            raise self._failure(error, doing) from None

    def _failure(self, error: BaseException | None, doing: str) -> EditError:
        if isinstance(error, GoogleAuthError):
            return EditError(str(self.source.explain_sign_in(error)))
        if isinstance(error, APIError):
            return EditError(
                t(
                    "Google Sheets refused {doing}: {reason}",
                    doing=doing,
                    reason=self.source.explain(error),
                )
            )
        return EditError(
            tn(
                "Google Sheets did not answer while {doing} (after {n} attempt). Refresh the "
                "data to see what was saved, then try again.",
                "Google Sheets did not answer while {doing} (after {n} attempts). Refresh the "
                "data to see what was saved, then try again.",
                self.source.policy.attempts,
                doing=doing,
            )
        )


class _BeyondGrid(Exception):
    """A read asked for rows or columns the sheet no longer has."""


def _overtaken(
    name: str,
    plan: SavePlan,
    started: dict[str, Any],
    after: Snapshot,
    row: int,
    ctx: EditContext,
) -> Conflict:
    """Someone changed the cell in the same instant as the save: what the sheet holds now."""
    wanted = next(w.value for w in plan.writes if w.field == name)
    current = after.cell(row, after.grid.columns[name])
    return Conflict(
        name,
        comparable(name, wanted, ctx),
        comparable(name, current, ctx),
        comparable(name, started[name], ctx),
    )


def _column_guess(names: Sequence[str], ctx: EditContext) -> list[int]:
    """Where the loaded data had these columns: read them with the header in one request."""
    if ctx.layout is None:
        return []
    guesses = []
    for name in names:
        column = ctx.layout.column_for(name)
        if column is not None:
            guesses.append(column_index(column.letter))
    return guesses


def _rows_holding(
    rows: list[list[Any]], row_cells: Sequence[Any], columns: dict[str, int], ctx: EditContext
) -> list[int]:
    """0-based rows whose cells hold every non-blank value of `row_cells`, read as the app
    reads them (a blank in `row_cells` matches anything)."""
    by_column = {index: name for name, index in columns.items()}
    expected = [
        (column, by_column.get(column), value)
        for column, value in enumerate(row_cells)
        if value is not None and column in by_column
    ]
    return [
        index
        for index, row in enumerate(rows)
        if all(
            same(
                name,
                comparable(name, row[c] if c < len(row) else None, ctx),
                comparable(name, v, ctx),
            )
            for c, name, v in expected
        )
    ]


def _free_gid(taken: Iterable[int]) -> int:
    used = set(taken)
    for _ in range(16):  # a random 31-bit id is free on the first try in practice
        candidate = secrets.randbelow(2**31 - 2) + 1
        if candidate not in used:
            return candidate
    return max(used, default=0) + 1


def _utc_today() -> date:
    return datetime.now(UTC).date()

"""Saving to the shared Google Sheet, through the source's gspread client (bounded retries).

A save costs two reads and one or two writes plus the Log append:
  1. one values:batchGet of the header rows and the ID column: where the project is *now*;
  2. one values:get of that row: the conflict check;
  3. one values:batchUpdate per value-input option for the changed cells;
  4. one values:append to the Log tab.
Nothing is written from a cached copy of the sheet, so edits others made meanwhile stay.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import Any

import requests
from gspread.exceptions import APIError

from lib import cells
from lib.edit.ids import learn_style, next_id, prefix_for
from lib.edit.model import (
    AddResult,
    Change,
    EditContext,
    EditError,
    NewProject,
    SaveResult,
)
from lib.edit.plan import CellWrite, Grid, find_tab, grid_from, new_row, plan_save
from lib.i18n import t
from lib.schema import HEADER_SEARCH_ROWS, LOG_HEADER
from lib.sources.base import SourceError
from lib.sources.google_sheet import READ_PARAMS, GoogleSheetSource
from lib.text import column_letter

LOCATE_ATTEMPTS = 3  # a sort between finding the row and re-reading it: look again
APPEND_ATTEMPTS = 3
_ROW_IN_RANGE = re.compile(r"![A-Z]+(\d+)")


def _read_params() -> dict[str, str]:
    # A fresh dict each time: gspread's values_batch_get adds "ranges" to the one it gets.
    return dict(READ_PARAMS)


def quoted(title: str) -> str:
    """A tab title as an A1 range prefix: always quoted, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def landed_row(answer: dict[str, Any] | None) -> int:
    """The first sheet row an append wrote to (1-based), or 0 when unknown."""
    updated = ((answer or {}).get("updates") or {}).get("updatedRange", "")
    match = _ROW_IN_RANGE.search(updated)
    return int(match[1]) if match else 0


def _raw(value: Any) -> Any:
    return "" if value is None else value  # "" clears a cell; null would leave it as it was


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


def _ambiguous(error: BaseException) -> bool:
    """Did the request perhaps get through? (Timeouts, dropped connections, server errors.)"""
    if isinstance(error, APIError):
        return error.response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR
    return isinstance(error, requests.Timeout | requests.ConnectionError)


class SheetWriter:
    """Writes changes and new projects to one Google Sheet; safe to share between sessions."""

    def __init__(self, source: GoogleSheetSource, *, settle_seconds: float | None = None) -> None:
        self.source = source
        # How long a request that timed out may still land on Google's side: before retrying
        # an append, wait this long for it to show up.
        self.settle_seconds = (
            source.policy.timeout_seconds if settle_seconds is None else settle_seconds
        )

    @property
    def http(self):
        return self.source.http

    @property
    def key(self) -> str:
        return self.source.key

    # --- edit ---------------------------------------------------------------------------

    def save(self, change: Change, ctx: EditContext) -> SaveResult:
        """Write the changed cells of one project, or return the conflicts and write nothing."""
        tab = self._projects_tab(ctx)
        index, row, grid = self._locate(tab, change.project_id, ctx)
        plan = plan_save(change, row, grid.columns, ctx)
        if plan.conflicts or not plan.writes:
            return SaveResult(
                change.project_id, index + 1, unchanged=plan.unchanged, conflicts=plan.conflicts
            )
        written: list[str] = []
        try:
            self._write_cells(tab, index + 1, plan.writes, written)
        except EditError as error:
            done = [name for name in plan.changed if name in written]
            self._append_log(
                [r for r in plan.log if r[3] in done], ctx, after_error=True
            )  # what did land is still logged
            message = str(error)
            if done:
                message += " " + t(
                    "Already saved (and logged): {fields}. Refresh, then save the rest again.",
                    fields=", ".join(done),
                )
            raise EditError(message, written=done) from None
        self._append_log(list(plan.log), ctx)
        return SaveResult(change.project_id, index + 1, plan.changed, plan.unchanged)

    def _locate(self, tab: str, project_id: str, ctx: EditContext) -> tuple[int, list[Any], Grid]:
        """The project's 0-based row and its cells now, found by ID, never by a cached row."""
        for _ in range(LOCATE_ATTEMPTS):
            grid = self._read_grid(tab, ctx)
            index = grid.row_of(project_id)
            row = self._read_row(tab, index + 1)
            id_column = grid.columns["ID"]
            here = row[id_column] if id_column < len(row) else None
            if cells.as_text(here) == project_id.strip():
                return index, row, grid
        raise EditError(
            t(
                "Rows of the sheet kept moving while the app looked for {id} (someone is "
                "sorting or inserting rows). Nothing was written; try again in a moment.",
                id=project_id,
            )
        )

    def _write_cells(
        self, tab: str, row_number: int, writes: Sequence[CellWrite], written: list[str]
    ) -> None:
        """The changed cells, in one values:batchUpdate per value-input option.

        Text and numbers go RAW, so text is never evaluated as a formula and numbers stay
        numbers. Dates go USER_ENTERED as ISO `YYYY-MM-DD`: that is how Sheets stores a real
        date (RAW would store the text "2026-03-05", or a bare serial number without a date
        format). One request per option because a values:batchUpdate has only one.
        """
        dated = [w for w in writes if isinstance(w.value, date)]
        plain = [w for w in writes if not isinstance(w.value, date)]
        for option, group, encode in (
            ("RAW", plain, _raw),
            ("USER_ENTERED", dated, _typed_entry),
        ):
            if not group:
                continue
            data = [
                {
                    "range": f"{quoted(tab)}!{column_letter(w.column)}{row_number}",
                    "majorDimension": "ROWS",
                    "values": [[encode(w.value)]],
                }
                for w in group
            ]
            body = {"valueInputOption": option, "data": data}
            self._call(
                lambda body=body: self.http.values_batch_update(self.key, body),
                t("saving the changed cells"),
            )
            written.extend(w.field for w in group)

    # --- add ------------------------------------------------------------------------------

    def add(self, project: NewProject, ctx: EditContext) -> AddResult:
        """Append a new project with the next ID of the sheet's pattern, exactly once."""
        tab = self._projects_tab(ctx)
        grid = self._read_grid(tab, ctx)
        project_id = self._next_id(grid, project, ctx)
        cells, filled, log = new_row(
            project_id, project.values, grid.columns, len(grid.header), ctx
        )
        last = column_letter(max(len(grid.header), 1) - 1)
        target = f"{quoted(tab)}!A{grid.header_index + 1}:{last}"
        answer = self._append_once(
            target,
            [[_typed_entry(v) for v in cells]],
            "USER_ENTERED",  # one atomic request; text is apostrophe-escaped, see _typed_entry
            present=lambda: bool(self._read_grid(tab, ctx).rows_of(project_id)),
            doing=t("adding project {id}", id=project_id),
        )
        row = landed_row(answer)
        final_id, row = self._settle_duplicate(tab, project_id, row, project, ctx)
        if final_id != project_id:
            log = tuple((*r[:2], final_id, *r[3:]) for r in log)
        self._append_log(list(log), ctx)
        return AddResult(final_id, row, tuple(filled), project_id if final_id != project_id else "")

    def _next_id(self, grid: Grid, project: NewProject, ctx: EditContext) -> str:
        existing = grid.existing_ids()
        partners = project.values.get("Partner") or ()
        partners = [partners] if isinstance(partners, str) else list(partners)
        prefix = prefix_for(partners, ctx.known_ids, ctx.vocab.partners)
        start = project.values.get("Start")
        year = start.year if isinstance(start, date) else (ctx.today or _utc_today()).year
        return next_id(existing, prefix, year, learn_style(existing))

    def _settle_duplicate(
        self, tab: str, project_id: str, row: int, project: NewProject, ctx: EditContext
    ) -> tuple[str, int]:
        """Two people adding a project for one partner at the same moment get the same next
        ID. The row further down gives way: it takes the next free ID."""
        for _ in range(LOCATE_ATTEMPTS):
            grid = self._read_grid(tab, ctx)
            rows = grid.rows_of(project_id)
            if len(rows) <= 1 or not row or row - 1 == rows[0] or row - 1 not in rows:
                return project_id, row or (rows[0] + 1 if rows else 0)
            project_id = self._next_id(grid, project, ctx)
            cell = f"{quoted(tab)}!{column_letter(grid.columns['ID'])}{row}"
            body = {"valueInputOption": "RAW", "data": [{"range": cell, "values": [[project_id]]}]}
            self._call(
                lambda body=body: self.http.values_batch_update(self.key, body), t("renumbering")
            )
        return project_id, row

    # --- the Log ----------------------------------------------------------------------------

    def _append_log(
        self, rows: list[tuple[str, ...]], ctx: EditContext, *, after_error: bool = False
    ) -> None:
        if not rows:
            return
        try:
            title, sheet_id = self._log_tab()
            answer = self._append_once(
                f"{quoted(title)}!A:{column_letter(len(LOG_HEADER) - 1)}",
                [list(r) for r in rows],
                "RAW",  # the Log is text: a value like "=1+1" is recorded as typed
                present=lambda: self._log_has(title, rows[0]),
                doing=t("writing the Log"),
            )
            if landed_row(answer) == 1:
                self._put_log_header(title, sheet_id)
        except EditError:
            if after_error:
                return  # the first error is the one the user needs to see
            raise EditError(
                t(
                    "The change was saved, but its Log entry could not be written; the "
                    "sheet's Updated column still shows it."
                )
            ) from None

    def _log_tab(self) -> tuple[str, int]:
        """The Log tab's title and gid, created (empty) when the sheet has none."""
        for refresh in (False, True):
            metadata = self._metadata(refresh)
            title = find_tab([name for name, _ in metadata.tabs], "Log")
            if title is not None:
                return title, metadata.gids[title]
        request = {"addSheet": {"properties": {"title": "Log"}}}
        try:
            answer = self.http.batch_update(self.key, {"requests": [request]})
        except APIError as error:
            if error.response.status_code != HTTPStatus.BAD_REQUEST:
                raise EditError(str(self.source.explain(error))) from None
            metadata = self._metadata(True)  # someone else created it a moment ago
            title = find_tab([name for name, _ in metadata.tabs], "Log")
            if title is None:
                raise EditError(str(self.source.explain(error))) from None
            return title, metadata.gids[title]
        properties = answer["replies"][0]["addSheet"]["properties"]
        self._metadata(True)
        return properties["title"], int(properties.get("sheetId", 0))

    def _put_log_header(self, title: str, sheet_id: int) -> None:
        """The Log's first append landed on row 1: put the header above it."""
        insert = {
            "insertDimension": {
                "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": 0, "endIndex": 1},
                "inheritFromBefore": False,
            }
        }
        self._call(
            lambda: self.http.batch_update(self.key, {"requests": [insert]}), t("the Log header")
        )
        self._call(
            lambda: self.http.values_update(
                self.key,
                f"{quoted(title)}!A1",
                params={"valueInputOption": "RAW"},
                body={"values": [list(LOG_HEADER)]},
            ),
            t("the Log header"),
        )

    def _log_has(self, title: str, row: Sequence[str]) -> bool:
        answer = self._call(
            lambda: self.http.values_get(self.key, f"{quoted(title)}!A:F", _read_params()),
            t("checking the Log"),
        )
        wanted = [str(v) for v in row]
        return any([str(v) for v in r] == wanted for r in answer.get("values", []))

    # --- reading ----------------------------------------------------------------------------

    def _projects_tab(self, ctx: EditContext) -> str:
        if ctx.layout is not None and ctx.layout.tab:
            return ctx.layout.tab
        metadata = self._metadata(False)
        title = find_tab([name for name, _ in metadata.tabs], "Projects")
        if title is None:
            raise EditError(t("The spreadsheet has no Projects tab."))
        return title

    def _read_grid(self, tab: str, ctx: EditContext) -> Grid:
        """The header rows and the ID column, in one values:batchGet."""
        hint = ctx.layout.column_for("ID") if ctx.layout is not None else None
        letter = hint.letter if hint is not None else "A"
        ranges = [f"{quoted(tab)}!1:{HEADER_SEARCH_ROWS}", f"{quoted(tab)}!{letter}:{letter}"]
        answer = self._call(
            lambda: self.http.values_batch_get(self.key, ranges, _read_params()),
            t("reading the sheet"),
        )
        top, column = (vr.get("values", []) for vr in answer.get("valueRanges", []))
        grid = grid_from(top, [r[0] if r else None for r in column], ctx.vocab)
        actual = column_letter(grid.columns["ID"])
        if actual != letter:  # a column was inserted or moved since the data was loaded
            again = self._call(
                lambda: self.http.values_get(
                    self.key, f"{quoted(tab)}!{actual}:{actual}", _read_params()
                ),
                t("reading the sheet"),
            )
            ids = [r[0] if r else None for r in again.get("values", [])]
            grid = Grid(grid.header_index, grid.header, grid.columns, tuple(ids))
        return grid

    def _read_row(self, tab: str, row_number: int) -> list[Any]:
        answer = self._call(
            lambda: self.http.values_get(
                self.key, f"{quoted(tab)}!{row_number}:{row_number}", _read_params()
            ),
            t("reading the project's row"),
        )
        values = answer.get("values", [])
        return list(values[0]) if values else []

    def _metadata(self, refresh: bool):
        try:
            return self.source.metadata(refresh=refresh)
        except SourceError as error:
            raise EditError(str(error)) from None

    # --- requests -----------------------------------------------------------------------------

    def _append_once(
        self,
        target: str,
        rows: list[list[Any]],
        option: str,
        *,
        present: Callable[[], bool],
        doing: str,
    ) -> dict[str, Any] | None:
        """values:append that never adds the rows twice.

        The client does not retry appends on timeouts or server errors, because such an
        append may have gone through. Here, after one, the rows are looked for (for a while,
        as a timed-out request can still land) and the append is repeated only if absent.
        Returns the append's answer, or None when the rows were found after an error.
        """
        params = {"valueInputOption": option, "insertDataOption": "INSERT_ROWS"}
        last_error: BaseException | None = None
        for _ in range(APPEND_ATTEMPTS):
            try:
                return self.http.values_append(self.key, target, params, {"values": rows})
            except (APIError, requests.RequestException) as error:
                if not _ambiguous(error):
                    raise self._failure(error, doing) from None
                last_error = error
            # a server error was answered after the work, a timeout may still be in flight
            settle = 0.0 if isinstance(last_error, APIError) else self.settle_seconds
            if self._appears(present, settle):
                return None
        raise self._failure(last_error, doing) from None

    def _appears(self, present: Callable[[], bool], settle_seconds: float) -> bool:
        deadline = time.monotonic() + settle_seconds
        for _ in range(8):  # bounded: a look now, then a few more within the settle time
            if present():
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(left, max(settle_seconds / 4, 0.05)))
        return present()

    def _call(self, request: Callable[[], Any], doing: str) -> Any:
        try:
            return request()
        except (APIError, requests.RequestException) as error:
            raise self._failure(error, doing) from None

    def _failure(self, error: BaseException | None, doing: str) -> EditError:
        if isinstance(error, APIError):
            return EditError(
                t(
                    "Google Sheets refused {doing}: {reason}",
                    doing=doing,
                    reason=self.source.explain(error),
                )
            )
        return EditError(
            t(
                "Google Sheets did not answer while {doing} (after {n} attempts). Refresh the "
                "data to see what was saved, then try again.",
                doing=doing,
                n=self.source.policy.attempts,
            )
        )


def _utc_today() -> date:
    return datetime.now(UTC).date()

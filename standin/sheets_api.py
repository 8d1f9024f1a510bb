"""A local stand-in for the Google Sheets API v4, for tests, the benchmark and trying the app.

The tracker reads a shared Google Sheet through gspread, but the Sheets API cannot be reached
from the machines the tests run on. This module serves the part of the API that gspread 6.2.1
uses over real HTTP on 127.0.0.1, answering with the shapes recorded from the live API in
standin/reference/sheets-api/, so that the real gspread client (and the project's code on top of
it) can be exercised end to end. Tests can also inject Google's error answers and slow answers.

In-process (pytest)::

    with SheetsStandIn({"Projects": rows}) as standin:
        ...  # point gspread at standin.base_url; standin.fail(429); standin.values("Projects")

Standalone::

    python -m standin --workbook projects.xlsx --port 8765 [--key local]

Deliberate simplifications: formulas are never evaluated (they render as ``#NAME?``), only the
ROWS dimension is supported, dates are formatted ISO style whatever the locale, and routes the
stand-in does not serve answer 404 in Google's error envelope.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import re
import sys
import threading
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import cmp_to_key
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, unquote_plus, urlsplit

import openpyxl

REFERENCE_DIR = Path(__file__).resolve().parent / "reference" / "sheets-api"
HOST = "127.0.0.1"
CONTROL_PREFIX = "/_standin/"
DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26  # the grid Google gives a new sheet
SERIAL_EPOCH = datetime(1899, 12, 30)  # day 0 of Google's (and Excel's) date serials
FORMULA_ERROR = "#NAME?"  # what an unevaluated formula shows
MAX_BODY_BYTES = 10 * 1024 * 1024
POLL_SECONDS = 0.05  # how often serve_forever checks for shutdown: keeps stop() prompt

Json = Any


@dataclass(frozen=True)
class Formula:
    """A cell entered as a formula. The stand-in never evaluates it."""

    text: str


Cell = str | int | float | bool | date | datetime | Formula | None


# --- Google's error answers ---------------------------------------------------------------


def _recorded_error(file_name: str, code: int) -> dict[str, Json]:
    recording = json.loads((REFERENCE_DIR / file_name).read_text(encoding="utf-8"))
    for interaction in recording["interactions"]:
        status = interaction["response"]["status"]
        if (status["code"] if isinstance(status, dict) else status) == code:
            return interaction["response"]["body"]
    raise LookupError(f"{file_name} holds no {code} response")


# Errors with a real recording are answered byte for byte as Google did.
RECORDED_ERRORS: dict[int, dict[str, Json]] = {
    429: _recorded_error("08_errors_429_403_from_gargle.json", 429),
    403: _recorded_error("06_errors_404_403_400.json", 403),
    404: _recorded_error("06_errors_404_403_400.json", 404),
}
_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_GOOGLE_MESSAGES = {
    400: "Request contains an invalid argument.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


class ApiError(Exception):
    """An answer in Google's error envelope; without a message, Google's own wording."""

    def __init__(self, code: int, message: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        if message is None and code in RECORDED_ERRORS:
            self.body = copy.deepcopy(RECORDED_ERRORS[code])
            return
        if message is None:
            message = _GOOGLE_MESSAGES.get(code, HTTPStatus(code).phrase)
        status = _GOOGLE_STATUS.get(code, "UNKNOWN")
        self.body = {"error": {"code": code, "message": message, "status": status}}


class _Invalid(Exception):
    """A spreadsheets:batchUpdate request Google would refuse (the message says why)."""


# --- A1 notation --------------------------------------------------------------------------

_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CELL_LIKE_TITLE = re.compile(r"[A-Za-z]{1,3}\d+|R\d*C\d*", re.IGNORECASE)
_QUOTED_RANGE = re.compile(r"'((?:[^']|'')+)'(?:!(.*))?", re.DOTALL)
# Letters and digits of both corners; the bounds keep ranges inside Google's grid limits.
_CELLS = re.compile(r"([A-Za-z]{0,3})(\d{0,8})(?::([A-Za-z]{0,3})(\d{0,8}))?")


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:  # one pass per letter
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def quote_title(title: str) -> str:
    """A sheet title as Google writes it in a range: quoted unless it is a plain word."""
    if _PLAIN_TITLE.fullmatch(title) and not _CELL_LIKE_TITLE.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def a1(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    """`Sheet1!A1:D2`, or `Sheet1!A1` for one cell (0-based, inclusive corners)."""
    start = f"{column_letters(c0)}{r0 + 1}"
    end = "" if (r0, c0) == (r1, c1) else f":{column_letters(c1)}{r1 + 1}"
    return f"{quote_title(title)}!{start}{end}"


@dataclass(frozen=True)
class Bounds:
    """The cell part of an A1 range, 0-based and inclusive; None runs to the grid's edge."""

    r0: int = 0
    c0: int = 0
    r1: int | None = None
    c1: int | None = None
    single: bool = False  # a lone cell such as A5: a write may spill beyond it

    def clip(self, row_count: int, column_count: int) -> tuple[int, int, int, int]:
        """The corners bounded by the grid, as Google reports ranges (`A:A` → `A1:A10`)."""
        r1 = row_count - 1 if self.r1 is None else min(self.r1, row_count - 1)
        c1 = column_count - 1 if self.c1 is None else min(self.c1, column_count - 1)
        return self.r0, self.c0, max(r1, self.r0), max(c1, self.c0)


def parse_cells(text: str) -> Bounds:
    """`A1:D5`, `A:C`, `A2:2`, `A5`, `A5:Z` → Bounds; ValueError if it is not A1 notation."""
    match = _CELLS.fullmatch(text)
    if match is None:
        raise ValueError(text)
    l0, d0, l1, d1 = match.groups()
    if l1 is None:  # no colon: only a full cell reference is valid
        if not (l0 and d0):
            raise ValueError(text)
        row, column = _row(d0), column_index(l0)
        return Bounds(row, column, row, column, single=True)
    if not (l0 or d0) or not (l1 or d1):
        raise ValueError(text)
    return Bounds(
        r0=_row(d0) if d0 else 0,
        c0=column_index(l0) if l0 else 0,
        r1=_row(d1) if d1 else None,
        c1=column_index(l1) if l1 else None,
    )


def _requested(bounds: Bounds) -> tuple[int, int, int, int]:
    """The corners a range asks for; an open edge asks for nothing beyond its start."""
    r1 = bounds.r0 if bounds.r1 is None else bounds.r1
    c1 = bounds.c0 if bounds.c1 is None else bounds.c1
    return bounds.r0, bounds.c0, r1, c1


def _row(digits: str) -> int:
    if int(digits) < 1:
        raise ValueError(digits)
    return int(digits) - 1


# --- Cell values in and out ---------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")


def _json_number(value: int | float) -> int | float:
    # Google's JSON does not tell 43831 from 43831.0: an integral number is sent as an int.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def typed(value: object) -> Cell:
    """A value stored as given (RAW input, or cells handed to the Python API)."""
    if value is None or value == "":
        return None  # Google has no empty strings: writing "" clears the cell
    if isinstance(value, Formula | str | bool | int | float | date):
        return value
    if isinstance(value, clock_time):
        return value.isoformat()
    return str(value)


def user_entered(value: object) -> Cell:
    """A value as Google parses what a user types (valueInputOption=USER_ENTERED)."""
    if not isinstance(value, str):
        return typed(value)
    if value.startswith("'"):  # the apostrophe forces text and is not stored
        return value[1:] or None
    if value.startswith("="):
        return Formula(value)
    text = value.strip()
    if _NUMBER.fullmatch(text):
        return int(text) if _INTEGER.fullmatch(text) else _json_number(float(text))
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    return _parsed_date(text) or typed(value)


def _parsed_date(text: str) -> date | None:
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _ISO_DATETIME.fullmatch(text):
            return datetime.fromisoformat(text)
    except ValueError:  # 2024-02-30 stays text, as in Google
        pass
    return None


def serial_number(value: date) -> int | float:
    """Days since 1899-12-30; a time of day is the fraction (2020-01-01 → 43831)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, clock_time())
    return _json_number((moment.replace(tzinfo=None) - SERIAL_EPOCH) / timedelta(days=1))


def formatted(cell: Cell) -> str:
    """FORMATTED_VALUE / FORMATTED_STRING text of a stored value."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(_json_number(cell))
    return "" if cell is None else str(cell)


def render(cell: Cell, value_option: str, date_option: str) -> Json:
    """One cell as values.get answers it for the given render options."""
    if isinstance(cell, Formula):
        return cell.text if value_option == "FORMULA" else FORMULA_ERROR
    if cell is None or value_option == "FORMATTED_VALUE":
        return formatted(cell)
    if isinstance(cell, date):
        return serial_number(cell) if date_option == "SERIAL_NUMBER" else formatted(cell)
    return _json_number(cell) if isinstance(cell, float) else cell


def _sort_rank(cell: Cell) -> tuple[int, Any]:
    # Google's ascending order: numbers and dates, then text, then booleans, then errors.
    if isinstance(cell, bool):
        return (2, cell)
    if isinstance(cell, date):
        return (0, serial_number(cell))
    if isinstance(cell, int | float):
        return (0, cell)
    if isinstance(cell, Formula):
        return (3, cell.text)
    return (1, str(cell).casefold())


def _row_order(specs: list[tuple[int, bool]], first_column: int) -> Callable[..., int]:
    """A comparator of row slices for sortRange; blanks sort last in either direction."""

    def compare(a: list[Cell], b: list[Cell]) -> int:
        for column, descending in specs:
            x, y = _at(a, column - first_column), _at(b, column - first_column)
            if x is None or y is None:
                if x is None and y is None:
                    continue
                return 1 if x is None else -1
            rank_x, rank_y = _sort_rank(x), _sort_rank(y)
            if rank_x != rank_y:
                return (1 if rank_x > rank_y else -1) * (-1 if descending else 1)
        return 0

    return compare


def _at(cells: list[Cell], index: int) -> Cell:
    return cells[index] if 0 <= index < len(cells) else None


def _trimmed(cells: list[Cell]) -> list[Cell]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


# --- The spreadsheet ------------------------------------------------------------------------


@dataclass
class Tab:
    """One sheet: ragged stored rows (None = blank) inside a grid of row_count by column_count."""

    title: str
    sheet_id: int
    rows: list[list[Cell]] = field(default_factory=list)
    row_count: int = DEFAULT_ROWS
    column_count: int = DEFAULT_COLUMNS

    def cell(self, r: int, c: int) -> Cell:
        return _at(self.rows[r], c) if r < len(self.rows) else None

    def put(self, r: int, c: int, value: Cell) -> None:
        """Store one value, growing the grid if needed (only appends may: callers check)."""
        if r >= len(self.rows):
            self.rows.extend([] for _ in range(r + 1 - len(self.rows)))
        row = self.rows[r]
        if c >= len(row):
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value
        self.row_count = max(self.row_count, r + 1)
        self.column_count = max(self.column_count, c + 1)

    def block(self, r0: int, c0: int, r1: int, c1: int) -> list[list[Cell]]:
        """The area's rows with trailing blank cells and trailing blank rows left out."""
        rows = [_trimmed(row[c0 : c1 + 1]) for row in self.rows[r0 : r1 + 1]]
        while rows and not rows[-1]:
            rows.pop()
        return rows

    def extent(self, r0: int, c0: int, r1: int, c1: int) -> tuple[int, int, int, int] | None:
        """Corners of the non-blank cells inside the area, or None if it is all blank."""
        filled = [
            (r, c)
            for r, row in enumerate(self.rows[r0 : r1 + 1], start=r0)
            for c, value in enumerate(row[c0 : c1 + 1], start=c0)
            if value is not None
        ]
        if not filled:
            return None
        rows, columns = [r for r, _ in filled], [c for _, c in filled]
        return min(rows), min(columns), max(rows), max(columns)

    def insert_rows(self, at: int, count: int) -> None:
        self.rows[at:at] = [[] for _ in range(count)]
        self.row_count += count

    def delete_rows(self, start: int, end: int) -> None:
        del self.rows[start:end]
        self.row_count -= end - start

    def sort_rows(self, grid: dict[str, int], specs: list[tuple[int, bool]]) -> None:
        """sortRange: reorder the area's rows; cells outside its columns stay put."""
        r0 = grid.get("startRowIndex", 0)
        # Rows past the stored ones are blank and would sort last anyway: leave them be.
        r1 = min(grid.get("endRowIndex", self.row_count), len(self.rows))
        c0 = grid.get("startColumnIndex", 0)
        width = max((len(row) for row in self.rows[r0:r1]), default=0)
        c1 = min(grid.get("endColumnIndex", self.column_count), width)
        block = [[self.cell(r, c) for c in range(c0, c1)] for r in range(r0, r1)]
        block.sort(key=cmp_to_key(_row_order(specs, c0)))
        for r, cells in enumerate(block, start=r0):
            for c, value in enumerate(cells, start=c0):
                self.put(r, c, value)


def _beyond_grid(tab: Tab, r0: int, c0: int, r1: int, c1: int) -> ApiError:
    # Google's wording, quoted from a real answer (googleapis/sloth#1096).
    return ApiError(
        400,
        f"Range ({a1(tab.title, r0, c0, r1, c1)}) exceeds grid limits. "
        f"Max rows: {tab.row_count}, max columns: {tab.column_count}",
    )


def _check_inside_grid(tab: Tab, r0: int, c0: int, r1: int, c1: int) -> None:
    """Reads and fixed-range writes beyond the grid are refused; Google never clips or grows."""
    if r1 >= tab.row_count or c1 >= tab.column_count:
        raise _beyond_grid(tab, r0, c0, r1, c1)


def components(tab: Tab, r0: int, c0: int, r1: int, c1: int) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the groups of touching non-blank cells (side by side or one above the
    other) that have a cell inside the area; each box is (top, left, bottom, right)."""
    filled = {
        (r, c) for r, row in enumerate(tab.rows) for c, value in enumerate(row) if value is not None
    }
    boxes, seen = [], set()
    for start in sorted(filled):
        if start in seen or not (r0 <= start[0] <= r1 and c0 <= start[1] <= c1):
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:  # bounded: each filled cell is visited once
            r, c = stack.pop()
            group.append((r, c))
            for near in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if near in filled and near not in seen:
                    seen.add(near)
                    stack.append(near)
        rows, columns = [r for r, _ in group], [c for _, c in group]
        boxes.append((min(rows), min(columns), max(rows), max(columns)))
    return boxes


def append_table(tab: Tab, r0: int, c0: int, r1: int, c1: int) -> tuple[int, int, int, int] | None:
    """The "table" values.append writes below, as Google guesses it.

    Google's reference says only that values are appended "to the next row of the table,
    starting with the first column of the table" (spreadsheets.values/append). The recording
    in file 09 pins the guess down: after a first row `[x, "", y]`, an append to the whole
    tab landed at C2 (tableRange C1), an append to A1 at A2 (tableRange A1). Modelled here as:
    the groups of touching cells that reach into the given range, and of those the one that
    ends lowest (the rightmost on a tie).
    """
    boxes = components(tab, r0, c0, r1, c1)
    return max(boxes, key=lambda box: (box[2], box[1])) if boxes else None


@dataclass(frozen=True)
class _Written:
    """Where a block of values landed: the update response and the batch totals."""

    tab: Tab
    row: int
    column: int
    rows: int
    columns: int
    cells: int

    def response(self, key: str) -> dict[str, Json]:
        if not self.cells:
            return {"spreadsheetId": key}
        r1, c1 = self.row + self.rows - 1, self.column + self.columns - 1
        return {
            "spreadsheetId": key,
            "updatedRange": a1(self.tab.title, self.row, self.column, r1, c1),
            "updatedRows": self.rows,
            "updatedColumns": self.columns,
            "updatedCells": self.cells,
        }


def _totals(written: list[_Written]) -> dict[str, int]:
    # Google counts distinct rows and columns: two cells of one row are one updated row.
    rows = {(w.tab.sheet_id, r) for w in written for r in range(w.row, w.row + w.rows)}
    columns = {(w.tab.sheet_id, c) for w in written for c in range(w.column, w.column + w.columns)}
    return {
        "totalUpdatedRows": len(rows),
        "totalUpdatedColumns": len(columns),
        "totalUpdatedCells": sum(w.cells for w in written),
        "totalUpdatedSheets": len({w.tab.sheet_id for w in written if w.cells}),
    }


def _stable_sheet_id(title: str, taken: set[int]) -> int:
    """A non-zero gid derived from the title, so runs (and tests) see the same gids."""
    candidate = zlib.crc32(title.encode("utf-8")) & 0x7FFFFFFF or 1
    for _ in range(len(taken) + 1):  # at most len(taken) candidates can collide
        if candidate not in taken:
            break
        candidate = candidate % 0x7FFFFFFF + 1
    return candidate


class Workbook:
    """The spreadsheet's state and the API's operations on it (no HTTP, no locking)."""

    _REQUEST_KINDS: ClassVar[dict[str, str]] = {
        "addSheet": "_add_sheet",
        "insertDimension": "_insert_dimension",
        "deleteDimension": "_delete_dimension",
        "sortRange": "_sort_range",
        "appendDimension": "_append_dimension",
        "appendCells": "_append_cells",
    }

    def __init__(self, key: str, title: str) -> None:
        self.key = key
        self.title = title
        self.tabs: list[Tab] = []

    def find(self, title: str) -> Tab | None:
        # Google matches sheet names in ranges without regard to case.
        wanted = title.casefold()
        return next((tab for tab in self.tabs if tab.title.casefold() == wanted), None)

    def tab(self, title: str) -> Tab:
        found = self.find(title)
        if found is None:
            raise KeyError(title)
        return found

    def add_tab(
        self,
        title: str,
        rows: list[list[object]],
        *,
        row_count: int = DEFAULT_ROWS,
        column_count: int = DEFAULT_COLUMNS,
        index: int | None = None,
    ) -> Tab:
        taken = {tab.sheet_id for tab in self.tabs}
        sheet_id = _stable_sheet_id(title, taken) if self.tabs else 0  # the first gid is 0
        tab = Tab(title, sheet_id)
        self.replace_rows(tab, rows)
        tab.row_count = max(tab.row_count, row_count)
        tab.column_count = max(tab.column_count, column_count)
        self.tabs.insert(len(self.tabs) if index is None else index, tab)
        return tab

    @staticmethod
    def replace_rows(tab: Tab, rows: list[list[object]]) -> None:
        tab.rows = [[typed(value) for value in row] for row in rows]
        tab.row_count = len(tab.rows)
        tab.column_count = max(map(len, tab.rows), default=0)

    def metadata(self) -> dict[str, Json]:
        return {
            "spreadsheetId": self.key,
            "properties": {
                "title": self.title,
                "locale": "en_US",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Asia/Ho_Chi_Minh",
            },
            "sheets": [{"properties": self._properties(tab)} for tab in self.tabs],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit",
        }

    def _properties(self, tab: Tab) -> dict[str, Json]:
        return {
            "sheetId": tab.sheet_id,
            "title": tab.title,
            "index": self.tabs.index(tab),
            "sheetType": "GRID",
            "gridProperties": {"rowCount": tab.row_count, "columnCount": tab.column_count},
        }

    def resolve(self, text: str) -> tuple[Tab, Bounds]:
        """The tab and cells an A1 range names; 400 as Google words it if it names none."""
        try:
            tab, cells = self._locate(text)
            return tab, Bounds() if cells is None else parse_cells(cells)
        except (KeyError, ValueError):
            raise ApiError(400, f"Unable to parse range: {text}") from None

    def _locate(self, text: str) -> tuple[Tab, str | None]:
        quoted = _QUOTED_RANGE.fullmatch(text)
        if quoted:
            return self.tab(quoted[1].replace("''", "'")), quoted[2]
        whole_tab = self.find(text)  # a bare title wins over a cell reference
        if whole_tab is not None:
            return whole_tab, None
        title, bang, cells = text.rpartition("!")
        return (self.tab(title), cells) if bang else (self.tabs[0], text)

    def read(self, text: str, value_option: str, date_option: str) -> dict[str, Json]:
        tab, bounds = self.resolve(text)
        _check_inside_grid(tab, *_requested(bounds))
        corners = bounds.clip(tab.row_count, tab.column_count)
        answer: dict[str, Json] = {"range": a1(tab.title, *corners), "majorDimension": "ROWS"}
        rows = tab.block(*corners)
        if rows:  # Google leaves the key out altogether for an empty range
            answer["values"] = [[render(c, value_option, date_option) for c in r] for r in rows]
        return answer

    def write(self, text: str, values: list[list[Json]], entered: bool) -> _Written:
        tab, bounds = self.resolve(text)
        _check_fits(text, bounds, values)
        width = max(map(len, values), default=1)
        last_row, last_column = bounds.r0 + max(len(values), 1) - 1, bounds.c0 + width - 1
        _check_inside_grid(tab, bounds.r0, bounds.c0, last_row, last_column)
        return _put_block(tab, bounds.r0, bounds.c0, values, entered)

    def write_many(self, data: list[Json], entered: bool) -> dict[str, Json]:
        if not all(isinstance(item, dict) for item in data):
            raise ApiError(400, "Invalid JSON payload received. Each data item must be an object.")
        written = [self.write(item.get("range", ""), _values_of(item), entered) for item in data]
        return {
            "spreadsheetId": self.key,
            **_totals(written),
            "responses": [w.response(self.key) for w in written],
        }

    def append(
        self, text: str, values: list[list[Json]], entered: bool, insert_rows: bool
    ) -> dict[str, Json]:
        """values.append: below the table Google finds from the range (see `append_table`).

        The grid grows as needed: "adding data to the end of the sheet will still insert new
        rows or columns so the data can be written" (InsertDataOption reference).
        """
        tab, bounds = self.resolve(text)
        _check_inside_grid(tab, *_requested(bounds))
        r0, c0, r1, c1 = bounds.clip(tab.row_count, tab.column_count)
        table = append_table(tab, r0, c0, r1, c1)
        row, column = (table[2] + 1, table[1]) if table else (r0, c0)
        if insert_rows:
            tab.insert_rows(row, len(values))
        written = _put_block(tab, row, column, values, entered)
        answer: dict[str, Json] = {"spreadsheetId": self.key}
        if table:
            answer["tableRange"] = a1(tab.title, *table)
        answer["updates"] = written.response(self.key)
        return answer

    def clear(self, text: str) -> dict[str, Json]:
        """values.clear: blank the range's values (the grid and the tab stay)."""
        tab, bounds = self.resolve(text)
        _check_inside_grid(tab, *_requested(bounds))
        r0, c0, r1, c1 = bounds.clip(tab.row_count, tab.column_count)
        for row in tab.rows[r0 : r1 + 1]:
            for c in range(c0, min(c1 + 1, len(row))):
                row[c] = None
        return {"spreadsheetId": self.key, "clearedRange": a1(tab.title, r0, c0, r1, c1)}

    def batch_update(self, requests: list[Json]) -> dict[str, Json]:
        replies = [self._apply(i, request) for i, request in enumerate(requests)]
        return {"spreadsheetId": self.key, "replies": replies}

    def _apply(self, i: int, request: Json) -> dict[str, Json]:
        if not isinstance(request, dict) or len(request) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one request kind must be set.")
        ((kind, params),) = request.items()
        if kind not in self._REQUEST_KINDS:
            raise ApiError(
                400,
                f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': "
                "Cannot find field.",
            )
        try:
            return getattr(self, self._REQUEST_KINDS[kind])(params)
        except _Invalid as exc:
            raise ApiError(400, f"Invalid requests[{i}].{kind}: {exc}") from None

    def _add_sheet(self, params: dict[str, Json]) -> dict[str, Json]:
        properties = params.get("properties", {})
        title = properties.get("title") or self._free_title()
        if self.find(title):
            raise _Invalid(
                f'A sheet with the name "{title}" already exists. Please enter another name.'
            )
        grid = properties.get("gridProperties", {})
        wanted_id = properties.get("sheetId")
        if wanted_id is not None and any(tab.sheet_id == wanted_id for tab in self.tabs):
            raise _Invalid(f"A sheet with the id {wanted_id} already exists.")
        tab = self.add_tab(
            title,
            [],
            row_count=grid.get("rowCount", DEFAULT_ROWS),
            column_count=grid.get("columnCount", DEFAULT_COLUMNS),
            index=properties.get("index"),
        )
        if wanted_id is not None:
            tab.sheet_id = int(wanted_id)
        return {"addSheet": {"properties": self._properties(tab)}}

    def _free_title(self) -> str:
        number = len(self.tabs) + 1
        while self.find(f"Sheet{number}"):  # bounded: at most len(tabs) titles are taken
            number += 1
        return f"Sheet{number}"

    def _insert_dimension(self, params: dict[str, Json]) -> dict[str, Json]:
        tab, start, end = self._row_span(params.get("range", {}))
        if start > tab.row_count:
            raise _Invalid(f"startIndex {start} is past the grid's {tab.row_count} rows.")
        tab.insert_rows(start, end - start)
        return {}

    def _delete_dimension(self, params: dict[str, Json]) -> dict[str, Json]:
        tab, start, end = self._row_span(params.get("range", {}))
        if end > tab.row_count:
            raise _Invalid(f"endIndex {end} is past the grid's {tab.row_count} rows.")
        if end - start >= tab.row_count:
            raise _Invalid("You can't delete all the rows on the sheet.")
        tab.delete_rows(start, end)
        return {}

    def _append_dimension(self, params: dict[str, Json]) -> dict[str, Json]:
        """Grow the grid by `length` rows or columns at its end."""
        length = params.get("length", 0)
        if not isinstance(length, int) or length < 1:
            raise _Invalid("length must be a positive number.")
        tab = self._tab_by_id(params.get("sheetId", 0))
        dimension = params.get("dimension")
        if dimension == "ROWS":
            tab.row_count += length
        elif dimension == "COLUMNS":
            tab.column_count += length
        else:
            raise _Invalid("dimension must be ROWS or COLUMNS.")
        return {}

    def _append_cells(self, params: dict[str, Json]) -> dict[str, Json]:
        """appendCells: "Adds new cells after the last row with data in a sheet, inserting new
        rows into the sheet if necessary" (AppendCellsRequest reference). The rows start in
        the first column whatever the sheet holds: no table is guessed. The reply is empty."""
        if not params.get("fields"):
            raise _Invalid("At least one field must be specified in 'fields'.")
        tab = self._tab_by_id(params.get("sheetId", 0))
        rows = [_row_cells(row) for row in params.get("rows", [])]
        width = max(map(len, rows), default=0)
        if width > tab.column_count:
            # Google's reference is silent here; the stand-in refuses, so writers make room.
            raise _Invalid(
                f"The rows are {width} cells wide but the sheet has {tab.column_count} columns."
            )
        start = max(
            (r + 1 for r, row in enumerate(tab.rows) if any(v is not None for v in row)),
            default=0,
        )
        for r, cells in enumerate(rows, start=start):
            for c, value in enumerate(cells):
                if value is not None:
                    tab.put(r, c, value)
        tab.row_count = max(tab.row_count, start + len(rows))
        return {}

    def _sort_range(self, params: dict[str, Json]) -> dict[str, Json]:
        grid = params.get("range", {})
        specs = [
            (spec.get("dimensionIndex", 0), spec.get("sortOrder") == "DESCENDING")
            for spec in params.get("sortSpecs", [])
        ]
        self._tab_by_id(grid.get("sheetId", 0)).sort_rows(grid, specs)
        return {}

    def _row_span(self, span: dict[str, Json]) -> tuple[Tab, int, int]:
        # Google's JSON leaves out zero values, so a missing sheetId or startIndex means 0.
        if span.get("dimension") != "ROWS":
            raise _Invalid("the stand-in supports only the ROWS dimension.")
        start, end = span.get("startIndex", 0), span.get("endIndex", 0)
        if not 0 <= start < end:
            raise _Invalid(f"startIndex {start} must be less than endIndex {end}.")
        return self._tab_by_id(span.get("sheetId", 0)), start, end

    def _tab_by_id(self, sheet_id: int) -> Tab:
        found = next((tab for tab in self.tabs if tab.sheet_id == sheet_id), None)
        if found is None:
            raise _Invalid(f"No grid with id: {sheet_id}")
        return found


def _check_fits(text: str, bounds: Bounds, values: list[list[Json]]) -> None:
    # A write may spill beyond a lone cell or an open edge, never beyond an explicit corner.
    if bounds.single:
        return
    width = max(map(len, values), default=0)
    if bounds.r1 is not None and bounds.r0 + len(values) - 1 > bounds.r1:
        raise ApiError(
            400,
            f"Requested writing within range [{text}], but tried writing to row [{bounds.r1 + 2}]",
        )
    if bounds.c1 is not None and bounds.c0 + width - 1 > bounds.c1:
        raise ApiError(
            400,
            f"Requested writing within range [{text}], but tried writing to column "
            f"[{column_letters(bounds.c1 + 1)}]",
        )


def _put_block(tab: Tab, r0: int, c0: int, values: list[list[Json]], entered: bool) -> _Written:
    convert = user_entered if entered else typed
    for r, row in enumerate(values, start=r0):
        for c, value in enumerate(row, start=c0):
            if value is not None:  # Google skips nulls: the cell keeps its value
                tab.put(r, c, convert(value))
    width = max(map(len, values), default=0)
    return _Written(tab, r0, c0, len(values), width, sum(map(len, values)))


_DATE_TYPES = ("DATE", "DATE_TIME")


def _row_cells(row: Json) -> list[Cell]:
    """A RowData's cells as stored values: a userEnteredValue is stored as given (a
    stringValue is text even when it starts with "="), a number with a date format is a date."""
    cells: list[Cell] = []
    for data in (row or {}).get("values", []):
        entered = data.get("userEnteredValue") or {}
        number_format = ((data.get("userEnteredFormat") or {}).get("numberFormat")) or {}
        if "stringValue" in entered:
            cells.append(typed(entered["stringValue"]))
        elif "numberValue" in entered:
            number = entered["numberValue"]
            if number_format.get("type") in _DATE_TYPES:
                moment = SERIAL_EPOCH + timedelta(days=number)
                cells.append(moment.date() if moment.time() == clock_time() else moment)
            else:
                cells.append(_json_number(number))
        elif "boolValue" in entered:
            cells.append(bool(entered["boolValue"]))
        elif "formulaValue" in entered:
            cells.append(Formula(entered["formulaValue"]))
        else:
            cells.append(None)
    return cells


def _values_of(body: dict[str, Json]) -> list[list[Json]]:
    """The `values` of a request body, refused as Google refuses a non-2D array."""
    values = body.get("values") or []
    rows = values if isinstance(values, list) else [values]
    bad = next((row for row in rows if not isinstance(row, list)), None)
    if bad is not None:
        raise ApiError(
            400,
            "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), "
            + json.dumps(bad),
        )
    return values


def _option(value: str | None, name: str, allowed: tuple[str, ...]) -> str:
    """A query/body enum, defaulting to allowed[0]; unknown values refused in Google's words."""
    if value is None:
        return allowed[0]
    if value not in allowed:
        field_name = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        enum = name[0].upper() + name[1:]
        raise ApiError(
            400,
            f"Invalid value at '{field_name}' "
            f'(type.googleapis.com/google.apps.sheets.v4.{enum}), "{value}"',
        )
    return value


def _input_is_user_entered(value: str | None) -> bool:
    if value is None:
        raise ApiError(400, "'valueInputOption' is required but not specified")
    return _option(value, "valueInputOption", ("RAW", "USER_ENTERED")) == "USER_ENTERED"


def _first(query: dict[str, list[str]], name: str) -> str | None:
    return query[name][0] if query.get(name) else None


def _render_options(query: dict[str, list[str]]) -> tuple[str, str]:
    _option(_first(query, "majorDimension"), "majorDimension", ("ROWS",))
    return (
        _option(
            _first(query, "valueRenderOption"),
            "valueRenderOption",
            ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"),
        ),
        _option(
            _first(query, "dateTimeRenderOption"),
            "dateTimeRenderOption",
            ("SERIAL_NUMBER", "FORMATTED_STRING"),
        ),
    )


# --- Workbook files ----------------------------------------------------------------------


def read_workbook(path: Path) -> dict[str, list[list[object]]]:
    """Every tab of an .xlsx (cached values, not formulas), or a .csv as the tab "Projects"."""
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # Importing a CSV into Google Sheets parses it the way typing does.
            return {"Projects": [[user_entered(v) for v in row] for row in csv.reader(handle)]}
    book = openpyxl.load_workbook(path, data_only=True)
    try:
        return {
            sheet.title: [
                [_from_excel(v) for v in row] for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def _from_excel(value: object) -> object:
    # openpyxl hands every date cell over as a datetime; a midnight one was a plain date.
    if isinstance(value, datetime) and value.time() == clock_time():
        return value.date()
    return value


# --- The server ----------------------------------------------------------------------------

_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"/v4/spreadsheets/([^/:]+)"), "_spreadsheets_get"),
    ("POST", re.compile(r"/v4/spreadsheets/([^/:]+):batchUpdate"), "_batch_update"),
    ("GET", re.compile(r"/v4/spreadsheets/([^/:]+)/values:batchGet"), "_values_batch_get"),
    ("POST", re.compile(r"/v4/spreadsheets/([^/:]+)/values:batchUpdate"), "_values_batch_update"),
    ("POST", re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+):append"), "_values_append"),
    ("POST", re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+):clear"), "_values_clear"),
    ("GET", re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+)"), "_values_get"),
    ("PUT", re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+)"), "_values_update"),
]


@dataclass
class _Rule:
    """An injected fault (value = HTTP status) or delay (value = seconds)."""

    match: str
    remaining: int  # -1: until clear_faults()
    value: float
    after: bool = False  # fires once the request has been applied


@dataclass
class _RawAnswer(_Rule):
    """An injected answer sent byte for byte (value = HTTP status): what a proxy, a captive
    portal or a broken connection gives instead of the API's JSON."""

    body: bytes = b""
    content_type: str = "application/json; charset=UTF-8"
    length: int | None = None  # Content-Length to announce; more than len(body) cuts it off


def _take(rules: list[_Rule], target: str) -> _Rule | None:
    """The first rule matching the request, used up by one."""
    for rule in rules:
        if rule.match in target:
            if rule.remaining > 0:
                rule.remaining -= 1
                if rule.remaining == 0:
                    rules.remove(rule)
            return rule
    return None


def _new_rule(match: str, times: int, value: float, after: bool = False) -> _Rule:
    if times != -1 and times < 1:
        raise ValueError("times must be a positive count, or -1 for until clear_faults()")
    return _Rule(match, times, value, after)


def _decode_json(raw: bytes) -> tuple[Json, ApiError | None]:
    if not raw:
        return None, None
    try:
        return json.loads(raw), None
    except ValueError as exc:
        return None, ApiError(400, f"Invalid JSON payload received. {exc}")


@dataclass(frozen=True)
class _Call:
    """One API request as the stand-in sees it."""

    method: str
    path: str  # as sent, still percent-encoded
    query: dict[str, list[str]]
    body: Json
    body_error: ApiError | None
    target: str  # what fault and delay rules match against

    @classmethod
    def parse(cls, method: str, raw_path: str, raw_body: bytes) -> _Call:
        url = urlsplit(raw_path)
        body, body_error = _decode_json(raw_body)
        if body is not None and not isinstance(body, dict):
            body, body_error = None, ApiError(400, "Invalid JSON payload received.")
        # Rules match the path+query both as sent and decoded (`'Projects'!A1`, not %27…),
        # and the body as compact JSON (`"appendCells":{"sheetId":0` picks one tab's appends).
        compact = json.dumps(body, ensure_ascii=False, separators=(",", ":")) if body else ""
        target = f"{raw_path}\n{unquote(url.path)}?{unquote_plus(url.query)}\n{compact}"
        query = parse_qs(url.query, keep_blank_values=True)
        return cls(method, url.path, query, body, body_error, target)

    def log_entry(self, status: int) -> dict[str, Json]:
        return {
            "method": self.method,
            "path": unquote(self.path),
            "query": self.query,
            "body": self.body,
            "status": status,
        }


class SheetsStandIn:
    """The Sheets API v4 for one spreadsheet, served on 127.0.0.1 from a daemon thread."""

    def __init__(
        self,
        tabs: dict[str, list[list[object]]],
        *,
        key: str = "local",
        lifetime_seconds: float = 600,
        title: str = "Joint productions",
    ) -> None:
        self.key = key
        self.lifetime_seconds = lifetime_seconds
        self._book = Workbook(key, title)
        for tab_title, rows in (tabs or {"Sheet1": []}).items():  # a spreadsheet has a tab
            self._book.add_tab(tab_title, rows)
        self._lock = threading.Lock()  # guards the workbook, the log and the rules
        self._log: list[dict[str, Json]] = []
        self._faults: list[_Rule] = []
        self._delays: list[_Rule] = []
        self._stopped = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self._port: int | None = None

    @classmethod
    def from_workbook(cls, path: str | Path, **kw: Any) -> SheetsStandIn:
        """A stand-in holding an .xlsx's tabs (dates stay dates) or a .csv as "Projects"."""
        return cls(read_workbook(Path(path)), **kw)

    # lifecycle

    def start(self, port: int = 0) -> SheetsStandIn:
        """Serve on 127.0.0.1:port (0 picks a free port) until stop() or the lifetime ends."""
        with self._lock:
            if self._port is not None:
                raise RuntimeError("a stand-in can be started only once")
            self._server = _Server((HOST, port), self)
            self._port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_SECONDS},
            name=f"sheets-standin-{self._port}",
            daemon=True,
        )
        self._thread.start()
        self._timer = threading.Timer(self.lifetime_seconds, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        """Stop serving; returns promptly, even while delayed requests are waiting."""
        with self._lock:
            server, self._server = self._server, None
        if server is None:
            return
        self._stopped.set()  # wakes delayed requests
        if self._timer is not None:
            self._timer.cancel()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def wait_until_stopped(self, timeout: float) -> bool:
        """Block until stop() or the lifetime's end; False if timeout came first."""
        return self._stopped.wait(timeout)

    def __enter__(self) -> SheetsStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the stand-in has not been started")
        return self._port

    @property
    def base_url(self) -> str:
        """Replaces https://sheets.googleapis.com/v4/spreadsheets in the client's URLs."""
        return f"http://{HOST}:{self.port}/v4/spreadsheets"

    # test controls

    @property
    def requests(self) -> list[dict[str, Json]]:
        """Copies of the API requests answered so far (control requests are not logged)."""
        with self._lock:
            return copy.deepcopy(self._log)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()

    def fail(self, status: int, *, times: int = 1, match: str = "", after: bool = False) -> None:
        """Answer the next `times` requests whose path, query or body contains `match` with
        `status`.

        With `after`, the request is applied first and then answered with the error: Google
        can fail a request it has already carried out, and a retry then repeats it.
        """
        if not 400 <= HTTPStatus(status) <= 599:  # HTTPStatus refuses unknown codes
            raise ValueError(f"{status} is not an HTTP error status")
        with self._lock:
            self._faults.append(_new_rule(match, times, status, after))

    def answer_raw(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json; charset=UTF-8",
        length: int | None = None,
        times: int = 1,
        match: str = "",
    ) -> None:
        """Answer the next `times` matching requests with `status` and exactly `body` (HTML with
        200, invalid JSON, an empty body, a JSON array...). A `length` above len(body) announces
        more than is sent: the connection closes mid-body, as a cut-off answer does."""
        HTTPStatus(status)  # refuses unknown codes
        rule = _new_rule(match, times, status)
        with self._lock:
            self._faults.append(
                _RawAnswer(
                    rule.match,
                    rule.remaining,
                    status,
                    body=body,
                    content_type=content_type,
                    length=length,
                )
            )

    def delay(
        self, seconds: float, *, times: int = 1, match: str = "", after: bool = False
    ) -> None:
        """Hold the next `times` matching requests for `seconds`, then carry them out and
        answer: held past the client's timeout, such a request lands after the client gave up.

        With `after`, the request is carried out at once and only its answer is held: the
        change is made, yet the client times out.
        """
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._delays.append(_new_rule(match, times, seconds, after))

    def clear_faults(self) -> None:
        """Drop every injected fault and delay."""
        with self._lock:
            self._faults.clear()
            self._delays.clear()

    def values(self, tab: str) -> list[list[object]]:
        """Stored typed values, blanks inside as "", trailing blanks left out."""
        with self._lock:
            sheet = self._book.tab(tab)
            rows = sheet.block(0, 0, sheet.row_count - 1, sheet.column_count - 1)
            return [["" if cell is None else cell for cell in row] for row in rows]

    def formula_cells(self, tab: str) -> list[tuple[int, int, str]]:
        """(row, column, text), 0-based, of every cell stored as a formula."""
        with self._lock:
            return [
                (r, c, cell.text)
                for r, row in enumerate(self._book.tab(tab).rows)
                for c, cell in enumerate(row)
                if isinstance(cell, Formula)
            ]

    def set_tab(self, tab: str, rows: list[list[object]]) -> None:
        """Replace a tab's cells (keeping its gid), or add the tab."""
        with self._lock:
            existing = self._book.find(tab)
            if existing is None:
                self._book.add_tab(tab, rows)
                return
            row_count, column_count = existing.row_count, existing.column_count
            self._book.replace_rows(existing, rows)
            existing.row_count = max(existing.row_count, row_count)
            existing.column_count = max(existing.column_count, column_count)

    def resize(self, tab: str, rows: int, columns: int) -> None:
        """Set a tab's grid (someone deleting the empty rows and columns in the browser)."""
        with self._lock:
            sheet = self._book.tab(tab)
            stored = max((len(r) for r in sheet.rows), default=0)
            if rows < len(sheet.rows) or columns < stored:
                raise ValueError("the grid cannot be smaller than the cells it holds")
            sheet.row_count, sheet.column_count = rows, columns

    def rename_tab(self, old: str, new: str) -> None:
        """Rename a tab, keeping its gid (someone renaming it in the browser)."""
        with self._lock:
            tab = self._book.tab(old)
            if self._book.find(new) not in (None, tab):
                raise ValueError(f"a tab named {new!r} already exists")
            tab.title = new

    # answering (called from the server's handler threads)

    def _answer(self, method: str, raw_path: str, raw_body: bytes) -> tuple[int, Json]:
        path = urlsplit(raw_path).path
        if path.startswith(CONTROL_PREFIX):
            return self._control(method, path.removeprefix(CONTROL_PREFIX), raw_body)
        call = _Call.parse(method, raw_path, raw_body)
        status, payload = self._serve(call)
        with self._lock:
            self._log.append(call.log_entry(status))
        return status, payload

    def _serve(self, call: _Call) -> tuple[int, Json]:
        with self._lock:
            delay = _take(self._delays, call.target)
        if delay is not None and not delay.after:
            self._stopped.wait(delay.value)  # sleeps outside the lock; cut short by stop()
        with self._lock:
            fault = _take(self._faults, call.target)
        if isinstance(fault, _RawAnswer):
            return int(fault.value), fault  # _Handler._send writes it as it is
        answer = self._carry_out(call, fault)
        if fault is not None and fault.after:
            answer = int(fault.value), ApiError(int(fault.value)).body
        if delay is not None and delay.after:
            self._stopped.wait(delay.value)  # the change is made; only the answer is late
        return answer

    def _carry_out(self, call: _Call, fault: _Rule | None) -> tuple[int, Json]:
        try:
            if fault is not None and not fault.after:
                raise ApiError(int(fault.value))
            if call.body_error is not None:
                raise call.body_error
            return 200, self._route(call.method, call.path, call.query, call.body or {})
        except ApiError as exc:
            return exc.code, exc.body
        except Exception as exc:  # a stand-in bug: say so instead of dropping the connection
            traceback.print_exc()
            return 500, ApiError(500, f"Stand-in error: {exc!r}").body

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: dict[str, Json]
    ) -> Json:
        for verb, pattern, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match and verb == method:
                key, *rest = (unquote(group) for group in match.groups())
                if key != self.key:
                    raise ApiError(404)
                return getattr(self, name)(*rest, query=query, body=body)
        raise ApiError(404, f"The stand-in does not serve {method} {unquote(path)}")

    def _spreadsheets_get(self, *, query: dict[str, list[str]], body: Json) -> Json:
        # `fields` and `includeGridData` are ignored: the answer is always the metadata.
        with self._lock:
            return self._book.metadata()

    def _values_get(self, text: str, *, query: dict[str, list[str]], body: Json) -> Json:
        options = _render_options(query)
        with self._lock:
            return self._book.read(text, *options)

    def _values_batch_get(self, *, query: dict[str, list[str]], body: Json) -> Json:
        options = _render_options(query)
        with self._lock:
            ranges = [self._book.read(text, *options) for text in query.get("ranges", [])]
        return {"spreadsheetId": self.key, "valueRanges": ranges}

    def _values_update(self, text: str, *, query: dict[str, list[str]], body: Json) -> Json:
        entered = _input_is_user_entered(_first(query, "valueInputOption"))
        _option(body.get("majorDimension"), "majorDimension", ("ROWS",))
        values = _values_of(body)
        return self._change(lambda book: book.write(text, values, entered).response(self.key))

    def _values_batch_update(self, *, query: dict[str, list[str]], body: Json) -> Json:
        entered = _input_is_user_entered(body.get("valueInputOption"))
        data = body.get("data", [])
        return self._change(lambda book: book.write_many(data, entered))

    def _values_append(self, text: str, *, query: dict[str, list[str]], body: Json) -> Json:
        entered = _input_is_user_entered(_first(query, "valueInputOption"))
        inserting = _option(
            _first(query, "insertDataOption"), "insertDataOption", ("OVERWRITE", "INSERT_ROWS")
        )
        values = _values_of(body)
        return self._change(
            lambda book: book.append(text, values, entered, inserting == "INSERT_ROWS")
        )

    def _values_clear(self, text: str, *, query: dict[str, list[str]], body: Json) -> Json:
        return self._change(lambda book: book.clear(text))

    def _batch_update(self, *, query: dict[str, list[str]], body: Json) -> Json:
        requests = body.get("requests", [])
        return self._change(lambda book: book.batch_update(requests))

    def _change(self, change: Callable[[Workbook], Json]) -> Json:
        """Apply a change to a copy and keep it only if it all succeeds: Google's requests
        are atomic, so a refused batch leaves the spreadsheet as it was."""
        with self._lock:
            draft = copy.deepcopy(self._book)
            answer = change(draft)
            self._book = draft
        return answer

    def _control(self, method: str, action: str, raw_body: bytes) -> tuple[int, Json]:
        control = _CONTROLS.get((method, action))
        if control is None:
            return 404, ApiError(404, f"No stand-in control {method} {action}").body
        body, _ = _decode_json(raw_body)
        try:
            result = control(self, body if isinstance(body, dict) else {})
        except (KeyError, TypeError, ValueError) as exc:
            return 400, ApiError(400, f"Bad stand-in control request: {exc!r}").body
        return 200, {} if result is None else result


_CONTROLS: dict[tuple[str, str], Callable[[SheetsStandIn, dict[str, Json]], Json]] = {
    ("GET", "requests"): lambda standin, _: standin.requests,
    ("DELETE", "requests"): lambda standin, _: standin.clear_requests(),
    ("POST", "fail"): lambda standin, body: standin.fail(
        int(body["status"]),
        times=int(body.get("times", 1)),
        match=str(body.get("match", "")),
        after=bool(body.get("after", False)),
    ),
    ("POST", "delay"): lambda standin, body: standin.delay(
        float(body["seconds"]),
        times=int(body.get("times", 1)),
        match=str(body.get("match", "")),
        after=bool(body.get("after", False)),
    ),
    ("POST", "reset"): lambda standin, _: standin.clear_faults(),
    ("POST", "answer_raw"): lambda standin, body: standin.answer_raw(
        int(body["status"]),
        str(body.get("body", "")).encode("utf-8"),
        content_type=str(body.get("content_type", "application/json; charset=UTF-8")),
        length=None if body.get("length") is None else int(body["length"]),
        times=int(body.get("times", 1)),
        match=str(body.get("match", "")),
    ),
}


def _json_bytes(payload: Json) -> bytes:
    """The answer as UTF-8 JSON. A cell holding a lone surrogate (half of an emoji) has no
    UTF-8 form, so that answer escapes its text as \\uXXXX, the one way JSON can carry it
    (RFC 8259 §7); every other answer sends its text as it is."""
    try:
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, ensure_ascii=True).encode("ascii")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0 (the default) closes each connection after its answer, so once stopped the
    # stand-in cannot keep answering over a kept-alive connection.
    server: _Server
    timeout = 30  # a client that stalls mid-request cannot hold a thread forever

    def do_GET(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            message = f"Request payload size exceeds the limit: {MAX_BODY_BYTES} bytes."
            self._send(400, ApiError(400, message).body)
            return
        raw_body = self.rfile.read(length) if length else b""
        self._send(*self.server.standin._answer(self.command, self.path, raw_body))

    def _send(self, status: int, payload: Json) -> None:
        if isinstance(payload, _RawAnswer):  # answer_raw(): the injected bytes, as they are
            data, kind, length = payload.body, payload.content_type, payload.length
        else:
            data = _json_bytes(payload)
            kind, length = "application/json; charset=UTF-8", None
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read SheetsStandIn.requests instead


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # server_close() must not wait for delayed requests

    def __init__(self, address: tuple[str, int], standin: SheetsStandIn) -> None:
        self.standin = standin
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (its own timeout) is no stand-in failure: stay quiet.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m standin",
        description="Serve a workbook as a local stand-in of the Google Sheets API v4.",
    )
    parser.add_argument("--workbook", required=True, type=Path, help=".xlsx or .csv file")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--key", default="local", help="the spreadsheet key to answer to")
    parser.add_argument("--lifetime", type=float, default=3600.0, help="seconds to serve")
    args = parser.parse_args(argv)
    standin = SheetsStandIn.from_workbook(
        args.workbook, key=args.key, lifetime_seconds=args.lifetime
    ).start(args.port)
    print(standin.base_url, flush=True)
    try:
        standin.wait_until_stopped(args.lifetime + 5)
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
    return 0

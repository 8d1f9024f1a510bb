"""The careful .xlsx reader: streams the XML cell by cell and reports every cell it cannot read.

lib.sources.xlsx reads with calamine (Rust) and hands a file here only when calamine would
refuse it or could exhaust memory on it: a cell pointing at a shared string the file does not
hold, a table whose cells may exceed the budget, XML calamine rejects. About ten times slower,
it keeps each guarantee exactly; the extent is what the sheet holds.

Many tools write a stale `<dimension>` tag (`A1:C3` over five rows, `A1`, or `A1:XFD1048576`
over three cells), so it is never read: rows and columns come from the cells present, empty
cells cost nothing, and only the shared strings that cells use are kept. What is read is
bounded (`MAX_CELLS`, `MAX_TEXT_CHARS` in lib.sources.base), so no file can exhaust memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from lib.i18n import N_, Phrase, t
from lib.model import Cell, ReadNote
from lib.sources.base import MAX_CELLS, MAX_TEXT_CHARS, SourceError
from lib.sources.xlsx_dates import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    is_date_format,
    number_format_code,
)
from lib.text import column_index, column_letter

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"^([A-Za-z]{1,3})(\d+)$")
_MAX_COLUMNS = 16_384  # XFD, Excel's last column
_MAX_ROWS = 1_048_576


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML alike)."""
    return tag.rpartition("}")[2]


@dataclass
class _SharedRef:
    """A cell that points into the shared-strings table, resolved once the sheets are read."""

    index: int


@dataclass
class _Budget:
    """What the whole workbook may still cost; exceeding it is a clear error, never a crash."""

    name: str
    cells: int = 0
    chars: int = 0

    def charge_cells(self, tab: str, rows: int, width: int) -> None:
        if self.cells + rows * width > MAX_CELLS:
            raise SourceError(
                t(
                    "{name}: the {tab} tab reaches {rows} rows × {width} columns (to cell "
                    "{cell}), more than the {limit} cells this app reads. Delete the stray "
                    "cells far below or right of the table (select them, Delete, save), or "
                    "split the workbook.",
                    name=self.name,
                    tab=tab,
                    rows=rows,
                    width=width,
                    cell=f"{column_letter(width - 1)}{rows}",
                    limit=MAX_CELLS,
                )
            )

    def charge_text(self, length: int) -> None:
        self.chars += length
        if self.chars > MAX_TEXT_CHARS:
            raise SourceError(
                t(
                    "{name} holds more than {limit} characters of text, more than this app "
                    "reads. Remove long pasted texts (or split the workbook) and load it again.",
                    name=self.name,
                    limit=MAX_TEXT_CHARS,
                )
            )


@dataclass
class _Tab:
    title: str
    rows: list[list[Any]] = field(default_factory=list)


def read_xlsx_stream(
    path_name: str, source: IO[bytes]
) -> tuple[dict[str, list[list[Cell]]], list[ReadNote]]:
    """Every tab's cells (rows trimmed of trailing blanks) and the cells that could not be read."""
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise SourceError(
            t(
                "{name} is not a valid .xlsx file (the file is damaged or is another kind of "
                "file). Open it in Excel or Google Sheets and save it as an .xlsx workbook.",
                name=path_name,
            )
        ) from None
    with archive:
        try:
            return _read_archive(path_name, archive)
        except (ParseError, zipfile.BadZipFile, EOFError, KeyError, ValueError) as error:
            raise SourceError(
                t(
                    "{name} could not be read as an Excel workbook ({error}). Open it in Excel "
                    "or Google Sheets and save it again as an .xlsx workbook.",
                    name=path_name,
                    error=type(error).__name__,
                )
            ) from None


def _read_archive(
    name: str, archive: zipfile.ZipFile
) -> tuple[dict[str, list[list[Cell]]], list[ReadNote]]:
    members = set(archive.namelist())
    _require_workbook(name, members)
    sheets, date1904 = _sheets(archive)
    date_styles = _date_styles(archive) if "xl/styles.xml" in members else frozenset()
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    budget = _Budget(name)
    notes: list[ReadNote] = []
    tabs: list[_Tab] = []
    needed: set[int] = set()
    for title, member in sheets:
        tab = _Tab(title)
        if member in members:
            with archive.open(member) as stream:
                tab.rows = _read_sheet(stream, title, date_styles, epoch, budget, needed)
        tabs.append(tab)
    strings = _shared_strings(archive, needed) if "xl/sharedStrings.xml" in members else {}
    for tab in tabs:
        _resolve_shared(tab, strings, budget, notes)
    return {tab.title: tab.rows for tab in tabs}, notes


def _require_workbook(name: str, members: set[str]) -> None:
    if "xl/workbook.xml" not in members:
        raise SourceError(
            t(
                "{name} is a zip file but not an Excel workbook (it has no xl/workbook.xml). "
                "Save the sheet as an .xlsx workbook or as CSV.",
                name=name,
            )
        )


def sheet_members(name: str, archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(tab title, zip member of its XML) in the workbook's order; SourceError when the zip
    file is not a workbook."""
    _require_workbook(name, set(archive.namelist()))
    return _sheets(archive)[0]


def _sheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool]:
    """(tab title, zip member of its XML) in the workbook's order, and the 1904 date flag."""
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        with archive.open("xl/_rels/workbook.xml.rels") as stream:
            for _, element in iterparse(stream):
                if _local(element.tag) == "Relationship":
                    target = element.get("Target", "")
                    member = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join("xl", target))
                    )
                    targets[element.get("Id", "")] = member
    sheets: list[tuple[str, str]] = []
    date1904 = False
    with archive.open("xl/workbook.xml") as stream:
        for _, element in iterparse(stream):
            tag = _local(element.tag)
            if tag == "workbookPr":
                date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif tag == "sheet":
                rid = element.get(f"{{{_REL_NS}}}id") or element.get("id", "")
                sheets.append(
                    (element.get("name", f"Sheet{len(sheets) + 1}"), targets.get(rid, ""))
                )
    return sheets, date1904


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a date."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    with archive.open("xl/styles.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId", "-1"))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_cell_xfs:
                formats.append(int(element.get("numFmtId", "0")))
    dated = set()
    for style, number_format in enumerate(formats):
        code = custom.get(number_format) or number_format_code(number_format)
        if code and is_date_format(code):
            dated.add(style)
    return frozenset(dated)


def _read_sheet(
    stream: IO[bytes],
    title: str,
    date_styles: frozenset[int],
    epoch: datetime,
    budget: _Budget,
    needed: set[int],
) -> list[list[Any]]:
    """The rows of one sheet, from the cells it holds; trailing blank rows and cells left out."""
    rows: list[list[Any]] = []
    width = 0
    row_number = 0
    for row_element in _row_elements(stream):
        row_number = _row_number(row_element, row_number)
        values: list[Any] = []
        column = -1
        for cell in row_element:
            if _local(cell.tag) != "c":
                continue
            column = _column_number(cell, column)
            value = _cell_value(cell, date_styles, epoch)
            if value is None:
                continue
            if isinstance(value, _SharedRef):
                needed.add(value.index)
            elif isinstance(value, str):
                budget.charge_text(len(value))
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = value
        row_element.clear()
        if not values:
            continue
        width = max(width, len(values))
        budget.charge_cells(title, row_number, width)
        # Rows the sheet leaves out are blank: keep the row numbers as the user sees them.
        rows.extend([] for _ in range(row_number - 1 - len(rows)))
        rows.append(values)
    budget.cells += len(rows) * width
    return rows


def _row_elements(stream: IO[bytes]) -> Iterator[Element]:
    """Each `<row>` once complete; the elements before it are dropped as it goes."""
    parent: Element | None = None
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            if _local(element.tag) == "sheetData":
                parent = element
        elif _local(element.tag) == "row":
            yield element
            if parent is not None:
                parent.clear()  # rows already read cost nothing more


def _row_number(element: Element, previous: int) -> int:
    number = element.get("r")
    if number and number.isdigit() and 0 < int(number) <= _MAX_ROWS:
        return max(int(number), previous + 1)
    return previous + 1


def _column_number(element: Element, previous: int) -> int:
    match = _CELL_REF.match(element.get("r", ""))
    if match:
        index = column_index(match[1])
        if 0 <= index < _MAX_COLUMNS and index > previous:
            return index
    return previous + 1


def _cell_value(cell: Element, date_styles: frozenset[int], epoch: datetime) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return _rich_text(inline) if inline is not None else None
    raw = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if raw is None or raw == "":
        return None
    if kind == "s":
        return _SharedRef(int(raw)) if raw.strip().isdigit() else raw
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        try:
            return datetime.fromisoformat(raw.strip())
        except ValueError:
            return raw  # kept as written; the column's reader reports it
    number = _number(raw)
    if isinstance(number, str):
        return number
    style = cell.get("s", "0")
    if style.isdigit() and int(style) in date_styles:
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return number  # far outside any calendar: reported by the date reader
    return number


def _number(raw: str) -> int | float | str:
    text = raw.strip()
    try:
        if any(ch in text for ch in ".eE") or text.lower() in ("nan", "inf", "-inf"):
            return float(text)
        return int(text)
    except ValueError:
        return raw  # not a number after all: kept as text


def _rich_text(element: Element) -> str:
    """The text of an `<si>` or `<is>`: its runs, without phonetic guides."""
    parts: list[str] = []
    for child in element.iter():
        tag = _local(child.tag)
        if tag == "rPh":
            child.clear()  # phonetic reading of East Asian text: not part of the value
        elif tag == "t" and child.text:
            parts.append(child.text)
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, needed: set[int]) -> dict[int, str]:
    """Only the shared strings that cells use: a table of millions costs the few that are read."""
    strings: dict[int, str] = {}
    if not needed:
        return strings
    last = max(needed)
    index = 0
    with archive.open("xl/sharedStrings.xml") as stream:
        context = iterparse(stream, events=("start", "end"))
        _, root = next(context)
        for event, element in context:
            if event != "end" or _local(element.tag) != "si":
                continue
            if index in needed:
                strings[index] = _rich_text(element)
            root.clear()
            index += 1
            if index > last:
                break
    return strings


def _resolve_shared(
    tab: _Tab, strings: dict[int, str], budget: _Budget, notes: list[ReadNote]
) -> None:
    for row_index, row in enumerate(tab.rows):
        for column, value in enumerate(row):
            if not isinstance(value, _SharedRef):
                continue
            text = strings.get(value.index)
            if text is None:
                row[column] = None
                notes.append(
                    ReadNote(
                        tab.title,
                        row_index + 1,
                        column,
                        "unreadable_cell",
                        Phrase(
                            N_(
                                " (it points to shared string {index}, "
                                "which the file does not hold)"
                            ),
                            {"index": value.index},
                        ),
                    )
                )
                continue
            budget.charge_text(len(text))
            row[column] = text

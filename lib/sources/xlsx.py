"""Reading an .xlsx file's cells with calamine (Rust): about ten times faster than the XML
stream, real dates stay dates, and what a user must be told is still told.

Before calamine builds a tab, a quick scan of its XML (lib.sources.xlsx_scan) bounds what the
tab can cost and finds its error cells, which calamine would read as blanks. A workbook whose
cells or text could exceed the budget (`MAX_CELLS`, `MAX_TEXT_CHARS`), or that calamine
refuses (a cell pointing at a shared string the file does not hold, broken XML), is read by
the careful reader instead (lib.sources.xlsx_stream), which reports each cell it cannot read
and gives the same clear errors. Rows come out as the sheet numbers them, trailing blanks
trimmed, so every row number in a message is the one the user sees.
"""

from __future__ import annotations

import io
import zipfile
from datetime import time, timedelta
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from python_calamine import CalamineError, CalamineWorkbook

from lib.model import Cell, ReadNote
from lib.sources.base import MAX_CELLS, MAX_TEXT_CHARS
from lib.sources.xlsx_scan import SheetScan, longest_shared_string, scan_sheet
from lib.sources.xlsx_stream import read_xlsx_stream, sheet_members

_SHARED_STRINGS = "xl/sharedStrings.xml"
_CLOCK_TYPES = frozenset({time, timedelta})  # what calamine gives for time-formatted cells


def read_xlsx(
    path_name: str, source: IO[bytes]
) -> tuple[dict[str, list[list[Cell]]], list[ReadNote]]:
    """Every tab's cells (rows trimmed of trailing blanks) and the cells that could not be read."""
    data = source.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return read_xlsx_stream(path_name, io.BytesIO(data))  # says what the file is
    with archive:
        try:
            sheets = sheet_members(path_name, archive)
            scans = {title: _scan(archive, member) for title, member in sheets}
            fits = _fits_budget(archive, scans)
        except (ParseError, zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError):
            fits = False
    if not fits:
        return read_xlsx_stream(path_name, io.BytesIO(data))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = set(book.sheet_names)
        tabs = {
            title: _rows(book, title, scans[title]) if title in names else [] for title, _ in sheets
        }
    except (CalamineError, ValueError, OverflowError):
        return read_xlsx_stream(path_name, io.BytesIO(data))
    return tabs, []


def _scan(archive: zipfile.ZipFile, member: str) -> SheetScan:
    return scan_sheet(archive, member) if member in archive.namelist() else SheetScan()


def _fits_budget(archive: zipfile.ZipFile, scans: dict[str, SheetScan]) -> bool:
    """Whether calamine can build every tab within the budget, on the scan's upper bounds."""
    if sum(scan.extent for scan in scans.values()) > MAX_CELLS:
        return False
    refs = sum(scan.shared_refs for scan in scans.values())
    if not refs or _SHARED_STRINGS not in archive.namelist():
        return True
    # Each reference is a copy of its string: bounded by the longest string in the table.
    return refs * longest_shared_string(archive, _SHARED_STRINGS) <= MAX_TEXT_CHARS


def _rows(book: CalamineWorkbook, title: str, scan: SheetScan) -> list[list[Cell]]:
    # skip_empty_area=False: the grid starts at A1, so indexes are the sheet's rows and columns.
    rows: list[list[Any]] = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
    for (row, column), error in scan.errors.items():
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = error  # calamine reads #N/A as blank; the report must not
    for index, row in enumerate(rows):
        end = len(row)
        while end and row[end - 1] == "":
            end -= 1
        # A blank is None; a duration or a time of day is text, as shown. One new list per row
        # costs less than setting cells one by one.
        rows[index] = [
            None if value == "" else str(value) if type(value) in _CLOCK_TYPES else value
            for value in row[:end]
        ]
    return rows

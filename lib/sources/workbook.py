"""A local workbook: `.xlsx` (every tab, real date cells stay dates) or `.csv` (Projects only)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from lib.model import RawWorkbook, SourceKind
from lib.sources.base import SourceError


def read_workbook_tabs(path: Path) -> dict[str, list[list[object]]]:
    """Every tab's cell values; raises SourceError with a plain message when it cannot."""
    if not path.is_file():
        raise SourceError(
            f"The workbook {path.name} was not found. Check the `workbook` setting "
            "(TRACKER_WORKBOOK) points to an existing .xlsx or .csv file."
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return {"Projects": _read_csv(path)}
    if suffix not in (".xlsx", ".xlsm"):
        raise SourceError(f"{path.name}: only .xlsx and .csv workbooks can be read.")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise SourceError(
            f"{path.name} could not be opened as an Excel workbook ({error})."
        ) from None
    try:
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def _read_csv(path: Path) -> list[list[object]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


@dataclass
class WorkbookSource:
    path: Path
    kind: SourceKind = field(default="workbook", init=False)

    @property
    def label(self) -> str:
        return f"Workbook {self.path.name}"

    def load(self) -> RawWorkbook:
        return RawWorkbook(read_workbook_tabs(self.path), "workbook", self.label)

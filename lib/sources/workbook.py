"""A local workbook: `.xlsx` (every tab, real date cells stay dates) or `.csv` (Projects only).

The kind of file is told by its first bytes, not by its name: a renamed `.xls`, a
password-protected workbook (both OLE2 compound files) or a damaged file gets a message that
says what to do instead of a zip error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lib.i18n import t
from lib.model import Cell, RawWorkbook, ReadNote, SourceKind
from lib.sources.base import SourceError
from lib.sources.delimited import read_csv
from lib.sources.xlsx import read_xlsx

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK\x03\x04"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
# Stream names in an OLE2 directory, stored as UTF-16LE: Office's encryption wraps the
# workbook in these; an Excel 97–2003 file has a "Workbook" (or "Book") stream instead.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def read_workbook(path: Path) -> tuple[dict[str, list[list[Cell]]], list[ReadNote]]:
    """Every tab's cell values and the cells that could not be read; SourceError when the file
    cannot be read at all, with a plain message."""
    if not path.is_file():
        raise SourceError(
            t(
                "The workbook {name} was not found. Check the `workbook` setting "
                "(TRACKER_WORKBOOK) points to an existing .xlsx or .csv file.",
                name=path.name,
            )
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(
            t("{name} could not be opened ({reason}).", name=path.name, reason=error.strerror)
        ) from None
    if data.startswith(OLE2_SIGNATURE):
        raise SourceError(_ole2_message(path.name, data))
    if data.startswith(ZIP_SIGNATURE):
        return read_xlsx(path.name, io.BytesIO(data))
    if path.suffix.lower() in CSV_SUFFIXES:
        rows, notes = read_csv(path.name, data)
        return {"Projects": rows}, notes
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise SourceError(
            t(
                "{name} is not an Excel workbook (it may be damaged, or a web page or text "
                "file renamed). Open it in Excel or Google Sheets and save it as .xlsx or CSV.",
                name=path.name,
            )
        )
    raise SourceError(t("{name}: only .xlsx and .csv workbooks can be read.", name=path.name))


def read_workbook_tabs(path: Path) -> dict[str, list[list[Cell]]]:
    """Every tab's cell values (the cells that could not be read are None)."""
    return read_workbook(path)[0]


def _ole2_message(name: str, data: bytes) -> str:
    if any(stream in data for stream in _ENCRYPTED_STREAMS):
        return t(
            "{name} is protected with a password, so the app cannot read it. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook › Encrypt with Password, clear "
            "it) and save, or share an unprotected copy.",
            name=name,
        )
    return t(
        "{name} is an Excel 97–2003 (.xls) workbook, which the app does not read. Open it in "
        "Excel or Google Sheets and save it as an .xlsx workbook (or as CSV).",
        name=name,
    )


@dataclass
class WorkbookSource:
    path: Path
    kind: SourceKind = field(default="workbook", init=False)

    @property
    def label(self) -> str:
        return f"Workbook {self.path.name}"

    def load(self) -> RawWorkbook:
        tabs, notes = read_workbook(self.path)
        return RawWorkbook(tabs, "workbook", self.label, notes=tuple(notes))

"""Exports of a shown table: CSV and Excel bytes, with formula-like text made inert.

A cell a spreadsheet would evaluate is written with a leading apostrophe, so opening an export
never runs what someone typed into the shared sheet: text (headers included) whose first
character is one of OWASP's formula starters (=, +, -, @, tab, carriage return, line feed), or
a look-alike a spreadsheet may fold into one (full-width ＝ ＋ － ＠, small and superscript
forms), also after leading spaces. In the CSV every text field is quoted, and inside a field a
formula starter that follows a list separator or a line break gets an apostrophe too: a
spreadsheet that splits on another separator than the file's (`;` in much of Europe and
Russia), or reads line by line, still finds no formula. Numbers and dates stay numbers and
dates. Pure: bytes out, no I/O.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib.formatting import DATE_FORMAT, column_header

# = + - @ and every character that Unicode compatibility folding (NFKC) turns into one of them.
FORMULA_CHARACTERS = frozenset("=+-@＝＋－＠﹦﹢﹣﹫⁼₌⁺₊﬩")
CONTROL_STARTS = frozenset("\t\r\n")
# What a neutralised cell may start with after its apostrophe (the CSV reader takes it back out).
FORMULA_PREFIXES: tuple[str, ...] = tuple(sorted(FORMULA_CHARACTERS | CONTROL_STARTS))
_FORMULA_CLASS = "".join(sorted(FORMULA_CHARACTERS)).replace("-", "\\-")
# After a separator (a line break counted once, CR LF included): a tab or line break at once,
# or spaces and quotes then a formula character.
_SEPARATOR = r"(?:\r\n|\r(?!\n)|[,;\t|\n])"
_SPLIT_CONTROL = re.compile(rf"({_SEPARATOR})(?=[\t\r\n])")
_SPLIT_FORMULA = re.compile(rf"({_SEPARATOR}[\s\"]*)(?=[{_FORMULA_CLASS}])")
EXCEL_DATE_FORMAT = "DD/MM/YYYY"
MAX_EXCEL_COLUMN_WIDTH = 60


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could evaluate this text: a tab or line break first, or, after
    any leading spaces, = + - @ or a look-alike."""
    if not text:
        return False
    return text[0] in CONTROL_STARTS or text.lstrip()[:1] in FORMULA_CHARACTERS


def inert(text: str) -> str:
    """The text as an Excel export holds it: an apostrophe in front when it looks like a formula."""
    return "'" + text if looks_like_formula(text) else text


def csv_inert(text: str) -> str:
    """The text as a CSV export holds it: inert at its start and after every separator in it.

    Trailing spaces and line breaks are dropped (the app trims them when it reads a cell): a
    reader that lost track of the quotes would start a line of its own with what follows.
    """
    text = inert(text.rstrip())
    return _SPLIT_FORMULA.sub(r"\1'", _SPLIT_CONTROL.sub(r"\1'", text))


def neutralise(frame: pd.DataFrame, make_inert: Callable[[str], str] = inert) -> pd.DataFrame:
    """A copy whose text cells and headers are `make_inert` of themselves."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object:  # mixed cells: only the text ones can be formulas
            is_text = column.map(lambda value: isinstance(value, str))
        elif pd.api.types.is_string_dtype(column):
            is_text = column.notna()
        else:
            continue  # numbers and dates are written as numbers and dates
        text = column.where(is_text, "").astype("str")
        safe = text.map(make_inert)
        changed = is_text & (safe != text)
        if changed.any():
            out[name] = column.astype(object).where(~changed, safe)
    out.columns = [make_inert(str(name)) for name in out.columns]
    return out


def joined_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells (themes, partners, ...) as text joined with '; ', as a sheet holds them."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object:
            is_list = column.map(lambda value: isinstance(value, list | tuple))
            if is_list.any():
                out[name] = column.where(~is_list, column[is_list].str.join("; "))
    return out


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime(DATE_FORMAT)
    return out


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its headers in the reader's language. The sheet's values stay its own,
    and the app reads every language's headers, so an export loads back as it was."""
    return frame.rename(columns=column_header)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then reads Vietnamese and Russian correctly)."""
    # Every text field quoted, numbers bare: a `;` or tab inside a cell never reads as a
    # separator, whichever one the spreadsheet opening the file expects.
    text = neutralise(_dates_as_text(joined_lists(frame)), csv_inert).to_csv(
        index=False, date_format=DATE_FORMAT, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    return text.encode("utf-8-sig")


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, datetime | date | int | float | bool):
        return value
    # Control characters other than tab and line breaks cannot be stored in an .xlsx at all.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


def to_excel_bytes(frame: pd.DataFrame, sheet_title: str = "Projects") -> bytes:
    """An .xlsx of the table: a bold header, real dates shown DD/MM/YYYY, text never a formula."""
    safe = neutralise(joined_lists(frame))
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([_excel_value(str(name)) for name in safe.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"  # a header is text too, whatever it starts with
    for row in safe.itertuples(index=False):
        sheet.append([_excel_value(value) for value in row])
    for index, name in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        column_cells = sheet[letter][1:]
        values = safe.iloc[:, index - 1]
        if pd.api.types.is_datetime64_any_dtype(values):
            for cell in column_cells:
                cell.number_format = EXCEL_DATE_FORMAT
        for cell in column_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text: never evaluated, whatever it starts with
        longest = values.astype("str").str.len().max() if len(safe) else 0
        width = max(len(str(name)), int(longest if pd.notna(longest) else 0)) + 2
        sheet.column_dimensions[letter].width = min(width, MAX_EXCEL_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

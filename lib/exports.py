"""Exports of a shown table: CSV and Excel bytes, with formula-like text made inert.

A cell a spreadsheet would evaluate (text starting with =, +, -, @, a tab or a carriage return)
is written with a leading apostrophe, so opening an export never runs what someone typed into
the shared sheet. Numbers and dates stay numbers and dates. Pure: bytes out, no I/O.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib.formatting import DATE_FORMAT

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
EXCEL_DATE_FORMAT = "DD/MM/YYYY"
MAX_EXCEL_COLUMN_WIDTH = 60


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that look like formulas start with an apostrophe."""
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
        risky = is_text & text.str.startswith(FORMULA_PREFIXES)
        if risky.any():
            out[name] = column.astype(object).where(~risky, "'" + text)
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


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then reads Vietnamese and Russian correctly)."""
    text = _dates_as_text(neutralise(joined_lists(frame))).to_csv(
        index=False, date_format=DATE_FORMAT
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
    return str(value)


def to_excel_bytes(frame: pd.DataFrame, sheet_title: str = "Projects") -> bytes:
    """An .xlsx of the table: a bold header, real dates shown DD/MM/YYYY, text never a formula."""
    safe = neutralise(joined_lists(frame))
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append([str(name) for name in safe.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        sheet.append([_excel_value(value) for value in row])
    for index, name in enumerate(safe.columns, start=1):
        letter = get_column_letter(index)
        column_cells = sheet[letter][1:]
        if pd.api.types.is_datetime64_any_dtype(safe[name]):
            for cell in column_cells:
                cell.number_format = EXCEL_DATE_FORMAT
        for cell in column_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text: never evaluated, whatever it starts with
        longest = safe[name].astype("str").str.len().max() if len(safe) else 0
        width = max(len(str(name)), int(longest if pd.notna(longest) else 0)) + 2
        sheet.column_dimensions[letter].width = min(width, MAX_EXCEL_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

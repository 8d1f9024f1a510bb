"""Exports: CSV and Excel hold exactly the shown table, and nothing in them can run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from lib import exports, tables
from lib.filters import FilterSpec, apply_filters
from tests.fixtures.workbooks import AS_OF, dataset_of, small_tabs

RISKY = ['=HYPERLINK("http://x")', "+7 495 123", "-2+3", "@SUM(A1)", "\tcmd", "safe = text"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Title": pd.Series(RISKY, dtype="str"),
            "Photos": pd.array([-3, None, 1, 2, 0, 5], dtype="Int64"),
            "Due": pd.to_datetime(["2026-01-02", None, "2026-03-04", "2026-12-31", None, None]),
            "Theme": [("Green development", "Culture & heritage"), (), ("-x",), (), (), ()],
            "Mixed": ["=1", 7, None, "ok", "@a", 2.5],
        }
    )


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 correctly
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_neutralises_every_formula_like_text_cell(frame):
    rows = read_csv(exports.to_csv_bytes(frame))
    titles = [row[0] for row in rows[1:]]
    assert titles == ["'=HYPERLINK(\"http://x\")", "'+7 495 123", "'-2+3", "'@SUM(A1)", "'\tcmd",
                      "safe = text"]  # fmt: skip
    assert [row[4] for row in rows[1:]] == ["'=1", "7", "", "ok", "'@a", "2.5"]


def test_csv_keeps_numbers_as_numbers_and_shows_dates_day_first(frame):
    rows = read_csv(exports.to_csv_bytes(frame))
    assert rows[0] == ["Title", "Photos", "Due", "Theme", "Mixed"]
    assert [row[1] for row in rows[1:]] == ["-3", "", "1", "2", "0", "5"]  # not neutralised
    assert [row[2] for row in rows[1:]] == ["02/01/2026", "", "04/03/2026", "31/12/2026", "", ""]
    assert rows[1][3] == "Green development; Culture & heritage"
    assert rows[3][3] == "'-x"  # a joined list is text like any other


def test_excel_holds_typed_text_real_numbers_and_real_dates(frame):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(frame)))
    sheet = book.active
    assert sheet.title == "Projects"
    assert [c.value for c in sheet[1]] == ["Title", "Photos", "Due", "Theme", "Mixed"]
    titles = [sheet.cell(row, 1) for row in range(2, 8)]
    assert [c.value for c in titles][:4] == ["'=HYPERLINK(\"http://x\")", "'+7 495 123", "'-2+3",
                                             "'@SUM(A1)"]  # fmt: skip
    assert all(c.data_type == "s" for c in titles)  # never a formula
    assert sheet["B2"].value == -3
    assert sheet["B3"].value is None
    assert sheet["C2"].value == datetime(2026, 1, 2)
    assert sheet["C2"].number_format == exports.EXCEL_DATE_FORMAT
    assert sheet["E3"].value == 7
    assert sheet.freeze_panes == "A2"


def test_the_projects_table_exports_exactly_the_filtered_rows_and_columns():
    dataset = dataset_of(small_tabs())
    shown = tables.projects_table(
        apply_filters(dataset.projects, FilterSpec(theme=("Culture & heritage",))),
        dataset.extras,
        dataset.milestones,
        AS_OF,
        14,
    )
    rows = read_csv(exports.to_csv_bytes(shown))
    assert rows[0] == [str(c) for c in shown.columns]
    assert [row[0] for row in rows[1:]] == ["C1", "C2", "C3", "X1"]
    notes = rows[0].index("Notes")
    assert rows[4][notes] == "'@TASS photo desk"
    status = rows[0].index("Status")
    assert [row[status] for row in rows[1:]] == ["Done", "On track", "Overdue", "Done"]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(shown))).active
    assert sheet.max_row == 1 + len(shown)
    assert sheet.max_column == len(shown.columns)
    due = rows[0].index("Due") + 1
    assert sheet.cell(2, due).value.date() == date(2026, 1, 15)


def test_an_empty_table_exports_its_header_only():
    empty = pd.DataFrame(
        {"ID": pd.Series([], dtype="str"), "Due": pd.Series([], dtype="datetime64[ns]")}
    )
    assert read_csv(exports.to_csv_bytes(empty)) == [["ID", "Due"]]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(empty))).active
    assert [c.value for c in sheet[1]] == ["ID", "Due"]
    assert sheet.max_row == 1

"""Exports: CSV and Excel hold exactly the shown table, and nothing in them can run as a formula.

Besides the examples, two properties over any text hypothesis makes up: no cell of either export
(read by openpyxl, or by Python's csv with `,`, `;` or a tab as the separator) starts with
something a spreadsheet evaluates, and a CSV export read back by the app's own reader gives the
same projects.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib import exports, tables
from lib.filters import FilterSpec, apply_filters
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.schema import STAGES, THEMES
from lib.sources.workbook import read_workbook_tabs
from tests.fixtures.workbooks import AS_OF, HEADER, dataset_of, small_tabs

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
    status = rows[0].index(tables.STATUS_COLUMN)
    # Published, not "Done": each stage off the pipeline has its own status (see below).
    assert [row[status] for row in rows[1:]] == ["Published", "On track", "Overdue", "Published"]
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


# --- Formula-like text, wherever it is -----------------------------------------------------

POISONED_HEADER = '=HYPERLINK("http://evil.example","hdr")'
SPLITTING = "Report;=cmd|' /C calc'!A0;"


def starts_like_formula(cell: str) -> bool:
    """What a spreadsheet may evaluate: OWASP's starters (tab, CR and LF included), their
    look-alikes, and any of them after leading spaces."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    return splits_out_a_formula(cell)


def splits_out_a_formula(fragment: str) -> bool:
    """Whether a piece of a line cut at the wrong separator holds a formula: a formula
    character first once the spaces and line breaks before it are skipped. (Such a reader may
    start a piece with the line break that ends a quoted one; nothing follows it to evaluate.)
    """
    first = fragment.lstrip()[:1]
    return bool(first) and unicodedata.normalize("NFKC", first) in ("=", "+", "-", "@")


def assert_inert_however_split(data: str) -> None:
    """Every cell read with the file's own separator starts like no formula (a bare number is
    a number, -3 included); no piece of a line cut at `;` or a tab holds one."""
    for row in csv.reader(io.StringIO(data, newline="")):
        for cell in row:
            assert not starts_like_formula(cell) or is_number(cell), cell
    for separator in (";", "\t"):
        for row in csv.reader(io.StringIO(data, newline=""), delimiter=separator):
            for piece in row:
                assert not splits_out_a_formula(piece), (separator, piece)


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def poisoned_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": pd.Series(["P1", "P2", "P3"], dtype="str"),
            "Title": pd.Series([SPLITTING, "＝1+1", "\n=1+1"], dtype="str"),
            POISONED_HEADER: pd.Series(["a", "b", "c"], dtype="str"),
            "Notes": pd.Series(["x;+1", "Lan, @TASS", "ok"], dtype="str"),
            "Photos": pd.array([-3, 2, None], dtype="Int64"),
        }
    )


def test_a_header_that_looks_like_a_formula_is_text_in_both_exports():
    frame = poisoned_frame()
    header = read_csv(exports.to_csv_bytes(frame))[0]
    assert header[2] == "'" + POISONED_HEADER
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(frame))).active
    assert sheet["C1"].value == "'" + POISONED_HEADER
    assert sheet["C1"].data_type == "s"


def test_full_width_look_alikes_are_neutralised_like_the_ascii_ones():
    for text in ("＝1+1", "＋7", "－2", "＠SUM(A1)", "﹦1", " =1", "\n=1"):
        assert exports.inert(text) == "'" + text
    assert exports.inert("1 = 1") == "1 = 1"
    assert exports.inert("'=1") == "'=1"  # already inert: no second apostrophe


def test_a_semicolon_locale_splits_no_formula_out_of_a_csv_field():
    data = exports.to_csv_bytes(poisoned_frame()).decode("utf-8-sig")
    assert "\"Report;'=cmd|' /C calc'!A0;\"" in data  # quoted, and inert after `;`
    assert_inert_however_split(data)
    pieces = [p for row in csv.reader(io.StringIO(data), delimiter=";") for p in row]
    assert "'=cmd|' /C calc'!A0" in pieces  # what a `;` locale sees: text


def test_text_cells_in_the_csv_are_quoted_and_numbers_are_not():
    lines = exports.to_csv_bytes(poisoned_frame()).decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith('"P1","Report;\'=cmd')
    assert lines[1].endswith(',"a","x;\'+1",-3')


# Text as people type it into a shared sheet, with every character an attacker would use.
TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 .'\"!()|,;:\t\r\n=+-@#%") + list("＝＋－＠﹦⁼\u3000ạđДж")
    ),
    max_size=24,
)


@st.composite
def frames(draw) -> pd.DataFrame:
    rows = draw(st.integers(min_value=0, max_value=5))
    headers = draw(st.lists(TEXT, min_size=2, max_size=4, unique=True))
    column = st.lists(TEXT, min_size=rows, max_size=rows)
    columns: dict[str, object] = {"ID": pd.Series(draw(column), dtype="str")}
    for header in headers:
        columns[header] = pd.Series(draw(column), dtype="str")
    numbers = st.one_of(st.none(), st.integers(-10_000, 10_000))
    columns["Photos"] = pd.array(draw(st.lists(numbers, min_size=rows, max_size=rows)), "Int64")
    themes = st.lists(TEXT, max_size=3).map(tuple)
    columns["Theme"] = draw(st.lists(themes, min_size=rows, max_size=rows))
    return pd.DataFrame(columns)


@settings(max_examples=150, deadline=None)
@given(frames())
def test_no_cell_of_either_export_starts_like_a_formula(frame):
    assert_inert_however_split(exports.to_csv_bytes(frame).decode("utf-8-sig"))
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_excel_bytes(frame))).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not starts_like_formula(cell.value), cell.value


# --- A CSV export read back by the app ------------------------------------------------------

STAGE_NAMES = [term.name for term in STAGES]
THEME_NAMES = [term.name for term in THEMES]
# Text without the list separators (a theme or partner of its own name must stay one item).
WORD = st.text(alphabet=st.sampled_from(list("abcXYZ019 .'\"!=+-@#＝＋ạđД")), min_size=1,
               max_size=12)  # fmt: skip


@st.composite
def sheets(draw) -> list[list[object]]:
    count = draw(st.integers(min_value=1, max_value=6))
    rows: list[list[object]] = [HEADER]
    for number in range(count):
        row: list[object] = [""] * len(HEADER)
        row[HEADER.index("ID")] = draw(st.one_of(st.just(f"P{number}"), TEXT))
        row[HEADER.index("Title")] = draw(TEXT)
        row[HEADER.index("Partner")] = "TASS"
        row[HEADER.index("Stage")] = draw(st.one_of(st.sampled_from(STAGE_NAMES), WORD))
        chosen = draw(st.lists(st.one_of(st.sampled_from(THEME_NAMES), WORD), max_size=3))
        row[HEADER.index("Theme")] = "; ".join(chosen)
        row[HEADER.index("Notes")] = draw(TEXT)
        rows.append(row)
    return rows


def read_back(data: bytes, folder: Path):
    path = folder / "export.csv"
    path.write_bytes(data)
    raw = RawWorkbook(read_workbook_tabs(path), "workbook", "export.csv")
    return normalize(raw, ReadOptions(today=AS_OF)).projects


# Apostrophes the export puts in front of formula characters (and of a tab or line break); a
# reader may take the ones at the start of a cell back out, or keep them all.
_ADDED_APOSTROPHE = re.compile(
    "'(?=[\\s\"]*[" + re.escape("".join(exports.FORMULA_CHARACTERS)) + "]|[\\t\\r\\n])"
)


def without_apostrophes(value: object) -> object:
    """A cell compared with the apostrophes that keep formulas inert taken out, wherever they
    came from: the round trip may add them, never change anything else."""
    if isinstance(value, tuple):
        return tuple(without_apostrophes(item) for item in value)
    return _ADDED_APOSTROPHE.sub("", value) if isinstance(value, str) else value


def trimmed(value: object) -> object:
    if isinstance(value, tuple):
        return tuple(trimmed(item) for item in value)
    return value.strip() if isinstance(value, str) else value


def reader_keeps_doubled_quotes() -> bool:
    """Whether the app's CSV reader reads a quote inside a cell (written doubled) as one."""
    data = exports.to_csv_bytes(pd.DataFrame({"ID": ["P1"], "Title": ['a,0"'], "Stage": ["x"]}))
    with TemporaryDirectory() as folder:
        path = Path(folder) / "probe.csv"
        path.write_bytes(data)
        return read_workbook_tabs(path)["Projects"][1][1] == 'a,0"'


def quoted_row() -> list[list[object]]:
    row: list[object] = [""] * len(HEADER)
    row[HEADER.index("ID")], row[HEADER.index("Stage")] = "P0", "=Proposed"
    row[HEADER.index("Notes")] = 'a,0"'  # one quote in the file: what the Sniffer misreads
    return [HEADER, row]


@pytest.mark.xfail(
    not reader_keeps_doubled_quotes(),
    reason="csv.Sniffer guesses from a few lines that a doubled quote is two quotes",
    strict=True,
)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
@example(quoted_row())
def test_a_csv_export_read_back_by_the_app_gives_the_same_projects(rows):
    projects = dataset_of({"Projects": rows}).projects
    shown = tables.projects_table(projects, (), (), AS_OF, 14)
    with TemporaryDirectory() as folder:
        again = read_back(exports.to_csv_bytes(shown), Path(folder))
    assert len(again) == len(projects)
    for field in ("ID", "Title", "Notes", "Stage", "Theme"):
        # The reader trims a cell once its guard apostrophe is gone, as it trims every cell:
        # a sheet's own `'\r0` comes back as `0`.
        expected = [trimmed(without_apostrophes(value)) for value in projects[field]]
        assert [trimmed(without_apostrophes(value)) for value in again[field]] == expected, field


def test_an_ordinary_export_reads_back_exactly():
    dataset = dataset_of(small_tabs())
    shown = tables.projects_table(dataset.projects, (), dataset.milestones, AS_OF, 14)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(exports.to_csv_bytes(shown))
        raw = RawWorkbook(read_workbook_tabs(path), "workbook", "export.csv")
        again = normalize(raw, ReadOptions(today=AS_OF))
    for field in ("ID", "Title", "Stage", "Theme", "Partner", "Due", "Photos"):
        assert again.projects[field].tolist() == dataset.projects[field].tolist(), field
    # The deadline status the app adds is headed "Status", which also names the Stage column:
    # read back, it is reported once as a repeated header, and Stage still comes from Stage.
    problems = again.issues[["code", "header"]].drop_duplicates().values.tolist()
    assert problems == [["duplicate_header", "Stage"]]


def test_a_cancelled_project_is_exported_as_cancelled_not_done():
    dataset = dataset_of(small_tabs())
    projects = dataset.projects.assign(Stage=dataset.projects["Stage"].where(
        dataset.projects["ID"] != "C1", "Cancelled"
    ))  # fmt: skip
    shown = tables.projects_table(projects, (), dataset.milestones, AS_OF, 14)
    rows = read_csv(exports.to_csv_bytes(shown))
    status = rows[0].index(tables.STATUS_COLUMN)
    by_id = {row[0]: row[status] for row in rows[1:]}
    assert by_id["C1"] == "Cancelled"
    assert "Done" not in by_id.values()

"""A save to a local workbook changes only the changed cells: every other cell, formulas with
their cached values, styles, widths, merges, other tabs and every other part stay as they were."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib.edit import Change, NewProject
from lib.schema import LOG_HEADER
from lib.sources.workbook import read_workbook_tabs
from tests.edit.conftest import HEADER, WorkbookBackend, context, started, tracker_tabs
from tests.edit.formula_workbook import all_cells, formula_workbook, layout, members

PROJECTS_XML = "xl/worksheets/sheet1.xml"
LOG_XML = "xl/worksheets/sheet3.xml"


def letter(name: str) -> str:
    return chr(ord("A") + HEADER.index(name))


@pytest.fixture
def book(tmp_path: Path) -> WorkbookBackend:
    return WorkbookBackend(formula_workbook(tmp_path / "tracker.xlsx"))


def test_the_fixture_really_holds_cached_formula_values(book: WorkbookBackend):
    assert all_cells(book.path, data_only=False)[("Totals", "B2")] == "=5+7"
    assert all_cells(book.path, data_only=True)[("Totals", "B2")] == 12
    assert 'si="0"/>' in members(book.path)[PROJECTS_XML].decode()  # a shared formula


def test_a_save_changes_only_the_changed_cells_and_nothing_else_in_the_package(
    book: WorkbookBackend,
):
    dataset = book.load()
    was = started(dataset, "VT-2026-001")
    before_parts = members(book.path)
    before = {mode: all_cells(book.path, data_only=mode) for mode in (False, True)}
    before_layout = layout(book.path)
    change = Change(
        "VT-2026-001",
        {
            "Stage": (was["Stage"], "Editing"),
            "Notes": (was["Notes"], 'Captions <ready> & "checked"'),
            "Due": (was["Due"], date(2026, 4, 2)),
        },
    )

    result = book.writer.save(change, context(dataset, "lan@vna"))

    assert result.saved and result.written == ("Stage", "Notes", "Due")
    after_parts = members(book.path)
    assert after_parts.keys() == before_parts.keys()
    assert {n for n in before_parts if after_parts[n] != before_parts[n]} == {PROJECTS_XML, LOG_XML}
    written = {f"{letter(n)}4" for n in ("Stage", "Notes", "Deadline", "Updated", "Updated by")}
    for mode in (False, True):
        after = all_cells(book.path, data_only=mode)
        changed = {
            key
            for key in before[mode].keys() | after.keys()
            if before[mode].get(key) != after.get(key)
        }
        assert changed == {("Projects", ref) for ref in written} | {
            ("Log", f"{c}{r}") for r in (2, 3, 4) for c in "ABCDEF"
        }
    after = all_cells(book.path, data_only=True)
    assert after[("Projects", "F4")] == "Editing"
    assert after[("Projects", "L4")] == 'Captions <ready> & "checked"'
    assert after[("Projects", "I4")] == datetime(2026, 4, 2)
    after_layout = layout(book.path)
    assert {k: after_layout["styles"][k] for k in before_layout["styles"]} == before_layout[
        "styles"
    ]
    for part in ("widths", "heights", "merged", "names", "tabs"):
        assert after_layout[part] == before_layout[part], part


def test_formula_cells_still_read_their_cached_values_in_the_app_after_a_save(
    book: WorkbookBackend,
):
    dataset = book.load()
    was = started(dataset, "VT-2026-002")
    assert book.writer.save(
        Change("VT-2026-002", {"Notes": (was["Notes"], "Done")}), context(dataset)
    ).saved

    tabs = read_workbook_tabs(book.path)
    assert tabs["Totals"][1][1] == 12  # =5+7
    assert tabs["Totals"][0][1] == 12  # =SUM of the photos
    assert pd.Timestamp(tabs["Projects"][3][16]) == datetime(2026, 4, 19)  # =I4+30, a date
    assert tabs["Projects"][3][17] == 12_000  # =J4*1000
    assert tabs["Projects"][3][10] == 6  # the shared formula's first cell, =J4/2
    reloaded = started(book.load(), "VT-2026-001")
    assert reloaded["Video minutes"] == 6


def test_overwriting_a_shared_formulas_first_cell_keeps_the_formula_in_the_cells_sharing_it(
    book: WorkbookBackend,
):
    dataset = book.load()
    was = started(dataset, "VT-2026-001")
    before = all_cells(book.path, data_only=False)

    assert book.writer.save(
        Change("VT-2026-001", {"Video minutes": (was["Video minutes"], 9.5)}), context(dataset)
    ).saved

    after = all_cells(book.path, data_only=False)
    assert after[("Projects", "K4")] == 9.5
    assert [after[("Projects", f"K{r}")] for r in (5, 6, 7)] == ["=J5/2", "=J6/2", "=J7/2"]
    assert [before[("Projects", f"K{r}")] for r in (5, 6, 7)] == ["=J5/2", "=J6/2", "=J7/2"]
    cached = all_cells(book.path, data_only=True)
    assert [cached.get(("Projects", f"K{r}")) for r in (5, 6, 7)] == [0, 0, 0]


def test_a_missing_log_tab_is_created_and_only_the_parts_that_declare_it_change(tmp_path: Path):
    book = WorkbookBackend(formula_workbook(tmp_path / "tracker.xlsx", log=False))
    dataset = book.load()
    was = started(dataset, "VK-2026-001")
    before_parts = members(book.path)
    before = all_cells(book.path, data_only=True)

    assert book.writer.save(
        Change("VK-2026-001", {"Stage": (was["Stage"], "Shooting")}), context(dataset, "mai@vna")
    ).saved

    after_parts = members(book.path)
    assert after_parts.keys() - before_parts.keys() == {LOG_XML}
    assert {n for n in before_parts if after_parts[n] != before_parts[n]} == {
        PROJECTS_XML,
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
    }
    opened = openpyxl.load_workbook(book.path)
    assert opened.sheetnames == ["Projects", "Totals", "Log"]
    assert opened.defined_names["photos"].attr_text == "Projects!$J$4:$J$7"
    log = [list(r) for r in opened["Log"].iter_rows(values_only=True)]
    assert tuple(log[0]) == LOG_HEADER
    assert log[1][1:] == ["mai@vna", "VK-2026-001", "Stage", "Planning", "Shooting"]
    after = all_cells(book.path, data_only=True)
    assert {k for k in before if before[k] != after.get(k)} == {("Projects", "F6")}


def test_a_date_goes_in_with_the_columns_date_style_or_a_new_one_when_the_column_has_none(
    tmp_path: Path,
):
    tabs = tracker_tabs()
    tabs["Projects"][3][13] = None  # no date anywhere in Shooting due any more
    book = WorkbookBackend(formula_workbook(tmp_path / "tracker.xlsx", tabs))
    dataset = book.load()
    was = started(dataset, "VT-2026-003")
    styles_before = members(book.path)["xl/styles.xml"]

    assert book.writer.save(
        Change(
            "VT-2026-003",
            {
                "Start": (was["Start"], date(2026, 2, 2)),  # a blank cell; the column has dates
                "Shooting due": (was["Shooting due"], date(2026, 5, 5)),
            },
        ),
        context(dataset),
    ).saved

    opened = openpyxl.load_workbook(book.path)["Projects"]
    assert opened["H7"].value == datetime(2026, 2, 2)
    assert opened["H7"].number_format == opened["H4"].number_format == "dd/mm/yyyy"
    assert opened["N7"].value == datetime(2026, 5, 5)
    assert opened["N7"].is_date
    assert members(book.path)["xl/styles.xml"] != styles_before
    assert started(book.load(), "VT-2026-003")["Shooting due"].date() == date(2026, 5, 5)


def test_a_new_project_row_is_appended_in_order_and_the_rest_is_unchanged(book: WorkbookBackend):
    dataset = book.load()
    before = all_cells(book.path, data_only=True)

    added = book.writer.add(
        NewProject({"Title": "Kamchatka", "Partner": ["TASS"], "Due": date(2026, 7, 1)}),
        context(dataset, "lan@vna"),
    )

    assert added.row == 8
    after = all_cells(book.path, data_only=True)
    assert {k for k in before if before[k] != after.get(k)} == set()
    assert after[("Projects", "I8")] == datetime(2026, 7, 1)
    xml = members(book.path)[PROJECTS_XML].decode()
    assert xml.index('<row r="7"') < xml.index('<row r="8"') < xml.index("</sheetData>")
    opened = openpyxl.load_workbook(book.path)["Projects"]
    assert opened["I8"].number_format == "dd/mm/yyyy"
    assert [c.value for c in opened[8]][:3] == [added.project_id, "Kamchatka", "TASS"]


def test_text_a_workbook_cannot_hold_is_cleaned_read_back_and_the_user_is_told(
    book: WorkbookBackend,
):
    dataset = book.load()
    was = started(dataset, "VT-2026-001")
    typed = "Line one\x0bline two\x07 rang\x00."

    result = book.writer.save(
        Change("VT-2026-001", {"Notes": (was["Notes"], typed)}), context(dataset)
    )

    assert result.saved and result.written == ("Notes",)
    assert result.notes == (
        "Characters a workbook cannot hold were replaced in Notes: a line break (Shift+Enter) "
        "became a new line; invisible control characters were removed.",
    )
    assert started(book.load(), "VT-2026-001")["Notes"] == "Line one\nline two rang."
    assert openpyxl.load_workbook(book.path)["Projects"]["L4"].value == "Line one\nline two rang."
    # The next edit starts from what the user typed: the cleaned value is compared, no conflict.
    again = book.writer.save(Change("VT-2026-001", {"Notes": (typed, "Next")}), context(dataset))
    assert again.saved and again.written == ("Notes",) and again.notes == ()


def test_a_new_project_with_a_shift_enter_in_its_title_is_added_and_the_user_is_told(
    book: WorkbookBackend,
):
    added = book.writer.add(
        NewProject({"Title": "Two\x0blines", "Partner": ["TASS"]}), context(book.load())
    )

    assert added.notes == (
        "Characters a workbook cannot hold were replaced in Title: a line break (Shift+Enter) "
        "became a new line.",
    )
    assert started(book.load(), added.project_id)["Title"] == "Two\nlines"


def test_a_carriage_return_and_surrounding_spaces_are_kept_as_typed(book: WorkbookBackend):
    dataset = book.load()
    was = started(dataset, "VT-2026-001")
    text = "first\r\nsecond\ttabbed"

    assert book.writer.save(
        Change("VT-2026-001", {"Notes": (was["Notes"], text)}), context(dataset)
    ).saved

    assert read_workbook_tabs(book.path)["Projects"][3][11] == text


def test_a_macro_workbook_stays_a_macro_workbook_with_its_macros_untouched(tmp_path: Path):
    plain_book = formula_workbook(tmp_path / "plain.xlsx")
    path = tmp_path / "tracker.xlsm"
    macros = bytes(range(256)) * 40  # stands in for xl/vbaProject.bin
    with zipfile.ZipFile(plain_book) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", macros)
    book = WorkbookBackend(path)
    dataset = book.load()
    was = started(dataset, "VT-2026-001")

    assert book.writer.save(
        Change("VT-2026-001", {"Notes": (was["Notes"], "Kept")}), context(dataset)
    ).saved

    assert members(path)["xl/vbaProject.bin"] == macros
    assert started(book.load(), "VT-2026-001")["Notes"] == "Kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "plain.xlsx",
        "tracker.xlsm",
        "tracker.xlsm.lock",
    ]


def test_excels_namespace_prefixes_and_row_hints_survive_a_save(tmp_path: Path):
    """Excel writes `mc:Ignorable` prefixes and `spans` hints: a rewrite must keep them valid."""
    source = formula_workbook(tmp_path / "plain.xlsx")
    root = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/'
        '2009/9/ac">'
    )
    path = tmp_path / "tracker.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info)
            if info.filename == PROJECTS_XML:
                xml = content.decode().replace(
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + root,
                )
                xml = xml.replace('<row r="4">', '<row r="4" spans="1:19" x14ac:dyDescent="0.25">')
                content = xml.encode()
            zout.writestr(info, content)
    book = WorkbookBackend(path)
    dataset = book.load()
    was = started(dataset, "VT-2026-001")

    assert book.writer.save(
        Change("VT-2026-001", {"Notes": (was["Notes"], "Kept")}), context(dataset)
    ).saved

    xml = members(path)[PROJECTS_XML].decode()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + root)
    assert '<row r="4" spans="1:19" x14ac:dyDescent="0.25">' in xml
    assert openpyxl.load_workbook(path)["Projects"]["L4"].value == "Kept"

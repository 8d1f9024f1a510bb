"""Hostile files through the command line: no traceback, the projects the file really holds,
row counts that reconcile, and a message that says what is wrong (tests/fixtures/hostile.py)."""

from __future__ import annotations

import csv
import json
import tracemalloc
from pathlib import Path

import pytest

from lib import exports, i18n, tables
from lib.cli import main
from lib.config import load_settings
from lib.i18n import tc
from lib.loading import read_dataset
from lib.sources.delimited import decode, detect_delimiter
from lib.sources.workbook import WorkbookSource, read_workbook
from tests.fixtures import hostile
from tests.fixtures.hostile import CASES, Hostile

AS_OF = "2026-03-01"
BY_NAME = {case.name: case for case in CASES}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Each hostile file, built once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: case.build(folder / case.name) for case in CASES}


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_summary_counts_exactly_what_the_file_holds(case: Hostile, files, capsys):
    status, out, err = run(
        capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(files[case.name])
    )
    assert "Traceback" not in err
    if case.error:
        assert status == 2
        assert case.error in err and err.startswith("error: ")
        assert len(err.strip().splitlines()) == 1, "one line on stderr"
        return
    assert status == 0, err
    document = json.loads(out)
    rows = document["rows"]
    assert (rows["projects"], rows["read"], rows["blank"], rows["unread"]) == (
        case.projects,
        case.read,
        case.blank,
        case.unread,
    )
    assert rows["read"] == rows["projects"] + rows["blank"] + rows["unread"]
    assert sum(document["by_stage"].values()) == case.projects
    codes = {issue["code"] for issue in document["issues"]}
    assert case.codes <= codes
    assert all(issue["message"] and issue["row"] >= 1 for issue in document["issues"])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check_exits_1_exactly_when_an_issue_is_an_error(case: Hostile, files, capsys):
    status, out, err = run(
        capsys, "check", "--json", "--as-of", AS_OF, "--source", str(files[case.name])
    )
    assert "Traceback" not in err
    if case.error:
        assert status == 2 and case.error in err
        return
    records = json.loads(out)
    assert status == (1 if any(r["severity"] == "error" for r in records) else 0)


@pytest.mark.parametrize("case", [c for c in CASES if c.ids], ids=lambda case: case.name)
def test_the_projects_read_are_the_files_own(case: Hostile, files):
    dataset = read_dataset(WorkbookSource(files[case.name]), load_settings(), hostile.AS_OF)
    assert tuple(dataset.projects["ID"]) == case.ids


def test_a_cell_pointing_at_a_missing_shared_string_is_reported_at_its_cell(files):
    dataset = read_dataset(
        WorkbookSource(files["shared_strings_bomb.xlsx"]), load_settings(), hostile.AS_OF
    )
    issue = dataset.issues[dataset.issues["code"] == "unreadable_cell"].iloc[0]
    assert (issue["row"], issue["column"], issue["header"]) == (6, "H", "Notes")
    assert "shared string" in issue["message"] and "save" in issue["message"]
    assert dataset.projects["Title"].tolist()[-1] == "Digital newsroom"


def test_a_declared_but_empty_extent_costs_no_memory(files):
    tracemalloc.start()
    tabs, _ = read_workbook(files["huge_dimension_XFD1048576.xlsx"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(tabs["Projects"]) == 6  # no row of the 1,048,576 the tag claims
    assert max(map(len, tabs["Projects"])) == 8  # nor column of its 16,384
    assert peak < 5 * 2**20


def test_only_the_shared_strings_that_cells_use_are_kept(files):
    tracemalloc.start()
    tabs, notes = read_workbook(files["shared_strings_bomb.xlsx"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert tabs["Projects"][0] == hostile.HEADER
    assert len(notes) == 1
    assert peak < 50 * 2**20  # the table holds a million strings and one of 20 million characters


def test_a_field_longer_than_the_csv_modules_limit_is_read_whole(files):
    tabs, _ = read_workbook(files["long_field.csv"])
    assert len(tabs["Projects"][5][7]) == hostile.LONG_FIELD


@pytest.mark.parametrize(
    ("name", "encoding", "rows"),
    [
        ("cp1251_semicolons.csv", "cp1251", [hostile.RU_HEADER, *hostile.RU_PROJECTS]),
        ("cp1258.csv", "cp1258", [hostile.VI_HEADER, *hostile.VI_PROJECTS]),
        ("utf16_bom_tabs.csv", "utf_16", [hostile.HEADER, *hostile.PROJECTS]),
    ],
)
def test_russian_vietnamese_and_utf16_files_are_decoded_exactly(files, name, encoding, rows):
    assert decode(files[name].read_bytes())[1] == encoding
    expected = [[cell for cell in row] for row in rows]
    for row in expected:  # the reader leaves out trailing blank cells
        while row and not row[-1]:
            row.pop()
    assert read_workbook(files[name])[0]["Projects"] == expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_the_one_that_makes_the_most_regular_table(delimiter):
    rows = [hostile.HEADER, *hostile.PROJECTS, ["VT-9", "Commas, semicolons; pipes | tabs\t"]]
    text = "".join(
        delimiter.join(f'"{cell}"' if any(c in cell for c in ",;|\t") else cell for cell in row)
        + "\n"
        for row in rows
    )
    assert detect_delimiter(text) == delimiter


def test_a_sniffer_reading_the_first_4kb_is_misled_but_the_reader_is_not(files):
    text = files["misleading_first_4kb.csv"].read_text(encoding="utf-8")
    assert csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter == ";"
    rows = read_workbook(files["misleading_first_4kb.csv"])[0]["Projects"]
    assert {len(row) for row in rows[1:41]} == {8}
    assert rows[2][1] == "Story 2, part"


def test_the_apps_own_csv_export_reads_back_to_the_same_projects(files):
    original = hostile.export_dataset().projects
    back = read_dataset(
        WorkbookSource(files["app_export.csv"]), load_settings(), hostile.AS_OF
    ).projects
    for name in ("ID", "Title", "Partner", "Stage", "Theme", "Due", "Occasion", "Notes"):
        assert back[name].tolist() == original[name].tolist(), name
    assert back["Title"].tolist()[-2:] == [
        '**Bold** [click](javascript:alert(1)) "quoted"',
        "=1+1",
    ]


def test_a_repeated_id_lists_a_few_other_rows_and_how_many_more(files):
    dataset = read_dataset(
        WorkbookSource(files["duplicate_ids_20000.csv"]), load_settings(), hostile.AS_OF
    )
    messages = dataset.issues.loc[dataset.issues["code"] == "duplicate_id", "message"]
    assert len(messages) == hostile.DUPLICATES
    assert messages.iloc[0].endswith("(also rows 3, 4, 5 and 19,996 more).")
    assert messages.iloc[1].endswith("(also rows 2, 4, 5 and 19,996 more).")
    assert messages.str.len().max() < 120


@pytest.mark.parametrize("lang", ["vi", "ru", "ko", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_in_any_language_reads_back_to_the_same_projects(tmp_path, lang, kind):
    dataset = hostile.export_dataset()
    table = tables.projects_table(
        dataset.projects, dataset.extras, dataset.milestones, hostile.AS_OF, due_soon_days=14
    )
    with i18n.using(lang):
        shown = exports.for_people(table)
        data = exports.to_csv_bytes(shown) if kind == "csv" else exports.to_excel_bytes(shown)
    path = tmp_path / f"export.{kind}"
    path.write_bytes(data)
    back = read_dataset(WorkbookSource(path), load_settings(), hostile.AS_OF)
    with i18n.using(lang):
        assert tc("field", "Due") in shown.columns and (lang == "en") == ("Due" in shown.columns)
    assert not back.issues["code"].isin(["missing_required_column", "no_header_row"]).any()
    for name in ("ID", "Title", "Partner", "Stage", "Theme", "Start", "Due", "Occasion", "Notes"):
        expected = dataset.projects[name]
        if kind == "xlsx" and name in ("Title", "Notes"):
            expected = expected.map(exports.inert)  # the workbook keeps its apostrophe guard
        assert back.projects[name].tolist() == expected.tolist(), (lang, name)

"""The fast .xlsx reader (calamine) hands over the same cells as the careful XML reader, keeps
error cells and real dates, and passes files it must not build to the careful reader."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from bench.synthetic import synthetic_tabs, write_xlsx
from lib.sources.xlsx import read_xlsx
from lib.sources.xlsx_scan import scan_sheet
from lib.sources.xlsx_stream import read_xlsx_stream
from tests.fixtures.hostile import _MAIN, write_raw_xlsx


def _read(path: Path):
    return read_xlsx(path.name, io.BytesIO(path.read_bytes()))


def _sheet(body: str) -> str:
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{body}</sheetData></worksheet>'


def test_error_cells_reach_the_report_as_their_error_text(tmp_path):
    xml = _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c></row>'
        '<row r="3"><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="AB3" s="0" t="e"><v>#N/A</v></c></row>'
    )
    tabs, notes = _read(write_raw_xlsx(tmp_path / "errors.xlsx", [("Projects", xml)]))
    assert tabs["Projects"] == [["ID"], [], ["#DIV/0!", *([None] * 26), "#N/A"]]
    assert notes == []


def test_real_dates_stay_dates_and_blank_cells_are_none(tmp_path):
    xml = _sheet(
        '<row r="1"><c r="A1" s="1"><v>46082</v></c><c r="B1"><v>55</v></c>'
        '<c r="D1" t="d"><v>2026-03-01T10:30:00</v></c></row>'
    )
    tabs, _ = _read(write_raw_xlsx(tmp_path / "dates.xlsx", [("Projects", xml)]))
    assert tabs["Projects"] == [[date(2026, 3, 1), 55.0, None, datetime(2026, 3, 1, 10, 30)]]


def test_the_scan_bounds_a_stray_far_cell_before_any_grid_is_built(tmp_path):
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = write_raw_xlsx(tmp_path / "far.xlsx", [("Projects", _sheet(far))])
    with zipfile.ZipFile(path) as archive:
        scan = scan_sheet(archive, "xl/worksheets/sheet1.xml")
    assert (scan.height, scan.width) == (1_048_576, 16_384)


def test_a_synthetic_tracker_reads_to_the_same_cells_as_the_careful_reader(tmp_path):
    path = write_xlsx(synthetic_tabs(300), tmp_path / "synthetic.xlsx")
    fast, fast_notes = _read(path)
    careful, careful_notes = read_xlsx_stream(path.name, io.BytesIO(path.read_bytes()))
    assert fast_notes == careful_notes == []
    assert list(fast) == list(careful)
    for title in careful:
        for fast_row, careful_row in zip(fast[title], careful[title], strict=True):
            # The careful reader reads every date cell as a datetime; calamine keeps a date a date.
            assert [
                v.date() if isinstance(v, datetime) and isinstance(f, date) else v
                for v, f in zip(careful_row, fast_row, strict=True)
            ] == fast_row


def test_rows_without_numbers_follow_the_row_before_them_in_the_scan_and_the_read(tmp_path):
    xml = _sheet(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>ID</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>VT-1</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>VT-2</t></is></c></row>'
    )
    path = write_raw_xlsx(tmp_path / "unnumbered.xlsx", [("Projects", xml)])
    with zipfile.ZipFile(path) as archive:
        assert scan_sheet(archive, "xl/worksheets/sheet1.xml").height >= 4
    tabs, _ = _read(path)
    assert tabs["Projects"] == [[], ["ID"], ["VT-1"], ["VT-2"]]

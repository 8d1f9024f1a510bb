"""A tracker workbook as Excel leaves it: formulas with cached values (one of them shared),
bold and filled cells, a date format, column widths, a merged banner, a second tab with totals
and a defined name. openpyxl cannot write cached values, so they are put into the XML after.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName

from lib.schema import LOG_HEADER
from tests.edit.conftest import HEADER, tracker_tabs

FIRST_PROJECT_ROW = 4
EXTRA_HEADER = ["Due + 30", "Photo fee", "Constant"]  # columns Q, R, S: formulas only
DATE_FORMAT = "dd/mm/yyyy"
BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="FFDDEEFF")


def twelve_projects() -> dict[str, list[list[Any]]]:
    """Enough projects and fields for ten editors to each have their own."""
    rows = [
        [f"VT-2026-{n:03d}", f"Project {n:02d}", "TASS", "Photo story", "Culture & heritage",
         "Shooting", "Lan", date(2026, 1, 5), date(2026, 6, n), n, None, f"start note {n}",
         1_000_000 * n, date(2026, 3, n)]
        for n in range(1, 13)
    ]  # fmt: skip
    return {"Projects": [["Joint productions"], [], HEADER, *rows]}


def formula_workbook(
    path: Path, tabs: dict[str, list[list[Any]]] | None = None, *, log: bool = True
) -> Path:
    """Write the workbook; Video minutes (K) is one shared formula `=J/2` down the table."""
    rows = (tabs or tracker_tabs())["Projects"]
    last = len(rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projects"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].fill = FILL
    sheet.merge_cells("A1:F1")
    for c, text in enumerate(EXTRA_HEADER, start=len(HEADER) + 1):
        sheet.cell(row=3, column=c, value=text)
    for cell in sheet[3]:
        cell.font = BOLD
        cell.fill = FILL
    sheet.column_dimensions["B"].width = 38
    sheet.column_dimensions["L"].width = 55
    sheet.row_dimensions[3].height = 30

    cached: dict[str, dict[str, Any]] = {"Projects": {}, "Totals": {}}
    for r in range(FIRST_PROJECT_ROW, last + 1):
        row = rows[r - 1] + [None] * 20
        photos = row[9] or 0
        sheet[f"K{r}"] = f"=J{r}/2"
        cached["Projects"][f"K{r}"] = photos / 2
        if isinstance(row[8], date):
            sheet[f"Q{r}"] = f"=I{r}+30"
            sheet[f"Q{r}"].number_format = DATE_FORMAT
            cached["Projects"][f"Q{r}"] = to_excel(row[8]) + 30
        sheet[f"R{r}"] = f"=J{r}*1000"
        cached["Projects"][f"R{r}"] = photos * 1000
        sheet[f"S{r}"] = "=5+7"
        cached["Projects"][f"S{r}"] = 12
    totals = book.create_sheet("Totals")
    totals["A1"], totals["B1"] = "Photos", f"=SUM(Projects!J{FIRST_PROJECT_ROW}:J{last})"
    totals["A2"], totals["B2"] = "Constant", "=5+7"
    totals["A1"].font = BOLD
    totals.column_dimensions["A"].width = 20
    cached["Totals"]["B1"] = sum(
        (row + [None] * 10)[9] or 0 for row in rows[FIRST_PROJECT_ROW - 1 :]
    )
    cached["Totals"]["B2"] = 12
    book.defined_names["photos"] = DefinedName(
        "photos", attr_text=f"Projects!$J${FIRST_PROJECT_ROW}:$J${last}"
    )
    if log:
        book.create_sheet("Log").append(list(LOG_HEADER))
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_with_cached_values(buffer.getvalue(), cached, shared=("K", last)))
    return path


def _with_cached_values(
    data: bytes, cached: dict[str, dict[str, Any]], *, shared: tuple[str, int]
) -> bytes:
    members = {"Projects": "xl/worksheets/sheet1.xml", "Totals": "xl/worksheets/sheet2.xml"}
    column, last = shared
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            tab = next((t for t, m in members.items() if m == info.filename), None)
            if tab is not None:
                xml = content.decode()
                for ref, value in cached[tab].items():
                    xml = _cache(xml, ref, value, column, last)
                content = xml.encode()
            target.writestr(info, content)
    return out.getvalue()


def _cache(xml: str, ref: str, value: Any, shared_column: str, last: int) -> str:
    # openpyxl writes an empty value as <v/> with its own XML writer, <v></v> with lxml's.
    pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)</c>')
    match = pattern.search(xml)
    assert match is not None, ref
    number = repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value))
    formula = f"<f>{match[2]}</f>"
    if ref.startswith(shared_column) and ref[len(shared_column) :].isdigit():
        if int(ref[len(shared_column) :]) == FIRST_PROJECT_ROW:
            span = f"{ref}:{shared_column}{last}"
            formula = f'<f t="shared" ref="{span}" si="0">{match[2]}</f>'
        else:
            formula = '<f t="shared" si="0"/>'
    return (
        xml[: match.start()]
        + f'<c r="{ref}"{match[1]}>{formula}<v>{number}</v></c>'
        + xml[match.end() :]
    )


def all_cells(path: Path, *, data_only: bool) -> dict[tuple[str, str], Any]:
    """(tab, cell) → value of every non-empty cell, as openpyxl reads them."""
    book = openpyxl.load_workbook(path, data_only=data_only)
    try:
        return {
            (sheet.title, cell.coordinate): cell.value
            for sheet in book
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
    finally:
        book.close()


def layout(path: Path) -> dict[str, Any]:
    """What a save must not change besides values: styles, widths, heights, merges, names."""
    book = openpyxl.load_workbook(path)
    try:
        return {
            "styles": {
                (sheet.title, cell.coordinate): (
                    cell.font.b,
                    cell.font.sz,
                    cell.fill.fgColor.rgb,
                    cell.number_format,
                )
                for sheet in book
                for row in sheet.iter_rows()
                for cell in row
            },
            "widths": {
                sheet.title: {k: d.width for k, d in sheet.column_dimensions.items()}
                for sheet in book
            },
            "heights": {
                sheet.title: {k: d.height for k, d in sheet.row_dimensions.items() if d.height}
                for sheet in book
            },
            "merged": {sheet.title: sorted(map(str, sheet.merged_cells.ranges)) for sheet in book},
            "names": {name: d.attr_text for name, d in book.defined_names.items()},
            "tabs": book.sheetnames,
        }
    finally:
        book.close()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}

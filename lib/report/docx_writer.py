"""The report as a Word document (python-docx): editable, what agencies send each other."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lib.report.document import Chart, Table
from lib.report.layout import Item, Side

# Word picks a font per script: Arial has Vietnamese and Cyrillic; Hangul needs an East Asian one.
LATIN_FONT, EAST_ASIAN_FONT = "Arial", "Malgun Gothic"


def docx_bytes(items: list[Item], chart: bytes | None, title: str, language: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    document.core_properties.title = title
    document.core_properties.language = language
    for item in items:
        if isinstance(item, Side):
            _side(document, item)
        elif isinstance(item, Table):
            _table(document, item)
        elif isinstance(item, Chart) and chart:
            document.add_picture(io.BytesIO(chart), width=Cm(17))
            caption = document.add_paragraph(item.alt)
            caption.runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text_run(paragraph, text: str, level: int | None) -> None:
    run = paragraph.add_run(text)
    if level is not None:
        run.bold = True
        run.font.size = Pt({0: 16, 1: 12}.get(level, 11))
        run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)


def _side(document, item: Side) -> None:
    if len(item.texts) == 1:
        if item.level is None:
            document.add_paragraph(item.texts[0])
        else:
            document.add_heading(item.texts[0], level=item.level)
        return
    table = document.add_table(rows=1, cols=len(item.texts))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, item.texts, strict=True):
        cell.width = Cm(8.5)
        _text_run(cell.paragraphs[0], text, item.level)
    document.add_paragraph()


def _table(document, item: Table) -> None:
    if not item.rows:
        paragraph = document.add_paragraph()
        paragraph.add_run(item.empty).italic = True
        return
    table = document.add_table(rows=1 + len(item.rows), cols=len(item.header))
    table.style = "Table Grid"
    for row_index, row in enumerate((item.header, *item.rows)):
        for cell, text, share in zip(table.rows[row_index].cells, row, item.widths, strict=True):
            cell.width = Cm(17 * share)
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(9)
            run.bold = row_index == 0
    document.add_paragraph()

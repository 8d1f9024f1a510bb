"""The report as a PDF (fpdf2) with its fonts embedded: DejaVu Sans for Vietnamese and
Cyrillic, NanumGothic for Hangul (a fallback, used for the characters DejaVu lacks)."""

from __future__ import annotations

import io
import logging

from fpdf import FPDF, FontFace

from lib.report.document import Chart, Table
from lib.report.fonts import fonts
from lib.report.layout import Item, Side

# fontTools notes every DejaVu hinting table it drops while subsetting: not worth a line each.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

HEADER_FILL = (230, 236, 244)
INK = (31, 58, 95)


def pdf_bytes(items: list[Item], chart: bytes | None, title: str, language: str) -> bytes:
    found = fonts()
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(found.regular))
    pdf.add_font("DejaVu", "B", str(found.bold))
    pdf.add_font("Nanum", "", str(found.hangul))
    pdf.add_font("Nanum", "B", str(found.hangul_bold))
    pdf.set_fallback_fonts(["Nanum"])
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("Joint Production Tracker")
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for item in items:
        if isinstance(item, Side):
            _side(pdf, item)
        elif isinstance(item, Table):
            _table(pdf, item)
        elif isinstance(item, Chart) and chart:
            width = pdf.epw * 0.85  # small enough to share a page with the table above
            pdf.image(
                io.BytesIO(chart),
                x=pdf.l_margin + (pdf.epw - width) / 2,
                w=width,
                alt_text=item.alt,
            )
            pdf.ln(2)
    return bytes(pdf.output())


def _style(pdf: FPDF, level: int | None) -> float:
    size = {None: 10, 0: 15, 1: 12}.get(level, 11)
    pdf.set_font("DejaVu", "" if level is None else "B", size)
    pdf.set_text_color(*(INK if level is not None else (0, 0, 0)))
    return size * 0.5


def _side(pdf: FPDF, item: Side) -> None:
    height = _style(pdf, item.level)
    if item.level is not None:
        pdf.ln(2)
    if len(item.texts) == 1:
        pdf.multi_cell(0, height, item.texts[0], new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.table(
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=height,
            padding=1,
            text_align="LEFT",
        ) as table:
            row = table.row()
            for text in item.texts:
                row.cell(text)
    _style(pdf, None)
    pdf.ln(1)


def _table(pdf: FPDF, item: Table) -> None:
    _style(pdf, None)
    if not item.rows:
        pdf.multi_cell(0, 5, item.empty, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    pdf.set_font("DejaVu", size=8.5)
    with pdf.table(
        col_widths=tuple(share * 100 for share in item.widths),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=4.4,
        padding=1,
        text_align="LEFT",
    ) as table:
        for row_values in (item.header, *item.rows):
            row = table.row()
            for text in row_values:
                row.cell(text)
    pdf.set_font("DejaVu", size=10)
    pdf.ln(3)

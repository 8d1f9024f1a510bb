"""The implementation report of an agreement for a partner and a year, as DOCX or PDF."""

from __future__ import annotations

from lib.report.content import Report, ReportError, build_report
from lib.report.document import blocks

__all__ = ["MIME", "Report", "ReportError", "build_report", "write_report"]

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def write_report(report: Report, languages: tuple[str, ...], fmt: str) -> bytes:
    """The document in one language, or two side by side (the first on the left)."""
    from lib.report.chart import commitments_png
    from lib.report.layout import merged

    sequences = [blocks(report, language) for language in languages]
    items = merged(sequences)
    chart = commitments_png(report, languages) if not report.commitments.empty else None
    title = sequences[0][0].text  # type: ignore[union-attr]
    if fmt == "docx":
        from lib.report.docx_writer import docx_bytes

        return docx_bytes(items, chart, title, languages[0])
    if fmt == "pdf":
        from lib.report.pdf_writer import pdf_bytes

        return pdf_bytes(items, chart, title, languages[0])
    raise ReportError(f"The report is made as docx or pdf, not “{fmt}”.")

"""The implementation report against the Commitments page: the DOCX read back with python-docx,
the PDF with pypdf, page 1 rendered to PNG (artifacts/report/) for a person to look at."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pypdfium2
import pytest
import streamlit as st
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from lib.config import load_settings
from lib.loading import read_dataset
from lib.report import ReportError, build_report, write_report
from lib.sources import source_for

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "report"
AS_OF = date(2026, 12, 1)
PARTNERS = ("TASS", "KCNA")


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_AS_OF", AS_OF.isoformat())
        patch.setenv("TRACKER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        for variable in ("TRACKER_WORKBOOK", "TRACKER_SPREADSHEET"):
            patch.delenv(variable, raising=False)
        yield


@pytest.fixture(scope="module")
def page(environment) -> dict[str, list[tuple[str, int, int, int]]]:
    """What the Commitments page shows for 2026: (commitment, target, delivered, in pipeline)
    for each partner, read from the page run through app.py."""
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/commitments.py")
    app.run()
    assert not app.exception, app.exception
    groups = [s.value.split(" · ")[0] for s in app.subheader if s.value.endswith(" · 2026")]
    shown = {}
    for partner, frame in zip(groups, app.dataframe, strict=False):
        shown[partner] = [
            (str(r["Commitment"]), int(r["Target"]), int(r["Delivered"]), int(r["In pipeline"]))
            for r in frame.value.to_dict("records")
        ]
    return shown


@pytest.fixture(scope="module")
def dataset(environment):
    settings = load_settings()
    return read_dataset(source_for(settings, lambda: AS_OF), settings, AS_OF)


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _first_page_png(data: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = pypdfium2.PdfDocument(data)
    image = pdf[0].render(scale=1.5).to_pil()
    path = ARTIFACTS / f"{name}-page1.png"
    image.save(path)
    return path


@pytest.mark.parametrize("partner", PARTNERS)
def test_the_bilingual_docx_has_the_pages_figures(page, dataset, partner) -> None:
    report = build_report(dataset, partner, 2026, AS_OF)
    data = write_report(report, ("vi", "ru"), "docx")
    (ARTIFACTS / f"{partner}-2026-vi-ru.docx").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{partner}-2026-vi-ru.docx").write_bytes(data)
    tables = _docx_tables(data)
    commitments = next(t for t in tables if t[0][0] == "Cam kết\nОбязательство")
    assert commitments[0][1:4] == [
        "Chỉ tiêu\nЦель",
        "Đã bàn giao\nВыпущено",
        "Đang thực hiện\nВ работе",
    ]
    rows = [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in commitments[1:]]
    assert rows == page[partner]
    # The title, side by side: Vietnamese left, Russian right.
    assert tables[0][0][0].startswith("Kết quả thực hiện thỏa thuận hợp tác với " + partner)
    assert tables[0][0][1].startswith("Выполнение соглашения о сотрудничестве с " + partner)
    published = next(t for t in tables if t[0][0] == "ID" and "Xuất bản\nОпубликовано" in t[0])
    assert len(published) - 1 == report.totals["projects"]
    assert sum(int(r[4]) for r in published[1:]) == report.totals["photos"]


def test_the_tass_report_says_what_was_published_and_cross_posted(dataset) -> None:
    report = build_report(dataset, "ТАСС", 2026, AS_OF)  # the partner's Russian name works too
    text = _docx_text(write_report(report, ("vi", "ru"), "docx"))
    totals = report.totals
    assert totals == {"projects": 20, "photos": 456, "videos": 26}
    assert "Đã xuất bản năm 2026: 20 dự án chung, gồm 456 ảnh và 26 video." in text
    assert "Опубликовано в 2026 году: 20 совместных проектов, 456 фотографий и 26 видео." in text
    crossed = report.cross_posting
    assert (crossed.home, crossed.partner, crossed.both) == (20, 20, 20)
    assert f"{crossed.both} — на площадках обеих сторон" in text
    cross_row = report.commitments[report.commitments["Commitment"].eq("Cross-posted items")]
    assert int(cross_row["delivered"].iloc[0]) == crossed.both


@pytest.mark.parametrize("partner", PARTNERS)
def test_the_pdf_has_the_pages_figures_in_readable_text(page, dataset, partner) -> None:
    report = build_report(dataset, partner, 2026, AS_OF)
    data = write_report(report, ("vi", "ru"), "pdf")
    (ARTIFACTS / f"{partner}-2026-vi-ru.pdf").write_bytes(data)
    text = _pdf_text(data)
    assert f"Kết quả thực hiện thỏa thuận hợp tác với {partner}" in text
    assert f"Выполнение соглашения о сотрудничестве с {partner}" in text
    for commitment, target, delivered, pipeline in page[partner]:
        assert commitment.split()[0] in text
        assert f"{target} {delivered} {pipeline}" in text, commitment
    fonts = {
        str(font["/BaseFont"])
        for p in PdfReader(io.BytesIO(data)).pages
        for font in p["/Resources"]["/Font"].values()
        for font in [font.get_object()]
    }
    assert any("DejaVuSans" in f for f in fonts)  # embedded, subset: +DejaVuSans
    png = _first_page_png(data, f"{partner}-2026-vi-ru")
    assert png.stat().st_size > 50_000  # a page with text and the chart, not a blank one


def test_a_korean_report_carries_hangul(dataset) -> None:
    report = build_report(dataset, "KCNA", 2026, AS_OF)
    data = write_report(report, ("ko",), "pdf")
    text = _pdf_text(data)
    assert "KCNA와(과)의 협력 협정 이행 현황, 2026년" in text
    assert "1. 약속과 이행 실적" in text
    _first_page_png(data, "KCNA-2026-ko")


def test_an_unknown_partner_is_a_clear_error(dataset) -> None:
    with pytest.raises(ReportError, match="No project or commitment names the partner “AFP”"):
        build_report(dataset, "AFP", 2026, AS_OF)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_command_line_writes_the_report(environment, tmp_path, kind, capsys) -> None:
    from lib.cli import main

    out = tmp_path / f"tass.{kind}"
    assert main(["report", "--partner", "TASS", "--year", "2026", "--lang", "vi,ru",
                 "--format", kind, "--out", str(out)]) == 0  # fmt: skip
    data = out.read_bytes()
    text = _docx_text(data) if kind == "docx" else _pdf_text(data)
    assert "Kết quả thực hiện thỏa thuận hợp tác với TASS năm 2026" in text
    assert main(["report", "--partner", "AFP", "--year", "2026", "--out", str(out)]) == 2
    assert "No project or commitment names the partner “AFP”" in capsys.readouterr().err

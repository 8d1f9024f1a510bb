"""Every page on a workbook full of markup (tests/fixtures/poisoned.py), through app.py: no
string the app hands Streamlit as Markdown turns a cell into a link, image, heading, HTML or
code, and each poisoned cell is shown with its markup as written.

What the browser finally draws is checked in tests/e2e/test_poisoned_browser.py; this checks
what the app sends, parsed by a CommonMark parser, on every page at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from lib.markup import WORD_JOINER
from lib.tables import LINK_TEXT_COLUMN
from tests.app.test_pages import APP, PAGE_DIR, PAGES, fresh_caches
from tests.fixtures.poisoned import (
    AS_OF,
    FORMULA_HEADER,
    IMG,
    MARKUP,
    SAFE_LINK,
    UNSAFE_LINKS,
    write_poisoned_workbook,
)

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
NOT_FROM_CELLS = {"link_open", "image", "html_inline", "html_block", "heading_open",
                  "code_inline", "code_block", "fence", "hr", "blockquote_open",
                  "bullet_list_open", "ordered_list_open", "table_open"}  # fmt: skip
# Contiguous, these would become links or icons in Streamlit's frontend.
REWRITTEN = ("http://evil", "www.evil", "desk@evil", ":tada:", ":material/home:")
# Where each marker must show up, so the checks below never pass on an empty page.
EXPECTED = {
    "pipeline.py": {"POISON-BOLD", "POISON-H1", "POISON-LINK", "POISON-HTML",
                    "POISON-THEME", "POISON-PARTNER", "POISON-FORMAT"},
    "occasions.py": {"POISON-OCCASION", "POISON-KIND", "POISON-LINK", "POISON-BOLD"},
    "commitments.py": {"POISON-PARTNER"},
}  # fmt: skip


@pytest.fixture
def poisoned(monkeypatch, tmp_path) -> Iterator[None]:
    monkeypatch.setenv("TRACKER_AS_OF", AS_OF.isoformat())
    monkeypatch.setenv("TRACKER_WORKBOOK", str(write_poisoned_workbook(tmp_path / "p.xlsx")))
    fresh_caches()
    yield
    fresh_caches()


def markdown_strings(app: AppTest) -> list[str]:
    """Everything on the page Streamlit reads as Markdown: bodies, labels, tooltips."""
    strings: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                 "error", "success", "toast"):  # fmt: skip
        strings += [element.value for element in getattr(app, kind)]
    for kind in ("metric", "expander", "tabs", "button", "selectbox", "multiselect",
                 "text_input", "text_area", "date_input", "number_input", "toggle"):  # fmt: skip
        strings += [element.label for element in getattr(app, kind)]
    strings += [link.proto.label for link in app.get("page_link")]  # links to projects
    strings += [m.help for m in app.metric if m.help]
    return strings


def tokens(source: str) -> Iterator:
    for block in MARKDOWN.parse(source):
        yield block
        yield from block.children or ()


def shown_text(source: str) -> str:
    return "".join(t.content for t in tokens(source) if t.type == "text")


def check(source: str) -> set[str]:
    """Asserts `source` makes no markup of a cell; returns the markers it shows."""
    kinds = {t.type for t in tokens(source)}
    assert not kinds & NOT_FROM_CELLS, (source, kinds & NOT_FROM_CELLS)
    text = shown_text(source)
    assert not [r for r in REWRITTEN if r in text], source
    plain = text.replace(WORD_JOINER, "")
    seen = {marker for marker in MARKUP if marker in plain}
    for marker in seen:
        assert MARKUP[marker] in plain or marker == "POISON-COMMIT", (marker, source)
    if "onerror" in plain:
        assert IMG in plain, source
    if "POISON-SETEXT" in plain:
        assert "POISON-SETEXT ===" in plain, source
    return seen


def open_page(page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("page", PAGES)
def test_no_page_turns_a_cell_into_markup(poisoned, page):
    app = open_page(page)
    seen: set[str] = set()
    for source in markdown_strings(app):
        seen |= check(source)
    name = page.rsplit("/", 1)[-1]
    assert EXPECTED.get(name, set()) <= seen, EXPECTED[name] - seen


def test_the_projects_table_opens_only_web_and_mail_links(poisoned):
    app = open_page(f"{PAGE_DIR}/projects.py")
    table = app.dataframe[0].value.set_index("ID")
    assert table.loc["PZ-4", "Link"] == SAFE_LINK
    assert table.loc[["PZ-1", "PZ-2", "PZ-3"], "Link"].isna().all()
    written = table.loc[["PZ-1", "PZ-2", "PZ-3"], LINK_TEXT_COLUMN].tolist()
    assert written == [link.strip() for link in UNSAFE_LINKS]
    assert table.loc["PZ-4", LINK_TEXT_COLUMN] == ""
    assert FORMULA_HEADER in table.columns  # shown as the sheet names it: a table is no formula

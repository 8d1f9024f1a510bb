"""Sheet text meets Markdown, Plotly and links as text: nothing in a cell becomes markup.

The Markdown checks parse what `plain` makes with a CommonMark parser (markdown-it-py), and run
the patterns Streamlit's frontend applies to the text of a paragraph afterwards (copied from
its bundle, streamlit 1.67: GFM autolinks, shortcodes, typographic arrows) over that text.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lib.markup import WORD_JOINER, badge, html_text, one_line, plain, safe_link

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Streamlit's StreamlitMarkdown bundle, rules run on text nodes once escapes are resolved.
STREAMLIT_TEXT_PATTERNS = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),  # autolink
    re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),  # e-mail autolink
    re.compile(r":[\w/+-]+:"),  # :tada:, :streamlit:, :material/…: (Streamlit writes material_)
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),  # typographic symbols
]
POISON = [
    "**x**",
    "# heading",
    "===",
    "Title\n===",
    "[link](http://evil.example)",
    "http://evil.example/path",
    "www.evil.example",
    "mail@evil.example",
    "<b>html</b>",
    "<img src=x onerror=alert(1)>",
    "![img](http://evil.example/x.png)",
    ":red[red] :material/home: :tada: :streamlit:",
    "$x^2$ and $$y$$",
    "`code`",
    "> quote",
    "- item",
    "1. item",
    "| a | b |",
    "a -> b <- c -- d",
    "&lt;b&gt; &amp;",
    "    indented code",
    "_i_ ~~s~~ ~t~",
    "\\*escaped\\*",
]


def inline_tokens(source: str) -> list:
    blocks = MARKDOWN.parse(source)
    assert [b.type for b in blocks] in ([], ["paragraph_open", "inline", "paragraph_close"]), source
    children = blocks[1].children if blocks else []
    return [t for t in children if t.type != "text" or t.content]


def shown_text(source: str) -> str:
    return "".join(t.content for t in inline_tokens(source) if t.type == "text")


@pytest.mark.parametrize("text", POISON)
def test_markup_typed_into_a_cell_is_shown_as_written(text):
    source = plain(text)
    kinds = {t.type for t in inline_tokens(source)}
    assert kinds <= {"text"}, (text, kinds)
    assert shown_text(source).replace(WORD_JOINER, "") == one_line(text).strip()


@pytest.mark.parametrize("text", POISON)
def test_streamlits_own_rewrites_find_nothing_in_cell_text(text):
    shown = shown_text(plain(text))
    for pattern in STREAMLIT_TEXT_PATTERNS:
        assert not pattern.search(shown), (text, pattern.pattern)


def test_cell_text_inside_the_apps_own_bold_stays_one_bold_run():
    tokens = inline_tokens(f"**{plain('a** [b](http://x) **c')}** · 3")
    assert [t.type for t in tokens] == ["strong_open", "text", "strong_close", "text"]
    assert tokens[1].content.replace(WORD_JOINER, "") == "a** [b](http://x) **c"


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Z", "Cc"])))
def test_no_text_at_all_turns_into_markup(text):
    source = plain(text)
    assert {t.type for t in inline_tokens(source)} <= {"text"}
    shown = shown_text(source)
    assert shown.replace(WORD_JOINER, "") == one_line(text).strip()
    for pattern in STREAMLIT_TEXT_PATTERNS:
        assert not pattern.search(shown), pattern.pattern


def test_a_badge_keeps_brackets_of_the_cell_inside_its_label():
    assert badge("a]b[c", "gray") == ":gray-badge[a\\]b\\[c]"
    assert badge("x", "red", ":material/error:") == ":red-badge[:material/error: x]"


def test_plotly_text_shows_tags_as_text_on_one_line():
    assert html_text("<b>x</b>\n<a href='javascript:alert(1)'>y</a>") == (
        "&lt;b&gt;x&lt;/b&gt; &lt;a href='javascript:alert(1)'&gt;y&lt;/a&gt;"
    )
    assert html_text(pd.Series(["<br>", "ok"])).tolist() == ["&lt;br&gt;", "ok"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "https://drive.google.com/drive/folders/abc?x=1#y",
        "HTTPS://EXAMPLE.ORG",
        "mailto:desk@vnanet.vn",
        "  https://example.org/padded  ",
    ],
)
def test_web_and_mail_addresses_open(url):
    assert safe_link(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u200bjavascript:alert(1)",
        "javascript\u00ad:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "http:evil.example",
        "http://",
        "https://exa mple.org",
        "mailto:",
        "www.example.org",
        "Drive folder",
        "",
        None,
        float("nan"),
    ],
)
def test_anything_else_never_opens(url):
    assert safe_link(url) is None


def test_the_projects_table_shows_a_link_it_will_not_open_as_text_beside_it():
    from lib import tables

    table = pd.DataFrame(
        {"ID": ["A", "B", "C"], "Link": ["https://example.org", " javascript:alert(1)", ""]}
    )
    shown = tables.openable_links(table)
    assert shown["Link"].iloc[0] == "https://example.org"
    assert shown["Link"].iloc[1:].isna().all()
    assert shown[tables.LINK_TEXT_COLUMN].tolist() == ["", " javascript:alert(1)", ""]
    assert list(shown.columns) == ["ID", "Link", tables.LINK_TEXT_COLUMN]
    ordinary = tables.openable_links(table.iloc[[0, 2]])
    assert tables.LINK_TEXT_COLUMN not in ordinary.columns  # only when a sheet needs it


def test_the_calendar_carries_only_web_links_and_no_injected_lines():
    from icalendar import Calendar

    from lib import ics
    from tests.fixtures.poisoned import AS_OF, poisoned_tabs
    from tests.fixtures.workbooks import dataset_of

    tabs = poisoned_tabs()
    tabs["Projects"][1][1] = "Due\r\nATTACH:http://evil.example/x\nURL:javascript:alert(1)"
    dataset = dataset_of(tabs, AS_OF)
    data = ics.deadlines_calendar(dataset, dataset.projects, AS_OF)
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    urls = [str(event["URL"]) for event in events if "URL" in event]
    assert urls == ["https://example.org/poisoned-but-fine"]  # javascript: and data: left out
    assert not any("ATTACH" in event for event in events)  # a line break in a title is text
    assert any("ATTACH:http://evil.example/x" in str(event["SUMMARY"]) for event in events)

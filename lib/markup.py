"""Sheet text made inert wherever it meets a renderer: Streamlit's Markdown, Plotly's HTML subset,
and links. The one place that knows how; every page and chart goes through it.

Pure: strings in, strings out. Sheet text is shown as written, never as markup, and only web
and e-mail addresses (http, https, mailto) are ever turned into something one can click.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

# CommonMark lets a backslash escape any ASCII punctuation character, and an escaped one is
# always literal: escaping all of them needs no list of which ones Markdown, GFM or
# Streamlit's directives (:red[…], :material/…:, $…$) happen to use today. All but the few
# that no syntax uses outside brackets, which stay as typed in the text Streamlit receives.
_INERT_PUNCTUATION = ",;?'\""
_ESCAPES = str.maketrans(
    {ch: "\\" + ch for ch in string.punctuation if ch not in _INERT_PUNCTUATION}
)

# Streamlit also rewrites the text *inside* a paragraph after parsing, where escapes are gone:
# GFM autolinks (`http://…`, `www.…`, `name@host.tld`), shortcodes (`:tada:`, `:streamlit:`,
# `:material/…:`) and typographic arrows (`->`). An invisible word joiner (U+2060) where those
# patterns need two characters side by side keeps each one from matching, and shows nothing.
WORD_JOINER = "\u2060"
_AFTER_JOINER = re.compile(r"([:@])")
_WWW_DOT = re.compile(r"(?i)(www)(?=\.)")
_TYPOGRAPHIC = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")

_LINE_BREAKS = re.compile(r"\r\n?|[\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def one_line(text: object) -> str:
    """Text on one line: line breaks and other control characters become spaces."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in flat)


def plain(text: object) -> str:
    """Sheet text (or a message quoting it) for a string Streamlit reads as Markdown: shown
    exactly as written, on one line, with nothing in it bold, a heading, a link or an image.

    For every Markdown-reading place: st.markdown, st.caption, st.subheader, labels of widgets,
    tabs, expanders and metrics, badges, toasts, st.table cells and tooltips.
    """
    flat = one_line(text).strip()
    flat = _WWW_DOT.sub(r"\1" + WORD_JOINER, flat)
    flat = _TYPOGRAPHIC.sub(lambda m: m[0][0] + WORD_JOINER + m[0][1:], flat)
    flat = _AFTER_JOINER.sub(r"\1" + WORD_JOINER, flat)
    return flat.translate(_ESCAPES)


def badge(text: object, colour: str, icon: str | None = None) -> str:
    """A Streamlit badge directive (`:gray-badge[…]`) showing sheet text as written."""
    return f":{colour}-badge[{f'{icon} ' if icon else ''}{plain(text)}]"


# `<` and `>` are all it takes: Plotly finds its tags before it decodes entities, so an
# entity typed into a cell (`&lt;b&gt;`) shows as a character, never becomes a tag.
_HTML_ESCAPES = str.maketrans({"<": "&lt;", ">": "&gt;"})


def html_text(text: pd.Series | str) -> pd.Series | str:
    """Sheet text for Plotly labels and hover texts, which render a subset of HTML (<b>, <a>,
    <br>): shown on one line, no tag in it a tag."""
    if isinstance(text, str):
        return one_line(text).translate(_HTML_ESCAPES)
    return text.astype("str").map(lambda value: one_line(value).translate(_HTML_ESCAPES))


LINK_SCHEMES = ("http", "https", "mailto")


def safe_link(url: object) -> str | None:
    """The address, if it is a web or e-mail address one may click (http, https, mailto), else
    None: `javascript:`, `data:`, `file:`, bare words, and look-alikes hidden behind leading
    spaces, control or invisible characters or mixed case are shown as text, never opened.
    """
    if not isinstance(url, str):
        return None
    address = url.strip()
    if not address or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in address):
        return None  # a browser drops these while reading a scheme: what it opens may differ
    if any(ch.isspace() for ch in address):
        return None  # one address is one word
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme == "mailto":
        return address if "@" in parts.path else None
    return address if parts.netloc and parts.hostname else None

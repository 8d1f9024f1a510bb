"""Loose matching of what people type: one folding rule for headers, tabs and vocabularies."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: object) -> str:
    """Lower-case, strip accents (đ counts as d), drop spacing and punctuation.

    `"Mã dự án"`, `"ma du an"` and `"MA-DU-AN"` all fold to `"maduan"`, so a header or a
    vocabulary value matches however a producer typed it.
    """
    if text is None:
        return ""
    lowered = str(text).casefold().replace("đ", "d").replace("ё", "е")
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", stripped)


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """Spreadsheet letters → 0-based column index (A → 0, AA → 26)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number - 1


# Spacing and punctuation that `fold` drops, spelled out so the vectorised fold below keeps
# every letter of every script whatever regex engine pandas uses for its string columns.
_SPACING_AND_PUNCTUATION = r"[\s!-/:-@\[-`{-~\u00a0\u2010-\u2027\u00ab\u00bb\u2039\u203a]+"
_COMBINING_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def fold_series(texts: pd.Series) -> pd.Series:
    """`fold` for a whole column at once (text search over every project without a loop)."""
    return (
        texts.fillna("")
        .astype("str")
        .str.casefold()
        .str.replace("đ", "d", regex=False)
        .str.replace("ё", "е", regex=False)
        .str.normalize("NFKD")
        .str.replace(_COMBINING_MARKS, "", regex=True)
        .str.replace(_SPACING_AND_PUNCTUATION, "", regex=True)
    )

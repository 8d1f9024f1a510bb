"""Loose matching of what people type: one folding rule for headers, tabs and vocabularies."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=1 << 16)
def fold(text: object) -> str:
    """Lower-case, strip accents (đ counts as d), drop spacing and punctuation.

    `"Mã dự án"`, `"ma du an"` and `"MA-DU-AN"` all fold to `"maduan"`, so a header or a
    vocabulary value matches however a producer typed it. Cached: the same few headers and
    terms are folded again and again.
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


def fold_series(texts: pd.Series) -> pd.Series:
    """`fold` for a whole column, computed once per distinct value (exactly `fold`'s result)."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    folded = np.array([*map(fold, uniques), ""], dtype=object)
    return pd.Series(folded[codes], index=texts.index, dtype="str")

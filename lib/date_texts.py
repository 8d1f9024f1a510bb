"""Reading a date column's distinct texts in a few Arrow passes instead of one call each.

A CSV's dates are all text: ISO dates, dates typed as digits (01/03/2026, 1.3.26), dates with
the month's name ("1 March 2026", "Mar 1, 2026"), and texts in no date form at all (a serial
number typed as text, "TBD"). Each pass settles the values whose reading it can give exactly as
`lib.cells.read_date` gives it, and leaves every other value to that reader: an impossible day,
a year out of range, an unknown month, a text that is not plain ASCII.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.cells import (
    DAY_MONTH_YEAR,
    EARLIEST_DATE,
    ISO_DATE,
    LATEST_DATE,
    MONTH_DAY_YEAR,
    MONTH_NUMBERS,
    NUMERIC_DATE,
    Reading,
    date_forms_hint,
)

_FIRST_DAY, _LAST_DAY = np.datetime64(EARLIEST_DATE, "D"), np.datetime64(LATEST_DATE, "D")
# Dates as exports and the CSV reader hand them over: YYYY-MM-DD, perhaps with a time of day.
_PLAIN_ISO = r"^\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?: \d{2}:\d{2}(?::\d{2})?)?\s*$"
# As lib.cells reads them, around spaces; RE2 has no back-references, so the second separator
# is captured too and the two are compared after.
_DIGIT_FORM = NUMERIC_DATE.pattern.strip("^$").replace("(?P=sep)", "(?P<sep2>[./-])")
_DIGIT_DATE = rf"^\s*{_DIGIT_FORM}\s*$"
# Python's whitespace within ASCII: what str.strip() removes and what \s matches. RE2's \s
# lacks \v and \x1c-\x1f, so the patterns below spell the class out from this one list.
_ASCII_SPACE = " \t\n\v\f\r\x1c\x1d\x1e\x1f"
_PYTHON_SPACE = "".join(f"\\x{ord(c):02x}" for c in _ASCII_SPACE)


def _on_ascii(pattern: str) -> str:
    r"""A lib.cells pattern for Arrow's RE2 that matches what Python's matches on ASCII text.

    The patterns use \s nowhere else than alone or in [\s-], and every other construct they use
    reads the same in both engines."""
    return pattern.replace(r"[\s-]", f"[{_PYTHON_SPACE}-]").replace(r"\s", f"[{_PYTHON_SPACE}]")


_WORDED = tuple(_on_ascii(p.pattern) for p in (DAY_MONTH_YEAR, MONTH_DAY_YEAR))
# Every form the cell reader tries, the digit one loosely (its two separators may differ here):
# a text none of them matches is in no date form, whichever engine looks.
# (Their groups unnamed: one pattern may not name two groups alike.)
_ANY_FORM = "|".join(
    "(?:" + re.sub(r"\(\?P<\w+>", "(?:", pattern) + ")"
    for pattern in (_on_ascii(ISO_DATE.pattern), _DIGIT_DATE, *_WORDED)
)


@cache
def _month_names() -> tuple[pa.Array, np.ndarray]:
    return pa.array(list(MONTH_NUMBERS)), np.array(list(MONTH_NUMBERS.values()))


def text_dates(uniques: pd.Index, date_order: str = "DMY") -> dict[int, Reading]:
    """Readings of the distinct values the passes can settle, by index into `uniques`. Each
    pass looks only at the texts the ones before it left."""
    kinds = np.fromiter((type(u) is str for u in uniques), bool, len(uniques))
    positions = np.flatnonzero(kinds)
    if not len(positions):
        return {}
    texts = pa.array(np.asarray(uniques, dtype=object)[positions], type=pa.string())
    found = _iso_dates(texts, positions)
    texts, positions = _left(texts, positions, found)
    found |= _digit_dates(texts, positions, date_order)
    texts, positions = _left(texts, positions, found)
    # The worded passes read text as the cell reader does: trimmed, in lower case. On ASCII
    # alone, Arrow's trimming and lower case are Python's exactly.
    ascii_only = pc.fill_null(pc.string_is_ascii(texts), False)
    if not pc.any(ascii_only).as_py():
        return found
    shown = pc.ascii_trim(texts.filter(ascii_only), _ASCII_SPACE)
    lowered = pc.ascii_lower(shown)
    positions = positions[ascii_only.to_numpy(zero_copy_only=False)]
    worded = _worded_dates(lowered, positions)
    left = _unsettled(positions, worded)
    formless = _formless(shown.filter(left), lowered.filter(left), positions[left], date_order)
    return found | worded | formless


def _left(
    texts: pa.StringArray, positions: np.ndarray, settled: dict[int, Reading]
) -> tuple[pa.StringArray, np.ndarray]:
    """The texts (and their positions) that no pass has settled yet."""
    left = _unsettled(positions, settled)
    return texts.filter(pa.array(left)), positions[left]


def _unsettled(positions: np.ndarray, settled: dict[int, Reading]) -> np.ndarray:
    return ~np.isin(positions, np.fromiter(settled, int, len(settled)))


def _matches(texts: pa.StringArray, pattern: str) -> tuple[np.ndarray, pa.StructArray]:
    """Which texts match `pattern` (a mask), and the named groups of those that do."""
    parts = pc.extract_regex(texts, pattern)
    matched = pc.is_valid(parts)
    return matched.to_numpy(zero_copy_only=False), parts.filter(matched)


def _iso_dates(texts: pa.StringArray, positions: np.ndarray) -> dict[int, Reading]:
    matched, parts = _matches(texts, _PLAIN_ISO)
    year, month, day = (_part_number(parts, name) for name in ("year", "month", "day"))
    return _settled(positions[matched], year, month, day, np.ones(len(year), bool))


def _digit_dates(
    texts: pa.StringArray, positions: np.ndarray, date_order: str
) -> dict[int, Reading]:
    matched, parts = _matches(texts, _DIGIT_DATE)
    first, second, year = (_part_number(parts, name) for name in ("first", "second", "year"))
    short_year = pc.utf8_length(pc.struct_field(parts, "year")).to_numpy() == 2
    year = np.where(short_year, year + 2000, year)
    day, month = (first, second) if date_order == "DMY" else (second, first)
    same = pc.equal(pc.struct_field(parts, "sep"), pc.struct_field(parts, "sep2"))
    return _settled(positions[matched], year, month, day, same.to_numpy(zero_copy_only=False))


def _worded_dates(lowered: pa.StringArray, positions: np.ndarray) -> dict[int, Reading]:
    """ "1 March 2026", "1st mar. 2026", "March 1, 2026": a month name the reader knows."""
    found: dict[int, Reading] = {}
    names, numbers = _month_names()
    for pattern in _WORDED:
        matched, parts = _matches(lowered, pattern)
        index = pc.index_in(pc.struct_field(parts, "month"), value_set=names)
        known = pc.is_valid(index).to_numpy(zero_copy_only=False)
        month = numbers[pc.fill_null(index, 0).to_numpy()]
        day, year = _part_number(parts, "day"), _part_number(parts, "year")
        found |= _settled(positions[matched], year, month, day, known)
    return found


def _formless(
    shown: pa.StringArray, lowered: pa.StringArray, positions: np.ndarray, date_order: str
) -> dict[int, Reading]:
    """Texts in no date form ("45000", "TBD"): the reader's bad date, with the forms to use.
    A blank, and anything starting with "#" (a spreadsheet error or not), stay with the reader."""
    candidate = pc.and_(
        pc.not_equal(pc.utf8_length(lowered), 0), pc.invert(pc.starts_with(lowered, "#"))
    )
    formless = pc.and_(candidate, pc.invert(pc.match_substring_regex(lowered, _ANY_FORM)))
    chosen = pc.fill_null(formless, False)
    hint = date_forms_hint(date_order)
    return {
        int(p): Reading(None, "bad_date", hint, text)
        for p, text in zip(
            positions[chosen.to_numpy(zero_copy_only=False)],
            shown.filter(chosen).to_pylist(),
            strict=True,
        )
    }


def _part_number(parts: pa.StructArray, name: str) -> np.ndarray:
    return pc.cast(pc.struct_field(parts, name), pa.int64()).to_numpy()


def _settled(
    positions: np.ndarray, year: np.ndarray, month: np.ndarray, day: np.ndarray, usable: np.ndarray
) -> dict[int, Reading]:
    """The readings of the real days the dataset can hold, worked out in numpy (a Timestamp per
    value costs ten times more). An impossible day (31/02) is left to the reader, which says so."""
    real = usable & (month >= 1) & (month <= 12) & (day >= 1)
    months = ((np.where(real, year, 1970) - 1970) * 12 + np.where(real, month, 1) - 1).astype(
        "datetime64[M]"
    )
    first = months.astype("datetime64[D]")
    real &= day <= ((months + 1).astype("datetime64[D]") - first).astype(int)
    days = first + np.where(real, day - 1, 0)
    real &= (days >= _FIRST_DAY) & (days <= _LAST_DAY)
    return {
        int(p): Reading(d) for p, d in zip(positions[real], days[real].astype(object), strict=True)
    }

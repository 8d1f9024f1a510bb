"""Cells whose text is not valid Unicode: read as blank and reported, never a failed load.

A JSON string may carry a lone UTF-16 surrogate as an escape ("\\ud83d" without its partner:
RFC 8259 §8.2 allows it, and a sheet holding half of a pasted emoji can produce it). Python
keeps such a string, but nothing can encode it as UTF-8, so Arrow would refuse the whole column
and one cell would stop the sheet from loading for everyone. The CSV reader decodes bytes and
the .xlsx readers parse XML, so neither can produce one; the Google reader's answer can.
"""

from __future__ import annotations

import re
from typing import Any

from lib.i18n import N_, Phrase
from lib.model import ReadNote

_SURROGATE = re.compile("[\ud800-\udfff]")
_ROWS_AT_ONCE = 1_000  # rows checked in one encoding: fast, and never a copy of the whole tab
_DETAIL = Phrase(N_(" (a broken character in its text)"))


def blank_broken_text(tabs: dict[str, list[list[Any]]]) -> tuple[ReadNote, ...]:
    """Blank each cell whose text cannot be encoded, in place; one note per cell blanked."""
    notes: list[ReadNote] = []
    for title, rows in tabs.items():
        for start in range(0, len(rows), _ROWS_AT_ONCE):
            part = rows[start : start + _ROWS_AT_ONCE]
            # ASCII text always encodes: only the other cells are joined and encoded.
            wide = [c for row in part for c in row if type(c) is str and not c.isascii()]
            if not _encodes(wide):
                notes += _blanked(title, part, start)
    return tuple(notes)


def _encodes(texts: list[str]) -> bool:
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _blanked(title: str, rows: list[list[Any]], start: int) -> list[ReadNote]:
    notes = []
    for offset, row in enumerate(rows):
        for column, cell in enumerate(row):
            if type(cell) is str and _SURROGATE.search(cell):
                row[column] = None
                notes.append(
                    ReadNote(title, start + offset + 1, column, "unreadable_cell", _DETAIL)
                )
    return notes

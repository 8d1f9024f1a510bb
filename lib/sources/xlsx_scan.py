"""A quick look at a worksheet's XML before calamine reads it: its extent and its error cells.

calamine builds each tab as one dense grid, so a single stray value at XFD1048576 would ask for
17 billion cells before any check could run; and it reads error cells (#N/A, #REF!) as blanks,
which would hide a broken formula from the data-quality report. This pass streams the XML once
(about a quarter of calamine's own time), looking only at row numbers, wide column letters and
error cells, and keeps nothing but those.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from lib.text import column_index

_CHUNK = 1 << 20
_OVERLAP = 4096  # a tag cut by a chunk boundary is whole in the next window
_ROW = re.compile(rb'row [^>]*?r="(\d+)"')
# Row start tags, counted with plain byte searches (a regex visiting every "<" costs seconds).
# "<row" also finds a `<rowBreaks>` and ":row" a prefixed closing tag: an over-count only
# raises the bound on the height, and one search per form halves the cost of four.
_ROW_TAGS = (b"<row", b":row")
# Only two- and three-letter columns: one-letter ones (A..Z) are at most 26 wide anyway.
_WIDE_COLUMN = re.compile(rb'r="([A-Z]{2,3})\d')
# One error cell from its `<c` on: its reference, then its value (after an optional formula).
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>.*?<(?:\w+:)?v>([^<]*)<', re.DOTALL
)
_ONE_LETTER_WIDTH = 26
_TAG_LOOKBACK = 256  # longer than any <c …> start tag with its r, s, t and cm attributes


@dataclass
class SheetScan:
    """What one worksheet's XML says about its size, before any cell is built."""

    height: int = 0  # the last row number (rows without a number count one more each)
    width: int = 0  # at least the widest column a cell names (26 when all are A..Z)
    shared_refs: int = 0  # cells that point into the shared-strings table
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) 0-based

    @property
    def extent(self) -> int:
        return self.height * self.width


def scan_sheet(archive: zipfile.ZipFile, member: str) -> SheetScan:
    scan = SheetScan()
    last_row = 0
    unnumbered = 0
    any_cell = False
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            fresh = len(tail)  # a match ending inside the tail was seen in the last window
            scan.shared_refs += window.count(b't="s"') - tail.count(b't="s"')
            for match in _ROW.finditer(window):
                if match.end() > fresh:
                    last_row = max(last_row, int(match[1]))
                    unnumbered -= 1
            unnumbered += sum(
                window.count(tag) - tail.count(tag) for tag in _ROW_TAGS if tag in window
            )
            any_cell = any_cell or b"<c " in window or b":c " in window
            for letters in set(_WIDE_COLUMN.findall(window)):
                scan.width = max(scan.width, column_index(letters.decode()) + 1)
            if b't="e"' in window:
                _errors(window, scan.errors)
            tail = window[-_OVERLAP:]
    if any_cell:
        scan.width = max(scan.width, _ONE_LETTER_WIDTH)
    # A row without a number follows the one before it: each adds at most one to the height.
    scan.height = last_row + max(0, unnumbered)
    return scan


def _errors(window: bytes, found: dict[tuple[int, int], str]) -> None:
    """Each `t="e"` found by a plain byte search, then read from the start of its cell."""
    position = window.find(b't="e"')
    while position != -1:
        # The cell's own tag is a few dozen bytes back: never search further (a 1 MB search
        # per error cell would cost more than reading the sheet).
        near = max(0, position - _TAG_LOOKBACK)
        start = max(window.rfind(b"<c ", near, position), window.rfind(b":c ", near, position) - 1)
        match = _ERROR_CELL.match(window, start) if start >= 0 else None
        if match and match.start(2) < position + 200:
            row, column = int(match[2]) - 1, column_index(match[1].decode())
            if row >= 0:
                found[(row, column)] = match[3].decode("utf-8", "replace").strip()
        position = window.find(b't="e"', position + 5)


def longest_shared_string(archive: zipfile.ZipFile, member: str) -> int:
    """An upper bound, in characters, of the longest string of the shared-strings table: the
    most bytes between two `<si` tags (a character is at least one byte)."""
    longest = previous = consumed = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            base = consumed - len(tail)
            position = window.find(b"<si")  # the 2-byte tail holds no whole tag
            while position != -1:
                longest = max(longest, base + position - previous)
                previous = base + position
                position = window.find(b"<si", position + 3)
            consumed += len(chunk)
            tail = window[-2:]
    return max(longest, consumed - previous)

"""Reading a CSV as people's tools write it: any common encoding, `,` `;` tab or `|`, any newline.

Excel in a Russian locale writes cp1251 with `;`, in a Vietnamese one cp1258 or UTF-8 with `;`,
Google Sheets UTF-8 with `,`, and some tools UTF-16 with tabs. The encoding is detected with
charset-normalizer; the delimiter is the one that gives the whole file the most regular
table, not a guess from its first few kilobytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes

from lib.exports import FORMULA_PREFIXES
from lib.i18n import Phrase, t
from lib.model import ReadNote
from lib.sources.base import MAX_CELLS, MAX_TEXT_CHARS, SourceError

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# Encodings the partner agencies' tools write; detection picks among them only, so a short
# file is never read as some rarely used code page that happens to score well.
ENCODINGS: tuple[str, ...] = (
    "utf_8",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "cp1251",
    "cp1258",
    "cp1252",
    "koi8_r",
    "cp866",
    "mac_cyrillic",
    "iso8859_5",
    "cp949",
    "euc_kr",
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)
_REPLACEMENT = "\ufffd"

# A cell may be as long as its author made it (the csv module stops at 131,072 characters).
try:
    csv.field_size_limit(sys.maxsize)
except OverflowError:  # a C long of 32 bits
    csv.field_size_limit(2**31 - 1)


def decode(data: bytes) -> tuple[str, str, bool]:
    """The file's text, the encoding it was read with, and whether bytes had to be replaced."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _nfc(data.decode(encoding)), encoding, False
            except UnicodeDecodeError:
                break
    try:
        return _nfc(data.decode("utf_8")), "utf_8", False
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(ENCODINGS)).best()
    if best is not None:
        return _nfc(str(best)), best.encoding, False
    return _nfc(data.decode("utf_8", errors="replace")), "utf_8", True


def _nfc(text: str) -> str:
    # cp1258 stores Vietnamese tone marks as separate combining characters.
    return unicodedata.normalize("NFC", text)


def _records(text: str, delimiter: str) -> csv.reader:
    # newline="" splits records at \r\n, \n and a lone \r alike, and keeps line breaks that
    # sit inside quoted cells.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def detect_delimiter(text: str) -> str:
    """The candidate under which the most records share one width of two or more fields."""
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        try:
            widths = Counter(len(r) for r in _records(text, delimiter) if any(map(str.strip, r)))
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (width > 1, count / widths.total(), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(name: str, data: bytes) -> tuple[list[list[str]], list[ReadNote]]:
    """The rows of a CSV (trailing blank cells left out) and the cells that were damaged."""
    text, encoding, replaced = decode(data)
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(
            t(
                "{name} holds more than {limit} characters of text, more than this app reads. "
                "Split the file and load the part you need.",
                name=name,
                limit=MAX_TEXT_CHARS,
            )
        )
    delimiter = detect_delimiter(text)
    rows: list[list[str]] = []
    notes: list[ReadNote] = []
    width = 0
    reader = _records(text, delimiter)
    try:
        for record in reader:
            while record and not record[-1].strip():
                record.pop()
            record = [_unneutralised(cell) for cell in record]
            width = max(width, len(record))
            if len(rows) * width > MAX_CELLS:
                raise SourceError(
                    t(
                        "{name} reaches {rows} rows × {width} columns, more than the "
                        "{limit} cells this app reads. Split the file and load the part you "
                        "need.",
                        name=name,
                        rows=len(rows),
                        width=width,
                        limit=MAX_CELLS,
                    )
                )
            if replaced:
                notes.extend(
                    ReadNote(
                        "Projects",
                        len(rows) + 1,
                        column,
                        "bad_encoding",
                        Phrase(" ({encoding})", {"encoding": encoding}),
                    )
                    for column, cell in enumerate(record)
                    if _REPLACEMENT in cell
                )
            rows.append(record)
    except csv.Error as error:
        raise SourceError(
            t(
                "{name}, line {line}: the file is not a table we can read ({error}). Check the "
                "quotes on that line, or save the sheet again as CSV.",
                name=name,
                line=reader.line_num,
                error=error,
            )
        ) from None
    return rows, notes


def _unneutralised(cell: str) -> str:
    """The app's own export writes `'=…` so that spreadsheets show `=…` as text: read it back."""
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell

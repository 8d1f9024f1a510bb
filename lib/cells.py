"""Reading one cell value as people type it: dates, numbers, lists, vocabulary terms.

Each reader takes one raw value and returns a `Reading`: the typed value (None when blank or
unreadable) and, when something is wrong, an issue code. The normaliser calls these once per
*distinct* value of a column, never once per cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from typing import Any, Literal, NamedTuple

from lib.i18n import N_, Phrase
from lib.schema import SPREADSHEET_ERRORS, Vocabulary

SHEETS_EPOCH = date(1899, 12, 30)  # day 0 of Sheets and Excel serial dates
# Serial numbers outside this window are typed numbers, not dates (1990-01-01 … 2100-01-01).
_SERIAL_MIN, _SERIAL_MAX = 32874, 73051
# The days a dataset can hold: pandas keeps dates as nanosecond timestamps (1677–2262).
EARLIEST_DATE, LATEST_DATE = date(1678, 1, 1), date(2261, 12, 31)
_YEARS = {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year}
_LIST_SEPARATORS = re.compile(r"[;,|\n\r]+")
# The forms a typed date may take, matched on its text trimmed and in lower case (so the ISO
# form's "T" is "t"). Their groups are named so that lib.date_texts can run the same patterns
# over a whole column in Arrow.
ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
NUMERIC_DATE = re.compile(
    r"^(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})$"
)
DAY_MONTH_YEAR = re.compile(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s-]+(?P<month>[a-z]+)\.?,?[\s-]+(?P<year>\d{4})$"
)
MONTH_DAY_YEAR = re.compile(
    r"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$"
)
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")
_GROUPED_INT = re.compile(r"^[+-]?\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*$")
_INTEGRAL_DECIMAL = re.compile(r"^([+-]?\d+)[.,]0+$")
_COMMA_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_LARGEST_COUNT = 10**12
_PLAIN_DECIMAL = re.compile(r"^[+-]?\d*[.,]?\d+$")


class Reading(NamedTuple):
    """One cell read: its typed value and, when something is wrong, the issue code."""

    value: Any = None
    code: str | None = None
    detail: Phrase | None = None  # what the message adds, shown in the reader's language
    shown: str = ""  # the value as the user typed it, for the message


BLANK = Reading()


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _spreadsheet_error(value: Any) -> Reading | None:
    if isinstance(value, str) and value.strip().upper() in SPREADSHEET_ERRORS:
        return Reading(None, "formula_error", shown=value.strip().upper())
    return None


def as_text(value: Any) -> str:
    """Any cell as the text a person would see in it."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_text(value: Any) -> Reading:
    if is_blank(value):
        return BLANK
    return _spreadsheet_error(value) or Reading(as_text(value))


def read_date(value: Any, date_order: Literal["DMY", "MDY"] = "DMY") -> Reading:
    """A real date cell, a serial number, or a date typed in one of the accepted forms."""
    # Most cells are real dates or serial numbers: test those types first, cheaply.
    if isinstance(value, datetime):
        return _in_range(value.date(), value)
    if isinstance(value, date):
        return _in_range(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return Reading(SHEETS_EPOCH + timedelta(days=int(value)))
        if is_blank(value):
            return BLANK
        return Reading(None, "bad_date", Phrase(N_(" (a number, not a date)")), as_text(value))
    if is_blank(value):
        return BLANK
    if (error := _spreadsheet_error(value)) is not None:
        return error
    if isinstance(value, bool):
        return Reading(None, "bad_date", shown=as_text(value))
    parsed = _date_from_text(str(value).strip().lower(), date_order)
    if isinstance(parsed, date):
        return _in_range(parsed, value)
    return Reading(None, "bad_date", parsed, as_text(value))


def _in_range(day: date, value: Any) -> Reading:
    """A date the dataset can hold (its dates are nanosecond timestamps): year 0201 is a typo
    to report, not a day to turn silently into another."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return Reading(day)
    detail = Phrase(N_(" (the year must be between {first} and {last})"), _YEARS)
    return Reading(None, "bad_date", detail, as_text(value))


def date_forms_hint(date_order: str) -> Phrase:
    """What a message about a text in no date form adds: the forms to use."""
    order = "DD/MM/YYYY" if date_order == "DMY" else "MM/DD/YYYY"
    return Phrase(N_(" (use {order} or YYYY-MM-DD)"), {"order": order})


def _date_from_text(text: str, date_order: str) -> date | Phrase:
    """The date in `text`, or the reason it is not one (to append to the message)."""
    if match := ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := NUMERIC_DATE.match(text):
        first, _, second, year_text = match.groups()
        day, month = (int(first), int(second)) if date_order == "DMY" else (int(second), int(first))
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    elif match := DAY_MONTH_YEAR.match(text) or MONTH_DAY_YEAR.match(text):
        day, month, year = (
            int(match["day"]),
            MONTH_NUMBERS.get(match["month"], 0),
            int(match["year"]),
        )
    else:
        return date_forms_hint(date_order)
    try:
        return date(year, month, day)
    except ValueError:
        return Phrase(N_(" (no such day)"))


def read_integer(value: Any) -> Reading:
    """A count: whole, non-negative; `1,200` and `1 200` are accepted."""
    reading = _read_number(value, integer=True)
    if reading.value is not None and reading.value < 0:
        return Reading(None, "negative_number", shown=as_text(value))
    return reading


def read_number(value: Any) -> Reading:
    """A non-negative quantity; decimal point or decimal comma."""
    reading = _read_number(value, integer=False)
    if reading.value is not None and reading.value < 0:
        return Reading(None, "negative_number", shown=as_text(value))
    return reading


def _read_number(value: Any, *, integer: bool) -> Reading:
    if is_blank(value):
        return BLANK
    if (error := _spreadsheet_error(value)) is not None:
        return error
    bad = Reading(None, "bad_number", shown=as_text(value))
    if isinstance(value, (bool, date)):
        return bad
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return bad
        if integer and not float(value).is_integer():
            return bad
        number = int(value) if integer else float(value)
    else:
        text = _SPACES.sub("", str(value))
        number = _integer_text(text) if integer else _decimal_text(text)
        if number is None:
            return bad
    if abs(number) > _LARGEST_COUNT:
        return bad  # a pasted ID or phone number, not an amount (and beyond int64)
    return Reading(number)


def _integer_text(text: str) -> int | None:
    if _PLAIN_INT.match(text):
        return int(text)
    if _GROUPED_INT.match(text):
        return int(text.replace(",", "").replace(".", ""))
    if match := _INTEGRAL_DECIMAL.match(text):
        return int(match[1])
    return None


def _decimal_text(text: str) -> float | None:
    if _COMMA_GROUPED.match(text):
        return float(text.replace(",", ""))
    if _DOT_GROUPED.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN_DECIMAL.match(text):
        return float(text.replace(",", "."))
    return None


def split_list(value: Any) -> list[str]:
    """Items of a list cell, trimmed and de-duplicated in order."""
    return list(dict.fromkeys(filter(None, map(str.strip, _LIST_SEPARATORS.split(as_text(value))))))


def read_list(value: Any, vocabulary: Vocabulary | None = None) -> Reading:
    """A list cell; with a vocabulary, items are resolved and unknown ones reported."""
    if is_blank(value):
        return Reading(())
    if (error := _spreadsheet_error(value)) is not None:
        return Reading((), error.code, shown=error.shown)
    items = split_list(value)
    if vocabulary is None:
        return Reading(tuple(items))
    resolved, unknown = [], []
    for item in items:
        name = vocabulary.resolve(item)
        if name is None:
            unknown.append(item)
        resolved.append(name or item)
    value_out = tuple(dict.fromkeys(resolved))
    if unknown and not vocabulary.open_ended:
        return Reading(value_out, "unknown", shown="; ".join(unknown))
    return Reading(value_out)


def read_term(value: Any, vocabulary: Vocabulary) -> Reading:
    """One vocabulary value; outside the vocabulary it is kept as written and reported."""
    if is_blank(value):
        return Reading("")
    if (error := _spreadsheet_error(value)) is not None:
        return Reading("", error.code, shown=error.shown)
    text = as_text(value)
    name = vocabulary.resolve(text)
    if name is None:
        return Reading(text, "unknown", shown=text)
    return Reading(name)

"""Excel's date numbers: which number formats show a date, and a serial number as a datetime.

The careful reader (lib.sources.xlsx_stream) needs these two rules; they are small enough to
keep here, so that openpyxl stays where workbooks are written.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

CALENDAR_WINDOWS_1900 = datetime(1899, 12, 30)  # day 0 of Excel on Windows (and of Sheets)
CALENDAR_MAC_1904 = datetime(1904, 1, 1)  # workbooks saved with the 1904 date system
_SECONDS_PER_DAY = 86_400
# The built-in number formats (ECMA-376 §18.8.30) that show a date or a time.
_BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
# Quoted text and bracketed parts other than elapsed-time units ([h], [mm], [ss]) say nothing
# about dates: "[Red]" or "[$-409]" hold letters that are not date codes.
_IGNORED = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def number_format_code(number_format_id: int) -> str:
    """The code of a built-in number format that shows a date; "" for every other one."""
    return _BUILTIN_DATE_FORMATS.get(number_format_id, "")


def is_date_format(code: str) -> bool:
    """Whether a number format shows its number as a date or a time (its first section)."""
    return _DATE_CODE.search(_IGNORED.sub("", code.split(";")[0])) is not None


def from_excel(value: float, epoch: datetime = CALENDAR_WINDOWS_1900) -> datetime | time:
    """A serial number as Excel shows it: a datetime, or a time of day for a fraction below 1.

    Raises OverflowError or ValueError far outside any calendar."""
    day, fraction = divmod(value, 1)
    clock = timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and clock.days == 0:
        return (datetime.min + clock).time()
    if 0 < value < 60 and epoch == CALENDAR_WINDOWS_1900:
        day += 1  # Excel's phantom 29 February 1900: serials below 60 are one day early
    return epoch + timedelta(days=day) + clock

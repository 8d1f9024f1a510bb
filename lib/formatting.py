"""How values are shown to users: DD/MM/YYYY dates, times in the configured zone."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from lib.i18n import t

DATE_FORMAT = "%d/%m/%Y"
COLUMN_DATE_FORMAT = "DD/MM/YYYY"  # for st.column_config.DateColumn
ZONE_NAMES = {
    "Asia/Ho_Chi_Minh": "Hanoi time",
    "Asia/Saigon": "Hanoi time",
    "Europe/Moscow": "Moscow time",
    "Asia/Pyongyang": "Pyongyang time",
    "UTC": "UTC",
}


def dmy(value: object) -> str:
    """A date as DD/MM/YYYY; blank for a missing date."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def clock_time(moment: datetime, zone: ZoneInfo) -> str:
    """'14:03 Hanoi time' for a moment, in the configured zone."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {ZONE_NAMES.get(zone.key, zone.key)}"


def age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    return f"{hours} hour{'s' if hours != 1 else ''}"


PERIOD_CODES = {"month": "M", "quarter": "Q", "year": "Y"}


def period_labels(starts: pd.Series, period: str) -> pd.Series:
    """Readable names for period start dates: 03/2026, Q1 2026, 2026."""
    stamps = pd.to_datetime(starts)
    if period == "month":
        return stamps.dt.strftime("%m/%Y")
    if period == "quarter":
        return "Q" + stamps.dt.quarter.astype("str") + " " + stamps.dt.year.astype("str")
    return stamps.dt.year.astype("str")


def countdown(days: int) -> str:
    """'today', 'in 3 days', '2 days ago' for a number of days from today."""
    if days == 0:
        return t("today")
    if days > 0:
        return t("in {n} day", n=days) if days == 1 else t("in {n} days", n=days)
    return t("{n} day ago", n=-days) if days == -1 else t("{n} days ago", n=-days)


def lateness(days: int) -> str:
    """'due today', 'due in 3 days', '4 days late' for days until a deadline."""
    if days == 0:
        return t("due today")
    if days > 0:
        return t("due tomorrow") if days == 1 else t("due in {n} days", n=days)
    return t("1 day late") if days == -1 else t("{n} days late", n=-days)


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_markdown(text: object) -> str:
    """Sheet text made inert for st.markdown: no links, images, emphasis or directives."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", " ")

"""How values are shown to users: DD/MM/YYYY dates, times in the configured zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
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


def period_labels(starts: pd.Series, period: str) -> pd.Series:
    """Readable names for period start dates: 03/2026, Q1 2026, 2026."""
    stamps = pd.to_datetime(starts)
    if period == "month":
        return stamps.dt.strftime("%m/%Y")
    if period == "quarter":
        return "Q" + stamps.dt.quarter.astype("str") + " " + stamps.dt.year.astype("str")
    return stamps.dt.year.astype("str")


def _fill(template: str, numbers: pd.Series) -> pd.Series:
    """A translated "{n} …" template filled from a column of numbers, without a loop."""
    before, _, after = template.partition("{n}")
    return before + numbers.abs().astype("Int64").astype("str") + after


def countdown(days: pd.Series) -> pd.Series:
    """'today', 'in 3 days', '2 days ago' for days from today; blank where unknown."""
    choices = [t("today"), t("tomorrow"), t("yesterday"), _fill(t("in {n} days"), days)]
    conditions = [days == 0, days == 1, days == -1, days > 0]
    text = np.select(conditions, choices, default=_fill(t("{n} days ago"), days))
    return pd.Series(text, index=days.index, dtype="str").where(days.notna(), "")


def lateness(days: pd.Series) -> pd.Series:
    """'due today', 'due in 3 days', '4 days late' until a deadline; blank where unknown."""
    choices = [
        t("due today"),
        t("due tomorrow"),
        t("1 day late"),
        _fill(t("due in {n} days"), days),
    ]
    conditions = [days == 0, days == 1, days == -1, days > 0]
    text = np.select(conditions, choices, default=_fill(t("{n} days late"), days))
    return pd.Series(text, index=days.index, dtype="str").where(days.notna(), "")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"

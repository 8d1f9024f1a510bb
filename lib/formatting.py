"""How values are shown to users: DD/MM/YYYY dates, times in the configured zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

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

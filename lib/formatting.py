"""How values are shown to users: DD/MM/YYYY dates, times in the configured zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from babel.dates import format_skeleton, get_timezone_gmt, get_timezone_location
from babel.numbers import format_decimal, format_percent

from lib import i18n
from lib.i18n import N_, Nn_, t, tc, tn
from lib.schema import FIELDS_BY_NAME, LINK_TEXT_COLUMN, MILESTONE_SUFFIX, STATUS_COLUMN

DATE_FORMAT = "%d/%m/%Y"
COLUMN_DATE_FORMAT = "DD/MM/YYYY"  # for st.column_config.DateColumn


def zone_name(key: str, moment: datetime | None = None) -> str:
    """'Hanoi time' for a zone the newsrooms work in, in the reader's language; another zone
    by its city and offset ('Нью-Йорк (GMT-05:00)'), else its key."""
    names = {
        "Asia/Ho_Chi_Minh": t("Hanoi time"),
        "Asia/Saigon": t("Hanoi time"),
        "Europe/Moscow": t("Moscow time"),
        "Asia/Pyongyang": t("Pyongyang time"),
    }
    if key in names:
        return names[key]
    try:
        zone = ZoneInfo(key)
        city = get_timezone_location(zone, locale=i18n.locale(), return_city=True)
        when = (moment or datetime.now(zone)).astimezone(zone)
        return f"{city} ({get_timezone_gmt(when, locale=i18n.locale())})"
    except (LookupError, ValueError):  # a zone CLDR does not name
        return key


def dmy(value: object) -> str:
    """A date as DD/MM/YYYY; blank for a missing date."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def loaded_when(moment: datetime, sheet_zone: ZoneInfo, viewer_zone: ZoneInfo | None) -> str:
    """'01/12/2026 14:03 Hanoi time', plus the viewer's own clock when it reads otherwise
    ('· 10:03 Moscow time'): a TASS producer in Moscow need not work out the difference."""
    here = moment.astimezone(sheet_zone)
    text = t(
        "{date} {time} {zone}",
        date=here.strftime(DATE_FORMAT),
        time=f"{here:%H:%M}",
        zone=zone_name(sheet_zone.key),
    )
    if viewer_zone is None or viewer_zone.utcoffset(moment) == sheet_zone.utcoffset(moment):
        return text
    there = moment.astimezone(viewer_zone)
    day = "" if there.date() == here.date() else there.strftime(DATE_FORMAT) + " "
    return (
        text
        + " · "
        + t("{time} {zone}", time=f"{day}{there:%H:%M}", zone=zone_name(viewer_zone.key, moment))
    )


def age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return t("less than a minute")
    if minutes < 90:
        return tn("{n} minute", "{n} minutes", minutes)
    return tn("{n} hour", "{n} hours", minutes // 60)


def period_name(period: str) -> str:
    """'Quarter' for metrics' period key 'quarter', in the reader's language."""
    names = {"month": t("Month"), "quarter": t("Quarter"), "year": t("Year")}
    return names.get(period, period)


def severity_name(severity: str) -> str:
    """'Error' or 'Warning' for an issue's severity, in the reader's language."""
    return {"error": t("Error"), "warning": t("Warning")}.get(str(severity), str(severity))


def commitment_status_name(status: str) -> str:
    """'Met', 'On track', 'Behind' or 'Upcoming' for a commitment's status, translated."""
    names = {"met": t("Met"), "on track": t("On track"), "behind": t("Behind")}
    return (names | {"upcoming": t("Upcoming")}).get(status, status)


def issue_label(code: str) -> str:
    """'Unknown stage' for the issue code unknown_stage (the schema's codes are extracted)."""
    return tc("issue", code.replace("_", " ").capitalize())


# CLDR skeletons: each locale orders and abbreviates them its own way (Mar 2026, март 2026 г.,
# thg 3 2026, 2026년 3월; Q1 2026, 1-й кв. 2026 г., 2026년 1분기).
_PERIOD_SKELETONS = {"month": "yMMM", "quarter": "yQQQ"}


def period_labels(starts: pd.Series, period: str) -> pd.Series:
    """Names for period start dates on chart axes, in the reader's language; a year is itself."""
    stamps = pd.to_datetime(starts)
    skeleton = _PERIOD_SKELETONS.get(period)
    if skeleton is None:
        return stamps.dt.year.astype("str")
    names = {
        stamp: format_skeleton(skeleton, stamp.date(), locale=i18n.locale())
        for stamp in stamps.dropna().unique()
    }
    return stamps.map(names)


def _counted(forms: tuple[str, str], numbers: pd.Series) -> pd.Series:
    """A "{n} …" phrase per number with the plural form each needs ("через 1 день", "через 2
    дня", "через 5 дней"), worked out once per distinct number: a table has few of them."""
    singular, plural = forms
    sizes = numbers.abs().astype("Int64")
    phrases = {n: tn(singular, plural, int(n)) for n in sizes.dropna().unique()}
    return sizes.map(phrases).astype(object).fillna("")


def countdown(days: pd.Series) -> pd.Series:
    """'today', 'in 3 days', '2 days ago' for days from today; blank where unknown."""
    choices = [
        t("today"),
        t("tomorrow"),
        t("yesterday"),
        _counted(Nn_("in {n} day", "in {n} days"), days),
    ]
    conditions = [days == 0, days == 1, days == -1, days > 0]
    text = np.select(
        conditions, choices, default=_counted(Nn_("{n} day ago", "{n} days ago"), days)
    )
    return pd.Series(text, index=days.index, dtype="str").where(days.notna(), "")


def lateness(days: pd.Series) -> pd.Series:
    """'due today', 'due in 3 days', '4 days late' until a deadline; blank where unknown."""
    choices = [
        t("due today"),
        t("due tomorrow"),
        _counted(Nn_("due in {n} day", "due in {n} days"), days),
    ]
    conditions = [days == 0, days == 1, days > 0]
    late = _counted(Nn_("{n} day late", "{n} days late"), days)
    text = np.select(conditions, choices, default=late)
    return pd.Series(text, index=days.index, dtype="str").where(days.notna(), "")


def percent(share: float | None) -> str:
    """'67%' as the reader's locale writes it ('67 %' in Russian)."""
    return "—" if share is None else format_percent(share, locale=i18n.locale())


def percent_format() -> str:
    """The printf pattern of a whole percentage as `percent` writes it ('%d%%', '%d %%' in
    Russian), for tables' progress bars: one way of writing a percentage on every page."""
    head, tail = format_percent(0.5, locale=i18n.locale()).split("50", 1)
    return head.replace("%", "%%") + "%d" + tail.replace("%", "%%")


def number(value: float) -> str:
    """A count or amount with the reader's locale's separators: 1,234.5 / 1 234,5 / 1.234,5."""
    return format_decimal(value, locale=i18n.locale())


# Columns the app's own tables add (lib.tables), marked here for the catalogue.
APP_COLUMNS = (N_("Date"), N_("When"), N_("Deadline"), N_("Days late"), N_("Occasion date"))


def column_header(name: str) -> str:
    """A table column's header in the reader's language: a sheet field by its field name, a
    milestone by its stage; a column of the sheet the app does not know keeps its own header."""
    if name in FIELDS_BY_NAME:
        return tc("field", name)
    if name == "row":
        return t("Sheet row")
    if name == STATUS_COLUMN:
        return t("Status")
    if name == LINK_TEXT_COLUMN:
        return t("Link as written")
    if name.endswith(f" {MILESTONE_SUFFIX}"):
        return t("{stage} due", stage=tc("stage", name.removesuffix(f" {MILESTONE_SUFFIX}")))
    return t(name)  # the app's own columns (Date, When, Deadline…); a sheet's keeps its header


# Columns whose values are vocabulary, shown in the reader's language (the values stay the sheet's).
_VOCABULARY_COLUMNS = {"Stage": "stage", "Format": "format", "Partner": "partner"}


def deadline_name(name: str) -> str:
    """'Due', or a milestone's 'Partner review due', in the reader's language."""
    if name == "Due":
        return tc("field", "Due")
    if name.endswith(f" {MILESTONE_SUFFIX}"):
        return t("{stage} due", stage=tc("stage", name.removesuffix(f" {MILESTONE_SUFFIX}")))
    return name


def vocabulary_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for reading: stages, formats, partners and deadline names translated, each
    distinct value once. The frame given is left as it is (it may be shared by every viewer)."""
    out = frame.copy(deep=False)
    for column, context in _VOCABULARY_COLUMNS.items():
        if column in out.columns and pd.api.types.is_string_dtype(out[column]):
            distinct = out[column].dropna().unique()
            shown = {
                value: ", ".join(tc(context, part) for part in value.split(", "))
                for value in distinct
                if isinstance(value, str)
            }
            out[column] = out[column].map(lambda v, shown=shown: shown.get(v, v))
    for column in ("deadline", "Deadline"):  # metrics' name, and the deadlines table's
        if column in out.columns:
            names = {value: deadline_name(value) for value in out[column].dropna().unique()}
            out[column] = out[column].map(lambda v, names=names: names.get(v, v))
    return out

"""Deadline windows and project statuses: the one definition every page, export, calendar and
command uses (SPEC §2.6), so the numbers a manager reads agree wherever they are read.

Windows are counted in whole days from today (negative: late):

- overdue: before today;
- this week: today and the six days after (days 0–6);
- next two weeks: from day 7 to the end of the due-soon window (days 7–14 with the default 14);
- due soon: today to today + `due_soon_days` — this week and next two weeks together;
- later: after the due-soon window.

Pure: pandas in, pandas out.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.i18n import t, tn
from lib.schema import PUBLISHED

CANCELLED = "Cancelled"
ON_HOLD = "On hold"
WINDOWS: tuple[str, ...] = ("overdue", "this_week", "next_two_weeks", "later")
THIS_WEEK_DAYS = 7  # today and the six days after
# Every status a project can have, in urgency order: the board and lists sort by it.
STATUSES: tuple[str, ...] = (
    "overdue",
    "due_soon",
    "on_track",
    "no_due",
    "on_hold",
    "published",
    "cancelled",
)


def days_from(dates: pd.Series, today: date) -> pd.Series:
    """Whole days from today to each date (negative: past); NaN where there is no date."""
    return (dates - pd.Timestamp(today)).dt.days


def window_of(days: pd.Series, due_soon_days: int) -> np.ndarray:
    """The window of each deadline `days` away; the due-soon window ends after `due_soon_days`."""
    week_end = min(THIS_WEEK_DAYS - 1, due_soon_days)
    return np.select(
        [days < 0, days <= week_end, days <= due_soon_days],
        list(WINDOWS[:3]),
        default=WINDOWS[3],
    )


def is_due_soon(days: pd.Series, due_soon_days: int) -> pd.Series:
    return (days >= 0) & (days <= due_soon_days)


def project_status(projects: pd.DataFrame, today: date, due_soon_days: int) -> pd.Series:
    """published / cancelled / overdue / due_soon / on_hold / no_due / on_track per project.

    On hold is active (SPEC: it still counts as overdue when its Due has passed), so a paused
    project whose deadline is past or near shows that deadline; otherwise it shows On hold.
    """
    stage = projects["Stage"]
    days = days_from(projects["Due"], today)
    conditions = [
        stage.eq(PUBLISHED),
        stage.eq(CANCELLED),
        days < 0,
        is_due_soon(days, due_soon_days),
        stage.eq(ON_HOLD),
        days.isna(),
    ]
    choices = ["published", "cancelled", "overdue", "due_soon", "on_hold", "no_due"]
    return pd.Series(
        np.select(conditions, choices, default="on_track"), index=projects.index, dtype="str"
    )


def window_counts(items: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Open deadlines per window, projects' Due and milestones apart.

    `items` are `metrics.deadline_items` rows (a `deadline` column: "Due" or "<stage> due", and
    a `window`). Also `due_soon`: this week and the next two weeks together.
    """
    is_due = items["deadline"].eq("Due")
    out: dict[str, dict[str, int]] = {}
    for window in WINDOWS:
        here = items["window"].eq(window)
        out[window] = {
            "projects": int((here & is_due).sum()),
            "milestones": int((here & ~is_due).sum()),
        }
    out["due_soon"] = {
        kind: out["this_week"][kind] + out["next_two_weeks"][kind]
        for kind in ("projects", "milestones")
    }
    return out


def window_title(window: str, due_soon_days: int) -> str:
    """A window's name that says where it starts and ends ("In 7–14 days", not "next two weeks")."""
    week_end = min(THIS_WEEK_DAYS - 1, due_soon_days)
    titles = {
        "overdue": t("Overdue"),
        "this_week": t("Next 7 days")
        if week_end == THIS_WEEK_DAYS - 1
        else tn("Due within {n} day", "Due within {n} days", due_soon_days),
        "next_two_weeks": t("In {first}–{last} days", first=THIS_WEEK_DAYS, last=due_soon_days),
        "later": tn("After {n} day", "After {n} days", due_soon_days),
        "due_soon": tn("Due within {n} day", "Due within {n} days", due_soon_days),
    }
    return titles[window]


def window_help(window: str, due_soon_days: int) -> str:
    """What a window holds, in days from today."""
    helps = {
        "overdue": t("Deadlines before today."),
        "this_week": t("Today and the six days after."),
        "next_two_weeks": t(
            "From {first} to {last} days from today.", first=THIS_WEEK_DAYS, last=due_soon_days
        ),
        "later": tn(
            "More than {n} day from today.",
            "More than {n} days from today.",
            due_soon_days,
        ),
        "due_soon": tn(
            "From today to {n} day from today.",
            "From today to {n} days from today.",
            due_soon_days,
        ),
    }
    return helps[window]

"""Projects stuck in their stage: how long each active project has stayed where it is.

Today this reads the sheet's own dates (the Updated column when the app wrote it, else Start);
the change history will give the real date each project entered its stage. The digest and the
report only see the result, a list of `Stuck` entries.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pandas as pd

from lib.metrics import is_active, project_labels


class Stuck(NamedTuple):
    project_id: str
    stage: str
    days: int


def days_in_stage(projects: pd.DataFrame, today: date) -> pd.Series:
    """Days since each project last changed (Updated), else since it started; NaN when neither."""
    updated = pd.Series(pd.NaT, index=projects.index, dtype="datetime64[ns]")
    if "Updated" in projects:
        parsed = pd.to_datetime(projects["Updated"], errors="coerce", utc=True, format="mixed")
        updated = parsed.dt.tz_convert(None).dt.normalize().astype("datetime64[ns]")
    since = updated.fillna(projects["Start"].astype("datetime64[ns]"))
    return (pd.Timestamp(today) - since).dt.days


def stuck_projects(
    projects: pd.DataFrame, today: date, threshold_days: int, stage: str | None = None
) -> list[Stuck]:
    """Active projects (On hold aside) that have stayed `threshold_days` or more in a stage,
    longest first; `stage` keeps one stage only (long partner reviews)."""
    days = days_in_stage(projects, today)
    wanted = is_active(projects) & projects["Stage"].ne("On hold") & (days >= threshold_days)
    if stage is not None:
        wanted &= projects["Stage"].eq(stage)
    found = projects[wanted.fillna(False).astype(bool)]
    labels = project_labels(found)
    entries = [
        Stuck(str(label), str(row_stage), int(day))
        for label, row_stage, day in zip(labels, found["Stage"], days[found.index], strict=True)
    ]
    return sorted(entries, key=lambda entry: (-entry.days, entry.project_id))

"""Where work waits, and for how long: flow metrics from the stage history (pure).

Everything starts from the records of the Stage field (see lib.history.watch): one *visit*
per stage a project entered, from when it was entered to when the project moved on (still
open if it is there now). A project first seen after it had started is marked
`from_first_seen`: its first stage is counted from when the history first saw it, so the
figures that include it say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from lib.history.compare import STAGE
from lib.schema import DONE_STAGES

DAY_SECONDS = 86400.0
MIN_SAMPLES = 5  # fewer finished visits than this say nothing of what is usual for a stage
USUAL_QUANTILE = 0.8  # longer than 80 % of finished visits: longer than usual
APPROVED, PUBLISHED = "Approved", "Published"

VISIT_COLUMNS = ("project_id", "stage", "start", "end", "days", "open", "from_first_seen")


def visits(changes: pd.DataFrame, now: datetime, present: Iterable[str]) -> pd.DataFrame:
    """One row per stage visit. `present`: the IDs in the sheet now (their last visit is open)."""
    stage = changes[changes["field"] == STAGE].sort_values(["project_id", "seen_at"], kind="stable")
    if stage.empty:
        return _empty_visits()
    now_ts = pd.Timestamp(now).tz_convert("UTC") if pd.Timestamp(now).tzinfo else _utc(now)
    following = stage.groupby("project_id")["seen_at"].shift(-1)
    here = stage["project_id"].isin(set(present))
    end = following.where(following.notna(), pd.NaT)
    is_open = following.isna() & here
    end = end.where(~is_open, now_ts)
    # The first record of a project seen when the history began says nothing of its past.
    first = ~stage["project_id"].duplicated()
    frame = pd.DataFrame(
        {
            "project_id": stage["project_id"].to_numpy(),
            "stage": stage["new"].to_numpy(),
            "start": stage["seen_at"].to_numpy(),
            "end": end.to_numpy(),
            "open": is_open.to_numpy(),
            "from_first_seen": (first & (stage["kind"] == "baseline")).to_numpy(),
        }
    )
    frame["start"] = pd.to_datetime(frame["start"], utc=True)
    frame["end"] = pd.to_datetime(frame["end"], utc=True)
    # A vanished project's record closes its last visit and opens none; so does the last
    # record of a project no longer in the sheet.
    frame = frame[(frame["stage"] != "") & frame["end"].notna()].copy()
    # A record later than `now` (a fixed "today" in the past) counts as no time, not negative.
    frame["days"] = ((frame["end"] - frame["start"]).dt.total_seconds() / DAY_SECONDS).clip(0)
    return frame[list(VISIT_COLUMNS)].reset_index(drop=True)


def _utc(moment: datetime) -> pd.Timestamp:
    return pd.Timestamp(moment).tz_localize("UTC")


def _empty_visits() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in VISIT_COLUMNS})
    frame["start"] = pd.to_datetime(frame["start"], utc=True)
    frame["end"] = pd.to_datetime(frame["end"], utc=True)
    frame["days"] = frame["days"].astype(float)
    frame["open"] = frame["open"].astype(bool)
    frame["from_first_seen"] = frame["from_first_seen"].astype(bool)
    return frame


def time_in_stage(visits_: pd.DataFrame) -> pd.DataFrame:
    """Per project and stage: the days spent there over every visit; `open` while it is there."""
    if visits_.empty:
        return pd.DataFrame(
            columns=["project_id", "stage", "days", "open", "from_first_seen", "visits"]
        )
    grouped = visits_.groupby(["project_id", "stage"], sort=False)
    return grouped.agg(
        days=("days", "sum"),
        open=("open", "any"),
        from_first_seen=("from_first_seen", "any"),
        visits=("days", "size"),
    ).reset_index()


def _groups(projects: pd.DataFrame, by: str) -> pd.DataFrame:
    """project_id → group (a project with two partners or themes counts under each)."""
    if by not in projects.columns:
        return pd.DataFrame(columns=["project_id", "group"])
    table = projects[["ID", by]].rename(columns={"ID": "project_id", by: "group"})
    table = table.explode("group")
    table = table[table["group"].notna() & (table["group"].astype(str) != "")]
    return table.drop_duplicates()


@dataclass(frozen=True)
class StageStat:
    stage: str
    group: str
    projects: int
    median_days: float
    p80_days: float
    from_first_seen: int  # of `projects`, how many were first seen in the stage


STAT_COLUMNS = ("stage", "group", "projects", "median_days", "p80_days", "from_first_seen")


def stage_stats(
    visits_: pd.DataFrame, projects: pd.DataFrame, by: str | None = None
) -> pd.DataFrame:
    """Median and 80th-percentile days per stage (and per partner or theme, with `by`), over
    projects that have left the stage; the final stages are not waits and are left out."""
    spent = time_in_stage(visits_)
    if spent.empty:
        return pd.DataFrame(columns=list(STAT_COLUMNS))
    finished = spent[~spent["open"] & ~spent["stage"].isin(DONE_STAGES)]
    if by is None:
        finished = finished.assign(group="")
    else:
        finished = finished.merge(_groups(projects, by), on="project_id", how="inner")
    if finished.empty:
        return pd.DataFrame(columns=list(STAT_COLUMNS))
    grouped = finished.groupby(["stage", "group"], sort=False)
    table = grouped.agg(
        projects=("project_id", "nunique"),
        median_days=("days", "median"),
        p80_days=("days", lambda d: float(np.quantile(d, USUAL_QUANTILE))),
        from_first_seen=("from_first_seen", "sum"),
    ).reset_index()
    table["from_first_seen"] = table["from_first_seen"].astype(int)
    return table[list(STAT_COLUMNS)]


def lead_times(visits_: pd.DataFrame) -> pd.DataFrame:
    """Per published project: days from first entering Approved to first entering Published."""
    firsts = visits_.groupby(["project_id", "stage"])["start"].min().unstack()
    if APPROVED not in firsts or PUBLISHED not in firsts:
        return pd.DataFrame(columns=["project_id", "approved", "published", "days"])
    both = firsts[[APPROVED, PUBLISHED]].dropna()
    both = both[both[PUBLISHED] >= both[APPROVED]]
    frame = both.reset_index().rename(columns={APPROVED: "approved", PUBLISHED: "published"})
    frame["days"] = (frame["published"] - frame["approved"]).dt.total_seconds() / DAY_SECONDS
    return frame[["project_id", "approved", "published", "days"]]


def throughput(visits_: pd.DataFrame, tz: str = "UTC") -> pd.DataFrame:
    """Projects published per month (first entry into Published), months without any at 0."""
    published = visits_[visits_["stage"] == PUBLISHED].groupby("project_id")["start"].min()
    if published.empty:
        return pd.DataFrame(columns=["month", "published"])
    months = published.dt.tz_convert(tz).dt.tz_localize(None).dt.to_period("M")
    counts = months.value_counts().sort_index()
    every = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    counts = counts.reindex(every, fill_value=0)
    return pd.DataFrame({"month": every.strftime("%Y-%m"), "published": counts.to_numpy()})


def work_in_progress(
    visits_: pd.DataFrame,
    stages: Iterable[str],
    points: int = 104,
    moments: pd.DatetimeIndex | None = None,
) -> pd.DataFrame:
    """Projects in each stage at `moments` (by default `points` evenly spaced over the whole
    history: weekly over two years): the cumulative flow chart. Columns: at, stage, projects."""
    if visits_.empty:
        return pd.DataFrame(columns=["at", "stage", "projects"])
    if moments is None:
        start, end = visits_["start"].min(), visits_["end"].max()
        moments = pd.date_range(start, end, periods=max(points, 2))
    rows = []
    order = [s for s in stages if s in set(visits_["stage"])]
    order += sorted(set(visits_["stage"]) - set(order))
    starts_by_stage = {s: np.sort(g["start"].to_numpy()) for s, g in visits_.groupby("stage")}
    ends_by_stage = {s: np.sort(g["end"].to_numpy()) for s, g in visits_.groupby("stage")}
    values = moments.to_numpy()
    for stage in order:
        entered = np.searchsorted(starts_by_stage[stage], values, side="right")
        left = np.searchsorted(ends_by_stage[stage], values, side="right")
        rows.append(pd.DataFrame({"at": moments, "stage": stage, "projects": entered - left}))
    return pd.concat(rows, ignore_index=True)


def usual_days(visits_: pd.DataFrame) -> dict[str, float]:
    """Per stage: the days that 80 % of finished visits stay within (with enough of them)."""
    spent = time_in_stage(visits_)
    finished = spent[~spent["open"]] if not spent.empty else spent
    result = {}
    for stage, days in finished.groupby("stage")["days"] if not finished.empty else ():
        if len(days) >= MIN_SAMPLES:
            result[stage] = float(np.quantile(days, USUAL_QUANTILE))
    return result


STUCK_COLUMNS = ("project_id", "stage", "days", "usual_days", "from_first_seen")


def stuck(visits_: pd.DataFrame) -> pd.DataFrame:
    """Projects in their stage now for longer than usual for it, longest over first."""
    usual = usual_days(visits_)
    if visits_.empty or not usual:
        return pd.DataFrame(columns=list(STUCK_COLUMNS))
    current = visits_[visits_["open"] & ~visits_["stage"].isin(DONE_STAGES)].copy()
    current["usual_days"] = current["stage"].map(usual)
    late = current[current["usual_days"].notna() & (current["days"] > current["usual_days"])]
    late = late.assign(over=late["days"] / late["usual_days"]).sort_values(
        ["over", "project_id"], ascending=[False, True]
    )
    return late[list(STUCK_COLUMNS)].reset_index(drop=True)


def partial_share(visits_: pd.DataFrame) -> int:
    """How many projects' figures are counted from when the history first saw them."""
    return int(visits_.loc[visits_["from_first_seen"], "project_id"].nunique())

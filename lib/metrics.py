"""Derived facts (SPEC §2.6): deadlines, milestones, output by theme, commitments, occasions.

Pure functions over the normalised projects frame; aggregate with pandas, never a loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lib.schema import (
    CROSS_POSTED_TERMS,
    DONE_STAGES,
    HOME_AGENCY,
    MEASURES,
    PLATFORMS,
    PUBLISHED,
    Vocabularies,
    Vocabulary,
)
from lib.text import fold, fold_series
from lib.windows import STATUSES, WINDOWS, days_from, project_status, window_of

DEADLINE_STATUSES: tuple[str, ...] = STATUSES

BLANK_LABEL = "(blank)"
NO_THEME = "(no theme)"
COMMITMENT_STATUSES: tuple[str, ...] = ("met", "on track", "behind", "upcoming")


def is_active(projects: pd.DataFrame) -> pd.Series:
    """Every stage but Published and Cancelled is active; On hold included."""
    return ~projects["Stage"].isin(DONE_STAGES)


def project_labels(projects: pd.DataFrame) -> pd.Series:
    """ID, or `row N` for a project without one."""
    return projects["ID"].where(projects["ID"] != "", "row " + projects["row"].astype(str))


def deadline_status(projects: pd.DataFrame, today: date, due_soon_days: int) -> pd.Series:
    """Each project's status (`lib.windows.project_status`): the one definition of overdue."""
    return project_status(projects, today, due_soon_days)


def sorted_by_due(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects most urgent first: by Due, then by ID (label)."""
    keyed = projects.assign(_label=project_labels(projects))
    return keyed.sort_values(["Due", "_label"], kind="stable").drop(columns="_label")


def ids_with_status(projects: pd.DataFrame, status: pd.Series, wanted: str) -> list[str]:
    return project_labels(sorted_by_due(projects[status == wanted])).tolist()


def count_by_stage(projects: pd.DataFrame, stages: Vocabulary) -> dict[str, int]:
    """Projects per stage in stage order, then stages outside the vocabulary as written."""
    counts = projects["Stage"].replace("", BLANK_LABEL).value_counts()
    ordered = {name: int(counts.get(name, 0)) for name in stages.names}
    extra = sorted(k for k in counts.index if k not in ordered)
    return ordered | {name: int(counts[name]) for name in extra}


def _or_placeholder(lists: pd.Series, placeholder: str) -> pd.Series:
    """List cells, an empty one replaced by a one-item list holding `placeholder`."""
    empty = lists.str.len().eq(0)
    if not empty.any():
        return lists
    filler = pd.Series([(placeholder,)] * int(empty.sum()), index=lists.index[empty], dtype=object)
    return lists.where(~empty, filler)


def exploded_themes(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (project, theme); a project without a theme appears under NO_THEME."""
    return projects.assign(Theme=_or_placeholder(projects["Theme"], NO_THEME)).explode("Theme")


def count_by_theme(projects: pd.DataFrame, themes: Vocabulary) -> dict[str, int]:
    """Projects per theme (a project with two themes counts under both)."""
    counts = exploded_themes(projects)["Theme"].value_counts()
    ordered = {name: int(counts.get(name, 0)) for name in themes.names}
    extra = sorted(k for k in counts.index if k not in ordered)
    return ordered | {name: int(counts[name]) for name in extra}


def published(projects: pd.DataFrame) -> pd.DataFrame:
    return projects[projects["Stage"].eq(PUBLISHED) & projects["Published"].notna()]


def _measures(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, observed=True, sort=False)
    out = pd.DataFrame(
        {
            "projects": grouped.size(),
            "photos": grouped["Photos"].sum(min_count=0).astype("int64"),
            "videos": grouped["Videos"].sum(min_count=0).astype("int64"),
            "video_minutes": grouped["Video minutes"].sum(min_count=0).astype("float64"),
        }
    )
    return out.reset_index()


def output_by_theme(projects: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Published output per theme (projects, photos, videos, video minutes), maybe in a year."""
    done = published(projects)
    if year is not None:
        done = done[done["Published"].dt.year == year]
    rows = exploded_themes(done)
    if rows.empty:
        return pd.DataFrame(columns=["Theme", *MEASURES])
    return _measures(rows, ["Theme"])


def output_total(projects: pd.DataFrame, year: int | None = None) -> dict[str, float]:
    """Published output of the distinct projects (each counted once, whatever its themes)."""
    done = published(projects)
    if year is not None:
        done = done[done["Published"].dt.year == year]
    return {
        "projects": float(len(done)),
        "photos": float(done["Photos"].sum()),
        "videos": float(done["Videos"].sum()),
        "video_minutes": float(done["Video minutes"].sum()),
    }


PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}


def output_over_time(projects: pd.DataFrame, period: str = "quarter") -> pd.DataFrame:
    """Published output per theme and period; `period` is month, quarter or year."""
    rows = exploded_themes(published(projects))
    if rows.empty:
        return pd.DataFrame(columns=["Theme", "period", *MEASURES])
    rows = rows.assign(period=rows["Published"].dt.to_period(PERIODS[period]).dt.start_time)
    return _measures(rows, ["Theme", "period"]).sort_values(["period", "Theme"])


def output_by_partner_theme(projects: pd.DataFrame) -> pd.DataFrame:
    """Published projects per partner × theme (each partner and theme of a project counts)."""
    rows = exploded_themes(published(projects))
    rows = rows.assign(Partner=_or_placeholder(rows["Partner"], BLANK_LABEL))
    rows = rows.explode("Partner")
    if rows.empty:
        return pd.DataFrame(columns=["Partner", "Theme", *MEASURES])
    return _measures(rows, ["Partner", "Theme"])


def on_time_rate(projects: pd.DataFrame, year: int | None = None) -> float | None:
    """Share of published projects (with a Due) published on or before their Due."""
    done = published(projects)
    done = done[done["Due"].notna()]
    if year is not None:
        done = done[done["Published"].dt.year == year]
    if done.empty:
        return None
    return float((done["Published"] <= done["Due"]).mean())


def published_in_year(projects: pd.DataFrame, year: int) -> int:
    return int((published(projects)["Published"].dt.year == year).sum())


def milestone_table(
    projects: pd.DataFrame, milestones: tuple[str, ...], stages: Vocabulary, today: date
) -> pd.DataFrame:
    """One row per milestone deadline: project, stage, due, and whether it is overdue.

    A milestone is overdue when its date has passed and the project has not yet moved past
    that stage (stage order from the vocabulary; done stages are past every milestone).
    """
    columns = ["row", "ID", "Title", "Stage", "milestone", "due", "overdue"]
    if not milestones or projects.empty:
        return pd.DataFrame(columns=columns)
    order = {name: i for i, name in enumerate(stages.names)}
    parts = []
    for milestone in milestones:
        due = projects[f"{milestone} due"]
        frame = projects.loc[due.notna(), ["row", "ID", "Title", "Stage"]]
        parts.append(frame.assign(milestone=milestone, due=due[due.notna()]))
    table = pd.concat(parts, ignore_index=True)
    position = table["Stage"].map(order)
    milestone_position = table["milestone"].map(order)
    not_past = ~table["Stage"].isin(DONE_STAGES) & ~(position > milestone_position)
    table["overdue"] = not_past & (table["due"] < pd.Timestamp(today))
    return table[columns]


def link_occasions(projects: pd.DataFrame, occasions: pd.DataFrame) -> pd.DataFrame:
    """For each project, the Occasions row its Occasion names (nearest date to its Due)."""
    empty = pd.DataFrame(
        {
            "occasion_name": pd.Series(pd.NA, index=projects.index, dtype="str"),
            "occasion_date": pd.Series(pd.NaT, index=projects.index, dtype="datetime64[ns]"),
        }
    )
    if occasions.empty or projects.empty:
        return empty
    names = occasions.assign(_key=fold_series(occasions["Occasion"]))
    names = names[names["_key"].ne("") & names["Date"].notna()]
    keys = fold_series(projects["Occasion"])
    # Only the three columns the match needs: a copy of every column would double the projects.
    wanted = pd.DataFrame({"_index": projects.index, "_key": keys, "Due": projects["Due"]})
    wanted = wanted[keys.ne("")]
    matched = wanted[["_index", "_key", "Due"]].merge(
        names[["_key", "Occasion", "Date"]], on="_key", how="inner"
    )
    if matched.empty:
        return empty
    distance = (matched["Date"] - matched["Due"].fillna(matched["Date"])).abs()
    nearest = matched.assign(_distance=distance).sort_values("_distance", kind="stable")
    nearest = nearest.drop_duplicates("_index").set_index("_index")
    empty.loc[nearest.index, "occasion_name"] = nearest["Occasion"]
    empty.loc[nearest.index, "occasion_date"] = nearest["Date"]
    return empty


def commitment_progress(
    commitments: pd.DataFrame, projects: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Each commitment's target against delivered (published that year) and in-pipeline work."""
    columns = [*commitments.columns, "delivered", "in_pipeline", "counts", "status"]
    if commitments.empty:
        return pd.DataFrame(columns=columns)
    done = published(projects)
    pipeline = projects[is_active(projects) & projects["Stage"].ne("On hold")]
    pipeline_year = pipeline["Due"].fillna(pipeline["Start"]).dt.year
    delivered = count_matching(commitments, done, done["Published"].dt.year)
    in_pipeline = count_matching(commitments, pipeline, pipeline_year)
    counts_cross = counts_cross_posted(commitments)
    if counts_cross.any():
        # Cross-posted items: the same matching, over the projects that ran on both sides'
        # platforms (in the pipeline: planned to).
        # A project counts for a partner only if it ran on that partner's platforms.
        crossed = commitments[counts_cross]
        shared_done = done.assign(Partner=cross_posted_partners(done))
        shared_done = shared_done[shared_done["Partner"].str.len().gt(0)]
        shared_pipeline = pipeline.assign(Partner=cross_posted_partners(pipeline))
        shared_pipeline = shared_pipeline[shared_pipeline["Partner"].str.len().gt(0)]
        delivered[counts_cross] = count_matching(
            crossed, shared_done, shared_done["Published"].dt.year
        )
        in_pipeline[counts_cross] = count_matching(
            crossed, shared_pipeline, pipeline_year[shared_pipeline.index]
        )
    out = commitments.assign(
        delivered=delivered,
        in_pipeline=in_pipeline,
        counts=np.where(counts_cross, "cross-posted", "projects"),
    )
    target = out["Target"].astype("Float64")
    met = out["delivered"] >= target
    reachable = (out["delivered"] + out["in_pipeline"]) >= target
    year = out["Year"].astype("Float64")
    over = year < today.year
    ahead = year > today.year  # a later year's commitment cannot be behind yet
    status = np.select(
        [met.fillna(False), over.fillna(False), ahead.fillna(False), reachable.fillna(False)],
        ["met", "behind", "upcoming", "on track"],
        default="behind",
    )
    return out.assign(status=status)


def counts_cross_posted(commitments: pd.DataFrame) -> pd.Series:
    """Which commitments count cross-posted items: their Counts cell says so, or (Counts blank)
    their Commitment does ("Cross-posted items")."""
    terms = {fold(term) for term in CROSS_POSTED_TERMS}
    counts = commitments.get("Counts", None)
    by_counts = fold_series(counts).isin(terms) if counts is not None else False
    said = fold_series(commitments["Commitment"]).isin(terms)
    blank = counts.eq("") if counts is not None else True
    return pd.Series(by_counts | (blank & said), index=commitments.index, dtype=bool)


def _platform_lookup() -> dict[str, str]:
    return {fold(name): side for side, names in PLATFORMS.items() for name in names}


def platform_side(channel: str) -> str:
    """Whose platform a channel is (an agency of PLATFORMS), or "" when nobody's."""
    lookup = _platform_lookup()
    key = fold(channel)
    if key in lookup:
        return lookup[key]
    host = channel.strip().lower().removeprefix("https://").removeprefix("http://")
    host = host.split("/")[0].removeprefix("www.")
    for side, names in PLATFORMS.items():
        if any(host == n.lower() or host.endswith("." + n.lower()) for n in names if "." in n):
            return side
    return ""


def channel_sides(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (project, channel): the project's index, the channel and whose it is."""
    rows = projects["Channels"].explode().dropna()
    rows = rows[rows.astype(str).str.strip().ne("")]
    sides = rows.astype(str).map(platform_side)
    return pd.DataFrame({"project": rows.index, "channel": rows.astype(str), "side": sides})


def cross_posted_partners(projects: pd.DataFrame) -> pd.Series:
    """For each project, the partners it was cross-posted with: those of its partners on whose
    platforms it ran (or is to run), when it also ran on the home agency's; else ()."""
    sides = channel_sides(projects)
    home = set(sides.loc[sides["side"].eq(HOME_AGENCY), "project"])
    ran = set(zip(sides["project"], sides["side"], strict=True))
    partners = [
        tuple(p for p in listed if (index, p) in ran) if index in home else ()
        for index, listed in zip(projects.index, projects["Partner"], strict=True)
    ]
    return pd.Series(partners, index=projects.index, dtype=object)


def cross_posted(projects: pd.DataFrame) -> pd.Series:
    """Projects that ran (or are to run) on the home agency's and on a partner's platforms."""
    return cross_posted_partners(projects).str.len().gt(0).astype(bool)


def count_matching(commitments: pd.DataFrame, projects: pd.DataFrame, year: pd.Series) -> pd.Series:
    """For each commitment, how many of the projects it counts: the commitment's year (`year`
    is each project's), one of its partners, its format and its theme; a blank one means any.

    Both sides are exploded to one row per partner and theme once, then joined on the criteria
    each commitment sets: one join per combination of criteria, never one pass per commitment.
    """
    counts = pd.Series(0, index=commitments.index, dtype="int64")
    rows = pd.DataFrame(
        {
            "_project": np.arange(len(projects)),
            "_year": year.astype("float64").to_numpy(),
            "Partner": projects["Partner"].to_numpy(),
            "Format": projects["Format"].to_numpy(),
            "Theme": projects["Theme"].to_numpy(),
        }
    )
    rows = rows[rows["_year"].notna()].explode("Partner").explode("Theme")
    wants = pd.DataFrame(
        {
            "_commitment": np.arange(len(commitments)),
            "_year": commitments["Year"].astype("Float64").astype("float64").to_numpy(),
            "Partner": commitments["Partner"].to_numpy(),
            "Format": commitments["Format"].to_numpy(),
            "Theme": commitments["Theme"].to_numpy(),
        }
    )
    wants = wants[wants["_year"].notna()].explode("Partner")
    if rows.empty or wants.empty:
        return counts
    criteria = pd.DataFrame(
        {
            "Partner": wants["Partner"].notna(),
            "Format": wants["Format"].ne(""),
            "Theme": wants["Theme"].ne(""),
        }
    )
    matched = []
    for chosen, group in wants.groupby([criteria[c] for c in criteria], sort=False):
        on = ["_year", *(c for c, used in zip(criteria, chosen, strict=True) if used)]
        candidates = rows[["_project", *on]].drop_duplicates()
        matched.append(
            group[["_commitment", *on]].merge(candidates, on=on)[["_commitment", "_project"]]
        )
    pairs = pd.concat(matched).drop_duplicates()  # a project counts once, whatever matched twice
    found = pairs.groupby("_commitment").size()
    counts.iloc[found.index.to_numpy()] = found.to_numpy()
    return counts


def contains_any(lists: pd.Series, wanted: set[str] | tuple[str, ...]) -> pd.Series:
    """For list cells: whether any item is one of `wanted` (exploded, not a loop per row)."""
    hits = lists.explode().isin(wanted)
    return hits.groupby(level=0).any().reindex(lists.index, fill_value=False).astype(bool)


def occasion_overview(occasions: pd.DataFrame, projects: pd.DataFrame, today: date) -> pd.DataFrame:
    """Occasions with their linked project count and days to go (negative: past)."""
    links = link_occasions(projects, occasions)
    counts = fold_series(links["occasion_name"].dropna()).value_counts()
    out = occasions.assign(
        projects=fold_series(occasions["Occasion"]).map(counts).fillna(0).astype("int64"),
        days_to_go=(occasions["Date"] - pd.Timestamp(today)).dt.days,
    )
    return out.sort_values("Date", kind="stable")


def summary(
    projects: pd.DataFrame, vocab: Vocabularies, today: date, due_soon_days: int
) -> dict[str, object]:
    """The facts the CLI's `summary` prints (SPEC §6), in its field names and order."""
    status = deadline_status(projects, today, due_soon_days)
    by_theme = output_by_theme(projects, today.year).set_index("Theme")
    output = {}
    for theme in [*vocab.themes.names, *sorted(set(by_theme.index) - set(vocab.themes.names))]:
        row = by_theme.loc[theme] if theme in by_theme.index else None
        output[theme] = {
            "projects": int(row["projects"]) if row is not None else 0,
            "photos": int(row["photos"]) if row is not None else 0,
            "videos": int(row["videos"]) if row is not None else 0,
            "video_minutes": round(float(row["video_minutes"]), 2) if row is not None else 0.0,
        }
    return {
        "by_stage": count_by_stage(projects, vocab.stages),
        "by_theme": count_by_theme(projects, vocab.themes),
        "output_by_theme": output,
        "overdue": ids_with_status(projects, status, "overdue"),
        "due_soon": ids_with_status(projects, status, "due_soon"),
    }


# --- Dashboards (issue 3): facts the pages show, each a pure function over projects. ---------

UNRECOGNISED_STAGE = "Unrecognised stage"
DEADLINE_BUCKETS: tuple[str, ...] = WINDOWS  # lib.windows defines where each one starts and ends
DEFAULT_SPAN_DAYS = 30  # a project without Start is drawn this long when no history suggests


@dataclass(frozen=True)
class OverviewKpis:
    active: int
    overdue: int
    due_soon: int
    published_this_year: int
    published_last_year_to_date: int  # same period of last year, for a fair comparison
    on_time_rate: float | None  # of this year's published projects that had a Due


def overview_kpis(projects: pd.DataFrame, today: date, due_soon_days: int) -> OverviewKpis:
    status = deadline_status(projects, today, due_soon_days)
    last_year_same_day = same_day_last_year(today)
    done = published(projects)["Published"]
    last_year = done[(done.dt.year == today.year - 1) & (done <= pd.Timestamp(last_year_same_day))]
    return OverviewKpis(
        active=int(is_active(projects).sum()),
        overdue=int((status == "overdue").sum()),
        due_soon=int((status == "due_soon").sum()),
        published_this_year=published_in_year(projects, today.year),
        published_last_year_to_date=len(last_year),
        on_time_rate=on_time_rate(projects, today.year),
    )


def same_day_last_year(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def needs_attention(projects: pd.DataFrame, today: date, due_soon_days: int) -> pd.DataFrame:
    """Overdue and due-soon projects, most urgent first, with days left (negative: late)."""
    status = deadline_status(projects, today, due_soon_days)
    urgent = projects.assign(status=status)[status.isin(["overdue", "due_soon"])]
    urgent = sorted_by_due(urgent)
    return urgent.assign(days=(urgent["Due"] - pd.Timestamp(today)).dt.days)


def milestone_pending(table: pd.DataFrame, stages: Vocabulary) -> pd.Series:
    """For milestone rows: the project is active and has not yet moved past that stage."""
    order = {name: i for i, name in enumerate(stages.names)}
    past = table["Stage"].map(order) > table["milestone"].map(order)
    return ~table["Stage"].isin(DONE_STAGES) & ~past.fillna(False).astype(bool)


def deadline_items(
    projects: pd.DataFrame,
    milestones: tuple[str, ...],
    stages: Vocabulary,
    today: date,
    due_soon_days: int,
) -> pd.DataFrame:
    """Every open deadline: active projects' Due and pending milestones, soonest first.

    The one list behind the Overview's counts, the Deadlines page, the calendar file and the
    command line. Columns: row, ID, Title, Partner, Stage, Producer, deadline ("Due" or
    "<stage> due"), date, days (negative: late) and window (`lib.windows.WINDOWS`).
    """
    columns = ["row", "ID", "Title", "Partner", "Stage", "Producer", "deadline", "date"]
    active = projects[is_active(projects) & projects["Due"].notna()]
    dues = active.assign(deadline="Due", date=active["Due"])[columns]
    parts = [dues]
    table = milestone_table(projects, milestones, stages, today)
    if not table.empty:
        table = table[milestone_pending(table, stages)]
        extra = projects.set_index("row")[["Partner", "Producer"]]
        table = table.join(extra, on="row")
        table = table.assign(deadline=table["milestone"] + " due", date=table["due"])
        parts.append(table[columns])
    filled = [part for part in parts if not part.empty]
    items = pd.concat(filled, ignore_index=True) if filled else dues
    items = items.assign(date=items["date"].astype("datetime64[ns]"))
    days = days_from(items["date"], today)
    items = items.assign(days=days.astype("int64"), window=window_of(days, due_soon_days))
    items = items.assign(_label=project_labels(items))
    return items.sort_values(["date", "_label"], kind="stable").drop(columns="_label")


def stage_groups(projects: pd.DataFrame, stages: Vocabulary) -> tuple[list[str], pd.Series]:
    """Stage order for a board, and each project's group; unknown or blank stages together."""
    known = projects["Stage"].isin(stages.names)
    group = projects["Stage"].where(known, UNRECOGNISED_STAGE)
    order = [*stages.names, *([UNRECOGNISED_STAGE] if (~known).any() else [])]
    return order, group


def stage_mix_by_theme(projects: pd.DataFrame) -> pd.DataFrame:
    """Projects per theme and stage (a project with two themes counts under both)."""
    rows = exploded_themes(projects)
    rows = rows.assign(Stage=rows["Stage"].replace("", BLANK_LABEL))
    if rows.empty:
        return pd.DataFrame(columns=["Theme", "Stage", "projects"])
    return rows.groupby(["Theme", "Stage"], observed=True).size().rename("projects").reset_index()


def theme_summary(
    projects: pd.DataFrame, themes: Vocabulary, today: date, due_soon_days: int
) -> pd.DataFrame:
    """Per theme: projects, active, overdue, published this year, and its share of this year's
    published output (shares can add up to more than 100%: a project counts under each theme)."""
    rows = exploded_themes(projects)
    status = deadline_status(rows, today, due_soon_days)
    this_year = rows["Stage"].eq(PUBLISHED) & rows["Published"].dt.year.eq(today.year)
    frame = pd.DataFrame(
        {
            "Theme": rows["Theme"],
            "projects": 1,
            "active": is_active(rows).astype("int64"),
            "overdue": (status == "overdue").astype("int64"),
            "published_this_year": this_year.astype("int64"),
        }
    )
    summary = frame.groupby("Theme", sort=False).sum()
    order = [n for n in themes.names if n in summary.index]
    order += sorted(set(summary.index) - set(order), key=fold)
    summary = summary.reindex(order).reset_index()
    total = published_in_year(projects, today.year)
    share = summary["published_this_year"] / total if total else 0.0
    return summary.assign(share=share)


def timeline_spans(projects: pd.DataFrame) -> pd.DataFrame:
    """Start and end of each drawable project for a Gantt: Start → Due (Published if no Due).

    A project without Start (or with Start after its end) starts the median project length
    before its end and is marked `start_assumed`; one with neither Due nor Published is left
    out. Sorted by start, then end.
    """
    end = projects["Due"].fillna(projects["Published"])
    drawable = projects[end.notna()]
    end = end[end.notna()]
    given = drawable["Start"].where(drawable["Start"] <= end)
    lengths = (end - given).dropna()
    typical = lengths.median() if len(lengths) else pd.Timedelta(days=DEFAULT_SPAN_DAYS)
    start = given.fillna(end - typical)
    spans = drawable.assign(start=start, end=end, start_assumed=given.isna())
    return spans.sort_values(["start", "end"], kind="stable")


def projects_due_after_occasion(projects: pd.DataFrame, occasions: pd.DataFrame) -> pd.DataFrame:
    """Active projects whose Due falls after the occasion they are timed to."""
    links = link_occasions(projects, occasions)
    linked = projects.join(links)
    late = is_active(linked) & (linked["Due"] > linked["occasion_date"])
    out = linked[late.fillna(False).astype(bool)]
    return out.assign(days_late=(out["Due"] - out["occasion_date"]).dt.days)

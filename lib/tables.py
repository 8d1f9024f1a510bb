"""Projects as a table for people: readable column order, lists joined, a deadline status.

Pure: the Streamlit column configuration that displays these frames is in `lib.ui.widgets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib import issue_text
from lib.filters import FilterSpec, apply_filters
from lib.formatting import DATE_FORMAT, countdown, lateness
from lib.i18n import t
from lib.markup import safe_link
from lib.metrics import (
    COMMITMENT_STATUSES,
    DEADLINE_BUCKETS,
    OverviewKpis,
    count_by_stage,
    deadline_items,
    deadline_status,
    is_active,
    link_occasions,
    needs_attention,
    occasion_overview,
    output_over_time,
    overview_kpis,
    project_labels,
    projects_due_after_occasion,
    stage_groups,
    timeline_spans,
)
from lib.schema import (
    DONE_STAGES,
    LINK_TEXT_COLUMN,
    LIST_FIELDS,
    PROJECT_FIELDS,
    STATUS_COLUMN,
    Vocabulary,
)
from lib.text import fold_series
from lib.windows import STATUSES

# The columns people look at first, then every other known field in sheet-contract order.
LEADING_COLUMNS: tuple[str, ...] = (
    "ID",
    "Title",
    "Stage",
    "Theme",
    "Partner",
    "Format",
    "Due",
    STATUS_COLUMN,
    "Producer",
    "Lead",
)


def projects_for_display(
    projects: pd.DataFrame, extras: tuple[str, ...] = (), *, keep_lists: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per project; list cells joined with '; ' except the `keep_lists` ones."""
    shown = projects.copy()
    for name in LIST_FIELDS:
        if name not in keep_lists:
            shown[name] = shown[name].str.join("; ")
    return shown


def status_labels() -> dict[str, str]:
    return {
        "overdue": t("Overdue"),
        "due_soon": t("Due soon"),
        "on_track": t("On track"),
        "no_due": t("No due date"),
        "on_hold": t("On hold"),
        "published": t("Published"),
        "cancelled": t("Cancelled"),
    }


def projects_table(
    projects: pd.DataFrame,
    extras: tuple[str, ...],
    milestones: tuple[str, ...],
    today: date,
    due_soon_days: int,
) -> pd.DataFrame:
    """The Projects page's table: leading columns, the rest of the fields, milestones, extras,
    and the sheet row last. Theme stays a list (shown as coloured badges); other lists joined.
    """
    shown = projects_for_display(projects, extras, keep_lists=("Theme",))
    shown[STATUS_COLUMN] = deadline_status(projects, today, due_soon_days).map(status_labels())
    known = [f.name for f in PROJECT_FIELDS if f.name not in LEADING_COLUMNS]
    order = [*LEADING_COLUMNS, *known, *(f"{m} due" for m in milestones), *extras, "row"]
    return shown[[name for name in order if name in shown.columns]]


# What a person looks at first on a screen (the export keeps the sheet's order of columns).
SCREEN_FIRST: tuple[str, ...] = ("Title", "Due", STATUS_COLUMN, "Stage", "ID")


def screen_columns(table: pd.DataFrame) -> list[str]:
    """The table's columns for a screen: title, due and status first (all a phone shows at
    once), then the rest in the export's order; the sheet row last."""
    first = [name for name in SCREEN_FIRST if name in table.columns]
    return first + [name for name in table.columns if name not in first]


def urgent_order(projects: pd.DataFrame, today: date, due_soon_days: int) -> pd.Index:
    """The projects' index, most urgent first: overdue, due soon, on track, …, then published
    and cancelled; the nearest Due first within each (the newest Due first when done)."""
    status = deadline_status(projects, today, due_soon_days).map(STATUS_URGENCY)
    done = projects["Stage"].isin(DONE_STAGES)
    days = (projects["Due"] - pd.Timestamp(today)).dt.days
    key = pd.DataFrame({"status": status, "due": days.where(~done, -days)}, index=projects.index)
    return key.sort_values(["status", "due"], kind="stable").index


def openable_links(table: pd.DataFrame) -> pd.DataFrame:
    """The table for the screen: Link holds only addresses one may open (http, https, mailto);
    anything else in the sheet's Link cell (`javascript:`, `data:`, a word) is kept as text in
    a column beside it, which appears only when there is such a cell."""
    if "Link" not in table.columns:
        return table
    written = table["Link"]
    openable = written.map(safe_link)
    blocked = written.where(openable.isna() & written.fillna("").astype("str").str.strip().ne(""))
    shown = table.assign(Link=openable)
    if blocked.notna().any():
        shown.insert(shown.columns.get_loc("Link") + 1, LINK_TEXT_COLUMN, blocked.fillna(""))
    return shown


def rows_for(table: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """The rows of a one-row-per-project table (indexed like the projects) for some projects, in
    their order: a table worked out once for the whole dataset then serves every filtered view."""
    if table.index.equals(projects.index):
        return table
    return table.loc[projects.index]


def _joined(column: pd.Series) -> pd.Series:
    return column.str.join(", ") if column.dtype == object else column


def attention_table(urgent: pd.DataFrame) -> pd.DataFrame:
    """`metrics.needs_attention` rows as a list for people: when, what, who."""
    return pd.DataFrame(
        {
            "Due": urgent["Due"],
            "When": lateness(urgent["days"]),
            "ID": urgent["ID"],
            "Title": urgent["Title"],
            "Partner": _joined(urgent["Partner"]),
            "Stage": urgent["Stage"],
            "Producer": urgent["Producer"],
        }
    )


def attention_list(projects: pd.DataFrame, today: date, due_soon_days: int) -> pd.DataFrame:
    """The projects overdue or due soon, most urgent first, as a list for people."""
    return attention_table(needs_attention(projects, today, due_soon_days))


def window_count(table: pd.DataFrame) -> dict[str, int]:
    """A `deadlines_table`'s rows counted as projects' Due and milestones."""
    is_due = table["Deadline"].eq("Due")
    return {"projects": int(is_due.sum()), "milestones": int((~is_due).sum())}


def deadlines_table(items: pd.DataFrame) -> pd.DataFrame:
    """`metrics.deadline_items` rows as a list for people: date, how far, which deadline."""
    return pd.DataFrame(
        {
            "Date": items["date"],
            "When": lateness(items["days"]),
            "Deadline": items["deadline"],
            "ID": items["ID"],
            "Title": items["Title"],
            "Partner": _joined(items["Partner"]),
            "Stage": items["Stage"],
            "Producer": items["Producer"],
        }
    )


# Cards per stage on the Pipeline board, and projects listed per occasion card: the rest are
# counted, not drawn.
CARD_LIMIT = 6
STATUS_URGENCY = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class BoardColumn:
    """One stage of the Pipeline board: its projects as cards, most urgent first, capped."""

    stage: str
    count: int
    cards: pd.DataFrame  # ID, Title, Theme, status, subtitle, when (at most CARD_LIMIT rows)

    @property
    def hidden(self) -> int:
        return self.count - len(self.cards)


def pipeline_board(
    projects: pd.DataFrame,
    stages: Vocabulary,
    today: date,
    due_soon_days: int,
    *,
    include_done: bool = False,
    limit: int | None = CARD_LIMIT,
) -> list[BoardColumn]:
    """Projects grouped by stage in stage order, unrecognised stages in a group of their own.

    `limit` cards per stage, or every card with None (the board then shows a part and a
    "show more" button, so no project is out of reach)."""
    order, group = stage_groups(projects, stages)
    status = deadline_status(projects, today, due_soon_days)
    days = (projects["Due"] - pd.Timestamp(today)).dt.days
    when = lateness(days.fillna(0)).where(days.notna(), t("no due date"))
    published_on = t("published ") + projects["Published"].dt.strftime(DATE_FORMAT)
    when = when.where(status != "published", published_on.fillna(""))
    when = when.where(status != "cancelled", "")
    partners = _joined(projects["Partner"])
    subtitle = projects["ID"].str.cat([partners, projects["Format"]], sep=" · ")
    cards = pd.DataFrame(
        {
            "group": group,
            "ID": projects["ID"],
            "label": project_labels(projects),
            "Title": projects["Title"].where(projects["Title"] != "", t("(untitled)")),
            "Theme": projects["Theme"],
            "Stage": projects["Stage"],
            "status": status,
            "subtitle": subtitle.str.replace(r"( · )+", " · ", regex=True).str.strip(" ·"),
            "when": when,
            "_urgency": status.map(STATUS_URGENCY),
            "_due": projects["Due"],
        }
    ).sort_values(["_urgency", "_due"], kind="stable")
    counts = cards["group"].value_counts()
    # The few cards drawn, taken in one pass: a small frame of its own, whatever the portfolio.
    kept = cards if limit is None else cards.groupby("group", sort=False).head(limit)
    shown = dict(tuple(kept.groupby("group")))
    empty = cards.iloc[0:0]
    return [
        BoardColumn(stage, int(counts.get(stage, 0)), shown.get(stage, empty))
        for stage in order
        if include_done or stage not in DONE_STAGES
    ]


def people(projects: pd.DataFrame) -> list[str]:
    """Producers and team leads named in the sheet, for "My work"."""
    names = pd.concat([projects["Producer"], projects["Lead"]]).dropna().astype("str").str.strip()
    return sorted(set(names[names != ""]), key=str.casefold)


def my_work(projects: pd.DataFrame, person: str) -> pd.DataFrame:
    """The projects a person produces or leads (names matched as typed, spaces and case aside)."""
    wanted = person.strip().casefold()
    mine = projects["Producer"].str.strip().str.casefold().eq(wanted)
    mine |= projects["Lead"].str.strip().str.casefold().eq(wanted)
    return projects[mine]


def urgent_first(board: list[BoardColumn]) -> pd.DataFrame:
    """Every card of a board in one list, most urgent first (a phone's view of the board)."""
    frames = [column.cards for column in board if not column.cards.empty]
    if not frames:
        return board[0].cards if board else pd.DataFrame()
    return pd.concat(frames).sort_values(["_urgency", "_due"], kind="stable")


def occasion_projects(
    occasions: pd.DataFrame, projects: pd.DataFrame, today: date, due_soon_days: int
) -> pd.DataFrame:
    """Projects linked to an occasion, keyed by the occasion's folded name, for the cards:
    the project, its stage and due date, and its deadline status; most urgent first."""
    links = link_occasions(projects, occasions)
    linked = projects.join(links)
    linked = linked[linked["occasion_name"].notna()]
    status = deadline_status(linked, today, due_soon_days)
    due = (t("due ") + linked["Due"].dt.strftime(DATE_FORMAT)).fillna(t("no due date"))
    label = linked["ID"].where(linked["ID"] != "", "row " + linked["row"].astype("str"))
    rows = pd.DataFrame(
        {
            "key": fold_series(linked["occasion_name"]),
            "label": label,
            "project": label + " · " + linked["Title"],
            "detail": linked["Stage"] + " · " + due,
            "status": status,
            "_urgency": status.map(STATUS_URGENCY),
            "_due": linked["Due"],
        }
    )
    # As on the Pipeline board: a card lists its first few projects, so the urgent ones first.
    rows = rows.sort_values(["_urgency", "_due"], kind="stable")
    return rows.drop(columns=["_urgency", "_due"])


def commitments_table(progress: pd.DataFrame) -> pd.DataFrame:
    """`metrics.commitment_progress` rows for people; keeps the index of `progress`."""
    target = progress["Target"].astype("Float64")
    ratio = (progress["delivered"] / target).where(target > 0).clip(upper=1.0)
    return pd.DataFrame(
        {
            "Partner": _joined(progress["Partner"]),
            "Commitment": progress["Commitment"],
            "Format": progress["Format"],
            "Theme": progress["Theme"],
            "Target": progress["Target"],
            "Delivered": progress["delivered"],
            "In pipeline": progress["in_pipeline"],
            "Progress": ratio.astype("float64"),
            "Status": progress["status"],
        },
        index=progress.index,
    )


def occasions_table(overview: pd.DataFrame) -> pd.DataFrame:
    """`metrics.occasion_overview` rows (with a `when` countdown) for people."""
    return pd.DataFrame(
        {
            "Date": overview["Date"],
            "When": overview["when"],
            "Occasion": overview["Occasion"],
            "Partner": _joined(overview["Partner"]),
            "Kind": overview["Kind"],
            "Projects": overview["projects"],
        }
    )


def late_for_occasion_table(late: pd.DataFrame) -> pd.DataFrame:
    """`metrics.projects_due_after_occasion` rows for people."""
    return pd.DataFrame(
        {
            "ID": late["ID"],
            "Title": late["Title"],
            "Stage": late["Stage"],
            "Due": late["Due"],
            "Occasion": late["occasion_name"],
            "Occasion date": late["occasion_date"],
            "Days late": late["days_late"],
        }
    )


def themes_table(summary: pd.DataFrame) -> pd.DataFrame:
    """`metrics.theme_summary` for people: the share as a percentage."""
    return summary.assign(share=(summary["share"] * 100).round(0))


def issues_table(issues: pd.DataFrame) -> pd.DataFrame:
    """Data-quality issues, the columns people read first first."""
    return pd.DataFrame(
        {
            "severity": issues["severity"],
            "tab": issues["tab"],
            "row": issues["row"],
            "column": issues["column"],
            "header": issues["header"],
            "message": issue_text.messages(issues),
            "project": issues["project"],
            "code": issues["code"],
            "link": issues["link"].map(safe_link),
        }
    )


@dataclass(frozen=True)
class Timeline:
    """What the Timeline draws: the projects in view, their spans, and how many have none."""

    projects: pd.DataFrame
    spans: pd.DataFrame  # metrics.timeline_spans plus occasion_name / occasion_date
    undrawn: int  # projects without a due (or published) date


def timeline_rows(
    projects: pd.DataFrame, occasions: pd.DataFrame, *, include_done: bool
) -> Timeline:
    shown = projects if include_done else projects[is_active(projects)]
    spans = timeline_spans(shown).join(link_occasions(shown, occasions))
    return Timeline(shown, spans, len(shown) - len(spans))


def page_rows(frame: pd.DataFrame, first: int, size: int) -> pd.DataFrame:
    """The part of a long table that starts at row `first` (0-based), at most `size` rows."""
    return frame.iloc[first : first + size]


def page_labels(count: int, size: int) -> dict[int, str]:
    """First row of each page → "1–60 of 150", for a long list shown a page at a time."""
    return {
        first: t("{first}–{last} of {count}", first=first + 1, last=min(first + size, count),
                 count=count)
        for first in range(0, count, size)
    }  # fmt: skip


@dataclass(frozen=True)
class CommitmentGroup:
    """One partner's commitments of a year: rows for the chart and the table."""

    partner: str
    progress: pd.DataFrame  # metrics.commitment_progress rows
    table: pd.DataFrame  # commitments_table rows, without the partner


def commitment_years(progress: pd.DataFrame) -> list[int]:
    return sorted(int(year) for year in progress["Year"].dropna().unique())


def commitments_of_year(
    progress: pd.DataFrame, year: int
) -> tuple[dict[str, int], list[CommitmentGroup]]:
    """Status counts (met, on track, behind, upcoming) and the commitments grouped by partner."""
    mine = progress[progress["Year"] == year]
    table = commitments_table(mine)
    counts = table["Status"].value_counts()
    statuses = {status: int(counts.get(status, 0)) for status in COMMITMENT_STATUSES}
    groups = [
        CommitmentGroup(str(partner), mine.loc[rows.index], rows.drop(columns="Partner"))
        for partner, rows in table.groupby("Partner", sort=False)
    ]
    return statuses, groups


@dataclass(frozen=True)
class OccasionCard:
    """An upcoming occasion with the projects timed to it."""

    name: str
    date: str  # DD/MM/YYYY
    when: str  # "in 26 days"
    partners: tuple[str, ...]
    kind: str
    projects: pd.DataFrame  # occasion_projects rows: project, detail, status (the first few)
    more: int = 0  # projects timed to it beyond those listed


@dataclass(frozen=True)
class OccasionsView:
    every: pd.DataFrame  # occasions_table of every occasion
    upcoming: int
    unplanned: pd.DataFrame  # occasions_table of upcoming occasions with no project
    late: pd.DataFrame  # late_for_occasion_table
    cards: list[OccasionCard]  # the next `limit` upcoming occasions


def occasions_view(
    occasions: pd.DataFrame,
    projects: pd.DataFrame,
    today: date,
    due_soon_days: int,
    limit: int,
    projects_per_card: int = CARD_LIMIT,
) -> OccasionsView:
    overview = occasion_overview(occasions, projects, today)
    overview = overview.assign(when=countdown(overview["days_to_go"]))
    upcoming = overview[overview["days_to_go"] >= 0]
    linked = occasion_projects(occasions, projects, today, due_soon_days)
    linked_count = linked["key"].value_counts()
    listed = linked.groupby("key", sort=False).head(projects_per_card)
    by_occasion = dict(tuple(listed.groupby("key", sort=False)))
    shown = upcoming.head(limit)
    empty = linked.iloc[0:0]
    cards = [
        OccasionCard(
            name=row.Occasion,
            date=row.Date.strftime(DATE_FORMAT),
            when=row.when,
            partners=tuple(row.Partner),
            kind=row.Kind,
            projects=by_occasion.get(key, empty).drop(columns="key"),
            more=int(linked_count.get(key, 0)) - len(by_occasion.get(key, empty)),
        )
        for row, key in zip(
            shown.itertuples(index=False), fold_series(shown["Occasion"]), strict=True
        )
    ]
    return OccasionsView(
        every=occasions_table(overview),
        upcoming=len(upcoming),
        unplanned=occasions_table(upcoming[upcoming["projects"] == 0]).drop(columns="Projects"),
        late=late_for_occasion_table(projects_due_after_occasion(projects, occasions)),
        cards=cards,
    )


def deadline_buckets(items: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """`metrics.deadline_items` split by bucket, in bucket order, as tables for people."""
    return {
        bucket: deadlines_table(items[items["window"] == bucket]) for bucket in DEADLINE_BUCKETS
    }


def deadlines_by_bucket(
    projects: pd.DataFrame,
    milestones: tuple[str, ...],
    stages: Vocabulary,
    today: date,
    due_soon_days: int,
) -> dict[str, pd.DataFrame]:
    """Every open deadline of the projects (milestones included) as tables, by window."""
    return deadline_buckets(deadline_items(projects, milestones, stages, today, due_soon_days))


@dataclass(frozen=True)
class ThemeDetail:
    """One theme in detail, for its team lead: KPIs, output per quarter, stages, urgent work."""

    kpis: OverviewKpis
    over_time: pd.DataFrame  # metrics.output_over_time rows, per quarter
    by_stage: dict[str, int]  # metrics.count_by_stage
    attention: pd.DataFrame  # attention_list rows


def theme_detail(
    projects: pd.DataFrame, theme: str, stages: Vocabulary, today: date, due_soon_days: int
) -> ThemeDetail:
    """The facts of the projects (already filtered) that carry `theme`."""
    mine = apply_filters(projects, FilterSpec(theme=(theme,)))
    return ThemeDetail(
        kpis=overview_kpis(mine, today, due_soon_days),
        over_time=output_over_time(mine, "quarter"),
        by_stage=count_by_stage(mine, stages),
        attention=attention_list(mine, today, due_soon_days),
    )

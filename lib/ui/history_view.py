"""The change history and the flow of work, as pages show them.

Read once per load of the data and shared by every viewer (like the dataset itself); the
figures come from the pure `lib.history.flow`. A project's history and its time in each stage
are functions here so that the Project page shows them as the Flow page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import charts
from lib.formatting import dmy, percent
from lib.history import flow, service
from lib.history.compare import STAGE
from lib.history.service import History
from lib.i18n import t, tc, tn
from lib.markup import plain
from lib.model import Dataset
from lib.ui import filter_bar, session, widgets
from lib.ui.filter_bar import Filtered
from lib.ui.session import CACHE_TTL_SECONDS


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def _history(key: tuple[str, datetime | None], today: object) -> History:
    return service.read(session.settings(), session.today())


def history(dataset: Dataset) -> History:
    """The history of the loaded source (read again after each load)."""
    return _history(session.dataset_key(dataset), session.today())


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def _visits(key: tuple[str, datetime | None], today: object, _dataset: Dataset) -> pd.DataFrame:
    found = history(_dataset)
    now = flow_now(_dataset)
    return flow.visits(found.changes, now, _dataset.projects["ID"])


def flow_now(dataset: Dataset) -> datetime:
    """Up to when open stages are counted: the load, or the end of a fixed "today"."""
    loaded = dataset.loaded_at or datetime.now(UTC)
    fixed = session.settings().as_of
    if fixed is None:
        return loaded
    return min(loaded, datetime.combine(fixed, time(23, 59), session.settings().zone))


def visits(dataset: Dataset) -> pd.DataFrame:
    """Every stage visit of the source's projects (shared; do not change it)."""
    return _visits(session.dataset_key(dataset), session.today(), dataset)


def in_view(frame: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["project_id"].isin(set(projects["ID"]))]


def days(value: float) -> str:
    """'12 days' (whole days: nobody plans review time in hours)."""
    whole = round(float(value))
    return tn("{n} day", "{n} days", whole)


def render_unavailable(found: History) -> None:
    st.warning(
        t("The change history is unavailable: {reason}", reason=plain(found.error)),
        icon=":material/history_toggle_off:",
    )
    st.caption(
        t(
            "The dashboards are not affected. The app tries again at every refresh, and "
            "records nothing twice."
        )
    )


def started_note(found: History) -> str:
    if found.started_at is None:
        return t("The history starts with the next load of the sheet.")
    earliest = found.changes["seen_at"].min() if not found.changes.empty else found.started_at
    return t(
        "History since {day} (the Log's past included). Changes typed into the sheet are seen "
        "at the next refresh.",
        day=dmy(min(earliest, found.started_at)),
    )


def stuck_list(view: Filtered) -> pd.DataFrame:
    """Projects of the view in their stage longer than usual, as a list for people (worked out
    once per load and filters, shared: do not change it)."""
    return filter_bar.cached(view, _stuck_table, view.dataset, view.projects)


def _stuck_table(dataset: Dataset, projects: pd.DataFrame) -> pd.DataFrame:
    late = in_view(flow.stuck(visits(dataset)), projects)
    titles = projects.drop_duplicates("ID").set_index("ID")["Title"]
    return pd.DataFrame(
        {
            widgets.header("ID"): late["project_id"],
            widgets.header("Title"): late["project_id"].map(titles),
            widgets.header("Stage"): late["stage"].map(lambda s: tc("stage", s)),
            t("In the stage for"): late["days"].map(days),
            t("Usually at most"): late["usual_days"].map(days),
            t("Counted from"): late["from_first_seen"].map(
                lambda partial: t("first seen") if partial else ""
            ),
        }
    )


def render_stuck(view: Filtered) -> None:
    """The "longer than usual in their stage" part of Needs attention (nothing without history)."""
    if not history(view.dataset).available:
        return
    late = stuck_list(view)
    if late.empty:
        return
    st.caption(
        tn(
            "{n} project has been in its stage longer than usual (longer than {share} of the "
            "projects that went through it):",
            "{n} projects have been in their stage longer than usual (longer than {share} of "
            "the projects that went through it):",
            len(late),
            # A placeholder, not "80%" in the text: "% o" reads as a printf conversion to the
            # catalogue tools, and the reader's locale writes the percentage its own way.
            share=percent(flow.USUAL_QUANTILE),
        )
    )
    # Lines with a link each, like the rest of Needs attention (the Flow page has the table).
    name = {column: widgets.header(column) for column in ("ID", "Title", "Stage")}
    for_, usual, counted = t("In the stage for"), t("Usually at most"), t("Counted from")

    def line(row: pd.Series) -> tuple[str, str, str]:
        title = row[name["Title"]] if isinstance(row[name["Title"]], str) else row[name["ID"]]
        parts = [plain(row[name["Stage"]]), f"{for_} {row[for_]}", f"{usual} {row[usual]}"]
        if row[counted]:
            parts.append(f"{counted} {row[counted]}")
        return row[name["ID"]], plain(title), " · ".join(parts)

    widgets.project_lines((line(row) for _, row in late.iterrows()), len(late), key="stuck")


def render_project_history(dataset: Dataset, project_id: str) -> None:
    """Every recorded change of one project, newest first, with who made it."""
    found = history(dataset)
    if not found.available:
        render_unavailable(found)
        return
    changes = found.changes[found.changes["project_id"] == project_id]
    if changes.empty:
        st.caption(t("No change of this project recorded yet.") + " " + started_note(found))
        return
    zone = session.settings().zone
    newest = changes.iloc[::-1]
    table = pd.DataFrame(
        {
            t("When"): newest["seen_at"].dt.tz_convert(zone).dt.strftime("%d/%m/%Y %H:%M"),
            t("Field"): newest["field"].map(widgets.header),
            t("Change"): [_what(row) for row in newest.itertuples()],
            t("By"): newest["author"].map(lambda a: a or t("in the sheet")),
        }
    )
    widgets.table(table, alt=t("Changes of this project"))
    st.caption(started_note(found))


def _what(row) -> str:
    if row.kind == "added":
        return t("added, in {stage}", stage=tc("stage", row.new) if row.new else "—")
    if row.kind == "vanished":
        return t("removed from the sheet")
    if row.kind == "baseline":
        return t("first seen, in {stage}", stage=tc("stage", row.new) if row.new else "—")
    old, new = row.old or "—", row.new or "—"
    if row.field == STAGE:
        old, new = tc("stage", old), tc("stage", new)
    return f"{old} → {new}"


def render_project_flow(dataset: Dataset, project_id: str) -> None:
    """One project's time in each stage, against what is usual for the stage."""
    found = history(dataset)
    if not found.available:
        render_unavailable(found)
        return
    mine = visits(dataset)
    mine = mine[mine["project_id"] == project_id]
    if mine.empty:
        st.caption(t("No stage history for this project yet.") + " " + started_note(found))
        return
    spent = flow.time_in_stage(mine)
    usual = session.cached(dataset, _usual_of, dataset)
    table = pd.DataFrame(
        {
            widgets.header("Stage"): spent["stage"].map(lambda s: tc("stage", s)),
            t("Time"): spent["days"].map(days),
            t("Now"): spent["open"].map(lambda o: t("here now") if o else ""),
            t("Usually at most"): spent["stage"].map(
                lambda s: days(usual[s]) if s in usual else ""
            ),
        }
    )
    widgets.table(table, alt=t("Time in each stage"))
    if mine["from_first_seen"].any():
        st.caption(
            t(
                "The history began after this project: its first stage is counted from when "
                "it was first seen ({day}).",
                day=dmy(mine["start"].min()),
            )
        )


def _usual_of(dataset: Dataset) -> dict[str, float]:
    return flow.usual_days(visits(dataset))


def stats_table(stats: pd.DataFrame, group_label: str, context: str) -> pd.DataFrame:
    """Stage statistics for people: stage, group, median, 80th percentile, how many."""
    order = {name: i for i, name in enumerate(session.dataset().vocab.stages.names)}
    stats = stats.assign(_order=stats["stage"].map(order).fillna(len(order))).sort_values(
        ["_order", "median_days"], ascending=[True, False]
    )
    frame = pd.DataFrame(
        {
            widgets.header("Stage"): stats["stage"].map(lambda s: tc("stage", s)),
            group_label: stats["group"].map(lambda g: tc(context, g) if g else ""),
            t("Median"): stats["median_days"].map(days),
            t("80% within"): stats["p80_days"].map(days),
            t("Projects"): stats["projects"],
        }
    )
    return frame if group_label else frame.drop(columns=[group_label])


@dataclass(frozen=True)
class FlowFigures:
    """Everything the Flow page shows for one view, worked out once per load and filters."""

    visits: pd.DataFrame
    by_partner: pd.DataFrame
    by_theme: pd.DataFrame
    overall: pd.DataFrame
    lead: pd.DataFrame
    partial: int
    throughput: go.Figure
    cumulative_flow: go.Figure


def flow_figures(dataset: Dataset, projects: pd.DataFrame) -> FlowFigures:
    """For `filter_bar.cached`: every figure of the Flow page for the projects of a view."""
    mine = in_view(visits(dataset), projects)
    zone = session.settings().timezone
    return FlowFigures(
        visits=mine,
        by_partner=flow.stage_stats(mine, projects, "Partner"),
        by_theme=flow.stage_stats(mine, projects, "Theme"),
        overall=flow.stage_stats(mine, projects),
        lead=flow.lead_times(mine),
        partial=flow.partial_share(mine),
        throughput=charts.throughput_chart(flow.throughput(mine, zone)),
        cumulative_flow=charts.cumulative_flow_chart(
            flow.work_in_progress(mine, dataset.vocab.stages.names), dataset.vocab.stages
        ),
    )

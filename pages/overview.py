"""Overview: the portfolio at a glance for managers — KPIs, output, stages, what needs attention."""

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import charts, metrics, tables
from lib.formatting import dmy, percent, period_name, vocabulary_shown
from lib.i18n import N_, t, tc, tn
from lib.markup import plain
from lib.schema import Vocabulary
from lib.ui import filter_bar, history_view, session, url_state, widgets
from lib.ui.filter_bar import page_header
from lib.windows import window_help, window_title

session.require_router()

view = page_header(t("Overview"))
projects, vocab = view.projects, view.dataset.vocab
today, soon = session.today(), session.settings().due_soon_days
kpis = filter_bar.cached(view, metrics.overview_kpis, projects, today, soon)

with st.grid(5, min_column_width=150, gap="small"):
    st.metric(
        t("Active"),
        kpis.active,
        border=True,
        height="stretch",
        help=t("Every stage but Published and Cancelled; On hold included."),
    )
    # The same windows, counted the same way (projects by their Due), as on Deadlines.
    st.metric(
        window_title("overdue", soon),
        kpis.overdue,
        border=True,
        height="stretch",
        help=window_help("overdue", soon) + " " + t("Projects by their Due date; milestones "
                                                    "are counted on the Deadlines page."),
    )  # fmt: skip
    st.metric(
        window_title("due_soon", soon),
        kpis.due_soon,
        border=True,
        height="stretch",
        help=window_help("due_soon", soon) + " " + t("Projects by their Due date; milestones "
                                                     "are counted on the Deadlines page."),
    )  # fmt: skip
    st.metric(
        t("Published in {year}", year=today.year),
        kpis.published_this_year,
        delta=kpis.published_this_year - kpis.published_last_year_to_date,
        delta_description=t("vs {year}", year=today.year - 1),
        border=True,
        height="stretch",
        help=t(
            "Compared with the same period of {year}, up to {day}.",
            year=today.year - 1,
            day=dmy(metrics.same_day_last_year(today)),
        ),
    )
    st.metric(
        t("On time in {year}", year=today.year),
        percent(kpis.on_time_rate),
        border=True,
        height="stretch",
        help=t("Share of this year's published projects that were published by their due date."),
    )

# One chart at a time, the others one tap away: a figure costs the browser far more to draw
# than the server to send, and the first screen is what every visitor waits for.
CHARTS = {
    "theme": N_("Output by theme"),
    "partner": N_("Output by partner and theme"),
    "stage": N_("Projects by stage"),
}


# Figures are built once per loaded data, filters, choices and language, and shared by every
# viewer (filter_bar.cached): building one costs more than sending it.
def output_figure(
    projects: pd.DataFrame, measure: str, period: str, themes: Vocabulary
) -> go.Figure:
    output = metrics.output_over_time(projects, period)
    return charts.output_over_time_chart(output, measure, period, themes)


def partner_figure(projects: pd.DataFrame, measure: str, themes: Vocabulary) -> go.Figure:
    return charts.partner_theme_chart(metrics.output_by_partner_theme(projects), measure, themes)


def stage_figure(projects: pd.DataFrame, stages: Vocabulary) -> go.Figure:
    return charts.stage_chart(metrics.count_by_stage(projects, stages), stages)


with st.container(border=True):
    with st.container(horizontal=True, vertical_alignment="bottom"):
        shown = url_state.kept(
            st.segmented_control,
            t("Chart"),
            list(CHARTS),
            default="theme",
            format_func=lambda name: t(CHARTS[name]),
            key="overview_chart",
            param="chart",
            required=True,
            wrap=True,
        )
        if shown != "stage":
            measure = widgets.measure_picker("measure")
        if shown == "theme":
            period = url_state.kept(
                st.segmented_control,
                t("Period"),
                list(metrics.PERIODS),
                default="quarter",
                format_func=period_name,
                key="period",
                required=True,
            )
    st.subheader(t(CHARTS[shown]), anchor=False)
    if shown == "theme":
        widgets.chart(
            filter_bar.cached(view, output_figure, projects, measure, period, vocab.themes),
            alt=t("Published output by theme over time"),
        )
        st.caption(
            t(
                "Published projects, counted by their Published date. A project with several "
                "themes counts fully under each."
            )
        )
    elif shown == "partner":
        widgets.chart(
            filter_bar.cached(view, partner_figure, projects, measure, vocab.themes),
            alt=t("Published output by partner, split by theme"),
        )
        st.caption(
            t("All published projects in this view; each partner and theme of a project counts.")
        )
    else:
        widgets.chart(
            filter_bar.cached(view, stage_figure, projects, vocab.stages),
            alt=t("Number of projects in each stage"),
        )

with st.container(border=True):
    st.subheader(t("Needs attention"), anchor=False)
    urgent = filter_bar.cached(view, tables.attention_list, projects, today, soon)
    if urgent.empty:
        st.success(
            tn(
                "Nothing overdue or due in the next {n} day.",
                "Nothing overdue or due in the next {n} days.",
                soon,
            ),
            icon=":material/check:",
        )
    else:
        st.caption(t("Overdue and due soon, most urgent first."))
        # Lines, not a table: the first screen loads and draws no grid, a phone reads them as
        # they are, and each title opens its project.
        shown_urgent = vocabulary_shown(urgent)
        due = tc("field", "Due")

        def attention_line(row: Any) -> tuple[str, str, str]:
            colour = "red" if row.Due < pd.Timestamp(today) else "orange"
            parts = [f":{colour}[{plain(row.When)}]", f"{due} {dmy(row.Due)}", plain(row.Stage)]
            parts += [plain(value) for value in (row.Partner, row.Producer) if value]
            return row.ID, plain(row.Title), " · ".join(parts)

        widgets.project_lines(
            map(attention_line, shown_urgent.itertuples(index=False)),
            count=len(urgent),
            key="attention",
        )
    history_view.render_stuck(view)

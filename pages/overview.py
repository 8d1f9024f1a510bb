"""Overview: the portfolio at a glance for managers — KPIs, output, stages, what needs attention."""

import streamlit as st

from lib import charts, metrics, tables
from lib.formatting import dmy, percent, period_name
from lib.i18n import t, tn
from lib.schema import MEASURES
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

with st.container(border=True):
    st.subheader(t("Output by theme"), anchor=False)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        measure = url_state.kept(
            st.segmented_control,
            t("Measure"),
            list(MEASURES),
            default="projects",
            format_func=charts.measure_label,
            key="measure",
            required=True,
            wrap=True,
        )
        period = url_state.kept(
            st.segmented_control,
            t("Period"),
            list(metrics.PERIODS),
            default="quarter",
            format_func=period_name,
            key="period",
            required=True,
        )
    widgets.chart(
        charts.output_over_time_chart(
            filter_bar.cached(view, metrics.output_over_time, projects, period),
            measure,
            period,
            vocab.themes,
        ),
        alt=t("Published output by theme over time"),
    )
    st.caption(
        t(
            "Published projects, counted by their Published date. A project with several themes "
            "counts fully under each."
        )
    )

partner_column, stage_column = st.columns(2)
with partner_column.container(border=True, height="stretch"):
    st.subheader(t("Output by partner and theme"), anchor=False)
    widgets.chart(
        charts.partner_theme_chart(
            filter_bar.cached(view, metrics.output_by_partner_theme, projects),
            measure,
            vocab.themes,
        ),
        alt=t("Published output by partner, split by theme"),
    )
    st.caption(
        t("All published projects in this view; each partner and theme of a project counts.")
    )
with stage_column.container(border=True, height="stretch"):
    st.subheader(t("Projects by stage"), anchor=False)
    widgets.chart(
        charts.stage_chart(
            filter_bar.cached(view, metrics.count_by_stage, projects, vocab.stages), vocab.stages
        ),
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
        part = widgets.table_part(urgent, key="attention_rows")
        # Title and how late first: what a phone shows; Partner and Producer in full after.
        widgets.project_table(
            part,
            alt=t("Projects that need attention"),
            key="attention",
            column_order=["Title", "When", "Due", "Stage", "Partner", "Producer", "ID"],
            height="content",
        )
    history_view.render_stuck(view)

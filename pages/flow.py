"""Flow: where work waits and for how long — time in each stage by partner and theme, lead
time, throughput, work in progress over time, and what has been in its stage too long."""

import streamlit as st

from lib.history import flow
from lib.i18n import t, tc, tn
from lib.ui import filter_bar, history_view, session, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Flow"))
found = history_view.history(view.dataset)
if not found.available:
    history_view.render_unavailable(found)
    st.stop()

figures = filter_bar.cached(view, history_view.flow_figures, view.dataset, view.projects)
st.caption(history_view.started_note(found))
if figures.visits.empty:
    st.info(t("No stage changes recorded for these projects yet."), icon=":material/hourglass:")
    st.stop()

by_partner = figures.by_partner
review = by_partner[by_partner["stage"] == "Partner review"].sort_values(
    "median_days", ascending=False
)
with st.container(border=True):
    st.subheader(t("Waiting for the partner's review"), anchor=False)
    if review.empty:
        st.caption(t("No project in this view has finished a partner review yet."))
    else:
        with st.grid(min(len(review), 5), min_column_width=140, gap="small"):
            for row in review.itertuples():
                st.metric(
                    tc("partner", row.group),
                    history_view.days(row.median_days),
                    border=True,
                    height="stretch",
                    help=tn(
                        "Median time in Partner review over {n} project; 80% were back "
                        "within {p80}.",
                        "Median time in Partner review over {n} projects; 80% were back "
                        "within {p80}.",
                        row.projects,
                        p80=history_view.days(row.p80_days),
                    ),
                )
        waits = ", ".join(
            t(
                "{partner} median {days}",
                partner=tc("partner", row.group),
                days=history_view.days(row.median_days),
            )
            for row in review.itertuples()
        )
        st.caption(t("Partner review: {figures}", figures=waits))

with st.container(border=True):
    st.subheader(t("Time in each stage"), anchor=False)
    group = st.segmented_control(
        t("By"),
        ["Partner", "Theme"],
        default="Partner",
        format_func=widgets.header,
        key="flow_by",
        required=True,
    )
    context = "partner" if group == "Partner" else "theme"
    stats = by_partner if group == "Partner" else figures.by_theme
    overall = figures.overall
    widgets.table(
        history_view.stats_table(overall, "", context),
        alt=t("Days in each stage, every project"),
    )
    widgets.table(
        history_view.stats_table(stats, widgets.header(group), context),
        alt=t("Days in each stage by partner or theme"),
    )
    st.caption(
        t(
            "Projects that have left the stage; a project with several partners or themes "
            "counts under each. Published and Cancelled are not waits and are left out."
        )
    )
    partial = figures.partial
    if partial:
        st.caption(
            tn(
                "{n} project was already under way when the history began: its time in "
                "that first stage is counted from when it was first seen.",
                "{n} projects were already under way when the history began: their time in "
                "that first stage is counted from when they were first seen.",
                partial,
            )
        )

lead = figures.lead
lead_column, output_column = st.columns([1, 2])
with lead_column.container(border=True, height="stretch"):
    st.subheader(t("Lead time"), anchor=False)
    if lead.empty:
        st.caption(t("No project has gone from Approved to Published in the history yet."))
    else:
        st.metric(
            t("Approved → Published, median"),
            history_view.days(lead["days"].median()),
            border=True,
        )
        st.metric(
            t("80% within"),
            history_view.days(lead["days"].quantile(flow.USUAL_QUANTILE)),
            border=True,
        )
        st.caption(tn("Over {n} published project.", "Over {n} published projects.", len(lead)))
with output_column.container(border=True, height="stretch"):
    st.subheader(t("Throughput"), anchor=False)
    widgets.chart(figures.throughput, alt=t("Projects published per month"))

with st.container(border=True):
    st.subheader(t("Work in progress over time"), anchor=False)
    widgets.chart(
        figures.cumulative_flow, alt=t("Projects in each stage over time (cumulative flow)")
    )

with st.container(border=True):
    st.subheader(t("Longer than usual in their stage"), anchor=False)
    late = history_view.stuck_list(view)
    if late.empty:
        st.success(
            t("No project has been in its stage longer than usual."), icon=":material/check:"
        )
    else:
        widgets.table(widgets.table_part(late, key="flow_stuck_rows"), alt=t("Stuck projects"))

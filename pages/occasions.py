"""Occasions: upcoming anniversaries, visits and forums with their projects and countdowns."""

import streamlit as st

from lib import metrics, tables, ui, ui_widgets
from lib.formatting import countdown, dmy, plain
from lib.i18n import t
from lib.text import fold
from lib.ui_filters import page_header

UPCOMING_LIMIT = 12  # occasion cards drawn; the rest are in the table below them

view = page_header(t("Occasions"))
dataset, today, soon = view.dataset, ui.today(), ui.settings().due_soon_days
if dataset.occasions.empty:
    st.info(
        t(
            "The sheet has no Occasions tab yet. Add one with the columns Date, Occasion, Partner "
            "and Kind; projects whose Occasion names one of them are linked to it."
        ),
        icon=":material/info:",
    )
    st.stop()

overview = metrics.occasion_overview(dataset.occasions, view.projects, today)
overview = overview.assign(when=countdown(overview["days_to_go"]))
upcoming = overview[overview["days_to_go"] >= 0]
unplanned = upcoming[upcoming["projects"] == 0]
late = metrics.projects_due_after_occasion(view.projects, dataset.occasions)
linked = tables.occasion_projects(dataset.occasions, view.projects, today, soon)

with st.grid(3, min_column_width=150, gap="small"):
    st.metric(t("Upcoming"), len(upcoming), border=True, height="stretch")
    st.metric(
        t("No project yet"),
        len(unplanned),
        border=True,
        height="stretch",
        help=t("Upcoming occasions that no project is timed to."),
    )
    st.metric(
        t("Due too late"),
        len(late),
        border=True,
        height="stretch",
        help=t("Active projects due after the occasion they are timed to."),
    )

st.subheader(t("Upcoming"), anchor=False)
if upcoming.empty:
    st.caption(t("No upcoming occasions in the sheet."))
with st.grid(min_column_width=300, gap="small"):
    for occasion in upcoming.head(UPCOMING_LIMIT).itertuples(index=False):
        with st.container(border=True, gap="xsmall"):
            st.markdown(f"**{plain(occasion.Occasion)}**")
            with st.container(horizontal=True, gap="xsmall"):
                st.badge(f"{dmy(occasion.Date)} · {occasion.when}", color="violet")
                for partner in occasion.Partner:
                    ui_widgets.text_badge(partner)
                if occasion.Kind:
                    ui_widgets.text_badge(occasion.Kind, color="blue")
            mine = linked[linked["key"] == fold(occasion.Occasion)]
            if mine.empty:
                st.caption(t("No project is timed to this occasion yet."))
            for project in mine.itertuples(index=False):
                st.markdown(plain(project.project))
                with st.container(horizontal=True, gap="xsmall", vertical_alignment="center"):
                    st.caption(plain(project.detail), width="content")
                    if project.status in ("overdue", "due_soon"):
                        ui_widgets.status_badge(project.status)
if len(upcoming) > UPCOMING_LIMIT:
    st.caption(
        t(
            "Showing the next {shown} of {count} upcoming occasions; all are in the table below.",
            shown=UPCOMING_LIMIT,
            count=len(upcoming),
        )
    )

st.subheader(t("Upcoming occasions with no project"), anchor=False)
if unplanned.empty:
    st.caption(t("Every upcoming occasion has at least one project."))
else:
    ui_widgets.table(
        tables.occasions_table(unplanned).drop(columns="Projects"),
        alt=t("Upcoming occasions no project is timed to"),
    )

st.subheader(t("Projects due after their occasion"), anchor=False)
if late.empty:
    st.caption(t("No active project is due after the occasion it is timed to."))
else:
    ui_widgets.table(tables.late_for_occasion_table(late), alt=t("Projects due too late"))

with st.expander(t("All occasions ({n})", n=len(overview))):
    ui_widgets.table(tables.occasions_table(overview), alt=t("Every occasion in the sheet"))

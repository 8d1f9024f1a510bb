"""Occasions: upcoming anniversaries, visits and forums with their projects and countdowns."""

import streamlit as st

from lib import tables
from lib.i18n import t, tn
from lib.markup import plain
from lib.ui import filter_bar, links, session, widgets
from lib.ui.filter_bar import page_header

session.require_router()

UPCOMING_LIMIT = 12  # occasion cards drawn; the rest are in the table below them

view = page_header(t("Occasions"))
dataset, today, soon = view.dataset, session.today(), session.settings().due_soon_days
if dataset.occasions.empty:
    st.info(
        t(
            "The sheet has no Occasions tab yet. Add one with the columns Date, Occasion, Partner "
            "and Kind; projects whose Occasion names one of them are linked to it."
        ),
        icon=":material/info:",
    )
    st.stop()

occasions = filter_bar.cached(
    view,
    tables.occasions_view,
    dataset.occasions,
    view.projects,
    today,
    soon,
    limit=UPCOMING_LIMIT,
)
with st.grid(3, min_column_width=150, gap="small"):
    st.metric(t("Upcoming"), occasions.upcoming, border=True, height="stretch")
    st.metric(
        t("No project yet"),
        len(occasions.unplanned),
        border=True,
        height="stretch",
        help=t("Upcoming occasions that no project is timed to."),
    )
    st.metric(
        t("Due too late"),
        len(occasions.late),
        border=True,
        height="stretch",
        help=t("Active projects due after the occasion they are timed to."),
    )

st.subheader(t("Upcoming"), anchor=False)
if not occasions.cards:
    st.caption(t("No upcoming occasions in the sheet."))
with st.grid(min_column_width=300, gap="small"):
    for card in occasions.cards:
        with st.container(border=True, gap="xsmall"):
            st.markdown(f"**{plain(card.name)}**")
            with st.container(horizontal=True, gap="xsmall"):
                st.badge(f"{card.date} · {card.when}", color="violet")
                for partner in card.partners:
                    widgets.text_badge(partner)
                if card.kind:
                    widgets.text_badge(card.kind, color="blue")
            if card.projects.empty:
                st.caption(t("No project is timed to this occasion yet."))
            for project in card.projects.itertuples(index=False):
                links.project_link(plain(project.project), project.label)
                with st.container(horizontal=True, gap="xsmall", vertical_alignment="center"):
                    st.caption(plain(project.detail), width="content")
                    if project.status in ("overdue", "due_soon"):
                        widgets.status_badge(project.status)
            if card.more:
                st.caption(
                    tn(
                        "…and {n} more timed to this occasion: search for it on the Projects "
                        "page to see them all.",
                        "…and {n} more timed to this occasion: search for it on the Projects "
                        "page to see them all.",
                        card.more,
                    )
                )
if occasions.upcoming > len(occasions.cards):
    st.caption(
        tn(
            "Showing the next {shown} of {n} upcoming occasion; all are in the table below.",
            "Showing the next {shown} of {n} upcoming occasions; all are in the table below.",
            occasions.upcoming,
            shown=len(occasions.cards),
        )
    )

st.subheader(t("Upcoming occasions with no project"), anchor=False)
if occasions.unplanned.empty:
    st.caption(t("Every upcoming occasion has at least one project."))
else:
    widgets.table(occasions.unplanned, alt=t("Upcoming occasions no project is timed to"))

st.subheader(t("Projects due after their occasion"), anchor=False)
if occasions.late.empty:
    st.caption(t("No active project is due after the occasion it is timed to."))
else:
    part = widgets.table_part(occasions.late, key="late_rows")
    widgets.project_table(part, alt=t("Projects due too late"), key="late")

with st.expander(t("All occasions ({n})", n=len(occasions.every))):
    widgets.table(occasions.every, alt=t("Every occasion in the sheet"))

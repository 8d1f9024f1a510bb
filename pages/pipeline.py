"""Pipeline: projects grouped by stage, in stage order, each card with its deadline status."""

import streamlit as st

from lib import tables
from lib.i18n import t, tc
from lib.markup import plain
from lib.ui import filter_bar, session, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Pipeline"))
show = st.segmented_control(
    t("Stages"),
    ["active", "all"],
    default="active",
    format_func={"active": t("In progress"), "all": t("All, with published and cancelled")}.get,
    key="stages",
    bind="query-params",
    required=True,
)
board = filter_bar.cached(
    view,
    tables.pipeline_board,
    view.projects,
    view.dataset.vocab.stages,
    session.today(),
    session.settings().due_soon_days,
    include_done=show == "all",
)
st.caption(
    t(
        "Most urgent first in each stage; at most {n} cards per stage. "
        "Every project is on the Projects page.",
        n=tables.CARD_LIMIT,
    )
)

with st.grid(min_column_width=210, gap="small"):
    for column in board:
        with st.container(gap="small"):
            st.markdown(f"**{plain(tc('stage', column.stage))}** · {column.count}")
            if column.count == 0:
                st.caption(t("No projects."))
            for card in column.cards.itertuples(index=False):
                with st.container(border=True, gap="xsmall"):
                    st.markdown(f"**{plain(card.Title)}**")
                    if card.subtitle:
                        st.caption(plain(card.subtitle))
                    status = card.status if card.Stage != "Cancelled" else None
                    widgets.badge_row(card.Theme, status, card.when)
            if column.hidden:
                st.caption(
                    t(
                        "Showing {shown} of {count}; the other {hidden} are on the Projects page.",
                        shown=len(column.cards),
                        count=column.count,
                        hidden=column.hidden,
                    )
                )

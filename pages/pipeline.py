"""Pipeline: projects grouped by stage, in stage order, each card with its deadline status.

Every project is on the board (a stage shows its most urgent cards and a "show more"); editors
move a card to another stage from the card itself, through the Update page's save.
"""

import streamlit as st

from lib import tables
from lib.i18n import t, tc, tn
from lib.markup import plain
from lib.ui import editing, filter_bar, links, project_form, session, url_state, widgets
from lib.ui.filter_bar import page_header

session.require_router()

editing.show_flash()
view = page_header(t("Pipeline"))
dataset = view.dataset
with st.container(horizontal=True, vertical_alignment="bottom"):
    show = url_state.kept(
        st.segmented_control,
        t("Stages"),
        ["active", "all"],
        default="active",
        format_func={"active": t("In progress"), "all": t("All, with published and cancelled")}.get,
        key="stages",
        required=True,
        wrap=True,  # on a phone "All, with published and cancelled" goes to a second line
    )
    layout = url_state.kept(
        st.segmented_control,
        t("Layout"),
        ["stages", "urgent"],
        default="urgent" if widgets.on_phone() else "stages",
        format_func={"stages": t("By stage"), "urgent": t("Most urgent first")}.get,
        key="layout",
        required=True,
        wrap=True,
    )
    me = st.selectbox(
        t("My work"),
        session.cached(dataset, tables.people, dataset.projects),
        index=None,
        placeholder=t("Everyone"),
        key="me",
        bind="query-params",
        help=t("Only the projects you produce or lead; the link keeps your choice."),
        width=240,
    )
board = filter_bar.cached_for(
    view,
    ("my work", me or ""),
    tables.pipeline_board,
    tables.my_work(view.projects, me) if me else view.projects,
    dataset.vocab.stages,
    session.today(),
    session.settings().due_soon_days,
    include_done=show == "all",
    limit=None,
)
editable = editing.decision().allowed
stage_names = dataset.vocab.stages.names


def shown_count(stage: str) -> int:
    return st.session_state.get(f"more:{stage}", tables.CARD_LIMIT)


def show_more(stage: str) -> None:
    st.session_state[f"more:{stage}"] = shown_count(stage) + tables.CARD_LIMIT * 2


def card(item, key: str) -> None:
    """One project: its title opens its page; an editor moves it to another stage here."""
    with st.container(border=True, gap="xsmall"):
        # The title wraps as text (a link's label is cut to one line); the link opens it.
        st.markdown(f"**{plain(item.Title)}**")
        links.project_link(t("Open {id}", id=plain(item.label)), item.label)
        subtitle = item.subtitle
        if layout == "urgent":  # one list of every stage: each card says its own
            subtitle = " · ".join(filter(None, [tc("stage", item.Stage), subtitle]))
        status = item.status if item.status != "cancelled" else None
        widgets.card_details(plain(subtitle), item.Theme, status, item.when)
        if editable and item.ID:
            generation = st.session_state.get(f"_move:{item.ID}", 0)
            target = st.selectbox(
                t("Move to"),
                [name for name in stage_names if name != item.Stage],
                index=None,
                format_func=lambda name: tc("stage", name),
                placeholder=t("Move to another stage"),
                key=f"move:{key}:{item.ID}:{generation}",
                label_visibility="collapsed",
            )
            project_form.stage_conflict(item.ID)
            if target is not None:
                st.session_state[f"_move:{item.ID}"] = generation + 1
                project = dataset.projects[dataset.projects["ID"] == item.ID].iloc[0]
                project_form.move_stage(dataset, project, target)


total = sum(column.count for column in board)
if me:
    st.caption(tn("{n} project of {person}", "{n} projects of {person}", total, person=plain(me)))
if layout == "urgent":
    cards = tables.urgent_first(board)
    limit = shown_count("_urgent")
    st.caption(t("Every stage in one list, most urgent first."))
    for position, item in enumerate(cards.head(limit).itertuples(index=False)):
        card(item, f"urgent{position}")
    if len(cards) > limit:
        st.button(
            t("Show more ({shown} of {count})", shown=limit, count=len(cards)),
            on_click=show_more,
            args=("_urgent",),
            key="more_urgent",
            icon=":material/expand_more:",
        )
else:
    st.caption(t("Most urgent first in each stage."))
    with st.grid(min_column_width=210, gap="small"):
        for column in board:
            with st.container(gap="small"):
                st.markdown(f"**{plain(tc('stage', column.stage))}** · {column.count}")
                if column.count == 0:
                    st.caption(t("No projects."))
                limit = shown_count(column.stage)
                for position, item in enumerate(column.cards.head(limit).itertuples(index=False)):
                    card(item, f"{column.stage}{position}")
                if column.count > limit:
                    st.button(
                        t("Show more ({shown} of {count})", shown=limit, count=column.count),
                        on_click=show_more,
                        args=(column.stage,),
                        key=f"more_{column.stage}",
                        icon=":material/expand_more:",
                    )

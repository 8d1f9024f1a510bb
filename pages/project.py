"""Project (`?id=VT-2026-012`): one project in full — fields, milestones, occasion, commitments,
history, its row in the sheet — and its form for those who may edit."""

import streamlit as st

from lib import project as project_facts
from lib.i18n import t
from lib.markup import plain
from lib.ui import editing, links, project_form, project_view, session

session.require_router()

editing.show_flash()
dataset = session.dataset()
wanted_id = st.query_params.get("id", "")
wanted_row = st.query_params.get("row", "")
view = session.cached(
    dataset,
    project_facts.view_of,
    dataset,
    wanted_id,
    int(wanted_row) if wanted_row.isdigit() and not wanted_id else None,
    session.today(),
    session.settings().due_soon_days,
)
st.page_link("pages/pipeline.py", label=t("Board"), icon=":material/arrow_back:")
if view is None:
    st.title(t("Project"), anchor=False)
    if wanted_id or wanted_row:
        st.warning(
            t(
                "No project {id} in the sheet: it may have been renamed or removed.",
                id=plain(wanted_id or links.label_of("", int(wanted_row or 0))),
            ),
            icon=":material/search_off:",
        )
    else:
        st.info(t("Open a project from any page: its cards, rows and bars lead here."))
    st.stop()

project = view.project
project_view.render_header(view)
who = editing.decision()
tabs = [t("Details"), t("History")] + ([t("Edit")] if who.allowed and project["ID"] else [])
details, history, *edit = st.tabs(tabs)
with details:
    with st.container(border=True):
        st.subheader(t("Milestones"), anchor=False)
        project_view.render_milestones(view)
    with st.container(border=True):
        st.subheader(t("Occasion"), anchor=False)
        project_view.render_occasion(view)
    with st.container(border=True):
        st.subheader(t("Commitments it counts toward"), anchor=False)
        project_view.render_commitments(view)
    with st.container(border=True):
        st.subheader(t("Every field"), anchor=False)
        project_view.render_fields(view)
with history:
    project_view.render_history(dataset, view)
if edit:
    with edit[0]:
        st.caption(plain(who.reason))
        project_form.edit_section(dataset, str(project["ID"]))
elif not who.allowed:
    st.caption(plain(who.reason))

"""Update (producers): change a project's cells, or add a project, without losing anyone's edit."""

import streamlit as st

from lib.i18n import t
from lib.markup import plain
from lib.ui import editing, project_form, session

session.require_router()

st.title(t("Update"), anchor=False)
editing.show_flash()
who = editing.decision()
if not who.allowed:
    st.info(plain(who.reason), icon=":material/lock:")
    st.stop()
dataset = session.dataset()
st.caption(plain(who.reason))
edit_tab, add_tab = st.tabs([t("Edit a project"), t("Add a project")])
with edit_tab:
    project_id = project_form.pick_project(dataset)
    if project_id is None:
        st.caption(t("Pick a project to see its current values and change them."))
    else:
        project_form.edit_section(dataset, project_id)
with add_tab:
    project_form.add_section(dataset)

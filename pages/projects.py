"""Projects: the full table of projects."""

import streamlit as st

from lib import ui
from lib.i18n import t
from lib.tables import projects_column_config, projects_for_display

st.title(t("Projects"), anchor=False)
dataset = ui.dataset()
shown = projects_for_display(dataset.projects, dataset.extras)
st.caption(t("{count} projects", count=len(shown)))
st.dataframe(
    shown,
    column_config=projects_column_config(dataset.extras),
    hide_index=True,
    width="stretch",
)

"""Projects: every project the filters leave, as a table, with CSV and Excel export."""

import streamlit as st

from lib import tables, ui, ui_widgets
from lib.i18n import t
from lib.ui_filters import page_header

ui.require_router()

view = page_header(t("Projects"))
dataset = view.dataset
shown = tables.projects_table(
    view.projects, dataset.extras, dataset.milestones, ui.today(), ui.settings().due_soon_days
)
with st.container(horizontal=True, vertical_alignment="center"):
    st.caption(t("Export exactly this table:"), width="content")
    ui_widgets.export_buttons(shown, "joint-projects")
st.dataframe(
    shown,
    column_config=ui_widgets.projects_column_config(dataset.vocab, dataset.extras),
    hide_index=True,
    height=600,
    alt=t("Every project matching the filters"),
)

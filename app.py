"""Joint Production Tracker — the router: page config, shared sidebar, navigation."""

import streamlit as st

from lib import ui
from lib.i18n import t

st.set_page_config(
    page_title=t("Joint Production Tracker"),
    page_icon=":material/handshake:",
    layout="wide",
    initial_sidebar_state="auto",
)

PAGES = {
    t("Portfolio"): [
        st.Page(
            "pages/projects.py",
            title=t("Projects"),
            icon=":material/table_view:",
            url_path="projects",
            help=t("Every project matching the filters, with CSV and Excel export."),
        ),
    ],
    t("Sheet"): [
        st.Page(
            "pages/data_quality.py",
            title=t("Data quality"),
            icon=":material/rule:",
            url_path="data-quality",
            help=t("Every problem found in the sheet, with its row, column and a link to it."),
        ),
    ],
}

page = st.navigation(PAGES)
ui.render_source_sidebar()
page.run()

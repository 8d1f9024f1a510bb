"""Data quality: every problem found in the sheet, with counts that reconcile."""

import streamlit as st

from lib import ui
from lib.i18n import t

st.title(t("Data quality"), anchor=False)
dataset = ui.dataset()
rows = dataset.rows
read, projects, blank = st.columns(3)
read.metric(t("Rows read"), rows.read)
projects.metric(t("Projects"), rows.projects)
blank.metric(t("Blank rows"), rows.blank)
st.caption(
    t(
        "Rows read = projects + blank rows: {read} = {projects} + {blank}. "
        "{with_issues} projects have at least one issue.",
        read=rows.read,
        projects=rows.projects,
        blank=rows.blank,
        with_issues=rows.with_issues,
    )
)
issues = dataset.issues
if issues.empty:
    st.success(t("No problems found in the sheet."), icon=":material/check_circle:")
else:
    st.dataframe(
        issues,
        column_config={
            "link": st.column_config.LinkColumn(t("Open cell"), display_text=t("Open")),
            "row": st.column_config.NumberColumn(t("Row"), format="%d"),
        },
        hide_index=True,
        width="stretch",
    )

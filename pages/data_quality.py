"""Data quality: every problem found in the sheet, filterable, with counts that reconcile."""

import streamlit as st

from lib import filters
from lib.formatting import issue_label, severity_name
from lib.i18n import t, tn
from lib.schema import Severity
from lib.ui import session, url_state, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Data quality"))
rows, issues = view.dataset.rows, view.dataset.issues
with st.grid(5, min_column_width=140, gap="small"):
    st.metric(t("Rows read"), rows.read, border=True, height="stretch")
    st.metric(t("Projects"), rows.projects, border=True, height="stretch")
    st.metric(t("Blank rows"), rows.blank, border=True, height="stretch")
    st.metric(t("Unread rows"), rows.unread, border=True, height="stretch")
    st.metric(t("Projects with issues"), rows.with_issues, border=True, height="stretch")
st.caption(
    t(
        "Rows read = projects + blank rows + unread rows: {read} = {projects} + {blank} + "
        "{unread}. Issues cover the whole sheet, whatever the sidebar filters.",
        read=rows.read,
        projects=rows.projects,
        blank=rows.blank,
        unread=rows.unread,
    )
)
if issues.empty:
    st.success(t("No problems found in the sheet."), icon=":material/check_circle:")
    st.stop()

with st.container(horizontal=True):
    severities = url_state.kept(
        st.pills,
        t("Severity"),
        [str(s) for s in Severity],
        selection_mode="multi",
        format_func=severity_name,
        key="severity",
    )
    codes = url_state.kept(
        st.multiselect,
        t("Problem"),
        filters.issue_codes(issues),
        format_func=issue_label,
        key="code",
        placeholder=t("Any"),
        width=420,
    )
shown = filters.filter_issues(issues, tuple(severities), tuple(codes))
counts = filters.severity_counts(shown)
st.caption(
    t(
        "{issues}: {errors}, {warnings}.",
        issues=tn(
            "**{shown}** of {n} issue", "**{shown}** of {n} issues", len(issues), shown=len(shown)
        ),
        errors=tn("{n} error", "{n} errors", counts["error"]),
        warnings=tn("{n} warning", "{n} warnings", counts["warning"]),
    )
)
widgets.issues_table(widgets.table_part(shown, key="issue_rows"))

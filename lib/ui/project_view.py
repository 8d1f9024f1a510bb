"""The Streamlit shell of the Project page: its header, fields, milestones, occasion,
commitments and history (the facts are `lib.project`, pure)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import tables
from lib.formatting import countdown, dmy, lateness
from lib.i18n import t, tc
from lib.markup import plain
from lib.model import Dataset
from lib.project import ProjectView
from lib.ui import history_view, widgets

MILESTONE_BADGES = {
    "done": ("green", ":material/task_alt:"),
    "overdue": ("red", ":material/error:"),
    "open": ("blue", ":material/schedule:"),
    "not_set": ("gray", ":material/help:"),
}


def milestone_labels() -> dict[str, str]:
    return {
        "done": t("Done"),
        "overdue": t("Overdue"),
        "open": t("Open"),
        "not_set": t("No date"),
    }


def render_header(view: ProjectView) -> None:
    """Title, ID and stage, its status: what a producer checks first, at the top on a phone."""
    project = view.project
    st.title(plain(project["Title"] or t("(untitled)")), anchor=False)
    due = project["Due"]
    when = ""
    if view.days_to_due is not None and view.status not in ("published", "cancelled"):
        when = lateness(pd.Series([view.days_to_due])).iloc[0]
    with st.container(horizontal=True, gap="xsmall", vertical_alignment="center"):
        widgets.text_badge(view.label, color="gray")
        widgets.text_badge(tc("stage", project["Stage"]) or "—", color="blue")
        widgets.status_badge(view.status, when)
        if pd.notna(due):
            st.caption(t("Due {date}", date=dmy(due)), width="content")
    if view.sheet_link:
        st.link_button(
            t("Open its row in Google Sheets"), view.sheet_link, icon=":material/open_in_new:"
        )
    else:
        st.caption(t("Row {row} in the sheet", row=view.row))


def render_fields(view: ProjectView) -> None:
    """Every column of the sheet for this project, unknown ones too, as written."""
    frame = pd.DataFrame(
        {
            "field": [widgets.header(name) for name, _, _ in view.fields],
            "value": [value for _, _, value in view.fields],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "field": st.column_config.TextColumn(t("Field")),
            "value": st.column_config.TextColumn(t("Value"), width="large"),
        },
        height="content",
        alt=t("Every field of this project"),
        key="project_fields",
    )


def render_milestones(view: ProjectView) -> None:
    if view.milestones.empty:
        st.caption(t("The sheet has no milestone columns."))
        return
    labels = milestone_labels()
    for item in view.milestones.itertuples(index=False):
        colour, icon = MILESTONE_BADGES[item.state]
        date_text = dmy(item.due) if pd.notna(item.due) else "—"
        with st.container(horizontal=True, gap="xsmall", vertical_alignment="center"):
            st.markdown(f"**{plain(tc('stage', item.milestone))}** · {date_text}", width="content")
            st.badge(labels[item.state], color=colour, icon=icon)


def render_occasion(view: ProjectView) -> None:
    if view.occasion is None:
        named = view.project.get("Occasion") or ""
        if named:
            st.caption(
                t("Timed to {occasion}, which is not on the Occasions tab.", occasion=plain(named))
            )
        else:
            st.caption(t("Not timed to an occasion."))
        return
    when = countdown(pd.Series([view.occasion_days])).iloc[0]
    st.markdown(f"**{plain(view.occasion)}** · {dmy(view.occasion_date)}")
    st.badge(when, color="violet", icon=":material/celebration:")


def render_commitments(view: ProjectView) -> None:
    if view.commitments.empty:
        st.caption(t("This project counts toward no commitment."))
        return
    widgets.commitments_table(tables.commitments_table(view.commitments))


def render_history(dataset: Dataset, view: ProjectView) -> None:
    """The project's past in three parts, each saying what it is: every recorded change (typed
    into the sheet or saved from the app), its time in each stage, and the Log tab's rows.

    The app's saves are among the recorded changes already (under the Log's author), so the
    Log's own rows are folded away unless the history cannot be read; then they are all there is.
    """
    project_id = str(view.project["ID"])
    available = history_view.history(dataset).available
    if project_id:
        st.subheader(t("Recorded changes"), anchor=False)
        st.caption(
            t(
                "Every change seen in the sheet, newest first: typed into the sheet by hand, or "
                "saved from the app (then with who saved it)."
            )
        )
        history_view.render_project_history(dataset, project_id)
        st.subheader(t("Time in each stage"), anchor=False)
        history_view.render_project_flow(dataset, project_id)
    if available and project_id:
        with st.expander(t("Saved from the app: the Log tab")):
            st.caption(
                t(
                    "The Log tab's rows for this project, as the app wrote them. They are "
                    "among the recorded changes above as well."
                )
            )
            render_log(view)
    else:
        st.subheader(t("Saved from the app: the Log tab"), anchor=False)
        render_log(view)


def render_log(view: ProjectView) -> None:
    """The Log tab's rows for the project, newest first (changes saved from the app)."""
    history = view.history
    if history.empty:
        st.caption(t("No change saved from the app yet (the Log tab has none for it)."))
        return
    shown = history.assign(field=history["field"].map(lambda name: tc("field", name)))
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "time": st.column_config.TextColumn(t("When (UTC)")),
            "user": st.column_config.TextColumn(t("Who")),
            "project": None,
            "field": st.column_config.TextColumn(t("Field")),
            "old": st.column_config.TextColumn(t("Before")),
            "new": st.column_config.TextColumn(t("After")),
        },
        alt=t("Changes to this project"),
        key="project_history",
    )

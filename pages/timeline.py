"""Timeline: a Gantt of projects from start to due, with milestones, occasions and today."""

import streamlit as st

from lib import charts, metrics, tables
from lib.i18n import t, tc, tn
from lib.ui import session, url_state, widgets
from lib.ui.filter_bar import page_header

session.require_router()

# Bars per chart: 60 stay readable on a laptop; a phone's narrow chart gets fewer, each taller.
PAGE_SIZE = 20 if widgets.on_phone() else 60

view = page_header(t("Timeline"))
dataset, today = view.dataset, session.today()
with st.container(horizontal=True, vertical_alignment="bottom"):
    colour_by = url_state.kept(
        st.segmented_control,
        t("Colour by"),
        ["Theme", "Stage"],
        default="Theme",
        format_func=lambda name: tc("field", name),
        key="colour",
        required=True,
    )
    include_done = st.toggle(
        t("Include published and cancelled"), key="done", bind="query-params", value=False
    )
    titles = st.toggle(
        t("Titles beside the bars"),
        value=not widgets.on_phone(),
        key="titles",
        help=t("Without titles the bars get the whole width; hover a bar for its title."),
    )

timeline = tables.timeline_rows(view.projects, dataset.occasions, include_done=include_done)
spans = timeline.spans
if len(spans) > PAGE_SIZE:
    labels = tables.page_labels(len(spans), PAGE_SIZE)
    first = st.selectbox(
        t("Projects"),
        list(labels),
        format_func=labels.get,
        key="part",
        help=tn(
            "The chart draws {n} project at a time, in order of start date.",
            "The chart draws {n} projects at a time, in order of start date.",
            PAGE_SIZE,
        ),
    )
    spans = spans.iloc[first : first + PAGE_SIZE]

vocabulary = dataset.vocab.themes if colour_by == "Theme" else dataset.vocab.stages
milestones = metrics.milestone_table(
    timeline.projects, dataset.milestones, dataset.vocab.stages, today
)
widgets.project_chart(
    charts.timeline_chart(
        spans,
        colour_by,
        vocabulary,
        today,
        milestones=milestones,
        titles=titles,
    ),
    alt=t("Projects from start to due date, with today's date marked"),
    key="timeline",
    field=charts.TIMELINE_ID_FIELD,
)
notes = [
    t("Red line: today. Hatched bar: start date not set, drawn from the typical project length."),
    t("◆ milestone deadline (red when overdue) · ★ the occasion a project is timed to."),
    t("Tap a bar to open its project."),
]
if colour_by == "Theme":
    notes.append(t("A project with several themes takes the colour of its first theme."))
if timeline.undrawn:
    notes.append(t("Not drawn, without a due date: {n}.", n=timeline.undrawn))
st.caption("  \n".join(notes))

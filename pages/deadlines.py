"""Deadlines: overdue, this week, the next two weeks and later, with a calendar to import."""

import streamlit as st

from lib import ics, tables
from lib.i18n import t, tc
from lib.ui import filter_bar, session, subscriptions, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Deadlines"))
dataset, today = view.dataset, session.today()
buckets = filter_bar.cached(
    view,
    tables.deadlines_by_bucket,
    view.projects,
    dataset.milestones,
    dataset.vocab.stages,
    today,
)
titles = {
    "overdue": t("Overdue"),
    "this_week": t("This week"),
    "next_two_weeks": t("Next two weeks"),
    "later": t("Later"),
}

with st.grid(4, min_column_width=150, gap="small"):
    for bucket, title in titles.items():
        st.metric(title, len(buckets[bucket]), border=True, height="stretch")

with st.container(horizontal=True, vertical_alignment="center"):
    st.download_button(
        t("Calendar (.ics)"),
        data=lambda: ics.deadlines_calendar(dataset, view.projects, today),
        file_name=tc("file name", "joint-production-deadlines") + ".ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
        on_click="ignore",
        key="ics",
    )
    st.caption(
        t(
            "Every open deadline of the projects in this view, milestones included, as all-day "
            "events. Import it into Google Calendar, Outlook or Apple Calendar; importing it "
            "again updates the events instead of duplicating them."
        ),
        width="stretch",
    )

subscriptions.render(view.spec)

if all(table.empty for table in buckets.values()):
    st.success(t("No open deadlines in this view."), icon=":material/check:")
for bucket, title in titles.items():
    if buckets[bucket].empty:
        continue
    with st.container(border=True):
        st.subheader(f"{title} · {len(buckets[bucket])}", anchor=False)
        part = widgets.table_part(buckets[bucket], key=f"{bucket}_rows")
        widgets.table(part, alt=t("Deadlines: {title}", title=title))

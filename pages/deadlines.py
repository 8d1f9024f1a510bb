"""Deadlines: overdue, this week, the next two weeks and later, with a calendar to import."""

import streamlit as st

from lib import ics, tables
from lib.i18n import t, tc, tn
from lib.ui import filter_bar, session, subscriptions, widgets
from lib.ui.filter_bar import page_header
from lib.windows import THIS_WEEK_DAYS, WINDOWS, window_help, window_title

session.require_router()

view = page_header(t("Deadlines"))
dataset, today, soon = view.dataset, session.today(), session.settings().due_soon_days
buckets = filter_bar.cached(
    view,
    tables.deadlines_by_bucket,
    view.projects,
    dataset.milestones,
    dataset.vocab.stages,
    today,
    soon,
)
counts = {window: tables.window_count(table) for window, table in buckets.items()}

with st.grid(4, min_column_width=150, gap="small"):
    for window in WINDOWS:
        st.metric(
            window_title(window, soon),
            counts[window]["projects"],
            border=True,
            height="stretch",
            help=window_help(window, soon) + " " + t("Projects by their Due date."),
        )
st.caption(
    t(
        "The counts are projects by their Due date, as on the Overview. Milestones besides: "
        "{overdue} overdue, {this_week} in the next 7 days, {next} in {first}–{last} days, "
        "{later} later.",
        overdue=counts["overdue"]["milestones"],
        this_week=counts["this_week"]["milestones"],
        next=counts["next_two_weeks"]["milestones"],
        first=THIS_WEEK_DAYS,
        last=soon,
        later=counts["later"]["milestones"],
    )
)

with st.container(horizontal=True, vertical_alignment="center"):
    st.download_button(
        t("Calendar (.ics)"),
        data=lambda: ics.deadlines_calendar(dataset, view.projects, today, soon),
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
for window in WINDOWS:
    if buckets[window].empty:
        continue
    with st.container(border=True):
        title = window_title(window, soon)
        count = tn("{n} project", "{n} projects", counts[window]["projects"])
        extra = tn("{n} milestone", "{n} milestones", counts[window]["milestones"])
        st.subheader(f"{title} · {count} · {extra}", anchor=False)
        part = widgets.table_part(buckets[window], key=f"{window}_rows")
        widgets.project_table(
            part,
            alt=t("Deadlines: {title}", title=title),
            key=window,
            column_order=[
                "Title",
                "When",
                "Deadline",
                "Date",
                "Stage",
                "Partner",
                "Producer",
                "ID",
            ],
        )

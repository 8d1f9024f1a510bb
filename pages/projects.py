"""Projects: every project the filters leave, as a table, with CSV and Excel export."""

import streamlit as st

from lib import tables
from lib.i18n import t, tc, tn
from lib.ui import filter_bar, session, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Projects"))
dataset = view.dataset
every = session.cached(
    dataset,
    tables.projects_table,
    dataset.projects,
    dataset.extras,
    dataset.milestones,
    session.today(),
    session.settings().due_soon_days,
)
shown = tables.rows_for(every, view.projects)
order = filter_bar.cached(
    view, tables.urgent_order, view.projects, session.today(), session.settings().due_soon_days
)
shown = shown.loc[order]
long = len(shown) > widgets.PART_ROWS
with st.container(horizontal=True, vertical_alignment="center"):
    if long:
        note = tn(
            "Export the {n} matching project, not only the rows on screen:",
            "Export all {n} matching projects, not only the rows on screen:",
            len(shown),
        )
    else:
        note = t("Export exactly this table:")
    st.caption(note, width="content")
    widgets.export_buttons(
        shown, tc("file name", "joint-projects"), sheet_title=tc("sheet title", "Projects")
    )
part = widgets.table_part(
    shown,
    key="rows",
    note=tn(
        "{n} project matches, too many to show at once: pick the rows to show, or narrow "
        "the filters. The export above holds them all.",
        "{n} projects match, too many to show at once: pick the rows to show, or narrow "
        "the filters. The export above holds them all.",
        len(shown),
    ),
)
st.caption(t("Most urgent first. Tap a row to open its project; scroll sideways for every column."))
screen = tables.openable_links(part)
widgets.project_table(
    screen,
    alt=t("Every project matching the filters"),
    key="projects",
    height=600,
    config=widgets.projects_column_config(dataset.vocab, dataset.extras),
    column_order=tables.screen_columns(screen),
)

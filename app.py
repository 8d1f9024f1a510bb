"""Joint Production Tracker — the router: page config, shared sidebar, navigation."""

from pathlib import Path

import streamlit as st

from lib.columns import use_system_memory_pool
from lib.i18n import t
from lib.ui import editing, filter_bar, language, session

use_system_memory_pool()  # before any sheet is read (`streamlit run app.py` has no server.py)
language.activate()  # first: the title and navigation below are in the viewer's language
st.set_page_config(
    page_title=t("Joint Production Tracker"),
    # A file of our own: a material icon here would be fetched from fonts.gstatic.com by every
    # browser, and nothing the app shows may come from outside the server.
    page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",
)

PAGES = {
    t("Dashboards"): [
        st.Page(
            "pages/overview.py",
            title=t("Overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
            help=t("KPIs, output by theme and partner, stages, and what needs attention."),
        ),
        st.Page(
            "pages/pipeline.py",
            title=t("Pipeline"),
            icon=":material/view_kanban:",
            url_path="pipeline",
            help=t("Projects grouped by stage, each with its deadline status."),
        ),
        st.Page(
            "pages/timeline.py",
            title=t("Timeline"),
            icon=":material/view_timeline:",
            url_path="timeline",
            help=t("Projects from start to due, with milestones, occasions and today."),
        ),
        st.Page(
            "pages/deadlines.py",
            title=t("Deadlines"),
            icon=":material/event_upcoming:",
            url_path="deadlines",
            help=t("Overdue, this week, the next two weeks and later; a calendar to import."),
        ),
        st.Page(
            "pages/flow.py",
            title=t("Flow"),
            icon=":material/hourglass_top:",
            url_path="flow",
            help=t("Where work waits and for how long: time in each stage, lead time, throughput."),
        ),
        st.Page(
            "pages/themes.py",
            title=t("Themes"),
            icon=":material/category:",
            url_path="themes",
            help=t("Themes side by side, and one theme in detail for its team lead."),
        ),
    ],
    t("Agreements"): [
        st.Page(
            "pages/commitments.py",
            title=t("Commitments"),
            icon=":material/handshake:",
            url_path="commitments",
            help=t("Each agreement's targets against delivered and in-pipeline work."),
        ),
        st.Page(
            "pages/occasions.py",
            title=t("Occasions"),
            icon=":material/celebration:",
            url_path="occasions",
            help=t("Upcoming anniversaries, visits and forums, with their projects."),
        ),
    ],
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

# The Project page is reached from the projects themselves (cards, rows, bars), not the menu.
PAGES[t("Portfolio")].append(
    st.Page(
        "pages/project.py",
        title=t("Project"),
        icon=":material/description:",
        url_path="project",
        visibility="hidden",
    )
)

# Sign-in gate (SPEC §5): only people who may edit see the Update page at all.
if editing.decision().allowed:
    PAGES[t("Producers")] = [
        st.Page(
            "pages/update.py",
            title=t("Update"),
            icon=":material/edit_note:",
            url_path="update",
            help=t("Change a project's stage, dates and outputs, or add a project."),
        ),
    ]

page = st.navigation(PAGES)
language.render_picker()
session.render_source_sidebar()
editing.render_account()
filter_bar.render_filters()
page.run()

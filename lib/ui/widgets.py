"""Shared Streamlit widgets for the pages: badges, charts, table column configs, downloads.

Part of the Streamlit shell (`lib.ui`); everything it shows is
computed by the pure modules. Sheet text only reaches Markdown through `lib.markup`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import charts, exports, markup, tables
from lib.formatting import (
    COLUMN_DATE_FORMAT,
    column_header,
    commitment_status_name,
    percent_format,
    severity_name,
    vocabulary_shown,
)
from lib.i18n import t, tc, tn
from lib.schema import DATE_FIELDS, MEASURES, PROJECT_FIELDS, Vocabularies
from lib.tables import LINK_TEXT_COLUMN, STATUS_COLUMN, status_labels
from lib.ui import links, url_state

# Streamlit's badge colours (a fixed set of names) for statuses; themes and stages keep their
# own colours from the vocabularies in charts and tables.
STATUS_BADGE_COLOURS = {
    "overdue": "red",
    "due_soon": "orange",
    "on_track": "blue",
    "no_due": "gray",
    "on_hold": "violet",
    "published": "green",
    "cancelled": "gray",
}
STATUS_ICONS = {
    "overdue": ":material/error:",
    "due_soon": ":material/schedule:",
    "on_track": ":material/check:",
    "no_due": ":material/help:",
    "on_hold": ":material/pause_circle:",
    "published": ":material/task_alt:",
    "cancelled": ":material/block:",
}
COMMITMENT_BADGE_COLOURS = {"met": "green", "on track": "blue", "behind": "red", "upcoming": "gray"}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
PROGRESS_COLOUR = "blue"  # commitments' progress bars: neither alarm nor "met"
PHONE_TITLE_WIDTH = 150  # pixels: a title's first words, and room beside it for when it is due
PART_ROWS = 1_000  # rows of a long table on screen at a time (see table_part)
LINE_LIMIT = 8  # projects of a list of lines shown at first (see project_lines)


def commitment_labels() -> dict[str, str]:
    return {status: commitment_status_name(status) for status in COMMITMENT_BADGE_COLOURS}


def _status_badge(status: str, detail: str) -> str:
    label = status_labels().get(status, status)
    return markup.badge(
        f"{label} · {detail}" if detail else label,
        STATUS_BADGE_COLOURS.get(status, "gray"),
        STATUS_ICONS.get(status),
    )


def status_badge(status: str, detail: str = "") -> None:
    """A coloured deadline status: overdue / due soon / on track / no due date / on hold /
    published / cancelled."""
    st.markdown(_status_badge(status, detail), width="content")


def header(name: str) -> str:
    """A column's header in the reader's language (see formatting.column_header)."""
    return column_header(name)


def card_details(
    subtitle: str, themes: Iterable[str], status: str | None = None, detail: str = ""
) -> None:
    """A card's small grey subtitle over its theme badges and deadline status, in one element
    of Markdown: a board of dozens of cards then draws one element per card on each rerun, not
    one per line or badge. `subtitle` must already be plain."""
    badges = [markup.badge(tc("theme", theme), "gray") for theme in themes]
    if status is not None:
        badges.append(_status_badge(status, detail))
    # A hard line break ("  \n"), not a paragraph: the badges sit right under the subtitle.
    lines = [f":small[:gray[{subtitle}]]"] if subtitle else []
    if badges:
        lines.append(" ".join(badges))
    if lines:
        st.markdown("  \n".join(lines))


def text_badge(text: str, color: str = "gray") -> None:
    """A badge holding sheet text (a partner, a kind), shown as written.

    Not st.badge: it escapes brackets itself, so text already made plain would show its escapes.
    """
    st.markdown(markup.badge(text, color), width="content")


def on_phone() -> bool:
    """Whether the browser says it is a phone: Streamlit tells the server no screen width."""
    agent = st.context.headers.get("User-Agent", "")
    return "Mobi" in agent or "Android" in agent


def measure_picker(key: str) -> str:
    """The measure the charts count (projects, photos, videos, video minutes), kept in the URL.

    Each page has its own widget `key`, but all share `?measure=`: a link keeps the measure from
    page to page.
    """
    return url_state.kept(
        st.segmented_control,
        t("Measure"),
        list(MEASURES),
        default="projects",
        format_func=charts.measure_label,
        key=key,
        param="measure",
        required=True,
        wrap=True,
    )


def chart(figure: go.Figure, alt: str, key: str | None = None) -> None:
    """A Plotly figure; one with nothing to draw is a line saying why, not a blank frame."""
    if _said_empty(figure):
        return
    st.plotly_chart(figure, config=plotly_config(), alt=alt, key=key)


def plotly_config() -> dict[str, object]:
    """Plotly's options; a phone has no hover, so its tool bar would stay on top of the legend
    and the first labels (zooming a chart is not what a phone is for)."""
    return PLOTLY_CONFIG | ({"displayModeBar": False} if on_phone() else {})


def _said_empty(figure: go.Figure) -> bool:
    message = charts.empty_message(figure)
    if message:
        st.info(message, icon=":material/bar_chart:")
    return bool(message)


def project_chart(figure: go.Figure, alt: str, key: str, field: int) -> None:
    """A chart whose bars are projects (the label at custom-data `field`): a click on one opens
    its page."""
    if _said_empty(figure):
        return
    generation = st.session_state.setdefault(f"_pick_{key}", 0)
    selection = st.plotly_chart(
        figure,
        config=plotly_config(),
        alt=alt,
        key=f"pick_{key}_{generation}",
        on_select="rerun",
        selection_mode="points",
    )
    label = links.selected_point_label(selection, field)
    if label is not None:
        st.session_state[f"_pick_{key}"] = generation + 1
        links.open_project(label)


def projects_column_config(vocab: Vocabularies, extras: tuple[str, ...] = ()) -> dict[str, object]:
    """Dates DD/MM/YYYY, links clickable, themes as badges in their colours."""
    themes = vocab.themes.names
    config: dict[str, object] = {
        "row": st.column_config.NumberColumn(t("Sheet row"), format="%d", width="small"),
        "ID": st.column_config.TextColumn(t("ID")),
        "Title": st.column_config.TextColumn(header("Title"), width="medium", pinned=True),
        "Link": st.column_config.LinkColumn(t("Link"), display_text=t("Open")),
        LINK_TEXT_COLUMN: st.column_config.TextColumn(
            t("Link, not opened"),
            help=t("Only web (http, https) and e-mail addresses open from the table."),
        ),
        "Theme": st.column_config.MultiselectColumn(
            header("Theme"),
            options=themes,
            color=[vocab.themes.colour(name) for name in themes],
            format_func=lambda name: tc("theme", name),
        ),
        STATUS_COLUMN: st.column_config.TextColumn(t("Deadline")),
        "Photos": st.column_config.NumberColumn(t("Photos"), format="%d"),
        "Videos": st.column_config.NumberColumn(t("Videos"), format="%d"),
        "Video minutes": st.column_config.NumberColumn(t("Video minutes"), format="%.1f"),
    }
    for name in DATE_FIELDS:
        config[name] = st.column_config.DateColumn(header(name), format=COLUMN_DATE_FORMAT)
    for field in PROJECT_FIELDS:  # every other known column under its translated name
        config.setdefault(field.name, st.column_config.Column(header(field.name)))
    return config


def _column_config(frame: pd.DataFrame, config: dict[str, object] | None) -> dict[str, object]:
    """Every column under its translated header, dates DD/MM/YYYY; `config` overrides."""
    columns: dict[str, object] = {}
    for name in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[name]):
            columns[name] = st.column_config.DateColumn(header(name), format=COLUMN_DATE_FORMAT)
        else:
            columns[name] = st.column_config.Column(header(name))
    return columns | (config or {})


def table(
    frame: pd.DataFrame,
    alt: str,
    *,
    height: int | str = "auto",
    config: dict[str, object] | None = None,
) -> None:
    """A read-only table: translated headers, dates DD/MM/YYYY, no index."""
    columns = _column_config(frame, config)
    shown = vocabulary_shown(frame)
    st.dataframe(shown, column_config=columns, hide_index=True, alt=alt, height=height)


def project_table(
    frame: pd.DataFrame,
    alt: str,
    key: str,
    *,
    height: int | str = "auto",
    config: dict[str, object] | None = None,
    column_order: list[str] | None = None,
) -> None:
    """A read-only table of projects (an ID column, maybe a sheet `row`): picking a row opens
    that project's page. The sheet row is kept for projects without ID but not shown.

    On a phone the title is narrowed and pinned: a long title (as wide as the screen otherwise)
    would hide how late the project is and when it is due, which come next.
    """
    columns = _column_config(frame, config)
    if on_phone() and "Title" in frame.columns:
        columns["Title"] = st.column_config.TextColumn(
            header("Title"), width=PHONE_TITLE_WIDTH, pinned=True
        )
    order = column_order or [name for name in frame.columns if name != "row"]
    # A fresh key after each pick: coming back to this page must not find the row still
    # selected (and be sent to the project again).
    generation = st.session_state.setdefault(f"_pick_{key}", 0)
    selection = st.dataframe(
        vocabulary_shown(frame),  # same rows in the same order: the pick reads `frame`
        column_config=columns,
        column_order=order,
        hide_index=True,
        alt=alt,
        height=height,
        key=f"pick_{key}_{generation}",
        on_select="rerun",
        selection_mode="single-row",
    )
    label = links.selected_label(frame, selection)
    if label is not None:
        st.session_state[f"_pick_{key}"] = generation + 1
        links.open_project(label)


def _more_lines(key: str, shown: int) -> None:
    st.session_state[f"lines:{key}"] = shown + LINE_LIMIT * 2


def project_lines(lines: Iterable[tuple[str, str, str]], count: int, key: str) -> None:
    """A short list of projects as lines: each title links to its Project page, with a line of
    detail under it; the first LINE_LIMIT, then a "Show more".

    `lines` holds (label, title, detail): the project's label (an ID or "row N", empty when it
    has none: the title is then not a link), its title (plain text) and Markdown whose sheet
    text is already plain. Lighter than a table on a first screen: nothing to load and draw but
    links and text, it reads the same on a phone, and a tap on a title opens the project.
    """
    limit = st.session_state.get(f"lines:{key}", LINE_LIMIT)
    for index, (label, title, detail) in enumerate(lines):
        if index >= limit:
            break
        with st.container(gap="xsmall"):
            if label:
                links.project_link(title, label)
            else:
                st.markdown(title)
            st.caption(detail)
    if count > limit:
        st.button(
            t("Show more ({shown} of {count})", shown=limit, count=count),
            on_click=_more_lines,
            args=(key, limit),
            key=f"more_{key}",
            type="tertiary",
            icon=":material/expand_more:",
        )


def table_part(
    frame: pd.DataFrame, key: str, label: str | None = None, note: str = ""
) -> pd.DataFrame:
    """A long table a part at a time: over PART_ROWS rows, a picker of parts (with `note` beside
    it) and the part chosen.

    Every row on screen is converted and sent to the browser again on each rerun, so thousands
    of rows would make every click on the page slower, for rows nobody scrolls to.
    """
    if len(frame) <= PART_ROWS:
        return frame
    labels = tables.page_labels(len(frame), PART_ROWS)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        first = st.selectbox(
            label or t("Rows on screen"),
            list(labels),
            format_func=labels.get,
            key=key,
            width=240,
            help=tn(
                "Long lists are shown {n} row at a time. A click on a column header sorts "
                "the rows on screen only.",
                "Long lists are shown {n} rows at a time. A click on a column header "
                "sorts the rows on screen only.",
                PART_ROWS,
            ),
        )
        if note:
            st.caption(note, width="stretch")
    return tables.page_rows(frame, first or 0, PART_ROWS)


def export_buttons(frame: pd.DataFrame, stem: str, sheet_title: str) -> None:
    """CSV and Excel of the frame (every row, even when a part is on screen), made only when
    the user clicks; headers, file name and sheet title in the reader's language."""
    for_people = exports.for_people(frame)
    csv: Callable[[], bytes] = lambda: exports.to_csv_bytes(for_people)  # noqa: E731
    excel: Callable[[], bytes] = lambda: exports.to_excel_bytes(for_people, sheet_title)  # noqa: E731
    with st.container(horizontal=True):
        st.download_button(
            t("CSV"),
            data=csv,
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_csv",
        )
        st.download_button(
            t("Excel"),
            data=excel,
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            on_click="ignore",
            key=f"{stem}_xlsx",
        )


def commitments_table(frame: pd.DataFrame) -> None:
    """Commitments with a progress bar and a coloured met / on track / behind status."""
    statuses = list(COMMITMENT_BADGE_COLOURS)
    labels = commitment_labels()
    # Status and progress first: on a phone they are what fits beside the commitment's name.
    order = ["Commitment", "Status", "Progress", "Delivered", "Target", "In pipeline"]
    order += [name for name in frame.columns if name not in order]
    shown = frame.assign(
        Status=frame["Status"].str.split("|"),  # one-item lists: badge cells
        Progress=(frame["Progress"] * 100).round(0),  # one percent format: whole percents
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_order=order,
        alt=t("Commitments with their targets, delivered and in-pipeline work"),
        column_config={
            # Narrow on a phone: a long name would push status and progress off the screen.
            "Commitment": st.column_config.TextColumn(
                header("Commitment"),
                pinned=True,
                width=PHONE_TITLE_WIDTH if on_phone() else None,
            ),
            "Partner": st.column_config.TextColumn(header("Partner")),
            "Format": st.column_config.TextColumn(header("Format")),
            "Theme": st.column_config.TextColumn(header("Theme")),
            "Target": st.column_config.NumberColumn(t("Target"), format="%d"),
            "Delivered": st.column_config.NumberColumn(t("Delivered"), format="%d"),
            "In pipeline": st.column_config.NumberColumn(t("In pipeline"), format="%d"),
            # Neither the theme's red nor green: a bar short of its target is not an alarm by
            # itself, nor a kept promise (one colour per column; the status beside it says met,
            # on track or behind, in green, blue or red).
            "Progress": st.column_config.ProgressColumn(
                t("Delivered of target"),
                format=percent_format(),
                min_value=0,
                max_value=100,
                color=PROGRESS_COLOUR,
            ),
            "Status": st.column_config.MultiselectColumn(
                t("Status"),
                options=statuses,
                format_func=labels.get,
                color=[COMMITMENT_BADGE_COLOURS[s] for s in statuses],
            ),
        },
    )


def issues_table(issues: pd.DataFrame) -> None:
    """Data-quality issues: severity as a coloured badge, a link that opens the cell."""
    shown = tables.issues_table(issues)
    project_table(
        shown.assign(severity=shown["severity"].str.split("|")),
        alt=t("Problems found in the sheet"),
        key="issues",
        height=560,
        # The problem first: on a phone it is what fits; a tap on the row opens the project.
        column_order=[
            "message",
            "project",
            "severity",
            "row",
            "column",
            "header",
            "tab",
            "code",
            "link",
        ],
        config={
            "severity": st.column_config.MultiselectColumn(
                t("Severity"),
                options=["error", "warning"],
                format_func=severity_name,
                color=["red", "orange"],
            ),
            "tab": st.column_config.TextColumn(t("Tab")),
            "row": st.column_config.NumberColumn(t("Row"), format="%d"),
            "column": st.column_config.TextColumn(t("Column")),
            "header": st.column_config.TextColumn(t("Header")),
            "message": st.column_config.TextColumn(t("Problem"), width="large", pinned=True),
            "project": st.column_config.TextColumn(t("Project")),
            "code": st.column_config.TextColumn(t("Code")),
            "link": st.column_config.LinkColumn(t("Open cell"), display_text=t("Open")),
        },
    )

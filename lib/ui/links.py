"""Every place a project appears leads to its Project page (`?id=VT-2026-012`).

Part of the Streamlit shell: links for cards and list lines, row selection for tables, point
selection for charts. A project without an ID is reached by its sheet row (`?row=14`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from lib.i18n import t

PROJECT_PAGE = "pages/project.py"
ROW_PREFIX = "row "


def project_params(label: str) -> dict[str, str]:
    """The Project page's query parameters for a project label (an ID, or "row N")."""
    if label.startswith(ROW_PREFIX) and label[len(ROW_PREFIX) :].isdigit():
        return {"id": "", "row": label[len(ROW_PREFIX) :]}
    return {"id": label}


def label_of(project_id: str, row: int | None = None) -> str:
    return project_id if project_id else f"{ROW_PREFIX}{row}"


def _with_language(params: Mapping[str, str]) -> dict[str, str]:
    """Keep the viewer's language in the link: a shared link opens in the sender's language."""
    out = {k: v for k, v in params.items() if v}
    language = st.query_params.get("lang")
    if language:
        out["lang"] = language
    return out


def open_project(label: str) -> None:
    """Go to a project's page now (after a selection in a table or a chart)."""
    st.switch_page(PROJECT_PAGE, query_params=_with_language(project_params(label)))


def project_link(text: str, label: str, *, icon: str | None = None) -> None:
    """A link to a project's page; `text` must already be plain (sheet text is never Markdown)."""
    st.page_link(
        PROJECT_PAGE,
        label=text,
        icon=icon,
        query_params=_with_language(project_params(label)),
        help=t("Open {id}", id=label),
    )


def selected_label(frame: pd.DataFrame, selection: object) -> str | None:
    """The label (ID or "row N") of the row picked in a table shown with row selection."""
    rows = getattr(getattr(selection, "selection", None), "rows", None) or []
    if not rows or rows[0] >= len(frame):
        return None
    picked = frame.iloc[rows[0]]
    if "ID" not in frame.columns and "project" in frame.columns:  # data-quality issues
        named = str(picked["project"] or "")
        return named or None
    project_id = str(picked.get("ID", "") or "")
    row = picked.get("row")
    if not project_id and (row is None or pd.isna(row)):
        return None
    return label_of(project_id, None if row is None or pd.isna(row) else int(row))


def selected_point_label(selection: object, field: int) -> str | None:
    """The label of the bar picked in a chart whose bars carry it at custom-data `field`
    (markers with shorter custom data, a milestone or an occasion, open nothing)."""
    points = getattr(getattr(selection, "selection", None), "points", None) or []
    for point in points:
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, list | tuple) and len(custom) > field:
            return str(custom[field])
    return None

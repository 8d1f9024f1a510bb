"""Projects as a table for people: lists joined, dates as dates, links clickable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.formatting import COLUMN_DATE_FORMAT
from lib.schema import DATE_FIELDS, LIST_FIELDS, PROJECT_FIELDS


def projects_for_display(projects: pd.DataFrame, extras: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per project, lists joined with '; ' so every cell is plain text or a date."""
    shown = projects.copy()
    for name in LIST_FIELDS:
        shown[name] = shown[name].map("; ".join)
    return shown


def projects_column_config(extras: tuple[str, ...] = ()) -> dict[str, object]:
    config: dict[str, object] = {
        "row": st.column_config.NumberColumn("Row", format="%d", width="small"),
        "Link": st.column_config.LinkColumn("Link"),
    }
    for name in DATE_FIELDS:
        config[name] = st.column_config.DateColumn(name, format=COLUMN_DATE_FORMAT)
    for field in PROJECT_FIELDS:
        config.setdefault(field.name, st.column_config.Column(field.name))
    return config

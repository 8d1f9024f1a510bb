"""The Log tab as a table: every change the app saved (SPEC §5), for a project's history.

Pure: raw cells in, a frame out. The Log's layout is the app's own (`schema.LOG_HEADER`, always
from column A); a header row is skipped wherever it is, and text is kept as written.
"""

from __future__ import annotations

import pandas as pd

from lib import cells
from lib.model import RawWorkbook
from lib.schema import LOG_HEADER, tab_lookup
from lib.text import fold

LOG_COLUMNS: tuple[str, ...] = ("time", "user", "project", "field", "old", "new")


def empty_log() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="str") for name in LOG_COLUMNS})


def read_log(raw: RawWorkbook) -> pd.DataFrame:
    """The Log tab's rows, oldest first as appended; an empty frame when there is no Log."""
    lookup = tab_lookup()
    tab = next((name for name in raw.tabs if lookup.get(fold(name)) == "Log"), None)
    if tab is None:
        return empty_log()
    header = [fold(name) for name in LOG_HEADER]
    rows = []
    for line in raw.tabs[tab]:
        values = [cells.as_text(value) for value in list(line)[: len(LOG_COLUMNS)]]
        values += [""] * (len(LOG_COLUMNS) - len(values))
        if not any(values) or [fold(v) for v in values] == header:
            continue
        rows.append(values)
    if not rows:
        return empty_log()
    return pd.DataFrame(rows, columns=list(LOG_COLUMNS), dtype="str")


def project_history(log: pd.DataFrame | None, project_id: str) -> pd.DataFrame:
    """The Log's rows for one project, newest first."""
    if log is None or log.empty or not project_id:
        return empty_log()
    mine = log[log["project"].str.strip() == project_id]
    return mine.iloc[::-1].reset_index(drop=True)

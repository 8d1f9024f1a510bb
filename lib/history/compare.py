"""What changed between two loads of the sheet (pure).

A load is reduced to a snapshot: each project, matched by its ID, with every field as canonical
text of its normalised, typed value. Comparing typed values rather than the cells' text is what
makes a sort, rows inserted above, a date retyped from 05/03/2026 to 2026-03-05 or a cell made
bold no change at all: none of them changes a project's values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd

from lib.schema import LINK_TEXT_COLUMN, ROW_COLUMN, STATUS_COLUMN

# Not the sheet's content: the app's own columns, and the stamps every save of the app sets
# (the save itself is recorded through the fields it changed and the Log).
IGNORED_COLUMNS: frozenset[str] = frozenset(
    {ROW_COLUMN, STATUS_COLUMN, LINK_TEXT_COLUMN, "Updated", "Updated by"}
)
# Added and vanished projects are recorded under the Stage field, so a project's stage history
# is simply every record of that field.
STAGE = "Stage"

Snapshot = dict[str, dict[str, str]]  # project ID → field → canonical text
ChangeKind = Literal["changed", "added", "vanished"]


@dataclass(frozen=True)
class Change:
    project_id: str
    field: str
    old: str
    new: str
    kind: ChangeKind = "changed"


def canonical(value: Any) -> str:
    """One text per typed value: blank for every kind of missing, ISO dates, lists with "; "."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, tuple | list):
        return "; ".join(canonical(v) for v in value if canonical(v))
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat() if _midnight(value) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, int):
        return str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _midnight(value: datetime) -> bool:
    return (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)


def snapshot(projects: pd.DataFrame) -> Snapshot:
    """The projects of one load by ID. A row without ID cannot be followed from load to load and
    is left out; of two rows with one ID (a data-quality error) the first is kept."""
    if projects.empty or "ID" not in projects.columns:
        return {}
    ids = canonical_column(projects["ID"])
    keep = (ids != "") & ~ids.duplicated()
    columns = [c for c in projects.columns if c not in IGNORED_COLUMNS and c != "ID"]
    texts = {name: canonical_column(projects[name][keep]).tolist() for name in columns}
    return {
        pid: {name: texts[name][i] for name in columns} for i, pid in enumerate(ids[keep].tolist())
    }


def canonical_column(column: pd.Series) -> pd.Series:
    """`canonical` of every value of a column, by the column's type (a whole column of dates or
    of text at once: a snapshot of 10,000 projects is taken at every load)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        midnight = column.isna() | (column == column.dt.normalize())
        text = column.dt.strftime("%Y-%m-%d").where(midnight, column.astype(str))
        return text.fillna("").astype(object)
    if pd.api.types.is_string_dtype(column) and not pd.api.types.is_object_dtype(column):
        return column.fillna("").str.strip().astype(object)
    # Numbers (and their NA) and anything else: each distinct value once.
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    texts = [canonical(u) for u in uniques] + [""]
    return pd.Series([texts[c] for c in codes], index=column.index, dtype=object)


def compare(previous: Mapping[str, Mapping[str, str]], current: Snapshot) -> list[Change]:
    """Every changed field of a project found in both, then projects added and vanished.

    A column that appears or disappears between the loads (a header renamed, a column added)
    is not a change to every project: only fields both loads hold are compared.
    """
    changes: list[Change] = []
    for project_id, fields in current.items():
        before = previous.get(project_id)
        if before is None:
            changes.append(Change(project_id, STAGE, "", fields.get(STAGE, ""), "added"))
            continue
        for name in _shared(before, fields):
            if before[name] != fields[name]:
                changes.append(Change(project_id, name, before[name], fields[name]))
    for project_id, fields in previous.items():
        if project_id not in current:
            changes.append(Change(project_id, STAGE, fields.get(STAGE, ""), "", "vanished"))
    return changes


def _shared(before: Mapping[str, str], after: Mapping[str, str]) -> Iterable[str]:
    return [name for name in after if name in before]

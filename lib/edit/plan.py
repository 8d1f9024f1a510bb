"""The pure core of a save: find the row, check for conflicts, decide the cells and Log rows.

Both writers (Google Sheet, local workbook) read the sheet, hand the cells to these functions,
and write what they return. Values are compared through the same cell readers as the
normaliser, so a Sheets serial 46000 equals the date 2025-12-08 and "review" equals
"Partner review".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

import pandas as pd

from lib import cells
from lib.edit.model import Change, Conflict, EditContext, EditError
from lib.i18n import t, tn
from lib.schema import (
    FIELDS_BY_NAME,
    HEADER_MIN_MATCHES,
    HEADER_SEARCH_ROWS,
    MILESTONE_SUFFIX,
    PROJECT_FIELDS,
    Kind,
    Vocabularies,
    header_lookup,
    tab_lookup,
)
from lib.text import fold

SET_BY_APP = ("Updated", "Updated by")
NOT_EDITABLE = ("ID", *SET_BY_APP)
EDITABLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in PROJECT_FIELDS if f.name not in NOT_EDITABLE
)
_HEADER_LOOKUP = header_lookup(PROJECT_FIELDS)


# --- fields and values -------------------------------------------------------------------


def kind_of(field_name: str) -> Kind:
    """How a field's cells are read; `<Stage> due` milestone columns are dates."""
    known = FIELDS_BY_NAME.get(field_name)
    if known is not None:
        return known.kind
    if field_name.endswith(" " + MILESTONE_SUFFIX):
        return Kind.DATE
    raise EditError(t("“{field}” is not a field the app can edit.", field=field_name))


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str | tuple | list):
        return not (value.strip() if isinstance(value, str) else value)
    return False


def to_cell(field_name: str, value: Any) -> Any:
    """A typed value as the cell should hold it: text, a number, a real date, or None (blank).

    Refuses what the sheet should never get from the app (negative counts, text in a date).
    """
    kind = kind_of(field_name)
    if is_blank(value):
        return None
    if kind is Kind.DATE:
        if isinstance(value, pd.Timestamp | datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = cells.read_date(value).value
        if parsed is None:
            raise EditError(t("{field}: “{value}” is not a date.", field=field_name, value=value))
        return parsed
    if kind in (Kind.INTEGER, Kind.NUMBER):
        reader = cells.read_integer if kind is Kind.INTEGER else cells.read_number
        reading = reader(value)
        if reading.value is None:
            raise EditError(
                t(
                    "{field} must be a number of 0 or more, not “{value}”.",
                    field=field_name,
                    value=value,
                )
            )
        return reading.value
    if kind in (Kind.LIST, Kind.VOCAB_LIST):
        items = cells.split_list(value) if isinstance(value, str) else value
        return "; ".join(str(i).strip() for i in items if str(i).strip()) or None
    return str(value).strip()


def reader_for(field_name: str, ctx: EditContext):
    """The normaliser's reader for a field (same vocabularies, same date order)."""
    kind = kind_of(field_name)
    vocab_name = FIELDS_BY_NAME[field_name].vocabulary if field_name in FIELDS_BY_NAME else None
    if kind is Kind.DATE:
        return partial(cells.read_date, date_order=ctx.date_order)
    if kind is Kind.INTEGER:
        return cells.read_integer
    if kind is Kind.NUMBER:
        return cells.read_number
    if kind is Kind.VOCAB:
        return partial(cells.read_term, vocabulary=ctx.vocab.get(vocab_name or ""))
    if kind in (Kind.LIST, Kind.VOCAB_LIST):
        vocabulary = ctx.vocab.get(vocab_name) if vocab_name else None
        return partial(cells.read_list, vocabulary=vocabulary)
    return cells.read_text


def comparable(field_name: str, cell: Any, ctx: EditContext) -> Any:
    """A cell's value as the app reads it, with every kind of blank made None."""
    value = reader_for(field_name, ctx)(cell).value
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 3.0 typed and 3 stored are the same number
    return value


def same(field_name: str, a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def shown(value: Any) -> str:
    """A value as the Log and messages write it: ISO dates, lists joined with "; "."""
    if is_blank(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, tuple | list):
        return "; ".join(map(str, value))
    return cells.as_text(value)


# --- where things are in the tab ---------------------------------------------------------


def find_tab(titles: Sequence[str], canonical: str) -> str | None:
    """The title of the tab that plays `canonical` (Projects, Log), matched as the reader does."""
    lookup = tab_lookup()
    return next((title for title in titles if lookup.get(fold(title)) == canonical), None)


def find_header(rows: Sequence[Sequence[Any]]) -> int:
    """0-based index of the Projects header row among the first rows, or -1 (as normalize)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matched = {_HEADER_LOOKUP[f] for f in map(fold, row) if f in _HEADER_LOOKUP}
        if len(matched) >= HEADER_MIN_MATCHES:
            return index
    return -1


def project_columns(header: Sequence[Any], vocab: Vocabularies) -> dict[str, int]:
    """Field → 0-based column index, by the normaliser's rules (first of duplicates wins)."""
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        folded = fold(text)
        name = _HEADER_LOOKUP.get(folded)
        if name is None and folded.endswith(MILESTONE_SUFFIX):
            stage = vocab.stages.resolve(folded[: -len(MILESTONE_SUFFIX)])
            name = f"{stage} {MILESTONE_SUFFIX}" if stage else None
        if name is not None:
            columns.setdefault(name, index)
    return columns


@dataclass(frozen=True)
class Grid:
    """The Projects table as found at write time: header position, columns, ID cells."""

    header_index: int  # 0-based row of the header
    header: tuple[Any, ...]
    columns: Mapping[str, int]
    ids: tuple[Any, ...]  # the ID column from row 1 down (index = 0-based row)

    def rows_of(self, project_id: str) -> list[int]:
        wanted = project_id.strip()
        return [
            index
            for index in range(self.header_index + 1, len(self.ids))
            if cells.as_text(self.ids[index]) == wanted
        ]

    def row_of(self, project_id: str) -> int:
        """0-based row of the project; EditError when it is missing or not unique."""
        found = self.rows_of(project_id)
        if not found:
            raise EditError(
                t(
                    "Project {id} is no longer in the sheet (its row was deleted or its ID "
                    "changed). Refresh the data and look for it again.",
                    id=project_id,
                )
            )
        if len(found) > 1:
            rows = ", ".join(str(r + 1) for r in found)
            raise EditError(
                t(
                    "ID {id} is on more than one row (rows {rows}), so the app cannot tell which "
                    "one to change. Give each row its own ID in the sheet, then try again.",
                    id=project_id,
                    rows=rows,
                )
            )
        return found[0]

    def existing_ids(self) -> list[str]:
        return [cells.as_text(v) for v in self.ids[self.header_index + 1 :] if cells.as_text(v)]


def grid_from(top_rows: Sequence[Sequence[Any]], ids: Sequence[Any], vocab: Vocabularies) -> Grid:
    header_index = find_header(top_rows)
    if header_index < 0:
        raise EditError(
            tn(
                "The Projects tab has no header row the app recognises any more (it looks for "
                "ID, Title, Stage… in the first {n} row). Nothing was written.",
                "The Projects tab has no header row the app recognises any more (it looks for "
                "ID, Title, Stage… in the first {n} rows). Nothing was written.",
                HEADER_SEARCH_ROWS,
            )
        )
    header = tuple(top_rows[header_index])
    columns = project_columns(header, vocab)
    if "ID" not in columns:
        raise EditError(t("The Projects tab has no ID column, so rows cannot be found by ID."))
    return Grid(header_index, header, columns, tuple(ids))


def grid_of_rows(rows: Sequence[Sequence[Any]], vocab: Vocabularies) -> Grid:
    """The Grid of a whole tab's rows (header found in the first rows, every ID cell)."""
    found = grid_from(rows[:HEADER_SEARCH_ROWS], [], vocab)
    id_column = found.columns["ID"]
    ids = tuple(row[id_column] if id_column < len(row) else None for row in rows)
    return Grid(found.header_index, found.header, found.columns, ids)


def utc_stamp(ctx: EditContext) -> str:
    """Now in UTC as ISO 8601 to the second, e.g. 2026-03-05T07:12:09Z."""
    return ctx.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellWrite:
    field: str
    column: int  # 0-based
    value: Any  # as the cell should hold it (see `to_cell`); None clears it


@dataclass(frozen=True)
class SavePlan:
    writes: tuple[CellWrite, ...]  # changed fields first, then Updated / Updated by
    conflicts: tuple[Conflict, ...]
    changed: tuple[str, ...]  # fields whose cells will be written
    unchanged: tuple[str, ...]  # the sheet already holds the new value
    log: tuple[tuple[str, ...], ...]


def effective(change: Change, ctx: EditContext) -> dict[str, tuple[Any, Any]]:
    """The fields whose new value really differs from where the user started."""
    result = {}
    for name, (old, new) in change.fields.items():
        start = comparable(name, to_cell(name, old), ctx)
        wanted = comparable(name, to_cell(name, new), ctx)
        if not same(name, start, wanted):
            result[name] = (old, new)
    return result


def plan_save(
    change: Change, row: Sequence[Any], columns: Mapping[str, int], ctx: EditContext
) -> SavePlan:
    """What to write to `row` (the project's cells as they are now), or the conflicts.

    A changed cell conflicts when it no longer holds the value the user started from, unless
    it already holds the user's new value (then there is nothing to do for it). Cells the
    user did not change are never looked at: others may change them meanwhile.
    """
    missing = [name for name in change.fields if name not in columns]
    if missing:
        raise EditError(
            t(
                "The sheet has no column for {fields}; add the column or leave the field "
                "unchanged.",
                fields=", ".join(missing),
            )
        )
    writes: list[CellWrite] = []
    conflicts: list[Conflict] = []
    unchanged: list[str] = []
    log: list[tuple[str, ...]] = []
    stamp = utc_stamp(ctx)
    for name, (old, new) in effective(change, ctx).items():
        cell = row[columns[name]] if columns[name] < len(row) else None
        current = comparable(name, cell, ctx)
        start = comparable(name, to_cell(name, old), ctx)
        wanted = comparable(name, to_cell(name, new), ctx)
        if same(name, current, wanted):
            unchanged.append(name)
        elif not same(name, current, start):
            conflicts.append(Conflict(name, wanted, current, start))
        else:
            writes.append(CellWrite(name, columns[name], to_cell(name, new)))
            log.append((stamp, ctx.user, change.project_id, name, shown(start), shown(wanted)))
    if conflicts:
        return SavePlan((), tuple(conflicts), (), tuple(unchanged), ())
    changed = tuple(w.field for w in writes)
    if writes:
        writes.extend(stamp_cells(columns, stamp, ctx.user))
    return SavePlan(tuple(writes), (), changed, tuple(unchanged), tuple(log))


def stamp_cells(columns: Mapping[str, int], stamp: str, user: str) -> list[CellWrite]:
    """`Updated` / `Updated by`, where the sheet has those columns."""
    return [
        CellWrite(name, columns[name], value)
        for name, value in (("Updated", stamp), ("Updated by", user))
        if name in columns
    ]


def new_row(
    project_id: str,
    values: Mapping[str, Any],
    columns: Mapping[str, int],
    width: int,
    ctx: EditContext,
) -> tuple[list[Any], list[str], tuple[tuple[str, ...], ...]]:
    """A new project's cells in the header's column order, the fields set, and its Log rows
    (one per field set, old value blank)."""
    stamp = utc_stamp(ctx)
    cells_out: list[Any] = [None] * width
    filled: list[str] = []
    wanted = {"ID": project_id, **values}
    for name, value in wanted.items():
        if name in NOT_EDITABLE and name != "ID":
            continue
        cell = project_id if name == "ID" else to_cell(name, value)
        if cell is None:
            continue
        if name not in columns:
            raise EditError(
                t("The sheet has no column for {fields}; add the column first.", fields=name)
            )
        cells_out[columns[name]] = cell
        filled.append(name)
    for write in stamp_cells(columns, stamp, ctx.user):
        cells_out[write.column] = write.value
    log = tuple(
        (stamp, ctx.user, project_id, name, "", shown(cells_out[columns[name]])) for name in filled
    )
    return cells_out, filled, log

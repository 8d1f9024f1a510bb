"""Where a write landed: the pure half of "never say Saved unless the project's own cells hold
the user's values".

Google Sheets writes by row number and has no conditional write. Between the read that found a
project's row and the moment the write lands, someone may sort, insert or delete rows, and a
request that timed out may land later or not at all. So every write is followed by a read of
the same columns, and `where_landed` compares the two reads: the values are in the project's
own row, in other rows (which are then put back, see `restore_writes`), or not there yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lib import cells
from lib.edit.model import EditContext
from lib.edit.plan import SET_BY_APP, CellWrite, Grid, comparable, kind_of, same
from lib.schema import Kind


@dataclass(frozen=True)
class Snapshot:
    """Some columns of the Projects tab as one read saw them: the header, the IDs, and the
    columns a save touches (0-based column → its cells from row 1 down)."""

    grid: Grid
    columns: Mapping[int, tuple[Any, ...]]

    def cell(self, index: int, column: int) -> Any:
        column_cells = self.columns.get(column, ())
        return column_cells[index] if index < len(column_cells) else None

    def row(self, index: int) -> list[Any]:
        """The row with the columns this snapshot holds filled in (others blank)."""
        width = max(len(self.grid.header), max(self.columns, default=-1) + 1)
        return [self.cell(index, column) for column in range(width)]

    def id_at(self, index: int) -> str:
        ids = self.grid.ids
        return cells.as_text(ids[index]) if index < len(ids) else ""

    @property
    def height(self) -> int:
        return max([len(self.grid.ids), *(len(c) for c in self.columns.values())])

    def index_of(self, project_id: str) -> int | None:
        """The project's one row, or None when it is missing or not unique."""
        found = self.grid.rows_of(project_id)
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Landing:
    """What the read after a write shows."""

    row: int | None  # the project's 0-based row now; None when it is gone (or not unique)
    held: tuple[str, ...]  # changed fields whose cell holds the user's value
    pending: tuple[str, ...]  # changed fields still holding the value the user started from
    overtaken: tuple[str, ...]  # changed fields holding a third value: someone else's edit
    strays: tuple[int, ...]  # other rows that took the write (0-based, in the read after)

    @property
    def complete(self) -> bool:
        """Nothing left to wait for: every changed field holds the user's or another value."""
        return self.row is not None and not self.pending and not self.strays


def holds(snapshot: Snapshot, index: int, write: CellWrite, ctx: EditContext) -> bool:
    """Does the cell hold the written value, read the way the app reads it?"""
    current = comparable(write.field, snapshot.cell(index, write.column), ctx)
    return same(write.field, current, comparable(write.field, write.value, ctx))


def where_landed(
    before: Snapshot,
    after: Snapshot,
    project_id: str,
    writes: Sequence[CellWrite],
    started_from: Mapping[str, Any],
    ctx: EditContext,
) -> Landing:
    """Compare the reads before and after a write of `writes` to the project's row.

    `started_from` maps each changed field to the cell value the user started from. A stray
    is another row that holds every written value now and did not before: the write was
    addressed to a row number that another row had moved into. Rows the read before did not
    have (no ID, or inserted meanwhile) count only when the write carried the `Updated` stamp,
    which no other row holds in the same second.
    """
    row = after.index_of(project_id)
    held: list[str] = []
    pending: list[str] = []
    overtaken: list[str] = []
    for write in writes:
        if write.field not in started_from:
            continue  # Updated / Updated by: whoever saved last stamps them
        if row is not None and holds(after, row, write, ctx):
            held.append(write.field)
            continue
        start = comparable(write.field, started_from[write.field], ctx)
        if row is None or same(
            write.field, comparable(write.field, after.cell(row, write.column), ctx), start
        ):
            pending.append(write.field)
        else:
            overtaken.append(write.field)
    return Landing(
        row, tuple(held), tuple(pending), tuple(overtaken), _strays(before, after, row, writes, ctx)
    )


def _strays(
    before: Snapshot,
    after: Snapshot,
    own_row: int | None,
    writes: Sequence[CellWrite],
    ctx: EditContext,
) -> tuple[int, ...]:
    # A row that the read before did not have (inserted meanwhile, or without an ID) can be
    # told apart only by a stamp of this save: blanks and common values are everywhere.
    stamped = any(w.field == SET_BY_APP[0] and not cells.is_blank(w.value) for w in writes)
    strays = []
    for index in range(after.grid.header_index + 1, after.height):
        if index == own_row or not all(holds(after, index, w, ctx) for w in writes):
            continue
        other_id = after.id_at(index)
        earlier = before.index_of(other_id) if other_id else None
        if earlier is None:
            if stamped:
                strays.append(index)
        elif not all(holds(before, earlier, w, ctx) for w in writes):
            strays.append(index)
    return tuple(strays)


def _as_stored(field_name: str, raw: Any) -> Any:
    """A cell as read (dates come as serial numbers) in the form that writes it back the same:
    a serial number in a date column goes back as that date, anything else exactly as read."""
    if (
        kind_of(field_name) is Kind.DATE
        and isinstance(raw, int | float)
        and not isinstance(raw, bool)
    ):
        return cells.read_date(raw).value or raw
    return raw


def restore_writes(
    before: Snapshot, after: Snapshot, stray: int, writes: Sequence[CellWrite], ctx: EditContext
) -> tuple[CellWrite, ...]:
    """The cells that put a stray row back as it was before the write (blank for a row that
    has no ID, whose earlier state cannot be known). Cells someone changed since are left."""
    other_id = after.id_at(stray)
    earlier = before.index_of(other_id) if other_id else None
    restore = []
    for write in writes:
        old = (
            None if earlier is None else _as_stored(write.field, before.cell(earlier, write.column))
        )
        if not holds(after, stray, write, ctx):
            continue  # changed by someone since: theirs stands
        if holds(after, stray, CellWrite(write.field, write.column, old), ctx):
            continue  # it held this value already (a stamp of the same second, say)
        restore.append(CellWrite(write.field, write.column, old))
    return tuple(restore)

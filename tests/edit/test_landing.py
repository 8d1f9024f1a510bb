"""Where a write landed, told from the reads before and after it (pure, no sheet)."""

from __future__ import annotations

from typing import Any

from lib.edit import EditContext
from lib.edit.landing import Snapshot, restore_writes, where_landed
from lib.edit.plan import CellWrite, Grid

# columns: 0 ID, 1 Notes, 2 Updated
HEADER = ("ID", "Notes", "Updated")
COLUMNS = {"ID": 0, "Notes": 1, "Updated": 2}
CTX = EditContext()
STAMP = "2026-03-01T08:00:00Z"
WRITES = (CellWrite("Notes", 1, "new"), CellWrite("Updated", 2, STAMP))
STARTED = {"Notes": "old A"}


def snapshot(*rows: tuple[Any, ...]) -> Snapshot:
    """Row 1 is the header; `rows` follow from row 2."""
    table = [HEADER, *rows]
    columns = {c: tuple(r[c] if c < len(r) else None for r in table) for c in range(3)}
    return Snapshot(Grid(0, HEADER, COLUMNS, columns[0]), columns)


BEFORE = snapshot(("A", "old A", None), ("B", "old B", None), ("C", "old C", None))


def test_values_in_the_projects_own_row_are_held():
    after = snapshot(("A", "new", STAMP), ("B", "old B", None), ("C", "old C", None))
    landing = where_landed(BEFORE, after, "A", WRITES, STARTED, CTX)
    assert (landing.row, landing.held, landing.strays, landing.complete) == (
        1,
        ("Notes",),
        (),
        True,
    )


def test_a_write_that_reached_the_row_another_project_sorted_into_is_a_stray():
    # A sort moved B up to row 2 just before the write addressed to row 2 landed.
    after = snapshot(("B", "new", STAMP), ("A", "old A", None), ("C", "old C", None))
    landing = where_landed(BEFORE, after, "A", WRITES, STARTED, CTX)
    assert landing.row == 2 and landing.pending == ("Notes",) and landing.strays == (1,)
    assert restore_writes(BEFORE, after, 1, WRITES, CTX) == (
        CellWrite("Notes", 1, "old B"),
        CellWrite("Updated", 2, None),
    )


def test_a_stray_sorted_away_again_before_the_read_is_still_found_by_its_values():
    after = snapshot(("A", "old A", None), ("C", "old C", None), ("B", "new", STAMP))
    landing = where_landed(BEFORE, after, "A", WRITES, STARTED, CTX)
    assert landing.strays == (3,) and landing.pending == ("Notes",)


def test_a_row_inserted_meanwhile_counts_as_a_stray_only_by_this_saves_stamp():
    inserted = snapshot(("A", "old A", None), ("NEW", "new", STAMP), ("B", "old B", None))
    assert where_landed(BEFORE, inserted, "A", WRITES, STARTED, CTX).strays == (2,)
    unstamped = (CellWrite("Notes", 1, "new"),)
    plain = snapshot(("A", "old A", None), ("NEW", "new", None), ("B", "old B", None))
    assert where_landed(BEFORE, plain, "A", unstamped, STARTED, CTX).strays == ()


def test_a_row_that_already_held_the_values_before_is_not_a_stray():
    before = snapshot(("A", "old A", None), ("B", "new", STAMP))
    after = snapshot(("A", "new", STAMP), ("B", "new", STAMP))
    assert where_landed(before, after, "A", WRITES, STARTED, CTX).strays == ()


def test_a_third_value_in_the_cell_is_someone_elses_edit_in_the_same_instant():
    after = snapshot(("A", "typed by a colleague", STAMP), ("B", "old B", None))
    landing = where_landed(BEFORE, after, "A", WRITES, STARTED, CTX)
    assert landing.overtaken == ("Notes",) and landing.complete


def test_a_project_whose_row_was_deleted_is_not_found():
    after = snapshot(("B", "old B", None), ("C", "old C", None))
    landing = where_landed(BEFORE, after, "A", WRITES, STARTED, CTX)
    assert landing.row is None and not landing.complete


def test_a_cell_changed_since_the_stray_write_is_left_as_it_is_now():
    after = snapshot(("B", "someone's fix", STAMP), ("A", "old A", None))
    assert restore_writes(BEFORE, after, 1, WRITES, CTX) == (CellWrite("Updated", 2, None),)

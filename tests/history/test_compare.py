"""The comparison of two loads, as a pure function: what a producer would call a change, and
nothing else (sorting, rows inserted above, formatting and retyped dates are no change)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lib.history.compare import Change, canonical, compare, snapshot
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize

AS_OF = date(2026, 3, 1)
HEADER = ["ID", "Title", "Partner", "Theme", "Stage", "Start", "Deadline", "Photos", "Updated"]
# fmt: off
A = [
    "VT-1",
    "Hue citadel",
    "TASS",
    "Culture & heritage",
    "Shooting",
    date(2026, 1, 5),
    date(2026, 3, 20),
    12,
    "",
]
B = [
    "VK-1",
    "Pyongyang metro",
    "KCNA",
    "Culture",
    "Planning",
    date(2026, 2, 1),
    date(2026, 5, 1),
    None,
    "",
]
C = ["VT-2", "Wind power", "TASS", "Green development", "Approved", None, date(2026, 6, 1), 3, ""]


def tabs(*rows: list[Any], above: int = 0) -> dict[str, list[list[Any]]]:
    return {"Projects": [*([[]] * above), HEADER, *map(list, rows)]}


def changed(row: list[Any], column: str, value: Any) -> list[Any]:
    copy = list(row)
    copy[HEADER.index(column)] = value
    return copy


def load(sheet: dict[str, list[list[Any]]]):
    raw = RawWorkbook(sheet, "workbook", "test")
    return snapshot(normalize(raw, ReadOptions(today=AS_OF)).projects)


CASES = {
    "a changed cell": (
        tabs(A, B, C),
        tabs(A, changed(B, "Stage", "Shooting"), C),
        [
            Change("VK-1", "Stage", "Planning", "Shooting"),
        ],
    ),
    "a changed date and number": (
        tabs(A, B, C),
        tabs(changed(changed(A, "Deadline", date(2026, 4, 1)), "Photos", 15), B, C),
        [Change("VT-1", "Due", "2026-03-20", "2026-04-01"), Change("VT-1", "Photos", "12", "15")],
    ),
    "an added row": (
        tabs(A, B),
        tabs(A, B, C),
        [
            Change("VT-2", "Stage", "", "Approved", "added"),
        ],
    ),
    "a vanished row": (
        tabs(A, B, C),
        tabs(A, C),
        [
            Change("VK-1", "Stage", "Planning", "", "vanished"),
        ],
    ),
    "a changed ID": (
        tabs(A, B),
        tabs(A, changed(B, "ID", "VK-9")),
        [
            Change("VK-9", "Stage", "", "Planning", "added"),
            Change("VK-1", "Stage", "Planning", "", "vanished"),
        ],
    ),
    "a sorted sheet": (tabs(A, B, C), tabs(C, A, B), []),
    "rows inserted above": (tabs(A, B, C), tabs(A, B, C, above=3), []),
    "blank rows inserted between": (tabs(A, B, C), tabs(A, [], [], B, [], C), []),
    "formatting only: a date retyped as text, an alias, spaces, a number as text": (
        tabs(A, B, C),
        tabs(
            changed(changed(A, "Deadline", "20/03/2026"), "Photos", "12"),
            changed(changed(B, "Stage", "  pre-production "), "Theme", "Culture & heritage"),
            changed(C, "Title", "Wind power  "),
        ),
        [],
    ),
    "the app's Updated stamp alone": (
        tabs(A, B, C),
        tabs(changed(A, "Updated", "2026-03-01T08:00:00Z"), B, C),
        [],
    ),
}


@pytest.mark.parametrize("before, after, expected", CASES.values(), ids=CASES.keys())
def test_a_load_is_compared_with_the_previous_one_by_project_id(before, after, expected) -> None:
    assert compare(load(before), load(after)) == expected


def test_a_row_without_an_id_is_not_followed_and_a_duplicate_id_keeps_its_first_row() -> None:
    current = load(tabs(A, changed(B, "ID", ""), changed(C, "ID", "VT-1")))
    assert list(current) == ["VT-1"]
    assert current["VT-1"]["Title"] == "Hue citadel"


def test_a_column_added_to_the_sheet_is_not_a_change_of_every_project() -> None:
    before = {"VT-1": {"Stage": "Shooting"}}
    after = {"VT-1": {"Stage": "Shooting", "Notes": "new column"}}
    assert compare(before, after) == []


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (float("nan"), ""),
        (12.0, "12"),
        (7.5, "7.5"),
        (("TASS", "KCNA"), "TASS; KCNA"),
        (date(2026, 3, 5), "2026-03-05"),
        ("  text ", "text"),
    ],
)
def test_every_typed_value_has_one_canonical_text(value, text) -> None:
    assert canonical(value) == text

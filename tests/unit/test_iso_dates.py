"""The one-pass reading of ISO dates gives exactly what the cell reader gives, value by value."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lib.cells import read_date
from lib.columns import iso_dates

_TRICKY = [
    "2026-03-01",
    " 2026-03-01 ",
    "2026-03-01 10:30",
    "2026-03-01 10:30:59",
    "2026-03-01T10:30:00",
    "2026-3-1",
    "2026-02-30",
    "2024-02-29",
    "2023-02-29",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "01/03/2026",
    "#N/A",
    "",
    45000,
    None,
]


def _agrees(values: list[object]) -> None:
    uniques = pd.Index(values, dtype=object)
    for index, reading in iso_dates(uniques).items():
        assert reading == read_date(uniques[index]), uniques[index]


def test_plain_iso_dates_are_read_and_impossible_days_are_left_to_the_cell_reader():
    found = iso_dates(pd.Index(_TRICKY, dtype=object))
    assert {_TRICKY[i]: r.value for i, r in found.items()} == {
        "2026-03-01": date(2026, 3, 1),
        " 2026-03-01 ": date(2026, 3, 1),
        "2026-03-01 10:30": date(2026, 3, 1),
        "2026-03-01 10:30:59": date(2026, 3, 1),
        "2024-02-29": date(2024, 2, 29),
        "0001-01-01": date(1, 1, 1),
        "9999-12-31": date(9999, 12, 31),
    }
    _agrees(_TRICKY)


@given(st.lists(st.from_regex(r"\s?\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?\s?", fullmatch=True)))
def test_any_iso_looking_text_reads_as_the_cell_reader_reads_it(texts):
    _agrees(list(dict.fromkeys(texts)))

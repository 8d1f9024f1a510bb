"""Reading whole raw columns quickly: blank cells, typed values, and the cells with problems.

Two strategies, chosen per column:
- a column of plain text (IDs, titles, links, notes: nearly every value distinct) is trimmed and
  checked for spreadsheet errors with Arrow string kernels, in C;
- any other column (dates, numbers, vocabularies, lists: few distinct values) is factorised and
  each *distinct* value is parsed once by the readers in `lib.cells`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.cells import Reading
from lib.date_texts import text_dates
from lib.schema import SPREADSHEET_ERRORS, Field, Kind

_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
assert all(error.startswith("#") for error in SPREADSHEET_ERRORS)  # read_text_column relies on it
_TEXT_KINDS = frozenset({"string", "empty"})


@cache  # once per process: an app rerun calls it again, and a second call changes nothing
def use_system_memory_pool() -> None:
    """Arrow's buffers from the system allocator, unless the deployment chooses another
    (ARROW_DEFAULT_MEMORY_POOL). Each entry point (app, server, command line, memory benchmark)
    calls it at start-up, before any sheet is read.

    mimalloc, Arrow's default, keeps what a read has freed for later, and a 100,000-row sheet
    then peaked about 35 MiB higher while it was normalised.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())


@cache  # built on first use, not at import: from the pool chosen at start-up
def _errors() -> pa.Array:
    return pa.array(sorted(SPREADSHEET_ERRORS))


@dataclass
class RawColumn:
    """One sheet column's raw cells (object array), with what is needed to read it fast.

    `textual`: the column is read as plain text (its header names a text field, or no field),
    so its cells go to Arrow once. Any other column is factorised instead, and converting it to
    Arrow as well would only cost time and memory."""

    values: np.ndarray
    textual: bool = True

    @cached_property
    def text(self) -> pa.StringArray | None:
        """The cells as Arrow strings when every non-blank cell is text, else None."""
        if pd.api.types.infer_dtype(self.values, skipna=True) not in _TEXT_KINDS:
            return None
        return pa.array(self.values, type=pa.string(), from_pandas=True)

    @cached_property
    def factorised(self) -> tuple[np.ndarray, pd.Index]:
        codes, uniques = pd.factorize(self.values, use_na_sentinel=True)
        return codes, uniques

    def blank(self) -> np.ndarray:
        """True where the cell is blank (None, NaN, or only spaces)."""
        if self.textual and self.text is not None:
            empty = pc.equal(pc.utf8_trim_whitespace(self.text), "")
            return pc.fill_null(empty, True).to_numpy(zero_copy_only=False)
        codes, uniques = self.factorised
        # None and NaN are already code -1; of the distinct values only text can be blank.
        blank_unique = np.fromiter(
            (type(u) is str and not u.strip() for u in uniques), bool, len(uniques)
        )
        return np.append(blank_unique, True)[codes]

    def release(self) -> None:
        """Let go of the Arrow copy and the factorisation once the column is read (they are
        worked out again if asked for): at 100,000 rows they are tens of megabytes."""
        self.__dict__.pop("text", None)
        self.__dict__.pop("factorised", None)

    def __len__(self) -> int:
        return len(self.values)


class ColumnRead:
    """A column read: its typed values, and the rows whose cell has an issue."""

    def series(self, kind: Kind) -> pd.Series:
        raise NotImplementedError

    def issue_positions(self) -> np.ndarray:
        raise NotImplementedError

    def problem_at(self, position: int) -> Reading:
        raise NotImplementedError

    def issue_groups(self) -> Iterator[tuple[Reading, np.ndarray]]:
        """Each problem reading with the row positions holding it, so that a problem
        repeated down the column is worded once."""
        raise NotImplementedError


@dataclass
class DistinctRead(ColumnRead):
    """Typed value of each distinct raw value, and which one each row holds."""

    values: list[Any]  # one per distinct raw value, then the blank value (code -1)
    codes: np.ndarray
    problems: dict[int, Reading]  # distinct index → its reading, when it has an issue

    def series(self, kind: Kind) -> pd.Series:
        """Convert the distinct values once, then spread them over the rows."""
        values, codes = self.values, self.codes
        if kind is Kind.DATE:
            # Day numbers from the ordinals: a tenth of the cost of a datetime64 per value.
            days = np.array([v.toordinal() - _UNIX_ORDINAL if v else 0 for v in values])
            typed = days.astype("datetime64[D]").astype("datetime64[ns]")
            typed[[not v for v in values]] = np.datetime64("NaT")
            return pd.Series(typed[codes])
        if kind is Kind.INTEGER:
            return pd.Series(pd.array(values, dtype="Int64").take(codes))
        if kind is Kind.NUMBER:
            return pd.Series(np.array(values, dtype="float64")[codes])
        spread = np.empty(len(values), object)
        spread[:] = values
        if kind in (Kind.LIST, Kind.VOCAB_LIST):
            return pd.Series(spread[codes], dtype=object)
        spread = np.where(pd.isna(spread), "", spread)
        # The distinct texts go to Arrow once and are spread there, with no object per row.
        texts = pa.array(spread, type=pa.string()).take(pa.array(codes % len(values)))
        return pd.Series(pd.array(texts, dtype="str"))

    def issue_positions(self) -> np.ndarray:
        flagged = np.zeros(len(self.values), bool)
        flagged[list(self.problems)] = True
        return np.flatnonzero(flagged[self.codes])

    def problem_at(self, position: int) -> Reading:
        return self.problems[int(self.codes[position]) % len(self.values)]

    def issue_groups(self) -> Iterator[tuple[Reading, np.ndarray]]:
        positions = self.issue_positions()
        if not len(positions):
            return
        distinct = self.codes[positions] % len(self.values)  # the blank value's code is -1
        order = np.argsort(distinct, kind="stable")
        starts = np.flatnonzero(np.diff(distinct[order])) + 1
        for chunk in np.split(order, starts):
            yield self.problems[int(distinct[chunk[0]])], positions[chunk]


@dataclass
class TextRead(ColumnRead):
    """Plain text read with Arrow kernels: trimmed, spreadsheet errors blanked and reported."""

    texts: pa.StringArray
    errors: dict[int, Reading]  # row position → the error reading

    def series(self, kind: Kind) -> pd.Series:
        # Straight from the Arrow buffers: no Python string per cell on the way.
        return pd.Series(pd.array(self.texts, dtype="str"))

    def issue_positions(self) -> np.ndarray:
        return np.array(sorted(self.errors), dtype=int)

    def problem_at(self, position: int) -> Reading:
        return self.errors[position]

    def issue_groups(self) -> Iterator[tuple[Reading, np.ndarray]]:
        shown: dict[str | None, tuple[Reading, list[int]]] = {}
        for position in sorted(self.errors):
            reading = self.errors[position]
            shown.setdefault(reading.shown, (reading, []))[1].append(position)
        for reading, positions in shown.values():
            yield reading, np.array(positions, dtype=int)


def read_text_column(column: RawColumn) -> TextRead | None:
    """The fast path for plain text, or None when the column holds other kinds of values."""
    if column.text is None:
        return None
    trimmed = pc.utf8_trim_whitespace(column.text)
    # Every spreadsheet error starts with "#": most columns hold none, and are done here.
    if not pc.any(pc.starts_with(trimmed, "#")).as_py():
        return TextRead(pc.fill_null(trimmed, ""), {})
    shouted = pc.utf8_upper(trimmed)
    is_error = pc.fill_null(pc.is_in(shouted, value_set=_errors()), False)
    texts = pc.fill_null(pc.if_else(is_error, "", trimmed), "")
    positions = np.flatnonzero(is_error.to_numpy(zero_copy_only=False))
    errors = {
        int(p): Reading(None, "formula_error", shown=shouted[int(p)].as_py()) for p in positions
    }
    return TextRead(texts, errors)


def read_distinct(
    column: RawColumn,
    reader: Callable[[Any], Reading],
    *,
    dates: bool = False,
    date_order: str = "DMY",
) -> DistinctRead:
    """Parse each distinct value of a column once; rows refer to their value's reading."""
    codes, uniques = column.factorised
    known = text_dates(uniques, date_order) if dates else {}
    readings = [
        *(known.get(i) or reader(u) for i, u in enumerate(uniques)),
        reader(None),
    ]
    problems = {i: r for i, r in enumerate(readings) if r.code is not None}
    return DistinctRead([r.value for r in readings], codes, problems)


def read_column(
    column: RawColumn, field: Field, reader: Callable[[Any], Reading], date_order: str = "DMY"
) -> ColumnRead:
    """`date_order`: how the reader reads 01/03/2026 (the same `ReadOptions.date_order`)."""
    if field.kind is Kind.TEXT and (fast := read_text_column(column)) is not None:
        return fast
    return read_distinct(column, reader, dates=field.kind is Kind.DATE, date_order=date_order)


def blank_series(field: Field, length: int) -> pd.Series:
    """The column of a field the sheet does not have: every cell blank."""
    blank: Any = () if field.kind in (Kind.LIST, Kind.VOCAB_LIST) else None
    return DistinctRead([blank], np.full(length, -1), {}).series(field.kind)

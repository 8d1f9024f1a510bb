"""The one-pass readings of date texts (ISO, digits, month names, no date form) give exactly what
the cell reader gives, value by value."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.cells import date_forms_hint, read_date
from lib.date_texts import text_dates

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


def _agrees_in_order(values: list[object], order: str) -> None:
    uniques = pd.Index(values, dtype=object)
    for index, reading in text_dates(uniques, order).items():
        assert reading == read_date(uniques[index], date_order=order), uniques[index]


def test_plain_iso_dates_read_alike_in_each_order_and_impossible_days_go_to_the_cell_reader():
    iso = {
        "2026-03-01": date(2026, 3, 1),
        " 2026-03-01 ": date(2026, 3, 1),
        "2026-03-01 10:30": date(2026, 3, 1),
        "2026-03-01 10:30:59": date(2026, 3, 1),
        "2024-02-29": date(2024, 2, 29),
    }
    # The one date typed as digits is the only reading that depends on the sheet's order.
    for order, typed in (("DMY", date(2026, 3, 1)), ("MDY", date(2026, 1, 3))):
        found = text_dates(pd.Index(_TRICKY, dtype=object), order)
        dates = {_TRICKY[i]: r.value for i, r in found.items() if r.value is not None}
        assert dates == iso | {"01/03/2026": typed}
        _agrees_in_order(_TRICKY, order)


_DIGITS = [
    "01/03/2026",
    " 1/3/2026 ",
    "1.3.26",
    "01-03-2026",
    "31/12/99",
    "31/02/2026",
    "29/02/2024",
    "29/02/2023",
    "13/13/2026",
    "00/01/2026",
    "01/03-2026",
    "01/03/202",
    "001/03/2026",
    "1/3/2026 10:30",
    "2026-03-01",
    "#N/A",
    "",
    45000,
    None,
]


def test_digit_dates_are_read_in_the_sheet_order_and_odd_ones_left_to_the_cell_reader():
    found = text_dates(pd.Index(_DIGITS, dtype=object), "DMY")
    assert {_DIGITS[i]: r.value for i, r in found.items() if r.value is not None} == {
        "01/03/2026": date(2026, 3, 1),
        " 1/3/2026 ": date(2026, 3, 1),
        "1.3.26": date(2026, 3, 1),
        "01-03-2026": date(2026, 3, 1),
        "31/12/99": date(2099, 12, 31),
        "29/02/2024": date(2024, 2, 29),
        "2026-03-01": date(2026, 3, 1),
    }
    american = text_dates(pd.Index(["03/01/2026", "13/01/2026"], dtype=object), "MDY")
    assert {i: r.value for i, r in american.items()} == {0: date(2026, 3, 1)}
    _agrees_in_order(_DIGITS, "DMY")
    _agrees_in_order(_DIGITS, "MDY")


_WORDED = [
    "1 March 2026",
    "1st mar. 2026",
    "01-Mar-2026",
    " 21 MARCH, 2026\t",
    "March 1, 2026",
    "sept 30 2026",
    "Sep. 3rd, 2026",
    "May 5 2026",
    "31 feb 2026",  # no such day: the reader says so
    "1 Mars 2026",  # no such month: the reader words it
    "1 March 0201",  # out of the years a dataset holds
    "1 Março 2026",  # not ASCII: left to the reader
    "1\u00a0March 2026",
    "1 March 2026 10:30",
    "1\x1cmarch 2026",  # Python's \s, which the reader uses, takes \x1c-\x1f as spaces
    "sept\x1f3 2026",
]


def test_dates_with_the_month_name_are_read_in_one_pass_and_odd_ones_left_to_the_reader():
    found = text_dates(pd.Index(_WORDED, dtype=object), "DMY")
    assert {_WORDED[i]: r.value for i, r in found.items()} == {
        "1 March 2026": date(2026, 3, 1),
        "1st mar. 2026": date(2026, 3, 1),
        "01-Mar-2026": date(2026, 3, 1),
        " 21 MARCH, 2026\t": date(2026, 3, 21),
        "March 1, 2026": date(2026, 3, 1),
        "sept 30 2026": date(2026, 9, 30),
        "Sep. 3rd, 2026": date(2026, 9, 3),
        "May 5 2026": date(2026, 5, 5),
        "1\x1cmarch 2026": date(2026, 3, 1),
        "sept\x1f3 2026": date(2026, 9, 3),
        "1 March 2026 10:30": None,  # in no date form: the reader's own message, below
    }
    _agrees_in_order(_WORDED, "DMY")
    _agrees_in_order(_WORDED, "MDY")


_FORMLESS = ["45000", " 45000 ", "TBD", "soon", "\x1c45000\x1f", "2026", "12/2026", "#N/A", "#1"]


def test_texts_in_no_date_form_get_the_readers_bad_date_and_errors_stay_with_the_reader():
    for order in ("DMY", "MDY"):
        found = text_dates(pd.Index([*_FORMLESS, "", "   "], dtype=object), order)
        assert {i: (r.code, r.shown, r.detail) for i, r in found.items()} == {
            i: ("bad_date", text.strip(), date_forms_hint(order))
            for i, text in enumerate(_FORMLESS)
            if not text.startswith("#")
        }
        _agrees_in_order([*_FORMLESS, "", "   "], order)


_DATE_LIKE = "0123456789/.-, \t\v\x1c#tTsnrdhMmARrCcHhJjAaNnYySsEePp"
# Texts shaped like each form the passes settle, and texts of any kind at all.
_LOOKALIKES = {
    "iso": st.from_regex(r"\s?\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?\s?", fullmatch=True),
    "digits": st.from_regex(r"\s?\d{1,2}[./-]\d{1,2}[./-](\d{2}|\d{4})\s?", fullmatch=True),
    "worded": st.from_regex(
        r"\s?\d{1,2}(st|nd|rd|th)?[ \-\v\x1c-\x1f]{1,2}(jan|Feb|MARCH|sept|may|xyz)\.?,?"
        r"[ -]\d{4}\s?"
        r"|\s?(jan|Feb|MARCH|sept|may|xyz)\.?[ \v\x1f]\d{1,2}(st|th)?,? \d{4}\s?",
        fullmatch=True,
    ),
    "any text": st.text(max_size=14) | st.text(alphabet=_DATE_LIKE, max_size=16),
}


@pytest.mark.parametrize("form", list(_LOOKALIKES))
@given(data=st.data(), order=st.sampled_from(["DMY", "MDY"]))
def test_any_text_of_each_form_reads_as_the_cell_reader_reads_it(form, data, order):
    texts = data.draw(st.lists(_LOOKALIKES[form]), label=form)
    _agrees_in_order(list(dict.fromkeys(texts)), order)

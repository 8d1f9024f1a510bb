"""Reading single cells: every accepted form of dates, numbers, lists and vocabulary terms."""

from datetime import date, datetime

import pytest

from lib import cells
from lib.schema import default_vocabularies

VOCAB = default_vocabularies()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2026, 3, 5), date(2026, 3, 5)),
        (datetime(2026, 3, 5, 14, 30), date(2026, 3, 5)),
        (46086, date(2026, 3, 5)),  # a Sheets serial number (UNFORMATTED_VALUE + SERIAL_NUMBER)
        (46086.75, date(2026, 3, 5)),  # a date-time serial keeps its day
        (43831, date(2020, 1, 1)),  # the recorded API example
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-03-05 09:00", date(2026, 3, 5)),
        ("2026-03-05T09:00:00", date(2026, 3, 5)),  # as other tools export a date and time
        ("2026-03-05t09:00", date(2026, 3, 5)),
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),
        ("05/03/26", date(2026, 3, 5)),
        ("5 Mar 2026", date(2026, 3, 5)),
        ("5 March 2026", date(2026, 3, 5)),
        ("March 5, 2026", date(2026, 3, 5)),
        ("Mar 5 2026", date(2026, 3, 5)),
        ("  05/03/2026 ", date(2026, 3, 5)),
    ],
)
def test_every_accepted_date_form_is_read_day_first(raw, expected):
    assert cells.read_date(raw) == cells.Reading(expected)


def test_month_first_order_is_used_when_configured():
    assert cells.read_date("03/05/2026", "MDY").value == date(2026, 3, 5)
    assert cells.read_date("03/05/2026", "DMY").value == date(2026, 5, 3)


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("31/02/2026", "no such day"),
        ("2026-13-01", "no such day"),
        ("next week", "use DD/MM/YYYY"),
        ("5 Foo 2026", "no such day"),
        (12, "a number, not a date"),
        (True, ""),
    ],
)
def test_impossible_or_unreadable_dates_are_bad_dates(raw, detail):
    reading = cells.read_date(raw)
    assert reading.value is None
    assert reading.code == "bad_date"
    assert detail in (reading.detail.render() if reading.detail else "")


@pytest.mark.parametrize(
    "raw", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!"]
)
def test_spreadsheet_errors_count_as_blank_and_are_reported(raw):
    for reader in (cells.read_date, cells.read_integer, cells.read_number, cells.read_text):
        reading = reader(raw)
        assert reading.value is None
        assert reading.code == "formula_error"
        assert reading.shown == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("1,200", 1200),
        ("1 200", 1200),
        ("1.200", 1200),
        ("1\u00a0200", 1200),
        ("3,0", 3),
    ],
)
def test_integers_accept_thousands_separators(raw, expected):
    assert cells.read_integer(raw) == cells.Reading(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12.5, 12.5),
        ("12.5", 12.5),
        ("12,5", 12.5),
        ("1,200.5", 1200.5),
        ("1.200,5", 1200.5),
        (" 45 ", 45.0),
    ],
)
def test_minutes_accept_a_decimal_point_or_a_decimal_comma(raw, expected):
    assert cells.read_number(raw).value == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["about 40", "12.5", True, date(2026, 1, 1), "1,2,3"])
def test_counts_that_are_not_whole_numbers_are_bad_numbers(raw):
    assert cells.read_integer(raw).code == "bad_number"


@pytest.mark.parametrize(
    ("reader", "raw"),
    [(cells.read_integer, -3), (cells.read_integer, "-3"), (cells.read_number, "-1,5")],
)
def test_negative_counts_are_reported_and_not_counted(reader, raw):
    assert reader(raw) == cells.Reading(None, "negative_number", shown=str(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a; b", ("a", "b")),
        ("a, b", ("a", "b")),
        ("a | b", ("a", "b")),
        ("a\nb", ("a", "b")),
        (" a ;a; b ", ("a", "b")),
        ("", ()),
        (None, ()),
    ],
)
def test_lists_split_on_any_separator_trimmed_and_deduplicated(raw, expected):
    assert cells.read_list(raw).value == expected


@pytest.mark.parametrize(
    ("vocabulary", "typed", "canonical"),
    [
        ("stages", "idea", "Proposed"),
        ("stages", "Đã duyệt", "Approved"),
        ("stages", "pre-production", "Planning"),
        ("stages", "съёмка", "Shooting"),
        ("stages", "POST PRODUCTION", "Editing"),
        ("stages", "sign-off", "Partner review"),
        ("stages", "đã xuất bản", "Published"),
        ("stages", "опубликовано", "Published"),
        ("stages", "paused", "On hold"),
        ("stages", "huỷ", "Cancelled"),
        ("stages", "hủy", "Cancelled"),
        ("themes", "green", "Green development"),
        ("themes", "Phát triển xanh", "Green development"),
        ("themes", "DX", "Digital transformation"),
        ("themes", "chuyển đổi số", "Digital transformation"),
        ("themes", "artificial intelligence", "AI application & governance"),
        ("themes", "văn hoá", "Culture & heritage"),
        ("themes", "kinh tế - xã hội", "Socio-economic"),
        ("themes", "đào tạo", "Human resources"),
        ("themes", "high-level visit", "Politics & diplomacy"),
        ("formats", "phóng sự ảnh", "Photo story"),
        ("formats", "triển lãm ảnh", "Photo exhibition"),
        ("formats", "clip", "Video"),
        ("formats", "phim tài liệu", "Documentary"),
        ("formats", "e-magazine", "Multimedia"),
        ("formats", "photo book", "Special edition"),
        ("formats", "đoàn công tác", "Reporting delegation"),
        ("partners", "ТАСС", "TASS"),
        ("partners", "itar-tass", "TASS"),
        ("partners", "Korean Central News Agency", "KCNA"),
    ],
)
def test_vocabulary_aliases_resolve_ignoring_case_accents_and_punctuation(
    vocabulary, typed, canonical
):
    assert VOCAB.get(vocabulary).resolve(typed) == canonical


def test_a_term_outside_the_vocabulary_is_kept_as_written_and_flagged():
    reading = cells.read_term("  Waiting for visa ", VOCAB.stages)
    assert reading == cells.Reading("Waiting for visa", "unknown", shown="Waiting for visa")


def test_unknown_partners_are_free_text_not_problems():
    assert cells.read_list("Xinhua; ТАСС", VOCAB.partners) == cells.Reading(("Xinhua", "TASS"))


def test_a_year_the_dataset_cannot_hold_is_reported_not_turned_into_another_day():
    from datetime import date, datetime

    from lib.cells import read_date

    for value in ("0201-03-01", "01/03/0201", date(201, 3, 1), datetime(9999, 12, 31, 8, 0)):
        reading = read_date(value)
        assert reading.value is None and reading.code == "bad_date", value
        assert reading.detail.render() == " (the year must be between 1678 and 2261)"
    assert read_date("2261-12-31").value == date(2261, 12, 31)
    assert read_date(date(1678, 1, 1)).value == date(1678, 1, 1)

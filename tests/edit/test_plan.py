"""The pure core of a save: comparing cells as the app reads them, IDs, columns, permissions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.cells import SHEETS_EPOCH
from lib.config import Settings
from lib.demo import build_demo_tabs
from lib.edit import Change, EditContext, EditError, may_edit
from lib.edit.form import change_from, editable_fields, options_for, project_values, text_options
from lib.edit.ids import IdStyle, learn_style, next_id, prefix_for
from lib.edit.plan import comparable, find_header, plan_save, project_columns, to_cell
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.schema import THEMES, default_vocabularies
from tests.fixtures.workbooks import dataset_of, small_tabs

AS_OF = date(2026, 3, 1)
COLUMNS = {"ID": 0, "Stage": 1, "Due": 2, "Theme": 3, "Photos": 4, "Updated": 5, "Updated by": 6}


class FixedClock(EditContext):
    def now(self) -> datetime:
        return datetime(2026, 3, 1, 7, 30, 5, 123, tzinfo=UTC)


CTX = FixedClock(user="lan@vna")


def test_a_serial_number_in_the_sheet_equals_the_date_the_user_started_from():
    row = ["VT-1", "Shooting", 46000, "Green", 12]  # 46000 is 2025-12-09
    change = Change("VT-1", {"Due": (pd.Timestamp("2025-12-09"), date(2026, 1, 5))})

    plan = plan_save(change, row, COLUMNS, CTX)

    assert plan.conflicts == ()
    assert [(w.field, w.value) for w in plan.writes] == [
        ("Due", date(2026, 1, 5)),
        ("Updated", "2026-03-01T07:30:05Z"),
        ("Updated by", "lan@vna"),
    ]
    assert plan.log == (
        ("2026-03-01T07:30:05Z", "lan@vna", "VT-1", "Due", "2025-12-09", "2026-01-05"),
    )


def test_aliases_and_list_spellings_equal_their_canonical_values():
    row = ["VT-1", "post-production", "", "green; Green development", "1 200"]
    change = Change(
        "VT-1",
        {
            "Stage": ("Editing", "Partner review"),
            "Theme": (("Green development",), ("Green development", "Culture & heritage")),
            "Photos": (1200, 1300),
        },
    )

    plan = plan_save(change, row, COLUMNS, CTX)

    assert plan.conflicts == ()
    assert plan.changed == ("Stage", "Theme", "Photos")
    assert plan.writes[1].value == "Green development; Culture & heritage"


def test_a_changed_cell_that_no_longer_holds_the_starting_value_is_a_conflict_and_blocks_all():
    row = ["VT-1", "Editing", 46000, "Green", 12]
    change = Change("VT-1", {"Stage": ("Shooting", "Cancelled"), "Photos": (12, 20)})

    plan = plan_save(change, row, COLUMNS, CTX)

    assert plan.writes == () and plan.log == ()
    assert [(c.field, c.yours, c.current, c.started_from) for c in plan.conflicts] == [
        ("Stage", "Cancelled", "Editing", "Shooting")
    ]


def test_a_field_whose_new_value_equals_the_old_one_is_not_written():
    plan = plan_save(Change("VT-1", {"Photos": (12, 12.0)}), ["VT-1", "", "", "", 12], COLUMNS, CTX)
    assert plan.writes == () and plan.changed == ()


def test_a_field_the_sheet_has_no_column_for_is_refused():
    with pytest.raises(EditError, match="no column for Notes"):
        plan_save(Change("VT-1", {"Notes": ("", "x")}), ["VT-1"], COLUMNS, CTX)


def test_new_ids_follow_the_prefix_year_and_width_of_the_partners_earlier_projects():
    vocab = default_vocabularies().partners
    known = [("VT-2026-013", ("TASS",)), ("VK-2025-002", ("KCNA",)), ("VT-2025-040", ("TASS",))]
    existing = [i for i, _ in known]

    assert prefix_for(["ITAR-TASS"], known, vocab) == "VT"
    assert next_id(existing, "VT", 2026, learn_style(existing)) == "VT-2026-014"
    assert next_id(existing, "VK", 2026, learn_style(existing)) == "VK-2026-001"
    assert prefix_for(["Xinhua"], known, vocab) == "VX"  # the sheet's stem + the initial
    assert prefix_for([], [], vocab) == "P"
    assert next_id([], "P", 2026, learn_style([])) == "P-2026-001"
    assert learn_style(["JP/0007", "JP/0012"]) == IdStyle("/", False, "", 4)
    assert next_id(["JP/0007", "JP/0012"], "JP", 2026, IdStyle("/", False, "", 4)) == "JP/0013"


def test_the_write_time_column_mapping_agrees_with_the_normaliser_on_the_demo():
    tabs = build_demo_tabs(AS_OF)
    dataset = normalize(RawWorkbook(tabs, "demo", "demo"), ReadOptions(today=AS_OF))
    rows = tabs["Projects"]

    header_index = find_header(rows)
    columns = project_columns(rows[header_index], dataset.vocab)

    assert header_index + 1 == dataset.layout.header_row
    assert columns == {c.field: c.index for c in dataset.layout.columns if c.field}


def test_the_form_offers_the_sheets_fields_and_turns_widget_values_into_a_change():
    tabs = build_demo_tabs(AS_OF)
    dataset = normalize(RawWorkbook(tabs, "demo", "demo"), ReadOptions(today=AS_OF))
    fields = editable_fields(dataset)
    project = dataset.projects[dataset.projects["Photos"].notna()].iloc[0]

    before = project_values(project, fields)
    after = {**before, "Stage": "Cancelled", "Notes": before["Notes"] or "", "Languages": []}

    assert {"Stage", "Due", "Shooting due", "Partner review due", "Video minutes"} <= set(fields)
    assert "ID" not in fields and "Budget (VND)" not in fields
    change = change_from(project["ID"], before, after, EditContext())
    expected = {"Stage"} | ({"Languages"} if before["Languages"] else set())
    assert set(change.fields) == expected


@pytest.mark.parametrize(
    ("kind", "email", "login", "editors", "anonymous", "allowed"),
    [
        ("google", None, False, (), False, False),
        ("google", None, False, (), True, True),
        ("workbook", None, False, (), False, True),
        ("demo", None, False, (), False, True),
        ("google", None, True, ("ada@x.org",), True, False),  # login on: anonymous never
        ("demo", None, True, ("ada@x.org",), False, False),
        ("google", "bob@x.org", True, ("ada@x.org",), False, False),
        ("google", "Ada@X.org", True, ("ada@x.org",), False, True),
        ("workbook", "ada@x.org", True, (), False, False),  # login on, nobody listed
    ],
)
def test_who_may_edit(kind, email, login, editors, anonymous, allowed):
    settings = Settings(editors=editors, allow_anonymous_edits=anonymous)

    decision = may_edit(settings, kind, email, login)

    assert decision.allowed is allowed
    assert decision.reason
    assert decision.user == ((email or "").lower() or "anonymous")
    assert decision.sign_in is (login and not email)


@given(
    day=st.dates(min_value=date(1990, 1, 2), max_value=date(2099, 12, 31)),
    count=st.integers(min_value=0, max_value=10**6),
    themes=st.lists(st.sampled_from([t.name for t in THEMES]), max_size=4, unique=True),
)
def test_what_the_app_writes_reads_back_as_the_same_value(day, count, themes):
    """A date stored by Sheets comes back as a serial, a list as joined text: both compare
    equal to what was written, so a save right after a save is never a false conflict."""
    serial = (day - SHEETS_EPOCH).days
    assert comparable("Due", serial, CTX) == comparable("Due", to_cell("Due", day), CTX) == day
    assert comparable("Photos", to_cell("Photos", count), CTX) == count
    written = to_cell("Theme", tuple(themes))
    assert comparable("Theme", written, CTX) == (tuple(themes) or None)


def test_the_pickers_offer_each_value_in_use_once_in_order_with_the_current_one():
    small = dataset_of(small_tabs())
    assert text_options(small, "Producer") == ["Huy", "Lan", "Mai"]
    assert text_options(small, "Producer", "Zoe") == ["Huy", "Lan", "Mai", "Zoe"]
    assert text_options(small, "Occasion") == ["National Day", "Victory Day"]  # tab and projects
    assert options_for(small, "Languages") == ["vi", "ru"]  # in order of first use
    assert options_for(small, "Partner", ["Xinhua"]) == ["TASS", "KCNA", "Xinhua"]

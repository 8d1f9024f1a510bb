"""Nobody's edit is lost: the same cases against the Sheets stand-in and a local workbook."""

from __future__ import annotations

from datetime import date

import pytest

from lib.edit import Change, EditError, NewProject
from lib.schema import LOG_HEADER
from tests.edit.conftest import HEADER, Backend, context, started

IMPORT = '=IMPORTXML("http://example.invalid","//a")'


def snapshot(backend: Backend) -> dict[tuple[int, int], object]:
    """Every non-blank cell of the Projects tab by (row, column), 1-based."""
    return {
        (r, c): value
        for r, row in enumerate(backend.rows(), start=1)
        for c, value in enumerate(row, start=1)
        if value not in ("", None)
    }


def changed_cells(before: dict, after: dict) -> set[tuple[int, int]]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def column(name: str) -> int:
    return HEADER.index(name) + 1


def test_an_edit_changes_exactly_the_intended_cells_and_logs_each_field(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VT-2026-002")
    before = snapshot(backend)
    change = Change(
        "VT-2026-002",
        {
            "Stage": (was["Stage"], "Partner review"),
            "Due": (was["Due"], date(2026, 4, 20)),
            "Photos": (was["Photos"], 24),
        },
    )

    result = backend.writer.save(change, context(dataset, "lan@vna.example"))

    row = backend.row_of("VT-2026-002")
    assert result.saved and result.row == row
    assert result.written == ("Stage", "Due", "Photos")
    expected = {(row, column(n)) for n in ("Stage", "Deadline", "Photos", "Updated", "Updated by")}
    assert changed_cells(before, snapshot(backend)) == expected
    assert backend.cell(row, "Stage") == "Partner review"
    assert backend.cell(row, "Deadline") == date(2026, 4, 20)  # a real date, not text
    assert backend.cell(row, "Photos") == 24
    assert backend.cell(row, "Updated by") == "lan@vna.example"
    assert str(backend.cell(row, "Updated")).endswith("Z")
    log = backend.rows("Log")
    assert tuple(log[0]) == LOG_HEADER
    assert [r[1:] for r in log[1:]] == [
        ["lan@vna.example", "VT-2026-002", "Stage", "Editing", "Partner review"],
        ["lan@vna.example", "VT-2026-002", "Due", "2026-04-05", "2026-04-20"],
        ["lan@vna.example", "VT-2026-002", "Photos", "", "24"],
    ]


def test_two_users_changing_different_fields_from_the_same_data_both_keep_their_change(
    backend: Backend,
):
    dataset = backend.load()  # both open the project at the same time
    was = started(dataset, "VT-2026-001")
    first = Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")})
    second = Change("VT-2026-001", {"Photos": (was["Photos"], 30), "Notes": (was["Notes"], "Done")})

    assert backend.writer.save(first, context(dataset, "anna@tass.example")).saved
    assert backend.writer.save(second, context(dataset, "lan@vna.example")).saved

    reloaded = started(backend.load(), "VT-2026-001")
    assert (reloaded["Stage"], reloaded["Photos"], reloaded["Notes"]) == ("Editing", 30, "Done")
    assert len(backend.rows("Log")) == 1 + 3


def test_two_users_changing_the_same_field_the_second_gets_the_conflict_and_nothing_is_written(
    backend: Backend,
):
    dataset = backend.load()
    was = started(dataset, "VT-2026-001")
    assert backend.writer.save(
        Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")}), context(dataset, "anna@tass")
    ).saved
    before, log_before = snapshot(backend), backend.rows("Log")

    late = Change(
        "VT-2026-001",
        {"Stage": (was["Stage"], "Cancelled"), "Notes": (was["Notes"], "Dropped")},
    )
    result = backend.writer.save(late, context(dataset, "lan@vna"))

    assert not result.saved
    assert [(c.field, c.yours, c.current, c.started_from) for c in result.conflicts] == [
        ("Stage", "Cancelled", "Editing", "Shooting")
    ]
    assert snapshot(backend) == before  # not even the Notes cell, which nobody else touched
    assert backend.rows("Log") == log_before


def test_a_change_someone_else_already_made_is_not_a_conflict(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VK-2026-001")
    backend.type_into("VK-2026-001", "Stage", "Shooting")

    result = backend.writer.save(
        Change("VK-2026-001", {"Stage": (was["Stage"], "Shooting")}), context(dataset)
    )

    assert result.saved and result.written == () and result.unchanged == ("Stage",)
    assert "Log" not in backend.tabs()


def test_cells_others_changed_but_this_user_did_not_touch_are_left_as_they_are(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VK-2026-001")
    backend.type_into("VK-2026-001", "Producer", "Kim")

    assert backend.writer.save(
        Change("VK-2026-001", {"Stage": (was["Stage"], "Shooting")}), context(dataset)
    ).saved

    row = backend.row_of("VK-2026-001")
    assert (backend.cell(row, "Producer"), backend.cell(row, "Stage")) == ("Kim", "Shooting")


def test_a_row_inserted_above_the_project_after_loading_does_not_misdirect_the_write(
    backend: Backend,
):
    dataset = backend.load()
    was = started(dataset, "VK-2026-001")
    old_row = backend.row_of("VK-2026-001")
    backend.insert_row(4, ["VX-2026-001", "Inserted meanwhile", "Xinhua", "", "", "Proposed"])

    result = backend.writer.save(
        Change("VK-2026-001", {"Stage": (was["Stage"], "Shooting")}), context(dataset)
    )

    assert result.row == old_row + 1 == backend.row_of("VK-2026-001")
    assert backend.cell(old_row + 1, "Stage") == "Shooting"
    assert backend.cell(old_row, "Stage") == "post-production"  # the row that moved up: untouched
    assert backend.cell(4, "Stage") == "Proposed"


def test_a_sort_after_loading_does_not_misdirect_the_write(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VT-2026-001")
    backend.sort_by_title(descending=True)
    before = snapshot(backend)

    result = backend.writer.save(
        Change("VT-2026-001", {"Notes": (was["Notes"], "Moved, still found")}), context(dataset)
    )

    row = backend.row_of("VT-2026-001")
    assert result.row == row != 4  # Hue citadel is no longer the first project
    assert backend.cell(row, "Title") == "Hue citadel"
    assert backend.cell(row, "Notes") == "Moved, still found"
    assert {r for r, _ in changed_cells(before, snapshot(backend))} == {row}


def test_a_title_that_looks_like_a_formula_is_stored_and_read_back_as_text(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VT-2026-003")

    backend.writer.save(Change("VT-2026-003", {"Title": (was["Title"], IMPORT)}), context(dataset))
    added = backend.writer.add(
        NewProject({"Title": IMPORT, "Partner": ["TASS"], "Stage": "Proposed"}), context(dataset)
    )

    reloaded = backend.load().projects.set_index("ID")
    assert reloaded.loc["VT-2026-003", "Title"] == IMPORT
    assert reloaded.loc[added.project_id, "Title"] == IMPORT
    assert backend.cell(backend.row_of(added.project_id), "Title") == IMPORT
    assert IMPORT in [r[5] for r in backend.rows("Log")]


def test_a_new_project_gets_the_next_id_of_its_partners_pattern_and_a_log_entry(
    backend: Backend,
):
    dataset = backend.load()
    project = NewProject(
        {
            "Title": "Kamchatka volcanoes",
            "Partner": ["ТАСС"],  # TASS in Cyrillic: the same partner
            "Format": "Photo story",
            "Theme": ["Green development"],
            "Stage": "Proposed",
            "Due": date(2026, 7, 1),
            "Photos": 0,
        }
    )

    result = backend.writer.add(project, context(dataset, "lan@vna"))

    assert result.project_id == "VT-2026-004"
    row = backend.row_of("VT-2026-004")
    assert result.row in (row, 0)
    assert backend.cell(row, "Deadline") == date(2026, 7, 1)
    assert backend.cell(row, "Photos") == 0
    assert backend.cell(row, "Updated by") == "lan@vna"
    assert backend.rows()[row - 1][: len(HEADER) - 2] == [
        "VT-2026-004", "Kamchatka volcanoes", "ТАСС", "Photo story", "Green development",
        "Proposed", "", "", date(2026, 7, 1), 0, "", "", "", "",
    ]  # fmt: skip
    fields = [r[3] for r in backend.rows("Log")[1:]]
    assert fields == ["ID", "Title", "Partner", "Format", "Theme", "Stage", "Due", "Photos"]


def test_a_missing_or_duplicated_id_is_refused_and_nothing_is_written(backend: Backend):
    dataset = backend.load()
    was = started(dataset, "VT-2026-003")
    backend.insert_row(5, ["VT-2026-003", "A copy-paste mistake", "TASS", "", "", "Proposed"])
    before = snapshot(backend)

    with pytest.raises(EditError, match="more than one row"):
        backend.writer.save(
            Change("VT-2026-003", {"Stage": (was["Stage"], "Planning")}), context(dataset)
        )
    with pytest.raises(EditError, match="no longer in the sheet"):
        backend.writer.save(Change("VT-2099-999", {"Stage": ("", "Planning")}), context(dataset))
    assert snapshot(backend) == before


def test_a_negative_count_is_refused(backend: Backend):
    dataset = backend.load()
    with pytest.raises(EditError, match="0 or more"):
        backend.writer.save(Change("VT-2026-001", {"Photos": (12, -3)}), context(dataset))

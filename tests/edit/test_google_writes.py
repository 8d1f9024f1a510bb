"""Saving to Google Sheets: which requests go out, and what happens when Google is slow or busy.

The real gspread client talks HTTP to the stand-in; faults and delays are injected there.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest

from lib.edit import Change, EditError, NewProject
from lib.edit.google_sheet import SheetWriter
from tests.edit.conftest import ATTEMPTS, GoogleBackend, context, started
from tests.sheets_standin import SheetsStandIn


def writes(standin: SheetsStandIn) -> list[dict[str, Any]]:
    return [r for r in standin.requests if r["method"] in ("POST", "PUT")]


def ids_in(standin: SheetsStandIn) -> list[Any]:
    return [row[0] if row else "" for row in standin.values("Projects")]


def write_bodies(standin: SheetsStandIn, endpoint: str) -> list[dict[str, Any]]:
    return [r["body"] for r in writes(standin) if r["path"].endswith(endpoint)]


def test_a_save_reads_fresh_then_writes_only_the_changed_cells_text_raw_and_dates_as_dates(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-002")
    standin.clear_requests()

    google.writer.save(
        Change(
            "VT-2026-002",
            {"Notes": (was["Notes"], "=1+1"), "Start": (was["Start"], date(2026, 1, 12))},
        ),
        context(dataset, "lan@vna"),
    )

    reads = [r for r in standin.requests if r["method"] == "GET"]
    assert reads[0]["path"].endswith("/values:batchGet")
    assert reads[0]["query"]["ranges"] == ["'Projects'!1:10", "'Projects'!A:A"]  # header + IDs
    assert reads[1]["path"].endswith("/values/'Projects'!5:5")  # the row, found by its ID
    updates = write_bodies(standin, "/values:batchUpdate")
    assert [u["valueInputOption"] for u in updates] == ["RAW", "USER_ENTERED"]
    raw, entered = updates
    assert [(d["range"], d["values"]) for d in raw["data"]] == [
        ("'Projects'!L5", [["=1+1"]]),
        ("'Projects'!O5", [[google.cell(5, "Updated")]]),
        ("'Projects'!P5", [["lan@vna"]]),
    ]
    assert [(d["range"], d["values"]) for d in entered["data"]] == [
        ("'Projects'!H5", [["2026-01-12"]])
    ]
    assert google.cell(5, "Notes") == "=1+1"
    assert standin.formula_cells("Projects") == []
    assert google.cell(5, "Start") == date(2026, 1, 12)
    appends = [r for r in writes(standin) if r["path"].endswith(":append")]
    assert len(appends) == 1 and appends[0]["query"]["valueInputOption"] == ["RAW"]
    assert appends[0]["query"]["insertDataOption"] == ["INSERT_ROWS"]


def test_the_log_tab_is_created_once_with_its_header_and_later_rows_go_below(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    for stage in ("Editing", "Partner review"):
        was = started(google.load(), "VT-2026-001")
        google.writer.save(
            Change("VT-2026-001", {"Stage": (was["Stage"], stage)}), context(dataset)
        )

    add_sheets = [b for b in write_bodies(standin, ":batchUpdate") if "requests" in b]
    assert sum("addSheet" in q for b in add_sheets for q in b["requests"]) == 1
    log = standin.values("Log")
    assert log[0][0] == "Timestamp (UTC)"
    assert [r[4:] for r in log[1:]] == [["Shooting", "Editing"], ["Editing", "Partner review"]]


def test_an_existing_log_tab_under_another_name_is_used(standin: SheetsStandIn):
    standin.set_tab("Nhật ký", [["Thời gian", "Người", "Dự án", "Trường", "Cũ", "Mới"]])
    google = GoogleBackend(standin)
    dataset = google.load()
    was = started(dataset, "VT-2026-001")

    google.writer.save(
        Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")}), context(dataset)
    )

    assert "Log" not in google.tabs()
    assert standin.values("Nhật ký")[1][2:] == ["VT-2026-001", "Stage", "Shooting", "Editing"]


def test_a_429_during_a_save_is_retried_within_bounds(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    standin.fail(429, times=ATTEMPTS - 1, match="values:batchUpdate")

    result = google.writer.save(
        Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")}), context(dataset)
    )

    assert result.saved and google.cell(4, "Stage") == "Editing"
    statuses = [r["status"] for r in writes(standin) if r["path"].endswith("values:batchUpdate")]
    assert statuses == [429] * (ATTEMPTS - 1) + [200]


def test_a_429_that_outlasts_the_retries_ends_the_save_with_a_plain_message_and_no_write(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    standin.fail(429, times=-1, match="values:batchUpdate")

    with pytest.raises(EditError, match="quota") as raised:
        google.writer.save(
            Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")}), context(dataset)
        )

    standin.clear_faults()
    assert raised.value.written == ()
    assert len([r for r in writes(standin) if "batchUpdate" in r["path"]]) == ATTEMPTS
    assert google.cell(4, "Stage") == "Shooting"
    assert "Log" not in google.tabs()


def test_a_timeout_during_a_save_is_retried_and_the_cells_are_written_once(standin: SheetsStandIn):
    google = GoogleBackend(standin, request_timeout_seconds=0.5)
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    standin.delay(1.0, times=1, match="values:batchUpdate")

    result = google.writer.save(
        Change("VT-2026-001", {"Photos": (was["Photos"], 13)}), context(dataset)
    )

    assert result.saved and google.cell(4, "Photos") == 13
    for _ in range(40):  # bounded: the held request is logged once it is answered, ~1 s in
        if len(write_bodies(standin, "values:batchUpdate")) == 2:
            break
        threading.Event().wait(0.05)
    bodies = write_bodies(standin, "values:batchUpdate")
    assert len(bodies) == 2 and bodies[0] == bodies[1]  # the slow one and its identical retry
    assert google.cell(4, "Photos") == 13
    assert len(standin.values("Log")) == 2  # header + one row


def test_an_append_that_landed_before_its_timeout_is_not_repeated(standin: SheetsStandIn):
    google = GoogleBackend(standin, request_timeout_seconds=0.5)
    dataset = google.load()
    standin.delay(0.8, times=1, match="'Projects'!A3:P:append")  # lands after the client gave up

    result = google.writer.add(
        NewProject({"Title": "Slow Google day", "Partner": ["KCNA"], "Stage": "Proposed"}),
        context(dataset),
    )

    ids = ids_in(standin)
    assert result.project_id == "VK-2026-002"
    assert ids.count("VK-2026-002") == 1
    project_appends = [r for r in writes(standin) if "'Projects'" in r["path"]]
    assert len(project_appends) == 1


def test_an_append_refused_with_a_server_error_is_tried_again_once_it_is_known_absent(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    standin.fail(503, times=1, match="'Projects'!A3:P:append")

    result = google.writer.add(
        NewProject({"Title": "Second try", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(dataset),
    )

    ids = ids_in(standin)
    assert ids.count(result.project_id) == 1
    statuses = [r["status"] for r in writes(standin) if "'Projects'" in r["path"]]
    assert statuses == [503, 200]


def test_an_append_that_never_gets_through_fails_after_bounded_attempts_without_a_row(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    standin.fail(503, times=-1, match=":append")
    writer = SheetWriter(google.source, settle_seconds=0.05)

    with pytest.raises(EditError, match="refused"):
        writer.add(
            NewProject({"Title": "Never", "Partner": ["TASS"], "Stage": "Proposed"}),
            context(dataset),
        )

    standin.clear_faults()
    assert len([r for r in writes(standin) if ":append" in r["path"]]) == 3
    assert "Never" not in [row[1] for row in standin.values("Projects") if len(row) > 1]


def test_two_people_adding_at_the_same_moment_get_different_ids(standin: SheetsStandIn):
    google = GoogleBackend(standin, request_timeout_seconds=5)
    first_data, second_data = google.load(), google.load()
    # The first append is held while the second person adds: both pick the same next ID.
    standin.delay(1.0, times=1, match="'Projects'!A3:P:append")
    results: dict[str, Any] = {}

    def first() -> None:
        results["first"] = google.writer.add(
            NewProject({"Title": "First", "Partner": ["TASS"], "Stage": "Proposed"}),
            context(first_data, "anna@tass"),
        )

    def reads() -> int:
        return sum(r["path"].endswith("values:batchGet") for r in standin.requests)

    before = reads()
    thread = threading.Thread(target=first)
    thread.start()
    for _ in range(100):  # bounded: until the first person has read the IDs
        if reads() > before:
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)  # their append is now being held
    results["second"] = google.writer.add(
        NewProject({"Title": "Second", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(second_data, "lan@vna"),
    )
    thread.join(timeout=10)

    rows = {row[1]: row[0] for row in standin.values("Projects")[3:] if len(row) > 1}
    assert rows["Second"] == "VT-2026-004" == results["second"].project_id
    assert rows["First"] == "VT-2026-005" == results["first"].project_id
    assert results["first"].renumbered_from == "VT-2026-004"
    log_ids = {r[2] for r in standin.values("Log")[1:] if r[3] == "Title"}
    assert log_ids == {"VT-2026-004", "VT-2026-005"}


def test_a_column_inserted_before_the_id_column_after_loading_is_followed(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VK-2026-001")
    rows = standin.values("Projects")
    standin.set_tab("Projects", [["", *row] if i >= 2 else row for i, row in enumerate(rows)])

    google.writer.save(
        Change("VK-2026-001", {"Stage": (was["Stage"], "Shooting")}), context(dataset)
    )

    moved = standin.values("Projects")[5]
    assert moved[1] == "VK-2026-001" and moved[6] == "Shooting"


def test_when_the_date_write_fails_after_the_text_write_the_user_is_told_what_was_saved(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    original = google.source.http.values_batch_update

    def refuse_dates(key, body):  # Google refuses the second request of the save
        if body["valueInputOption"] == "USER_ENTERED":
            standin.fail(400, times=1, match="values:batchUpdate")
        return original(key, body)

    google.source.http.values_batch_update = refuse_dates
    change = Change(
        "VT-2026-001",
        {"Stage": (was["Stage"], "Editing"), "Start": (was["Start"], date(2026, 1, 6))},
    )
    with pytest.raises(EditError, match="Already saved") as raised:
        google.writer.save(change, context(dataset))

    assert raised.value.written == ("Stage",)
    assert google.cell(4, "Stage") == "Editing"
    assert google.cell(4, "Start") == date(2026, 1, 5)
    assert [r[3] for r in standin.values("Log")[1:]] == ["Stage"]

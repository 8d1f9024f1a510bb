"""Saving to Google Sheets: which requests go out, and what happens when Google is slow or busy.

The real gspread client talks HTTP to the stand-in; faults and delays are injected there.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from lib.edit import Change, EditError, NewProject
from lib.edit.google_sheet import WRITE_ATTEMPTS, SheetWriter
from lib.schema import LOG_HEADER
from standin import SheetsStandIn
from tests.edit.conftest import ATTEMPTS, HEADER, GoogleBackend, context, started, tracker_tabs


def writes(standin: SheetsStandIn) -> list[dict[str, Any]]:
    return [r for r in standin.requests if r["method"] in ("POST", "PUT")]


def ids_in(standin: SheetsStandIn) -> list[Any]:
    return [row[0] if row else "" for row in standin.values("Projects")]


def write_bodies(standin: SheetsStandIn, endpoint: str) -> list[dict[str, Any]]:
    return [r["body"] for r in writes(standin) if r["path"].endswith(endpoint)]


def test_a_save_reads_fresh_writes_only_the_changed_cells_reads_them_back_then_logs(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-002")
    standin.clear_requests()

    result = google.writer.save(
        Change(
            "VT-2026-002",
            {"Notes": (was["Notes"], "=1+1"), "Start": (was["Start"], date(2026, 1, 12))},
        ),
        context(dataset, "lan@vna"),
    )

    assert result.saved and result.written == ("Notes", "Start")
    # header rows + the ID, Start, Notes, Updated and Updated by columns, in one request
    columns = ["'Projects'!1:10", *(f"'Projects'!{c}:{c}" for c in "AHLOP")]
    calls = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in standin.requests]
    assert calls == [
        ("GET", "values:batchGet"),  # where the project is now, and the conflict check
        ("POST", "values:batchUpdate"),  # the changed cells and the stamps
        ("GET", "values:batchGet"),  # did they land in its own row?
        ("POST", "local:batchUpdate"),  # the Log: created with its header, one row per field
        ("GET", "local"),  # the new tab's gid, for the next save
    ]
    first_read, _, check, log, _ = standin.requests
    assert first_read["query"]["ranges"] == columns == check["query"]["ranges"]
    update = standin.requests[1]["body"]
    assert update["valueInputOption"] == "USER_ENTERED"
    stamp = google.cell(5, "Updated")
    assert [(d["range"], d["values"]) for d in update["data"]] == [
        ("'Projects'!L5", [["'=1+1"]]),  # the apostrophe keeps it text
        ("'Projects'!H5", [["2026-01-12"]]),  # ISO: stored as a real date
        ("'Projects'!O5", [[f"'{stamp}"]]),
        ("'Projects'!P5", [["'lan@vna"]]),
    ]
    assert google.cell(5, "Notes") == "=1+1"
    assert standin.formula_cells("Projects") == []
    assert google.cell(5, "Start") == date(2026, 1, 12)
    kinds = [next(iter(request)) for request in log["body"]["requests"]]
    assert kinds == ["addSheet", "appendCells"]
    assert standin.values("Log")[1:] == [
        [stamp, "lan@vna", "VT-2026-002", "Notes", "Waiting for captions", "=1+1"],
        [stamp, "lan@vna", "VT-2026-002", "Start", "2026-01-10", "2026-01-12"],
    ]
    assert standin.formula_cells("Log") == []


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


PROJECTS_APPEND = '"appendCells":{"sheetId":0,'  # the Projects tab is the first, gid 0


def test_a_write_held_past_the_timeout_is_seen_landing_and_never_sent_twice(
    standin: SheetsStandIn,
):
    google = GoogleBackend(standin, request_timeout_seconds=0.5, write_settle_seconds=2.0)
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    standin.delay(1.0, times=1, match="values:batchUpdate")  # lands 0.5 s after the timeout

    result = google.writer.save(
        Change("VT-2026-001", {"Photos": (was["Photos"], 13)}), context(dataset)
    )

    assert result.saved and google.cell(4, "Photos") == 13
    assert len(write_bodies(standin, "values:batchUpdate")) == 1  # waited, never repeated
    assert [r[3:] for r in standin.values("Log")[1:]] == [["Photos", "12", "13"]]


def test_a_write_that_never_landed_is_sent_again_after_the_settle_time(standin: SheetsStandIn):
    google = GoogleBackend(standin, write_settle_seconds=0.2)
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    standin.fail(500, times=1, match="values:batchUpdate")  # refused before doing anything

    result = google.writer.save(
        Change("VT-2026-001", {"Photos": (was["Photos"], 14)}), context(dataset)
    )

    assert result.saved and google.cell(4, "Photos") == 14
    statuses = [r["status"] for r in writes(standin) if r["path"].endswith("values:batchUpdate")]
    assert statuses == [500, 200]
    assert len(standin.values("Log")) == 2


def test_a_new_project_whose_answer_was_lost_is_recognised_and_not_added_twice(
    standin: SheetsStandIn,
):
    google = GoogleBackend(standin, request_timeout_seconds=0.5, write_settle_seconds=2.0)
    dataset = google.load()
    standin.delay(0.8, times=1, match=PROJECTS_APPEND)  # lands after the client gave up

    result = google.writer.add(
        NewProject({"Title": "Slow Google day", "Partner": ["KCNA"], "Stage": "Proposed"}),
        context(dataset),
    )

    assert result.project_id == "VK-2026-002"
    assert ids_in(standin).count("VK-2026-002") == 1
    assert len([r for r in writes(standin) if PROJECTS_APPEND in str(_compact(r["body"]))]) == 1


def test_a_new_project_refused_with_a_server_error_is_added_once_it_is_known_absent(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    standin.fail(503, times=1, match=PROJECTS_APPEND)

    result = google.writer.add(
        NewProject({"Title": "Second try", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(dataset),
    )

    assert ids_in(standin).count(result.project_id) == 1
    statuses = [r["status"] for r in writes(standin) if PROJECTS_APPEND in _compact(r["body"])]
    assert statuses == [503, 200]


def test_a_new_project_that_never_gets_through_fails_after_bounded_attempts_without_a_row(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    standin.fail(503, times=-1, match=PROJECTS_APPEND)
    writer = SheetWriter(google.source, settle_seconds=0.05)

    with pytest.raises(EditError, match="refused"):
        writer.add(
            NewProject({"Title": "Never", "Partner": ["TASS"], "Stage": "Proposed"}),
            context(dataset),
        )

    standin.clear_faults()
    attempts = [r for r in writes(standin) if PROJECTS_APPEND in _compact(r["body"])]
    assert len(attempts) == WRITE_ATTEMPTS
    assert "Never" not in [row[1] for row in standin.values("Projects") if len(row) > 1]
    assert "Log" not in google.tabs()


def test_an_id_typed_into_the_sheet_while_a_project_is_added_moves_the_new_one_on(
    standin: SheetsStandIn,
):
    google = GoogleBackend(standin, request_timeout_seconds=5)
    dataset = google.load()
    # Someone types the next TASS ID into a new row just before the app's row lands.
    original = google.source.http.batch_update

    def typed_first(key, body):
        if PROJECTS_APPEND in _compact(body):
            google.insert_row(8, ["VT-2026-004", "Typed by hand", "TASS"])
        return original(key, body)

    google.source.http.batch_update = typed_first
    result = google.writer.add(
        NewProject({"Title": "From the app", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(dataset, "lan@vna"),
    )

    rows = {row[1]: row[0] for row in standin.values("Projects")[3:] if len(row) > 1}
    assert rows["Typed by hand"] == "VT-2026-004"
    assert rows["From the app"] == "VT-2026-005" == result.project_id
    assert result.renumbered_from == "VT-2026-004"
    assert {r[2] for r in standin.values("Log")[1:]} == {"VT-2026-005"}


def _compact(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) if body else ""


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


def test_a_cell_typed_into_in_the_same_instant_is_reported_with_what_the_sheet_now_holds(
    google: GoogleBackend, standin: SheetsStandIn
):
    dataset = google.load()
    was = started(dataset, "VT-2026-001")
    original = google.source.http.values_batch_update

    def colleague_types_right_after(key, body):
        answer = original(key, body)
        google.type_into("VT-2026-001", "Notes", "typed in Google Sheets")
        return answer

    google.source.http.values_batch_update = colleague_types_right_after
    result = google.writer.save(
        Change(
            "VT-2026-001",
            {"Stage": (was["Stage"], "Editing"), "Notes": (was["Notes"], "from the app")},
        ),
        context(dataset, "lan@vna"),
    )

    assert result.written == ("Stage",) and not result.saved
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.yours, conflict.current) == (
        "Notes",
        "from the app",
        "typed in Google Sheets",
    )
    assert google.cell(4, "Stage") == "Editing"
    assert google.cell(4, "Notes") == "typed in Google Sheets"
    assert [r[3] for r in standin.values("Log")[1:]] == ["Stage"]  # only what really landed


def test_new_rows_land_in_column_a_beside_side_notes_and_below_a_blank_row(standin: SheetsStandIn):
    tabs = tracker_tabs()
    side_note = [None] * 17 + ["Side note for the team"]
    standin.set_tab("Projects", [*tabs["Projects"], [], side_note])
    # A Log whose rows all have a blank Old value: a "table" guess would start at column F.
    standin.set_tab("Log", [list(LOG_HEADER), ["t", "u", "VT-2026-001", "Title", "", "Hue"]])
    google = GoogleBackend(standin)
    dataset = google.load()

    result = google.writer.add(
        NewProject({"Title": "Beside the notes", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(dataset),
    )

    rows = standin.values("Projects")
    added = next(r for r in rows if "Beside the notes" in r)
    assert added[:2] == [result.project_id, "Beside the notes"]  # under ID and Title
    assert added[HEADER.index("Stage")] == "Proposed"
    assert rows[-2][17] == "Side note for the team"  # the note is left where it was
    assert all(r[0] == "t" or r[2] == result.project_id for r in standin.values("Log")[1:])


def test_a_log_tab_with_fewer_columns_and_a_sheet_of_few_rows_are_written_within_their_grid(
    standin: SheetsStandIn,
):
    standin.resize("Projects", 7, 16)  # 7 rows: a 1:10 read would be refused
    api = GoogleBackend(standin).other
    properties = {"title": "Log", "gridProperties": {"rowCount": 5, "columnCount": 3}}
    api.batch_update(standin.key, {"requests": [{"addSheet": {"properties": properties}}]})
    google = GoogleBackend(standin)
    dataset = google.load()
    was = started(dataset, "VT-2026-001")

    result = google.writer.save(
        Change("VT-2026-001", {"Stage": (was["Stage"], "Editing")}), context(dataset)
    )

    assert result.saved
    assert standin.values("Log")[0] == list(LOG_HEADER)
    assert standin.values("Log")[1][3:] == ["Stage", "Shooting", "Editing"]
    refused = [r for r in standin.requests if r["status"] == 400]
    assert refused == []  # never asked beyond the grid

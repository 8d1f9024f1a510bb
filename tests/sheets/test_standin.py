"""Tests of the Sheets API stand-in, driven through the real gspread 6.2.1 client.

Where standin/reference/sheets-api/ holds a real recording, the recorded request is replayed
against the stand-in and the answer must equal Google's (spreadsheet ids and gids aside).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import gspread
import openpyxl
import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL

from standin import Formula, SheetsStandIn

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "standin" / "reference" / "sheets-api"
KEY = "test-key"
PROJECTS: list[list[object]] = [
    ["Code", "Title", "Start", "Budget"],
    ["P-001", "River film", date(2024, 3, 1), 1200],
    ["P-002", "Night market", date(2023, 11, 20), 800.5],
    ["P-003", "Harbour", date(2024, 1, 5), 450],
]
IMPORT = '=IMPORTXML("https://example.com", "//a")'


# --- helpers ------------------------------------------------------------------------------


def recorded(name: str) -> list[dict[str, Any]]:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))["interactions"]


def as_ours(body: Any) -> Any:
    """A recorded body with the spreadsheet id the stand-in answers to."""
    if isinstance(body, dict):
        return {k: KEY if k == "spreadsheetId" else as_ours(v) for k, v in body.items()}
    if isinstance(body, list):
        return [as_ours(item) for item in body]
    return body


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a JSON value: `sheets[].properties.gridProperties.rowCount`, …"""
    if isinstance(value, dict):
        paths = [{prefix + k} | key_paths(v, f"{prefix}{k}.") for k, v in value.items()]
        return set().union(*paths)
    if isinstance(value, list):
        return set().union(*(key_paths(item, prefix[:-1] + "[].") for item in value))
    return set()


def http_client_for(standin: SheetsStandIn, timeout: float = 5) -> HTTPClient:
    """gspread's own HTTP client, with Google's base URL swapped for the stand-in's."""

    class StandInHTTPClient(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            endpoint = endpoint.replace(SPREADSHEETS_API_V4_BASE_URL, standin.base_url)
            return super().request(method, endpoint, *args, **kwargs)

    client = gspread.Client(AnonymousCredentials(), http_client=StandInHTTPClient)
    client.set_timeout(timeout)
    return client.http_client


def replay(api: HTTPClient, request: dict[str, Any], body: Any = None) -> Any:
    """Send a recorded request through gspread's matching method."""
    url = urlsplit(request["uri"])
    query = parse_qs(url.query)
    params = {name: values[0] for name, values in query.items() if name != "ranges"}
    body = request["body"] if body is None else body
    _, _, rest = url.path.partition("/values")
    if url.path.endswith(":batchUpdate"):
        return api.batch_update(KEY, body)
    if rest == ":batchGet":
        return api.values_batch_get(KEY, query["ranges"], params=params)
    a1 = unquote(rest.removeprefix("/").removesuffix(":append").removesuffix(":clear"))
    if rest.endswith(":clear"):
        return api.values_clear(KEY, a1)
    if request["method"] == "PUT":
        return api.values_update(KEY, a1, params=params, body=body)
    if request["method"] == "POST":
        return api.values_append(KEY, a1, params=params, body=body)
    return api.values_get(KEY, a1, params=params)


def add_sheet(api: HTTPClient, title: str, rows: int = 1000, columns: int = 26) -> None:
    grid = {"rowCount": rows, "columnCount": columns}
    properties = {"title": title, "gridProperties": grid}
    api.batch_update(KEY, {"requests": [{"addSheet": {"properties": properties}}]})


def api_error(call: Callable[[], object]) -> APIError:
    with pytest.raises(APIError) as caught:
        call()
    return caught.value


def status_of(call: Callable[[], object]) -> int:
    try:
        call()
    except APIError as error:
        return error.response.status_code
    return 200


def sheet_properties(api: HTTPClient) -> list[dict[str, Any]]:
    return [sheet["properties"] for sheet in api.fetch_sheet_metadata(KEY)["sheets"]]


def rows_request(kind: str, start: int, end: int) -> dict[str, Any]:
    span = {"sheetId": 0, "dimension": "ROWS", "startIndex": start, "endIndex": end}
    return {"requests": [{kind: {"range": span}}]}


def refused_within(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except ConnectionRefusedError:
            return True
        except ConnectionResetError:
            pass  # closed while this connection waited to be accepted: try again
        time.sleep(0.05)
    return False


@pytest.fixture
def standin() -> Iterator[SheetsStandIn]:
    with SheetsStandIn({"Projects": PROJECTS}, key=KEY, lifetime_seconds=60) as running:
        yield running


@pytest.fixture
def api(standin: SheetsStandIn) -> HTTPClient:
    return http_client_for(standin)


# --- metadata -------------------------------------------------------------------------------

NOT_EMULATED = (
    "properties.defaultFormat",
    "properties.spreadsheetTheme",
    "sheets[].properties.hidden",
)


def test_metadata_has_the_recorded_shape_wherever_it_is_emulated(standin, api):
    standin.set_tab("finances", [])
    metadata = api.fetch_sheet_metadata(KEY)
    google = recorded("01_spreadsheets_get_metadata.json")[0]["response"]["body"]
    emulated = {path for path in key_paths(google) if not path.startswith(NOT_EMULATED)}
    assert key_paths(metadata) == emulated
    assert metadata["properties"]["locale"] == "en_US"
    assert metadata["properties"]["timeZone"] == "Asia/Ho_Chi_Minh"
    assert metadata["spreadsheetUrl"] == f"https://docs.google.com/spreadsheets/d/{KEY}/edit"


def test_the_first_tab_has_gid_0_and_the_others_stable_non_zero_gids(standin, api):
    standin.set_tab("Partners", [["Name"]])
    standin.set_tab("Budget", [["Line"]])
    with SheetsStandIn({"Projects": [], "Partners": [], "Budget": []}, key=KEY) as other:
        other_gids = [props["sheetId"] for props in sheet_properties(http_client_for(other))]
    gids = [props["sheetId"] for props in sheet_properties(api)]
    assert gids[0] == 0
    assert all(gids[1:]) and len(set(gids)) == 3
    assert gids == other_gids
    assert [props["index"] for props in sheet_properties(api)] == [0, 1, 2]


def test_an_unknown_spreadsheet_key_is_answered_with_the_recorded_404(api):
    not_found = recorded("06_errors_404_403_400.json")[0]["response"]["body"]
    for call in (
        lambda: api.fetch_sheet_metadata("no-such-key"),
        lambda: api.values_get("no-such-key", "Projects"),
    ):
        error = api_error(call)
        assert error.response.status_code == 404
        assert error.response.json() == not_found


# --- reading ----------------------------------------------------------------------------------

RENDER_READS = recorded("02_values_get_render_options.json")[2:]


def test_an_empty_range_is_answered_without_a_values_key(api):
    empty_read = recorded("02_values_get_render_options.json")[0]
    add_sheet(api, "Sheet1", rows=2, columns=4)
    assert replay(api, empty_read["request"]) == empty_read["response"]["body"]


@pytest.mark.parametrize(
    "read",
    RENDER_READS,
    ids=[urlsplit(read["request"]["uri"]).query for read in RENDER_READS],
)
def test_each_render_option_combination_answers_like_the_recorded_one(api, read):
    write = recorded("02_values_get_render_options.json")[1]
    # The recording wrote =4/2 and =3/2; the stand-in never evaluates, so write the results.
    values = [[2, "2020-01-01", "string", 53], [1.5, 0.12, "1999-01-02", ""]]
    add_sheet(api, "Sheet1", rows=2, columns=4)
    assert replay(api, write["request"], {"values": values}) == as_ours(write["response"]["body"])
    assert replay(api, read["request"]) == read["response"]["body"]


def test_typed_cells_render_as_google_renders_them(standin, api):
    standin.set_tab("Typed", [[date(2020, 1, 1), datetime(2020, 1, 1, 6), 2.0, 0.25, "x", 7, True]])

    def read(**params: str) -> list[Any]:
        return api.values_get(KEY, "Typed!A1:G1", params=params)["values"][0]

    unformatted = read(valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="SERIAL_NUMBER")
    assert unformatted == [43831, 43831.25, 2, 0.25, "x", 7, True]
    assert type(unformatted[2]) is int  # an integral float is sent as 2, not 2.0
    assert read(valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING") == [
        "2020-01-01",
        "2020-01-01 06:00:00",
        2,
        0.25,
        "x",
        7,
        True,
    ]
    assert read() == ["2020-01-01", "2020-01-01 06:00:00", "2", "0.25", "x", "7", "TRUE"]


def test_batch_get_answers_like_the_recorded_batch_get(api):
    write, read, _ = recorded("03_values_batchGet.json")
    add_sheet(api, "Sheet1")
    assert replay(api, write["request"]) == as_ours(write["response"]["body"])
    assert replay(api, read["request"]) == as_ours(read["response"]["body"])


def test_add_sheet_and_whole_column_reads_answer_like_the_recorded_ones(api):
    add = recorded("07_batchUpdate.json")[0]
    reply = replay(api, add["request"])
    expected = as_ours(add["response"]["body"])
    gid = reply["replies"][0]["addSheet"]["properties"]["sheetId"]
    expected["replies"][0]["addSheet"]["properties"]["sheetId"] = gid
    assert reply == expected
    fruit = {"values": [["🍇", "🍉", "🍋"], ["🍐", "🍎", "🍓"]]}
    api.values_update(KEY, "'🌵 test_values_batch_get 1'!A1", {"valueInputOption": "RAW"}, fruit)
    columns = recorded("03_values_batchGet.json")[2]
    assert replay(api, columns["request"]) == as_ours(columns["response"]["body"])


def test_trailing_blank_cells_and_rows_are_left_out_like_recorded(api):
    write, read = recorded("04_values_update_and_trailing_blanks.json")
    add_sheet(api, "Sheet1", rows=6, columns=4)
    assert replay(api, write["request"]) == as_ours(write["response"]["body"])
    assert replay(api, read["request"]) == read["response"]["body"]


@pytest.mark.parametrize(
    ("requested", "answered"),
    [
        ("Projects", "Projects!A1:Z1000"),
        ("'Projects'!A1:D5", "Projects!A1:D5"),
        ("Projects!A:C", "Projects!A1:C1000"),
        ("Projects!A2:2", "Projects!A2:Z2"),
        ("Projects!A5", "Projects!A5"),
        ("Projects!A3:Z", "Projects!A3:Z1000"),
        ("projects!B2:B3", "Projects!B2:B3"),
        ("A1:B2", "Projects!A1:B2"),
    ],
)
def test_a1_ranges_are_answered_bounded_by_the_grid(api, requested, answered):
    assert api.values_get(KEY, requested)["range"] == answered


def test_titles_that_need_quotes_are_answered_quoted_as_google_quotes_them(standin, api):
    standin.set_tab("My tab", [["a", "b"], ["c", "d"]])
    standin.set_tab("Bob's", [["x"]])
    assert api.values_get(KEY, "'My tab'!A1:B2") == {
        "range": "'My tab'!A1:B2",
        "majorDimension": "ROWS",
        "values": [["a", "b"], ["c", "d"]],
    }
    assert api.values_get(KEY, "'Bob''s'!A1")["range"] == "'Bob''s'!A1"


def test_an_unknown_tab_is_refused_with_the_recorded_unable_to_parse_range(api):
    unparsable = recorded("08_errors_429_403_from_gargle.json")[3]["response"]["body"]
    error = api_error(lambda: api.values_batch_get(KEY, ["NOPE!A5:F15"]))
    assert error.response.status_code == 400
    assert error.response.json() == unparsable


def test_an_unknown_render_option_is_refused_as_invalid_argument(api):
    error = api_error(lambda: api.values_get(KEY, "Projects", {"valueRenderOption": "PRETTY"}))
    assert error.response.status_code == 400
    assert error.response.json()["error"]["status"] == "INVALID_ARGUMENT"


# --- writing -------------------------------------------------------------------------------------


def test_append_answers_like_the_recorded_appends(api):
    into_empty, with_table_range, read_back = recorded("05_values_append.json")
    add_sheet(api, "Sheet1")
    assert replay(api, into_empty["request"]) == as_ours(into_empty["response"]["body"])
    assert replay(api, with_table_range["request"]) == as_ours(with_table_range["response"]["body"])
    assert replay(api, read_back["request"]) == read_back["response"]["body"]


def test_append_writes_after_the_last_row_of_the_table(standin, api):
    row = ["P-004", "Delta", "2024-05-01", "300"]
    params = {"valueInputOption": "USER_ENTERED"}
    answer = api.values_append(KEY, "'Projects'", params, {"values": [row]})
    assert answer["tableRange"] == "Projects!A1:D4"
    assert answer["updates"]["updatedRange"] == "Projects!A5:D5"
    assert standin.values("Projects")[4] == ["P-004", "Delta", date(2024, 5, 1), 300]


@pytest.mark.parametrize(
    ("option", "notes_row"),
    [("INSERT_ROWS", 6), ("OVERWRITE", 5)],
)
def test_insert_rows_pushes_down_what_lies_below_while_overwrite_writes_over_it(
    standin, api, option, notes_row
):
    # A blank row between: notes touching the table would be part of Google's "table".
    standin.set_tab("Projects", [*PROJECTS, [], ["Notes below the table"]])
    params = {"valueInputOption": "RAW", "insertDataOption": option}
    api.values_append(KEY, "'Projects'!A1:D4", params, {"values": [["P-004"]]})
    first_column = [row[0] if row else "" for row in standin.values("Projects")]
    assert first_column[4] == "P-004"
    notes = [i for i, value in enumerate(first_column) if value == "Notes below the table"]
    assert notes == ([] if notes_row is None else [notes_row])


def test_values_batch_update_answers_with_totals_and_one_response_per_range(standin, api):
    body = {
        "valueInputOption": "USER_ENTERED",
        "data": [
            {"range": "'Projects'!B2", "values": [["River film (cut)"]]},
            {"range": "'Projects'!D2", "values": [["1300"]]},
        ],
    }
    answer = api.values_batch_update(KEY, body)
    put_answer = recorded("04_values_update_and_trailing_blanks.json")[0]["response"]["body"]
    assert [set(response) for response in answer["responses"]] == [set(put_answer)] * 2
    totals = {name: value for name, value in answer.items() if name.startswith("total")}
    assert totals == {
        "totalUpdatedRows": 1,
        "totalUpdatedColumns": 2,
        "totalUpdatedCells": 2,
        "totalUpdatedSheets": 1,
    }
    assert standin.values("Projects")[1] == ["P-001", "River film (cut)", date(2024, 3, 1), 1300]


def test_raw_input_keeps_formula_text_as_a_plain_string(standin, api):
    api.values_update(KEY, "'Projects'!B2", {"valueInputOption": "RAW"}, {"values": [[IMPORT]]})
    assert standin.values("Projects")[1][1] == IMPORT
    assert standin.formula_cells("Projects") == []
    for option in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
        read = api.values_get(KEY, "Projects!B2", {"valueRenderOption": option})
        assert read["values"] == [[IMPORT]]


def test_user_entered_input_starting_with_equals_becomes_an_unevaluated_formula(standin, api):
    params = {"valueInputOption": "USER_ENTERED"}
    api.values_update(KEY, "'Projects'!B2", params, {"values": [[IMPORT]]})
    assert standin.formula_cells("Projects") == [(1, 1, IMPORT)]
    assert standin.values("Projects")[1][1] == Formula(IMPORT)
    rendered = {
        option: api.values_get(KEY, "Projects!B2", {"valueRenderOption": option})["values"]
        for option in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
    }
    assert rendered == {
        "FORMATTED_VALUE": [["#NAME?"]],
        "UNFORMATTED_VALUE": [["#NAME?"]],
        "FORMULA": [[IMPORT]],
    }


def test_user_entered_input_is_parsed_the_way_typing_into_a_cell_is(standin, api):
    typed = [
        "42",
        "3.5",
        "2024-02-29",
        "2024-02-29 13:30:00",
        "TRUE",
        "'007",
        "'=1+1",
        "2024-02-30",
    ]
    params = {"valueInputOption": "USER_ENTERED"}
    api.values_update(KEY, "'Projects'!A6", params, {"values": [typed]})
    assert standin.values("Projects")[5] == [
        42,
        3.5,
        date(2024, 2, 29),
        datetime(2024, 2, 29, 13, 30),
        True,
        "007",
        "=1+1",
        "2024-02-30",
    ]
    assert standin.formula_cells("Projects") == []


def test_raw_input_stores_strings_exactly_as_sent(standin, api):
    api.values_update(
        KEY, "'Projects'!A6", {"valueInputOption": "RAW"}, {"values": [["42", "2024-02-29"]]}
    )
    assert standin.values("Projects")[5] == ["42", "2024-02-29"]


def test_writing_an_empty_string_clears_the_cell_and_null_leaves_it_alone(standin, api):
    body = {"values": [["", None]]}
    api.values_update(KEY, "'Projects'!A2:B2", {"valueInputOption": "RAW"}, body)
    assert standin.values("Projects")[1] == ["", "River film", date(2024, 3, 1), 1200]


def test_writing_past_the_grid_is_refused_with_googles_grid_limits_message(api):
    error = api_error(
        lambda: api.values_update(
            KEY, "'Projects'!AA1002", {"valueInputOption": "RAW"}, {"values": [["far"]]}
        )
    )
    assert error.response.status_code == 400
    assert error.response.json()["error"] == {
        "code": 400,
        "message": "Range (Projects!AA1002) exceeds grid limits. Max rows: 1000, max columns: 26",
        "status": "INVALID_ARGUMENT",
    }
    assert sheet_properties(api)[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}


def test_a_write_that_spills_past_the_grid_from_a_cell_inside_it_is_refused(api):
    body = {"values": [["a", "b", "c"]]}
    assert (
        status_of(
            lambda: api.values_update(KEY, "'Projects'!Y1", {"valueInputOption": "RAW"}, body)
        )
        == 400
    )


@pytest.mark.parametrize(
    ("requested", "refused"),
    [
        ("'Small'!1:10", True),  # the header search of a 6-row sheet
        ("'Small'!A1:C6", False),
        ("'Small'!A1:D1", True),
        ("'Small'!A7:A", True),
        ("'Small'!A:A", False),  # open edges are bounded by the grid, never refused
        ("'Small'!A2:C", False),
        ("Small", False),
    ],
)
def test_reads_beyond_the_grid_are_refused_and_open_ranges_are_bounded(api, requested, refused):
    add_sheet(api, "Small", rows=6, columns=3)
    status = status_of(lambda: api.values_get(KEY, requested))
    assert status == (400 if refused else 200)
    if refused:
        message = api_error(lambda: api.values_get(KEY, requested)).response.json()["error"]
        assert message["message"].endswith("exceeds grid limits. Max rows: 6, max columns: 3")


def test_append_places_the_row_below_the_table_google_finds_as_recorded(api):
    # Two recorded runs on a cleared Sheet1: an append to the whole tab lands at C2 after a
    # first row [x, "", y]; an append to A1 lands at A2.
    add_sheet(api, "Sheet1")
    for interaction in recorded("09_values_append_table_detection.json"):
        answer = replay(api, interaction["request"])
        assert answer == as_ours(interaction["response"]["body"])


def test_append_after_a_blank_row_starts_at_the_first_column_of_the_block_below(standin, api):
    standin.set_tab("Log", [["Timestamp", "User"], [], [None, None, "note", "more"]])
    answer = api.values_append(
        KEY, "'Log'", {"valueInputOption": "RAW"}, {"values": [["2026-03-01", "lan"]]}
    )
    assert answer["tableRange"] == "Log!C3:D3"
    assert answer["updates"]["updatedRange"] == "Log!C4:D4"


def test_append_cells_writes_from_the_first_column_after_the_last_row_with_data(standin, api):
    standin.set_tab("Log", [["Timestamp", "User"], [], [None, None, "note"]])
    gid = next(p["sheetId"] for p in sheet_properties(api) if p["title"] == "Log")
    rows = [
        {
            "values": [
                {"userEnteredValue": {"stringValue": "=1+1"}},
                {},
                {
                    "userEnteredValue": {"numberValue": 46082},
                    "userEnteredFormat": {"numberFormat": {"type": "DATE"}},
                },
                {"userEnteredValue": {"numberValue": 7.5}},
            ]
        }
    ]
    request = {"appendCells": {"sheetId": gid, "rows": rows, "fields": "userEnteredValue"}}
    answer = api.batch_update(KEY, {"requests": [request]})
    assert answer["replies"] == [{}]
    assert standin.values("Log")[3] == ["=1+1", "", date(2026, 3, 1), 7.5]
    assert standin.formula_cells("Log") == []  # a stringValue is text, never a formula


def test_append_cells_wider_than_the_grid_is_refused_until_columns_are_added(standin, api):
    add_sheet(api, "Narrow", rows=5, columns=2)
    gid = next(p["sheetId"] for p in sheet_properties(api) if p["title"] == "Narrow")
    cells = [{"userEnteredValue": {"stringValue": v}} for v in "abc"]
    append = {"appendCells": {"sheetId": gid, "rows": [{"values": cells}], "fields": "*"}}
    assert status_of(lambda: api.batch_update(KEY, {"requests": [append]})) == 400
    grow = {"appendDimension": {"sheetId": gid, "dimension": "COLUMNS", "length": 1}}
    api.batch_update(KEY, {"requests": [grow, append]})
    assert standin.values("Narrow") == [["a", "b", "c"]]


def test_a_fault_after_the_request_is_applied_still_changes_the_sheet(standin, api):
    standin.fail(500, match=":batchUpdate", after=True)
    body = {"valueInputOption": "RAW", "data": [{"range": "'Projects'!B2", "values": [["X"]]}]}
    assert status_of(lambda: api.values_batch_update(KEY, body)) == 500
    assert standin.values("Projects")[1][1] == "X"


def test_a_request_whose_answer_is_held_is_applied_though_the_client_times_out(standin):
    standin.delay(1.0, match=":batchUpdate", after=True)
    body = {"valueInputOption": "RAW", "data": [{"range": "'Projects'!B2", "values": [["Y"]]}]}
    with pytest.raises(requests.Timeout):
        http_client_for(standin, timeout=0.3).values_batch_update(KEY, body)
    assert standin.values("Projects")[1][1] == "Y"  # applied before the answer was held


def test_a_request_held_past_the_timeout_lands_after_the_client_gave_up(standin):
    standin.delay(0.8, match=":batchUpdate")
    body = {"valueInputOption": "RAW", "data": [{"range": "'Projects'!B2", "values": [["Z"]]}]}
    with pytest.raises(requests.Timeout):
        http_client_for(standin, timeout=0.3).values_batch_update(KEY, body)
    assert standin.values("Projects")[1][1] == "River film"  # not yet
    deadline = time.monotonic() + 3
    while standin.values("Projects")[1][1] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert standin.values("Projects")[1][1] == "Z"


def test_writing_more_than_an_explicit_range_holds_is_refused(api):
    body = {"values": [["a"], ["b"]]}
    error = api_error(
        lambda: api.values_update(KEY, "'Projects'!A1:B1", {"valueInputOption": "RAW"}, body)
    )
    assert error.response.status_code == 400
    assert error.response.json()["error"]["message"] == (
        "Requested writing within range ['Projects'!A1:B1], but tried writing to row [2]"
    )


def test_a_write_without_value_input_option_is_refused_as_google_refuses_it(api):
    error = api_error(lambda: api.values_update(KEY, "'Projects'!A1", {}, {"values": [["x"]]}))
    assert error.response.json()["error"]["message"] == (
        "'valueInputOption' is required but not specified"
    )


# --- spreadsheets:batchUpdate --------------------------------------------------------------------


def test_inserting_a_row_above_a_project_shifts_it_down(standin, api):
    answer = api.batch_update(KEY, rows_request("insertDimension", 1, 2))
    assert answer == {"spreadsheetId": KEY, "replies": [{}]}
    assert api.values_get(KEY, "Projects!A1:A3")["values"] == [["Code"], [], ["P-001"]]
    assert sheet_properties(api)[0]["gridProperties"]["rowCount"] == 1001


def test_deleting_rows_removes_them_and_shrinks_the_grid(standin, api):
    answer = api.batch_update(KEY, rows_request("deleteDimension", 1, 3))
    assert answer == {"spreadsheetId": KEY, "replies": [{}]}
    assert [row[0] for row in standin.values("Projects")] == ["Code", "P-003"]
    assert sheet_properties(api)[0]["gridProperties"]["rowCount"] == 998


@pytest.mark.parametrize(
    ("order", "codes"),
    [
        ("ASCENDING", ["P-003", "P-002", "P-001", "P-004"]),
        ("DESCENDING", ["P-001", "P-002", "P-003", "P-004"]),
    ],
)
def test_sort_range_orders_rows_by_a_column_with_blanks_last(standin, api, order, codes):
    standin.set_tab("Projects", [*PROJECTS, ["P-004", "No budget yet", date(2024, 6, 1)]])
    grid = {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 5, "endColumnIndex": 4}
    sort = {"range": grid, "sortSpecs": [{"dimensionIndex": 3, "sortOrder": order}]}
    answer = api.batch_update(KEY, {"requests": [{"sortRange": sort}]})
    assert answer == {"spreadsheetId": KEY, "replies": [{}]}
    rows = standin.values("Projects")
    assert rows[0] == PROJECTS[0]
    assert [row[0] for row in rows[1:]] == codes


def test_an_unknown_request_kind_is_refused_and_nothing_in_the_batch_is_applied(api):
    batch = {"requests": [{"addSheet": {"properties": {"title": "New"}}}, {"mergeCells": {}}]}
    error = api_error(lambda: api.batch_update(KEY, batch))
    assert error.response.status_code == 400
    assert error.response.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert '"mergeCells"' in error.response.json()["error"]["message"]
    assert [props["title"] for props in sheet_properties(api)] == ["Projects"]


def test_adding_a_sheet_whose_title_is_taken_is_refused(api):
    batch = {"requests": [{"addSheet": {"properties": {"title": "Projects"}}}]}
    assert status_of(lambda: api.batch_update(KEY, batch)) == 400


# --- faults and delays ----------------------------------------------------------------------------

GOOGLE_500 = {
    "error": {"code": 500, "message": "Internal error encountered.", "status": "INTERNAL"}
}
FAULT_BODIES = {
    429: recorded("08_errors_429_403_from_gargle.json")[0]["response"]["body"],
    500: GOOGLE_500,
    403: recorded("06_errors_404_403_400.json")[1]["response"]["body"],
    404: recorded("06_errors_404_403_400.json")[0]["response"]["body"],
}


@pytest.mark.parametrize("status", FAULT_BODIES)
def test_an_injected_fault_answers_with_googles_error_body(standin, api, status):
    standin.fail(status)
    error = api_error(lambda: api.fetch_sheet_metadata(KEY))
    assert error.response.status_code == status
    assert error.response.json() == FAULT_BODIES[status]
    assert "Retry-After" not in error.response.headers  # Google sent none with its 429
    assert api.fetch_sheet_metadata(KEY)["spreadsheetId"] == KEY


def test_a_fault_answers_exactly_as_many_requests_as_asked(standin, api):
    standin.fail(429, times=2)
    statuses = [status_of(lambda: api.fetch_sheet_metadata(KEY)) for _ in range(3)]
    assert statuses == [429, 429, 200]


def test_a_fault_with_times_minus_one_lasts_until_faults_are_cleared(standin, api):
    standin.fail(500, times=-1)
    assert [status_of(lambda: api.fetch_sheet_metadata(KEY)) for _ in range(3)] == [500] * 3
    standin.clear_faults()
    assert status_of(lambda: api.fetch_sheet_metadata(KEY)) == 200


def test_a_fault_hits_only_requests_whose_path_and_query_match(standin, api):
    standin.fail(500, match="values:batchGet")
    standin.fail(403, match="'Projects'!B2")  # matched against the decoded path too
    assert status_of(lambda: api.fetch_sheet_metadata(KEY)) == 200
    assert status_of(lambda: api.values_get(KEY, "'Projects'!A1")) == 200
    assert status_of(lambda: api.values_get(KEY, "'Projects'!B2")) == 403
    assert status_of(lambda: api.values_batch_get(KEY, ["Projects"])) == 500


def test_fail_refuses_a_status_that_is_not_an_http_error(standin):
    for status in (200, 302, 999):
        with pytest.raises(ValueError):
            standin.fail(status)


def test_a_delayed_request_does_not_hold_up_other_requests(standin):
    standin.delay(0.5, match="values:batchGet")
    slow_api, fast_api = http_client_for(standin), http_client_for(standin)
    slow_seconds: list[float] = []

    def slow_read() -> None:
        started = time.monotonic()
        slow_api.values_batch_get(KEY, ["Projects"])
        slow_seconds.append(time.monotonic() - started)

    slow = threading.Thread(target=slow_read, daemon=True)
    slow.start()
    time.sleep(0.1)  # let the slow request reach the stand-in first
    started = time.monotonic()
    fast_api.fetch_sheet_metadata(KEY)
    fast_seconds = time.monotonic() - started
    answered_meanwhile = slow.is_alive()
    slow.join(timeout=5)
    assert answered_meanwhile and fast_seconds < 0.3
    assert slow_seconds and 0.5 <= slow_seconds[0] < 2
    assert [entry["path"] for entry in standin.requests] == [
        f"/v4/spreadsheets/{KEY}",
        f"/v4/spreadsheets/{KEY}/values:batchGet",
    ]


def test_the_request_log_records_method_path_query_body_and_status(standin, api):
    api.fetch_sheet_metadata(KEY)
    api.values_get(KEY, "'Projects'!A1:B2", {"valueRenderOption": "FORMULA"})
    api.values_update(KEY, "'Projects'!E1", {"valueInputOption": "RAW"}, {"values": [["Notes"]]})
    standin.fail(429)
    status_of(lambda: api.values_batch_get(KEY, ["Projects", "'My tab'"]))
    base = f"/v4/spreadsheets/{KEY}"
    assert standin.requests == [
        {
            "method": "GET",
            "path": base,
            "query": {"includeGridData": ["false"]},
            "body": None,
            "status": 200,
        },
        {
            "method": "GET",
            "path": f"{base}/values/'Projects'!A1:B2",
            "query": {"valueRenderOption": ["FORMULA"]},
            "body": None,
            "status": 200,
        },
        {
            "method": "PUT",
            "path": f"{base}/values/'Projects'!E1",
            "query": {"valueInputOption": ["RAW"]},
            "body": {"values": [["Notes"]]},
            "status": 200,
        },
        {
            "method": "GET",
            "path": f"{base}/values:batchGet",
            "query": {"ranges": ["Projects", "'My tab'"]},
            "body": None,
            "status": 429,
        },
    ]
    standin.clear_requests()
    assert standin.requests == []


def test_the_http_controls_inject_faults_and_delays_and_read_the_log(standin, api):
    controls = standin.base_url.replace("/v4/spreadsheets", "/_standin")
    fail = {"status": 503, "times": 1, "match": "values"}
    assert requests.post(f"{controls}/fail", json=fail, timeout=5).status_code == 200
    assert status_of(lambda: api.fetch_sheet_metadata(KEY)) == 200
    error = api_error(lambda: api.values_get(KEY, "Projects"))
    assert error.response.json()["error"] == {
        "code": 503,
        "message": "The service is currently unavailable.",
        "status": "UNAVAILABLE",
    }
    requests.post(f"{controls}/fail", json={"status": 500, "times": -1}, timeout=5)
    requests.post(f"{controls}/reset", timeout=5)
    requests.post(f"{controls}/delay", json={"seconds": 0.3}, timeout=5)
    started = time.monotonic()
    assert status_of(lambda: api.fetch_sheet_metadata(KEY)) == 200
    assert time.monotonic() - started >= 0.3
    log = requests.get(f"{controls}/requests", timeout=5).json()
    assert [entry["status"] for entry in log] == [200, 503, 200]  # control calls not logged
    assert requests.delete(f"{controls}/requests", timeout=5).status_code == 200
    assert standin.requests == []
    assert requests.post(f"{controls}/fail", json={}, timeout=5).status_code == 400


# --- the server --------------------------------------------------------------------------------


def test_the_server_listens_on_127_0_0_1_only(standin):
    assert standin.base_url == f"http://127.0.0.1:{standin.port}/v4/spreadsheets"
    socket.create_connection(("127.0.0.1", standin.port), timeout=1).close()
    with pytest.raises(ConnectionRefusedError):  # another loopback address: nobody listens
        socket.create_connection(("127.0.0.2", standin.port), timeout=1)


def test_the_server_stops_by_itself_when_its_lifetime_ends():
    started = time.monotonic()
    standin = SheetsStandIn({"Projects": PROJECTS}, lifetime_seconds=1).start()
    try:
        assert http_client_for(standin).fetch_sheet_metadata("local")["sheets"]
        assert refused_within(standin.port, seconds=5)
        assert time.monotonic() - started >= 0.9
    finally:
        standin.stop()


def test_stop_returns_promptly_while_a_request_is_being_delayed(standin):
    standin.delay(30)
    slow_api = http_client_for(standin, timeout=60)
    slow = threading.Thread(target=lambda: slow_api.fetch_sheet_metadata(KEY), daemon=True)
    slow.start()
    time.sleep(0.2)
    started = time.monotonic()
    standin.stop()
    assert time.monotonic() - started < 1
    slow.join(timeout=5)
    assert not slow.is_alive()
    assert refused_within(standin.port, seconds=1)


def test_the_command_line_serves_a_workbook_until_its_lifetime_ends(tmp_path):
    path = tmp_path / "projects.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Projects"
    book.active.append(["Code", "Start"])
    book.active.append(["P-001", date(2024, 3, 1)])
    book.save(path)
    command = [sys.executable, "-m", "standin", "--workbook", str(path)]
    command += ["--port", "0", "--key", "cli", "--lifetime", "3"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        read = requests.get(f"{base_url}/cli/values/Projects", timeout=5).json()
        log = requests.get(base_url.replace("/v4/spreadsheets", "/_standin/requests"), timeout=5)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert read["values"] == [["Code", "Start"], ["P-001", "2024-03-01"]]
    assert [(entry["method"], entry["path"]) for entry in log.json()] == [
        ("GET", "/v4/spreadsheets/cli/values/Projects")
    ]
    assert time.monotonic() - started < 15


# --- the Python API ------------------------------------------------------------------------------


def test_an_xlsx_workbook_becomes_the_spreadsheets_tabs_with_dates_kept(tmp_path):
    path = tmp_path / "projects.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Projects"
    book.active.append(["Code", "Start", "Call time", "Budget"])
    book.active.append(["P-001", date(2024, 3, 1), datetime(2024, 3, 1, 9, 30), 1200])
    book.create_sheet("Partners").append(["Name"])
    book.save(path)
    standin = SheetsStandIn.from_workbook(path)
    assert standin.values("Projects")[1] == [
        "P-001",
        date(2024, 3, 1),
        datetime(2024, 3, 1, 9, 30),
        1200,
    ]
    assert standin.values("Partners") == [["Name"]]


def test_a_csv_file_becomes_a_projects_tab_parsed_as_typed(tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text("Code,Start,Budget\nP-001,2024-03-01,1200\nP-002,,\n", encoding="utf-8")
    standin = SheetsStandIn.from_workbook(path, key="csv")
    assert standin.key == "csv"
    assert standin.values("Projects") == [
        ["Code", "Start", "Budget"],
        ["P-001", date(2024, 3, 1), 1200],
        ["P-002"],
    ]


def test_set_tab_replaces_a_tabs_cells_and_keeps_its_gid(standin, api):
    standin.set_tab("Partners", [["Name"]])
    gids = [props["sheetId"] for props in sheet_properties(api)]
    standin.set_tab("Partners", [["Name", "Country"], ["Acme", "VN"]])
    assert standin.values("Partners") == [["Name", "Country"], ["Acme", "VN"]]
    assert [props["sheetId"] for props in sheet_properties(api)] == gids


def test_rename_tab_keeps_the_gid_and_the_old_title_stops_parsing(standin, api):
    standin.set_tab("Cam kết", [["Partner"]])
    gid = sheet_properties(api)[1]["sheetId"]
    standin.rename_tab("Cam kết", "Commitments")
    renamed = sheet_properties(api)[1]
    assert (renamed["sheetId"], renamed["title"]) == (gid, "Commitments")
    assert status_of(lambda: api.values_batch_get(KEY, ["'Cam kết'"])) == 400
    assert api.values_get(KEY, "Commitments")["values"] == [["Partner"]]
    with pytest.raises(ValueError, match="already exists"):
        standin.rename_tab("Commitments", "Projects")


def test_an_injected_400_carries_googles_invalid_argument_wording(standin, api):
    standin.fail(400)
    error = api_error(lambda: api.fetch_sheet_metadata(KEY))
    assert error.response.json() == {
        "error": {
            "code": 400,
            "message": "Request contains an invalid argument.",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_values_shows_inner_blanks_as_empty_strings_and_formula_cells_lists_formulas():
    standin = SheetsStandIn({"T": [["a", None, "c", None], [], [Formula("=1"), "", "="]]})
    assert standin.values("T") == [["a", "", "c"], [], [Formula("=1"), "", "="]]
    assert standin.formula_cells("T") == [(2, 0, "=1")]

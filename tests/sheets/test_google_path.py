"""The Google path end to end: the real gspread client over HTTP against the Sheets stand-in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.cli import main
from lib.config import Settings
from lib.demo import write_demo_workbook
from lib.model import ReadOptions
from lib.normalize import normalize
from lib.sources import MissingProjectsTab, SourceError
from lib.sources.google_sheet import GoogleSheetSource, credentials_for, spreadsheet_key
from lib.sources.workbook import WorkbookSource
from standin import SheetsStandIn

AS_OF = date(2026, 3, 1)
ATTEMPTS = 3


def google_settings(standin: SheetsStandIn, **overrides) -> Settings:
    values = {
        "spreadsheet": standin.key,
        "sheets_api_base": standin.base_url,
        "retry_attempts": ATTEMPTS,
        "retry_base_seconds": 0.01,
        "request_timeout_seconds": 2.0,
    }
    return Settings(**(values | overrides))


@pytest.fixture
def demo_xlsx(tmp_path: Path) -> Path:
    return write_demo_workbook(tmp_path / "demo.xlsx", AS_OF)


@pytest.fixture
def standin(messy_xlsx: Path):
    with SheetsStandIn.from_workbook(messy_xlsx, lifetime_seconds=120) as server:
        yield server


def value_requests(standin: SheetsStandIn) -> list[dict]:
    return [r for r in standin.requests if "/values" in r["path"]]


def metadata_requests(standin: SheetsStandIn) -> list[dict]:
    return [r for r in standin.requests if r["path"].endswith(f"/spreadsheets/{standin.key}")]


@pytest.mark.parametrize("workbook", ["messy_xlsx", "demo_xlsx"])
def test_reading_through_gspread_equals_reading_the_same_workbook_locally(workbook, request):
    path = request.getfixturevalue(workbook)
    options = ReadOptions(today=AS_OF)
    local = normalize(WorkbookSource(path).load(), options)
    with SheetsStandIn.from_workbook(path, lifetime_seconds=120) as server:
        remote = normalize(GoogleSheetSource(google_settings(server)).load(), options)
    pd.testing.assert_frame_equal(remote.projects, local.projects)
    pd.testing.assert_frame_equal(remote.commitments, local.commitments)
    pd.testing.assert_frame_equal(remote.occasions, local.occasions)
    pd.testing.assert_frame_equal(
        remote.issues.drop(columns="link"), local.issues.drop(columns="link")
    )
    assert remote.rows == local.rows
    assert (
        remote.issues["link"]
        .str.startswith("https://docs.google.com/spreadsheets/d/local/edit#gid=")
        .all()
    )


def test_one_refresh_costs_one_values_request_after_a_single_metadata_request(standin):
    source = GoogleSheetSource(google_settings(standin))
    source.load()
    source.load()
    source.load()
    assert len(metadata_requests(standin)) == 1
    reads = value_requests(standin)
    assert len(reads) == 3
    first = reads[0]
    assert first["path"].endswith("/values:batchGet")
    assert first["query"]["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert first["query"]["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert sorted(first["query"]["ranges"]) == sorted(["'Dự án'", "'Sự kiện'", "'Cam kết'"])


def test_real_date_cells_arrive_as_serial_numbers(standin):
    raw = GoogleSheetSource(google_settings(standin)).load()
    start_of_first_project = raw.tabs["Dự án"][3][7]
    assert start_of_first_project == 46027  # 05/01/2026 as a Sheets serial number


def test_a_429_then_success_is_retried_and_succeeds(standin):
    standin.fail(429, times=2, match="values:batchGet")
    raw = GoogleSheetSource(google_settings(standin)).load()
    assert "Dự án" in raw.tabs
    assert [r["status"] for r in value_requests(standin)] == [429, 429, 200]


@pytest.mark.parametrize(
    ("status", "words"), [(429, "quota"), (500, "HTTP 500"), (503, "HTTP 503")]
)
def test_persistent_429_or_5xx_ends_after_the_bounded_retries_with_a_clear_error(
    standin, status, words
):
    standin.fail(status, times=-1, match="values:batchGet")
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(google_settings(standin)).load()
    assert words in str(raised.value)
    assert f"after {ATTEMPTS} attempts" in str(raised.value)
    assert raised.value.transient
    assert len(value_requests(standin)) == ATTEMPTS


def test_a_slow_answer_times_out_and_the_retry_succeeds(standin):
    standin.delay(3.0, times=1, match="values:batchGet")
    raw = GoogleSheetSource(google_settings(standin, request_timeout_seconds=0.5)).load()
    assert "Dự án" in raw.tabs


def test_a_403_says_to_share_the_sheet_with_the_service_account(standin):
    standin.fail(403, times=-1)
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(google_settings(standin)).load()
    assert "Share" in str(raised.value)
    assert len(standin.requests) == 1, "a 403 is not retried"


def test_a_404_says_to_check_the_spreadsheet_key(standin):
    settings = google_settings(standin, spreadsheet="no-such-key")
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings).load()
    assert "No spreadsheet with key “no-such-key”" in str(raised.value)


def test_a_sheet_without_a_projects_tab_names_its_tabs_and_what_to_do():
    server = SheetsStandIn({"Sheet1": [["a"]], "Budget": []}, lifetime_seconds=60)
    with server, pytest.raises(MissingProjectsTab) as raised:
        GoogleSheetSource(google_settings(server)).load()
    assert "Sheet1, Budget" in str(raised.value)
    assert "Rename" in str(raised.value)


def test_a_read_that_fails_on_a_renamed_tab_fetches_the_tab_titles_again_next_time(standin):
    source = GoogleSheetSource(google_settings(standin))
    source.load()
    standin.rename_tab("Cam kết", "Commitments")  # someone renames a tab meanwhile
    with pytest.raises(SourceError, match="renamed or removed"):
        source.load()
    source.load()
    assert len(metadata_requests(standin)) == 2


def test_the_cli_gives_identical_output_for_the_workbook_and_the_standin(
    capsys, monkeypatch, demo_xlsx
):
    main(["summary", "--json", "--as-of", AS_OF.isoformat(), "--source", str(demo_xlsx)])
    local = json.loads(capsys.readouterr().out)
    with SheetsStandIn.from_workbook(demo_xlsx, lifetime_seconds=120) as server:
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", server.base_url)
        monkeypatch.setenv("TRACKER_SPREADSHEET", server.key)
        assert main(["summary", "--json", "--as-of", AS_OF.isoformat()]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert remote["source"].startswith("Google Sheet")
    assert {k: v for k, v in remote.items() if k != "source"} == {
        k: v for k, v in local.items() if k != "source"
    }


@pytest.mark.parametrize(
    "text", ["https://docs.google.com/spreadsheets/d/1AbC-d_E/edit#gid=0", "1AbC-d_E"]
)
def test_a_sheet_is_configured_by_url_or_key(text):
    assert spreadsheet_key(text) == "1AbC-d_E"


def test_missing_credentials_say_where_to_put_them():
    with pytest.raises(
        SourceError, match=r"\[gcp_service_account\].*GOOGLE_APPLICATION_CREDENTIALS"
    ):
        credentials_for(Settings(spreadsheet="key"))


def test_a_credentials_file_that_does_not_exist_is_named_as_such(tmp_path):
    settings = Settings(spreadsheet="key", credentials_file=str(tmp_path / "key.json"))
    with pytest.raises(SourceError, match="does not exist"):
        credentials_for(settings)


def test_a_malformed_key_gives_a_message_that_never_quotes_the_secret():
    secret = "-----BEGIN PRIVATE KEY-----\nTOP-SECRET-MATERIAL\n-----END PRIVATE KEY-----\n"
    info = {
        "type": "service_account",
        "client_email": "tracker@example.iam.gserviceaccount.com",
        "private_key": secret,
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    with pytest.raises(SourceError) as raised:
        credentials_for(Settings(spreadsheet="key", service_account=info))
    assert "private key could not be read" in str(raised.value)
    assert "TOP-SECRET" not in str(raised.value) and "TOP-SECRET" not in repr(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_an_incomplete_key_names_the_missing_fields():
    with pytest.raises(SourceError, match="no client_email, private_key"):
        credentials_for(
            Settings(
                spreadsheet="key", service_account={"type": "service_account", "token_uri": "x"}
            )
        )


def test_settings_never_show_the_key_in_their_repr():
    settings = Settings(service_account={"private_key": "TOP-SECRET"})
    assert "TOP-SECRET" not in repr(settings)

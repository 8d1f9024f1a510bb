"""Whatever Google answers becomes a plain SourceError: malformed answers, HTML error pages,
sign-in failures. The real gspread and google-auth stacks over HTTP on 127.0.0.1, against the
Sheets stand-in and a local token endpoint that a real service-account key points to."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lib.config import Settings
from lib.model import ReadOptions
from lib.normalize import normalize
from lib.sources import SourceError
from lib.sources.google_sheet import GoogleSheetSource, describe_answer, one_line
from standin import SheetsStandIn
from tests.sheets.token_server import (
    SERVICE_ACCOUNT_EMAIL,
    TokenServer,
    free_port_uri,
    service_account_key,
)

ATTEMPTS = 2
TABS = {"Projects": [["ID", "Title", "Stage"], ["VT-1", "Hue", "Editing"]]}
LONG_PAGE = (
    b"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n<title>Error 401 (Unauthorized)"
    b"!!1</title><style>body{margin:0}</style></head><body><h1>That's an error.</h1>"
    + b"<p>Your client does not have permission to get URL /v4/spreadsheets/local.</p>" * 200
    + b"</body></html>"
)
# Bodies that are not what the Sheets API sends, as (status, body, content type, length).
MALFORMED = {
    "html_with_200": (200, LONG_PAGE, "text/html; charset=UTF-8", None),
    "invalid_json": (200, b'{"valueRanges": [{"range": "Projects!A1:C2", "values": [[', "", None),
    "empty_body": (200, b"", "", None),
    "json_array": (200, b'[{"range": "Projects!A1:C2"}]', "", None),
    "truncated_body": (200, b'{"spreadsheetId": "local", "valueRanges": []}', "", 4096),
    "json_string": (200, b'"ok"', "", None),
    "wrong_shape": (200, b'{"valueRanges": [{"values": 5}]}', "", None),
    "cells_of_odd_types": (200, b'{"valueRanges": [{"values": [[{"x": 1}]]}]}', "", None),
    "error_as_text": (400, b'{"error": "bad"}', "", None),
    "error_without_code": (400, b'{"error": {}}', "", None),
    "html_with_502": (502, b"<html><title>502 Bad Gateway</title></html>", "text/html", None),
}


def settings_for(standin: SheetsStandIn, **overrides) -> Settings:
    values = {
        "spreadsheet": standin.key,
        "sheets_api_base": standin.base_url,
        "retry_attempts": ATTEMPTS,
        "retry_base_seconds": 0.01,
        "request_timeout_seconds": 2.0,
    }
    return Settings(**(values | overrides))


@pytest.fixture
def standin():
    with SheetsStandIn(TABS, lifetime_seconds=120) as server:
        yield server


def inject(standin: SheetsStandIn, kind: str, match: str = "values:batchGet") -> None:
    status, body, content_type, length = MALFORMED[kind]
    standin.answer_raw(
        status,
        body,
        content_type=content_type or "application/json; charset=UTF-8",
        length=length,
        times=-1,
        match=match,
    )


def assert_plain(message: str) -> None:
    """One short line, no page, no traceback, no path."""
    assert "\n" not in message and len(message) < 400, message
    assert "<" not in message and "Traceback" not in message and "site-packages" not in message
    assert "does not have permission to get URL" not in message


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_each_malformed_answer_after_a_good_load_is_a_plain_source_error(standin, kind):
    source = GoogleSheetSource(settings_for(standin))
    assert source.load().tabs["Projects"][1] == ["VT-1", "Hue", "Editing"]
    inject(standin, kind)
    with pytest.raises(SourceError) as raised:
        source.load()
    assert_plain(str(raised.value))
    error = raised.value  # nothing chained that a traceback would print after the message
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    standin.clear_faults()
    assert source.load().tabs["Projects"][1] == ["VT-1", "Hue", "Editing"], "recovers"


@pytest.mark.parametrize("kind", ["html_with_200", "json_array", "empty_body", "invalid_json"])
def test_a_malformed_metadata_answer_is_a_plain_source_error_too(standin, kind):
    inject(standin, kind, match=f"/spreadsheets/{standin.key}?")
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin)).load()
    assert_plain(str(raised.value))
    assert "cannot read" in str(raised.value)


def test_an_html_page_with_200_is_summarised_by_its_status_and_title(standin):
    inject(standin, "html_with_200")
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin)).load()
    assert "(HTTP 200, an HTML page “Error 401 (Unauthorized)!!1”)" in str(raised.value)
    assert raised.value.transient


def test_a_401_answered_with_an_html_page_says_sign_in_failed_with_status_and_title(standin):
    standin.answer_raw(401, LONG_PAGE, content_type="text/html", times=-1)
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin)).load()
    message = str(raised.value)
    assert "did not accept the app's sign-in (HTTP 401, an HTML page “Error 401" in message
    assert_plain(message)


def test_a_body_cut_off_mid_answer_is_retried_then_reported_as_cut_off(standin):
    inject(standin, "truncated_body")
    with pytest.raises(SourceError, match="cut off") as raised:
        GoogleSheetSource(settings_for(standin)).load()
    assert raised.value.transient
    reads = [r for r in standin.requests if "values:batchGet" in r["path"]]
    assert len(reads) == ATTEMPTS, "a read cut off is worth another attempt"


def test_an_html_gateway_error_counts_as_googles_trouble_and_is_retried(standin):
    inject(standin, "html_with_502")
    with pytest.raises(SourceError, match=r"having trouble \(HTTP 502\)"):
        GoogleSheetSource(settings_for(standin)).load()
    assert len([r for r in standin.requests if "values:batchGet" in r["path"]]) == ATTEMPTS


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"", "application/json", "HTTP 200, an empty answer"),
        (b"  \n", "text/plain", "HTTP 200, an empty answer"),
        (b"[1, 2]", "application/json", "HTTP 200, a JSON list instead of an object"),
        (b'{"a": ', "application/json", "HTTP 200, a malformed or cut-off JSON answer"),
        (b"<html><body><h1>Blocked by policy</h1>", "", "HTTP 200, an HTML page “Blocked by"),
        (b"<html><body>" + b"x" * 9000, "text/html", "HTTP 200, an HTML page"),
        (b"<title>  A &amp; B\n page </title>", "text/html", "HTTP 200, an HTML page “A & B page”"),
    ],
)
def test_describing_an_answer_gives_status_and_kind_never_the_body(body, content_type, expected):
    summary = describe_answer(200, body, content_type)
    assert summary.startswith(expected), summary
    assert len(summary) <= 120 and "xxxx" not in summary


def test_a_line_from_a_server_never_carries_what_looks_like_a_credential():
    text = "token ya29.a0AfH6SMBx Bearer abc.def -----BEGIN PRIVATE KEY-----\nMII\n-----END"
    cleaned = one_line(text)
    assert "ya29" not in cleaned and "abc.def" not in cleaned and "MII" not in cleaned


# --- The 403 names the e-mail to share the sheet with ---------------------------------------


def test_a_403_names_the_service_accounts_e_mail_from_the_secrets(standin):
    key = service_account_key("https://oauth2.googleapis.com/token")
    standin.fail(403, times=-1)
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin, service_account=key)).load()
    assert f"click Share and add {SERVICE_ACCOUNT_EMAIL}" in str(raised.value)
    assert "PRIVATE KEY" not in str(raised.value)


def test_a_403_names_the_e_mail_from_google_application_credentials(standin, tmp_path):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(service_account_key("https://oauth2.googleapis.com/token")))
    standin.fail(403, times=-1)
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin, credentials_file=str(key_file))).load()
    assert f"click Share and add {SERVICE_ACCOUNT_EMAIL}" in str(raised.value)


def test_a_403_for_a_disabled_api_says_to_enable_it_and_names_the_e_mail(standin):
    recorded = Path(__file__).resolve().parents[2] / "standin" / "reference" / "sheets-api"
    interactions = json.loads((recorded / "08_errors_429_403_from_gargle.json").read_text())
    disabled = next(
        i["response"]["body"]
        for i in interactions["interactions"]
        if i["response"]["status"] == 403
    )
    standin.answer_raw(403, json.dumps(disabled).encode(), times=-1)
    key = service_account_key("https://oauth2.googleapis.com/token")
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(settings_for(standin, service_account=key)).load()
    assert "Enable “Google Sheets API”" in str(raised.value)
    assert SERVICE_ACCOUNT_EMAIL in str(raised.value)


# --- Signing in with a real key against a local token endpoint -------------------------------


def google_settings(key: dict) -> Settings:
    """A real Google configuration: no stand-in, so the key signs in first (and fails)."""
    return Settings(
        spreadsheet="1AbCdEfGhIjKlMnOp",
        service_account=key,
        retry_attempts=1,
        request_timeout_seconds=5.0,
    )


TOKEN_GARBAGE = {
    "html_with_200": (200, b"<html><head><title>Proxy login</title></head></html>", "text/html"),
    "json_array_with_200": (200, b"[]", "application/json"),
    "empty_with_200": (200, b"", "application/json"),
    "no_token_in_reply": (200, b'{"token_type": "Bearer"}', "application/json"),
    "bad_expiry": (200, b'{"access_token": "t", "expires_in": "soon"}', "application/json"),
    "html_with_401": (401, b"<html><title>401</title>" + b"x" * 5000, "text/html"),
}


@pytest.mark.parametrize("kind", sorted(TOKEN_GARBAGE))
def test_a_token_endpoint_that_answers_garbage_is_a_plain_message(kind):
    with TokenServer() as server:
        key = service_account_key(server.token_uri)
        server.answer(*TOKEN_GARBAGE[kind])
        with pytest.raises(SourceError) as raised:
            GoogleSheetSource(google_settings(key)).load()
        assert server.requests, "google-auth really asked the local token endpoint"
    message = str(raised.value)
    assert "sign-in service (127.0.0.1) sent an answer the app cannot read" in message
    assert "revoked" not in message
    assert_plain(message)
    assert "PRIVATE KEY" not in message and "eyJ" not in message


def test_a_revoked_key_is_called_revoked():
    with TokenServer() as server:
        key = service_account_key(server.token_uri)
        server.answer(
            400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        )
        with pytest.raises(SourceError) as raised:
            GoogleSheetSource(google_settings(key)).load()
    assert "deleted or revoked" in str(raised.value)
    assert "invalid_grant" in str(raised.value)
    assert not raised.value.transient


def test_a_wrong_server_clock_is_not_called_a_revoked_key():
    with TokenServer() as server:
        key = service_account_key(server.token_uri)
        server.answer(
            400,
            {
                "error": "invalid_grant",
                "error_description": "Invalid JWT: Token must be a short-lived token (60 minutes)"
                " and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
            },
        )
        with pytest.raises(SourceError) as raised:
            GoogleSheetSource(google_settings(key)).load()
    assert "clock is wrong" in str(raised.value) and "revoked" not in str(raised.value)


def test_no_network_with_a_valid_key_says_no_connection_not_revoked():
    key = service_account_key(free_port_uri())  # nothing listens: the connection is refused
    with pytest.raises(SourceError) as raised:
        GoogleSheetSource(google_settings(key)).load()
    message = str(raised.value)
    assert "could not be reached" in message and "was not refused" in message
    assert "revoked" not in message
    assert raised.value.transient


# --- The stand-in's raw answers themselves ------------------------------------------------


def test_the_standin_sends_a_raw_answer_byte_for_byte_then_answers_normally(standin):
    import requests

    url = f"{standin.base_url}/{standin.key}"
    standin.answer_raw(200, b"<html>hi</html>", content_type="text/html", times=1)
    first = requests.get(url, timeout=5)
    assert (first.status_code, first.content) == (200, b"<html>hi</html>")
    assert first.headers["Content-Type"] == "text/html"
    assert requests.get(url, timeout=5).json()["properties"]["title"] == "Joint productions"


def test_the_standin_cuts_a_raw_answer_off_when_it_announces_more_than_it_sends(standin):
    import requests

    standin.answer_raw(200, b'{"a": 1}', length=100)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{standin.base_url}/{standin.key}", timeout=5)


def test_a_raw_answer_can_be_set_through_the_control_endpoint(standin):
    import requests

    control = standin.base_url.replace("/v4/spreadsheets", "/_standin/answer_raw")
    body = {"status": 401, "body": "<html><title>401</title></html>", "content_type": "text/html"}
    assert requests.post(control, json=body, timeout=5).status_code == 200
    answer = requests.get(f"{standin.base_url}/{standin.key}", timeout=5)
    assert (answer.status_code, answer.text) == (401, body["body"])
    assert standin.requests[-1]["status"] == 401


def test_a_cell_holding_half_an_emoji_is_blanked_and_reported_and_the_sheet_still_loads():
    # The stand-in writes JSON as Google may: a lone surrogate travels as the escape "\ud83d".
    tabs = {
        "Projects": [
            ["ID", "Title", "Stage"],
            ["VT-1", "Hue \ud83d at night", "Editing"],
            ["VT-2", "Da Nang \U0001f600", "Editing"],  # a whole emoji is text like any other
        ]
    }
    with SheetsStandIn(tabs, lifetime_seconds=120) as server:
        raw = GoogleSheetSource(settings_for(server)).load()
    assert raw.tabs["Projects"][1:] == [
        ["VT-1", None, "Editing"],
        ["VT-2", "Da Nang \U0001f600", "Editing"],
    ]
    dataset = normalize(raw, ReadOptions(today=date(2026, 3, 1)))
    assert list(dataset.projects["ID"]) == ["VT-1", "VT-2"]
    issues = dataset.issues[dataset.issues["code"] == "unreadable_cell"]
    assert list(zip(issues["row"], issues["column"], strict=True)) == [(2, "B")]
    assert "broken character" in issues["message"].iloc[0]

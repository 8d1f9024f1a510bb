"""The command line: golden JSON for the demo and a messy workbook, exit codes, the calendar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from lib.cli import main

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
AS_OF = "2026-03-01"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


def assert_matches_golden(document: dict, name: str) -> None:
    """Compare with the golden file; UPDATE_GOLDEN=1 rewrites it after a deliberate change."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert document == json.loads(path.read_text(encoding="utf-8"))


def test_demo_summary_matches_its_golden_json(capsys):
    status, out = run_cli(capsys, "summary", "--json", "--as-of", AS_OF)
    document = json.loads(out)
    assert status == 0
    assert list(document) == [
        "source",
        "as_of",
        "rows",
        "by_stage",
        "by_theme",
        "output_by_theme",
        "overdue",
        "due_soon",
        "deadlines",
        "issues",
    ]
    rows = document["rows"]
    assert rows["read"] == rows["projects"] + rows["blank"] + rows["unread"]
    assert_matches_golden(document, "demo_summary_2026-03-01.json")


def test_messy_workbook_summary_matches_its_golden_json(capsys, messy_xlsx):
    status, out = run_cli(
        capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(messy_xlsx)
    )
    document = json.loads(out)
    assert status == 0
    assert document["rows"] == {
        "read": 10,
        "projects": 9,
        "blank": 1,
        "unread": 0,
        "with_issues": 7,
    }
    assert_matches_golden(document, "messy_summary_2026-03-01.json")


def test_overdue_and_due_soon_are_sorted_by_due_then_id_with_row_labels(capsys, messy_xlsx):
    _, out = run_cli(capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(messy_xlsx))
    document = json.loads(out)
    # Overdue: VT-2026-001 (row 8) due 01/01/2026, the project without ID (row 9) 27/02/2026.
    # Due soon, up to 15/03/2026: VK-2026-001 on 11/03, VT-2026-004 (on hold: active) on 15/03.
    assert document["overdue"] == ["VT-2026-001", "row 9"]
    assert document["due_soon"] == ["VK-2026-001", "VT-2026-004"]


def test_issues_carry_the_spec_field_names_and_row_numbers_as_the_user_sees_them(
    capsys, messy_xlsx
):
    _, out = run_cli(capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(messy_xlsx))
    issue = json.loads(out)["issues"][0]
    assert list(issue) == ["tab", "row", "column", "header", "field", "code", "severity", "message"]
    assert (issue["tab"], issue["row"], issue["column"], issue["code"]) == (
        "Dự án",
        4,
        "A",
        "duplicate_id",
    )


def test_a_csv_of_the_projects_tab_reads_like_the_workbook(capsys, messy_xlsx, messy_csv):
    _, from_csv = run_cli(capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(messy_csv))
    _, from_xlsx = run_cli(
        capsys, "summary", "--json", "--as-of", AS_OF, "--source", str(messy_xlsx)
    )
    csv_doc, xlsx_doc = json.loads(from_csv), json.loads(from_xlsx)
    assert csv_doc["rows"] == xlsx_doc["rows"] | {"with_issues": csv_doc["rows"]["with_issues"]}
    assert csv_doc["by_stage"] == xlsx_doc["by_stage"]
    assert csv_doc["by_theme"] == xlsx_doc["by_theme"]
    assert_matches_golden(csv_doc, "messy_csv_summary_2026-03-01.json")


def test_check_exits_1_when_any_issue_is_an_error(capsys, messy_xlsx):
    status, out = run_cli(capsys, "check", "--as-of", AS_OF, "--source", str(messy_xlsx))
    assert status == 1
    assert "Dự án!H12" in out and "bad_date" in out


def test_check_exits_0_on_a_clean_workbook(capsys, tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text(
        "ID,Title,Stage,Due\nVT-2026-001,A story,Editing,20/03/2026\n", encoding="utf-8"
    )
    status, out = run_cli(capsys, "check", "--as-of", AS_OF, "--source", str(clean))
    assert status == 0
    assert "0 issues, 0 errors" in out


def test_a_missing_workbook_is_a_clear_error_not_a_traceback(capsys, tmp_path):
    status = main(["summary", "--source", str(tmp_path / "nope.xlsx")])
    err = capsys.readouterr().err
    assert status == 2
    assert "was not found" in err and "Traceback" not in err


def test_ics_writes_a_calendar_with_every_active_deadline(capsys, tmp_path, messy_xlsx):
    out_file = tmp_path / "deadlines.ics"
    status = main(["ics", "--as-of", AS_OF, "--source", str(messy_xlsx), "--out", str(out_file)])
    calendar = Calendar.from_ical(out_file.read_bytes())
    events = calendar.walk("VEVENT")
    assert status == 0
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert "Due: Pyongyang photo exhibition (VK-2026-001)" in summaries
    # VT-2026-001 is in editing: its Shooting milestone is behind it, as on the Deadlines page.
    assert "Due: Green hydrogen in the Mekong Delta (VT-2026-001)" in summaries
    assert not any(s.startswith("Shooting due: Green hydrogen") for s in summaries)
    assert all(not s.startswith("Due: Hue") for s in summaries), (
        "published projects have no deadline"
    )


def test_the_module_runs_as_a_command(tmp_path, messy_csv):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lib.cli",
            "summary",
            "--json",
            "--as-of",
            AS_OF,
            "--source",
            str(messy_csv),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == AS_OF


def test_every_calendar_event_has_its_own_uid_even_when_ids_are_duplicated(tmp_path):
    out_file = tmp_path / "demo.ics"
    assert main(["ics", "--as-of", AS_OF, "--out", str(out_file)]) == 0
    uids = [str(e["UID"]) for e in Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")]
    assert len(uids) > 20
    assert len(set(uids)) == len(uids)


# --- Failures: one line on stderr, a non-zero exit, never a traceback ------------------------

ROOT = Path(__file__).resolve().parents[2]


def assert_one_line_error(status: int, err: str) -> None:
    assert status != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err and "site-packages" not in err and "<" not in err


@pytest.fixture
def standin(messy_xlsx, monkeypatch):
    from standin import SheetsStandIn

    with SheetsStandIn.from_workbook(messy_xlsx, lifetime_seconds=120) as server:
        monkeypatch.setenv("TRACKER_SPREADSHEET", server.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", server.base_url)
        monkeypatch.setenv("TRACKER_RETRY_ATTEMPTS", "2")
        monkeypatch.setenv("TRACKER_RETRY_BASE_SECONDS", "0.01")
        monkeypatch.setenv("TRACKER_REQUEST_TIMEOUT_SECONDS", "2")
        yield server


CLI_ANSWERS = {
    "html_with_200": (200, b"<html><head><title>Portal</title></head><body>hi</body></html>", None),
    "invalid_json": (200, b'{"valueRanges": [', None),
    "empty_body": (200, b"", None),
    "json_array": (200, b"[]", None),
    "truncated_body": (200, b'{"valueRanges": []}', 999),
    "html_with_401": (401, b"<html><title>401 Unauthorized</title>" + b"<p>page</p>" * 500, None),
    "html_with_403": (403, b"<html><title>403 Forbidden</title></html>", None),
    "error_as_text": (400, b'{"error": "nope"}', None),
}


@pytest.mark.parametrize("command", ["summary", "check", "ics"])
@pytest.mark.parametrize("kind", sorted(CLI_ANSWERS))
def test_the_cli_reports_a_malformed_google_answer_in_one_line(capsys, standin, kind, command):
    status, body, length = CLI_ANSWERS[kind]
    kind_of = "text/html" if body.startswith(b"<") else "application/json"
    standin.answer_raw(status, body, content_type=kind_of, length=length, times=-1)
    code = main([command, "--as-of", AS_OF])
    captured = capsys.readouterr()
    assert_one_line_error(code, captured.err)
    assert captured.out == ""


def test_the_cli_reports_googles_error_answers_in_one_line(capsys, standin):
    for status in (400, 401, 403, 404, 429, 500):
        standin.clear_faults()
        standin.fail(status, times=-1)
        code = main(["summary", "--as-of", AS_OF])
        assert_one_line_error(code, capsys.readouterr().err)


def test_an_unwritable_calendar_file_is_one_line_without_the_folder(capsys, tmp_path):
    code = main(["ics", "--as-of", AS_OF, "--out", str(tmp_path / "missing" / "d.ics")])
    err = capsys.readouterr().err
    assert_one_line_error(code, err)
    assert "d.ics" in err and str(tmp_path) not in err


def run_module(*args: str, env: dict[str, str] | None = None, shell: str | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    environment.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    environment.update(env or {})
    command = shell or [sys.executable, "-m", "lib.cli", *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environment,
        shell=shell is not None,
        check=False,
    )


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((200, b"<html><title>Proxy</title></html>", "text/html"), "cannot read"),
        ((200, b"[]", "application/json"), "cannot read"),
        ((200, b"", "application/json"), "cannot read"),
        (
            (400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}, ""),
            "revoked",
        ),
    ],
)
def test_the_command_with_a_key_whose_token_endpoint_fails_prints_one_line(tmp_path, answer, words):
    from tests.sheets.token_server import TokenServer, service_account_key

    with TokenServer() as server:
        key_file = tmp_path / "key.json"
        key_file.write_text(json.dumps(service_account_key(server.token_uri)), encoding="utf-8")
        server.answer(*answer)
        result = run_module(
            "summary",
            env={
                "GOOGLE_APPLICATION_CREDENTIALS": str(key_file),
                "TRACKER_SPREADSHEET": "1AbCdEfGhIjKlMnOp",
                "TRACKER_RETRY_ATTEMPTS": "1",
                "TRACKER_DATA_DIR": str(tmp_path / "data"),
            },
        )
        assert server.requests, "the real key signed in against the local endpoint"
    assert_one_line_error(result.returncode, result.stderr)
    assert words in result.stderr
    assert "PRIVATE KEY" not in result.stderr and str(tmp_path) not in result.stderr


def test_the_command_without_network_says_so_in_one_line(tmp_path):
    from tests.sheets.token_server import free_port_uri, service_account_key

    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(service_account_key(free_port_uri())), encoding="utf-8")
    result = run_module(
        "check",
        env={
            "GOOGLE_APPLICATION_CREDENTIALS": str(key_file),
            "TRACKER_SPREADSHEET": "1AbCdEfGhIjKlMnOp",
            "TRACKER_DATA_DIR": str(tmp_path / "data"),
        },
    )
    assert_one_line_error(result.returncode, result.stderr)
    assert "could not be reached" in result.stderr and "revoked" not in result.stderr


@pytest.mark.parametrize("command", ["check", "check --json", "summary --json", "ics"])
def test_piping_the_command_into_head_is_quiet(tmp_path, command):
    # Far more output than a pipe holds, so the command is still writing when head has gone.
    rows = "".join(f"VT-{i:05d},Story {i},Editing,31/02/2026\n" for i in range(6000))
    big = tmp_path / "big.csv"
    big.write_text("ID,Title,Stage,Due\n" + rows, encoding="utf-8")
    result = run_module(
        shell=f"{sys.executable} -m lib.cli {command} --as-of {AS_OF} --source {big} | head -1",
        env={"TRACKER_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == "", result.stderr


def assert_text_matches_golden(text: str, name: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "ru"])
def test_check_speaks_the_chosen_language_as_its_golden_output(capsys, messy_xlsx, lang):
    status, out = run_cli(
        capsys, "check", "--as-of", AS_OF, "--source", str(messy_xlsx), "--lang", lang
    )
    assert status == 1
    assert_text_matches_golden(out, f"messy_check_{lang}_2026-03-01.txt")


def test_check_json_keeps_codes_in_every_language_and_only_the_message_follows(capsys, messy_xlsx):
    documents = {}
    for lang in ("en", "ru", "vi", "ko"):
        _, out = run_cli(
            capsys, "check", "--json", "--as-of", AS_OF, "--source", str(messy_xlsx), "--lang", lang
        )
        documents[lang] = json.loads(out)
    english = documents.pop("en")
    assert english
    for lang, issues in documents.items():
        assert [{k: v for k, v in i.items() if k != "message"} for i in issues] == [
            {k: v for k, v in i.items() if k != "message"} for i in english
        ], lang
        # Every message is rewritten; none is left in English.
        assert all(
            ours["message"] != theirs["message"]
            for ours, theirs in zip(issues, english, strict=True)
        ), lang

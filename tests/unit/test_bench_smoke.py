"""The benchmark keeps working: every measurement runs end to end on tiny sheets.

The figures here mean nothing (the sheets are tiny and CI machines noisy); `make bench` is
where the targets are judged. This only keeps bench/ from rotting as the app changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from bench import report
from bench.__main__ import run
from bench.normalisation import raw_workbook
from bench.plan import QUICK
from bench.report import MEASUREMENTS
from bench.synthetic import BAD_DATES, HEADER, synthetic_tabs
from lib.model import ReadOptions
from lib.normalize import normalize

TINY = replace(
    QUICK,
    name="tiny",
    normalise_sizes=(200,),
    normalise_runs=1,
    google_rows=200,
    google_runs=1,
    page_sizes=(10, 40),
    page_reruns=1,
    page_budget_s=0.5,
    memory_rows=300,
    sessions=2,
    session_reruns=2,
    session_rows=50,
    session_latency_s=0.0,
    reader_rows=300,
    reader_runs=1,
    save_rows=50,
    saves=2,
    save_latency_s=0.0,
    shapes_scale=0.01,
    peer_rows=100,
    peer_reads=1,
)
# Chromium and three servers take most of a minute on a busy machine, and the
# st-gsheets-connection peer needs a venv of its own (a download): `make bench` runs both.
SMOKE = tuple(name for name in MEASUREMENTS if name not in ("render", "peers"))


def test_synthetic_sheets_are_deterministic_and_grow_without_changing_character():
    small, large = synthetic_tabs(300)["Projects"], synthetic_tabs(600)["Projects"]
    assert synthetic_tabs(300)["Projects"] == small
    assert large[: len(small)] == small  # the first rows of a bigger sheet are the smaller one


def test_synthetic_sheets_hold_the_mess_of_real_sheets():
    projects = synthetic_tabs(2_000)["Projects"]
    header_at = projects.index(list(HEADER))
    assert header_at > 0  # a banner sits above the header
    dates = [row[HEADER.index("Start date")] for row in projects[header_at + 1 :]]
    kinds = Counter(type(cell).__name__ for cell in dates if cell is not None)
    assert {"date", "int", "str"} <= set(kinds)  # date cells, serial numbers, typed text
    assert any(cell in BAD_DATES for cell in dates)
    dataset = normalize(raw_workbook(synthetic_tabs(2_000)), ReadOptions(date(2026, 3, 1)))
    codes = set(dataset.issues["code"])
    assert {"bad_date", "bad_number", "formula_error", "unknown_stage", "unknown_theme"} <= codes
    assert dataset.rows.projects == 2_000
    assert dataset.projects["Theme"].map(len).max() >= 2  # several themes per project


def test_every_measurement_runs_and_is_reported():
    results = run(TINY, SMOKE)
    assert results["failures"] == []
    assert {
        "normalisation",
        "readers",
        "google_path",
        "memory",
        "saves",
        "pages",
        "sessions",
    } <= set(results)
    assert set(results["readers"]["readers"]) == {"google", "xlsx", "csv"}
    assert set(results["shapes"]) == {"same_id", "wide", "log"}
    assert results["saves"]["requests_per_save"] >= 3  # fresh read, write, read-back at least
    assert results["google_path"]["requests"]["values"] == 1
    assert results["pages"]["large"]["pages"], "no page was measured"
    names = {check["measurement"] for check in results["targets"]}
    assert names == set(SMOKE)
    text = report.text(results)
    assert "Targets" in text and ("PASS" in text or "FAIL" in text)
    assert "| rows |" in report.markdown(results)

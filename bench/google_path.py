"""The full Google path: the real gspread client over HTTP against the local Sheets stand-in.

Each round builds a fresh source, as a newly started app does, so it pays for the metadata
request and the one values:batchGet; the stand-in's log says how many requests that took.
The stand-in serves from a thread of this same process, so its JSON rendering is in the time.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.synthetic import AS_OF, Tab
from lib.config import Settings
from lib.model import ReadOptions
from lib.normalize import normalize
from lib.sources.google_sheet import GoogleSheetSource
from standin import SheetsStandIn

KEY = "bench"


def classify(requests: list[dict[str, Any]], key: str) -> dict[str, int]:
    """Requests in a stand-in log by kind: values reads, metadata reads, anything else."""
    reads = [r["path"].rstrip("/") for r in requests if r["method"] == "GET"]
    values = sum(1 for path in reads if "/values" in path)
    metadata = sum(1 for path in reads if path.endswith(f"/spreadsheets/{key}"))
    return {"values": values, "metadata": metadata, "other": len(requests) - values - metadata}


def measure(tabs: dict[str, Tab], runs: int) -> dict[str, Any]:
    options = ReadOptions(today=AS_OF)
    load_times: list[float] = []
    normalise_times: list[float] = []
    per_run: list[dict[str, int]] = []
    with SheetsStandIn(tabs, key=KEY, lifetime_seconds=600) as standin:
        settings = Settings(
            spreadsheet=KEY,
            sheets_api_base=standin.base_url,
            request_timeout_seconds=60.0,
            retry_attempts=1,  # a retry would hide a slow or failing answer in the figures
        )
        for _ in range(runs):
            standin.clear_requests()
            source = GoogleSheetSource(settings)
            start = time.perf_counter()
            raw = source.load()
            loaded = time.perf_counter()
            dataset = normalize(raw, options)
            done = time.perf_counter()
            load_times.append(loaded - start)
            normalise_times.append(done - loaded)
            per_run.append(classify(standin.requests, KEY))
    load = statistics.median(load_times)
    normalise = statistics.median(normalise_times)
    requests = per_run[0]
    return {
        "projects": dataset.rows.projects,
        "runs": runs,
        "load_s": load,
        "normalise_s": normalise,
        "total_s": statistics.median(
            a + b for a, b in zip(load_times, normalise_times, strict=True)
        ),
        "requests": requests,
        "requests_per_run": per_run,
        "as_expected": all(r == {"values": 1, "metadata": 1, "other": 0} for r in per_run),
    }

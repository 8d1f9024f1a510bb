"""One edit saved to the Sheets stand-in with every guarantee of the editing path, timed.

Each request to the stand-in waits `latency` seconds first (100 ms: a fair figure for Google
from a server near it), so the figures show what a person waits for: the requests a save
makes in sequence. The writer is the app's own (lib.edit.google_sheet.SheetWriter): a fresh
read of the project's row and the conflict check, the write, the read that confirms where it
landed, the Log row.

    python -m bench.saves --rows 1000 --saves 20 --latency 0.1
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.child import emit
from bench.google_path import classify
from bench.synthetic import AS_OF, synthetic_tabs
from lib.columns import use_system_memory_pool
from lib.config import Settings
from lib.edit import Change
from lib.edit.google_sheet import SheetWriter
from lib.edit.model import EditContext
from lib.model import ReadOptions
from lib.normalize import normalize
from lib.sources.google_sheet import GoogleSheetSource
from standin import SheetsStandIn

KEY = "bench"
FIELD = "Notes"


def _context(dataset: Any) -> EditContext:
    projects = dataset.projects
    return EditContext(
        user="bench@vna.example",
        vocab=dataset.vocab,
        layout=dataset.layout,
        today=AS_OF,
        known_ids=tuple(zip(projects["ID"], projects["Partner"], strict=True)),
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(rows: int, saves: int, latency: float) -> dict[str, Any]:
    tabs = synthetic_tabs(rows)
    with (
        tempfile.TemporaryDirectory(prefix="bench-saves-") as scratch,
        SheetsStandIn(tabs, key=KEY, lifetime_seconds=600) as standin,
    ):
        settings = Settings(
            spreadsheet=KEY, sheets_api_base=standin.base_url, request_timeout_seconds=30.0
        )
        source = GoogleSheetSource(settings)
        dataset = normalize(source.load(), ReadOptions(today=AS_OF))
        writer = SheetWriter(source, lock_folder=Path(scratch))
        ctx = _context(dataset)
        project_id = str(dataset.projects["ID"].iloc[rows // 2])
        value = dataset.projects.loc[dataset.projects["ID"] == project_id, FIELD].iloc[0]
        standin.delay(latency, times=10**9)
        seconds: list[float] = []
        counts: list[dict[str, int]] = []
        for number in range(saves):
            new = f"Captions checked, round {number + 1}"
            standin.clear_requests()
            start = time.perf_counter()
            result = writer.save(Change(project_id, {FIELD: (value, new)}), ctx)
            seconds.append(time.perf_counter() - start)
            if not result.saved:
                raise RuntimeError(f"the save of {project_id} did not land: {result}")
            calls = list(standin.requests)
            counts.append({**classify(calls, KEY), "total": len(calls)})
            value = new
        standin.clear_faults()
    return {
        "rows": rows,
        "saves": saves,
        "latency_s": latency,
        "median_s": statistics.median(seconds),
        "p95_s": _percentile(seconds, 0.95),
        "requests_per_save": statistics.median(c["total"] for c in counts),
        "requests_first_save": counts[0]["total"],
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    use_system_memory_pool()  # as the app does at start-up: timed on the same allocator
    parser = argparse.ArgumentParser(prog="python -m bench.saves")
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args(argv)
    emit(measure(args.rows, args.saves, args.latency))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Normalisation time against the floor: `pandas.read_csv` turning the same rows into a table.

Both run in this process on the same rows, interleaved round by round so that a noisy minute
of the machine slows both alike; the figure is the median of each.
"""

from __future__ import annotations

import gc
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from bench.synthetic import AS_OF, Tab, csv_text
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize

SHEET_URL = "https://docs.google.com/spreadsheets/d/bench/edit"


def raw_workbook(tabs: dict[str, Tab]) -> RawWorkbook:
    """The tabs as a Google source hands them over, links to cells included (they cost time)."""
    gids = {title: index for index, title in enumerate(tabs)}
    return RawWorkbook(tabs, "google", "Synthetic sheet", sheet_url=SHEET_URL, gids=gids)


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds (less shaken by other work on the machine) and the result."""
    gc.collect()  # garbage left by the previous round is not this round's cost
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def measure(tabs: dict[str, Tab], runs: int) -> dict[str, Any]:
    """Median normalisation and read_csv times (seconds) over `runs` interleaved rounds."""
    raw = raw_workbook(tabs)
    options = ReadOptions(today=AS_OF)
    text = csv_text(tabs["Projects"])
    normalise_times: list[float] = []
    csv_times: list[float] = []
    normalise_cpu: list[float] = []
    csv_cpu: list[float] = []
    dataset = None
    for _ in range(runs):
        seconds, cpu, dataset = timed(lambda: normalize(raw, options))
        normalise_times.append(seconds)
        normalise_cpu.append(cpu)
        seconds, cpu, _ = timed(lambda: pd.read_csv(io.StringIO(text), dtype=str, header=None))
        csv_times.append(seconds)
        csv_cpu.append(cpu)
    assert dataset is not None
    normalise_median = statistics.median(normalise_times)
    csv_median = statistics.median(csv_times)
    return {
        "projects": dataset.rows.projects,
        "rows_read": dataset.rows.read,
        "issues": len(dataset.issues),
        "csv_bytes": len(text.encode()),
        "runs": runs,
        "normalise_s": normalise_median,
        "read_csv_s": csv_median,
        "ratio": normalise_median / csv_median,
        "cpu_ratio": statistics.median(normalise_cpu) / statistics.median(csv_cpu),
        "normalise_runs_s": normalise_times,
        "read_csv_runs_s": csv_times,
        "normalise_cpu_runs_s": normalise_cpu,
        "read_csv_cpu_runs_s": csv_cpu,
    }

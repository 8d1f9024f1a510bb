"""Hostile shapes at two sizes: time and memory should grow with the cells, no faster.

- 20,000 rows sharing one ID (each duplicate's message lists a few others, never all);
- a 1,000-column sheet (976 columns the app does not know, kept as extras);
- a 5,000-row Log tab beside the projects.

Each shape is normalised at half and full size, in turn, three times (medians); the figure is
the growth of time and of Python allocations per cell from one to the other (1.00× is linear;
the target allows 1.5×).
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.normalisation import raw_workbook
from bench.synthetic import AS_OF, HEADER, Tab, synthetic_tabs
from lib.model import ReadOptions
from lib.normalize import normalize
from lib.schema import LOG_HEADER

WIDE_COLUMNS = 1_000


def same_id(rows: int) -> dict[str, Tab]:
    tabs = synthetic_tabs(rows)
    projects = tabs["Projects"]
    start = projects.index(list(HEADER)) + 1
    tabs["Projects"] = projects[:start] + [
        ["VT-2026-000001", *row[1:]] if row else row for row in projects[start:]
    ]
    return tabs


def wide(rows: int) -> dict[str, Tab]:
    tabs = synthetic_tabs(rows)
    projects = tabs["Projects"]
    start = projects.index(list(HEADER))
    extra = WIDE_COLUMNS - len(HEADER)
    widened = [list(row) for row in projects]
    widened[start] += [f"Extra {i + 1}" for i in range(extra)]
    for number, row in enumerate(widened[start + 1 :], start=1):
        if row:
            row += [None] * (len(HEADER) - len(row)) + [f"r{number}c{i}" for i in range(extra)]
    tabs["Projects"] = widened
    return tabs


def long_log(rows: int) -> dict[str, Tab]:
    tabs = synthetic_tabs(1_000)
    log: Tab = [list(LOG_HEADER)]
    log += [
        [f"2026-02-{1 + i % 28:02d} 10:{i % 60:02d}", f"user{i % 7}@vnanet.vn",
         f"VT-2023-{1 + i % 1000:06d}", "Stage", "Editing", "Published"]
        + [""] * (len(LOG_HEADER) - 6)
        for i in range(rows)
    ]  # fmt: skip
    tabs["Log"] = log
    return tabs


SHAPES: dict[str, tuple[str, Callable[[int], dict[str, Tab]], int]] = {
    "same_id": ("rows sharing one ID", same_id, 20_000),
    "wide": (f"rows of a {WIDE_COLUMNS:,}-column sheet", wide, 1_000),
    "log": ("Log rows", long_log, 5_000),
}


def _cells(tabs: dict[str, Tab]) -> int:
    return sum(len(row) for tab in tabs.values() for row in tab)


def _normalise_s(raw: Any, options: ReadOptions) -> float:
    gc.collect()
    start = time.perf_counter()
    normalize(raw, options)
    return time.perf_counter() - start


def _pair(small: dict[str, Tab], large: dict[str, Tab], runs: int) -> list[dict[str, float]]:
    """Both sizes, timed in turn `runs` times (medians), then each one traced once."""
    options = ReadOptions(today=AS_OF)
    raws = [raw_workbook(small), raw_workbook(large)]
    times: list[list[float]] = [[], []]
    for _ in range(runs):
        for index, raw in enumerate(raws):
            times[index].append(_normalise_s(raw, options))
    figures = []
    for index, (tabs, raw) in enumerate(zip((small, large), raws, strict=True)):
        tracemalloc.start()
        normalize(raw, options)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        seconds = statistics.median(times[index])
        figures.append({"cells": _cells(tabs), "s": seconds, "peak_bytes": peak})
    return figures


def _growth(half: dict[str, float], whole: dict[str, float], key: str) -> float:
    """How much more each cell costs at full size than at half: 1.00× is linear."""
    return (whole[key] / whole["cells"]) / (half[key] / half["cells"])


def measure(scale: float = 1.0) -> dict[str, Any]:
    """Each shape at half and full size (scaled down for a smoke run)."""
    figures: dict[str, Any] = {}
    for name, (label, build, size) in SHAPES.items():
        full = max(20, int(size * scale))
        half, whole = _pair(build(full // 2), build(full), runs=3)
        figures[name] = {
            "label": label,
            "sizes": (full // 2, full),
            "half": half,
            "full": whole,
            "time_growth": _growth(half, whole, "s"),
            "memory_growth": _growth(half, whole, "peak_bytes"),
        }
    return figures

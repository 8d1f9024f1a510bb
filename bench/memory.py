"""Peak memory of normalising a large sheet, measured in a process of its own.

Run as a subprocess so nothing else the benchmark holds counts against it. The figure checked
against the target is the process's peak resident set size (ru_maxrss): the interpreter, the
libraries, the raw cells and the normalised data together, as the app would hold them. The
tracemalloc peak of normalisation alone is reported beside it, from a second, traced run.

    python -m bench.memory --rows 100000      # prints one JSON object
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
import tracemalloc
from typing import Any

from bench.normalisation import raw_workbook
from bench.synthetic import AS_OF, synthetic_tabs
from lib.model import ReadOptions
from lib.normalize import normalize

MIB = 1024 * 1024


def _max_rss_bytes() -> int:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def measure(rows: int) -> dict[str, Any]:
    raw = raw_workbook(synthetic_tabs(rows))
    options = ReadOptions(today=AS_OF)
    gc.collect()
    before = _max_rss_bytes()
    start = time.perf_counter()
    dataset = normalize(raw, options)
    seconds = time.perf_counter() - start
    peak = _max_rss_bytes()
    projects = dataset.rows.projects
    del dataset
    gc.collect()
    tracemalloc.start()
    normalize(raw, options)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "projects": projects,
        "rss_before_normalise_mib": before / MIB,
        "peak_rss_mib": peak / MIB,
        "normalise_traced_peak_mib": traced_peak / MIB,
        "normalise_s": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

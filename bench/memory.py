"""Peak memory of normalising a large sheet, measured in a process of its own.

Run as a subprocess so nothing else the benchmark holds counts against it. The figure checked
against the target is the process's peak resident set size: interpreter, libraries, the raw
cells and the normalised data together, as the app would hold them. Beside it: the resident
size while holding only the raw cells, the peak while normalising (Linux lets a process reset
its high-water mark, so generation's own peak is left out), and normalisation's own Python
allocations from a second, traced run.

    python -m bench.memory --rows 100000      # prints one JSON line
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.child import emit
from bench.normalisation import raw_workbook
from bench.synthetic import AS_OF, synthetic_tabs
from lib.columns import use_system_memory_pool
from lib.model import ReadOptions
from lib.normalize import normalize

MIB = 1024 * 1024
STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def _peak_bytes() -> int:
    """The process's peak RSS so far. On Linux from /proc: ru_maxrss would also count the
    parent's memory, which a child started by fork/vfork and exec inherits as its own peak."""
    peak = _status_bytes("VmHWM")
    if peak is not None:
        return peak
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, else KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _status_bytes(field: str) -> int | None:
    """VmRSS (now) or VmHWM (peak) from /proc, where there is one."""
    try:
        for line in STATUS.read_text(encoding="ascii").splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        CLEAR_REFS.write_text("5", encoding="ascii")  # 5: reset the peak RSS (Linux ≥ 4.0)
    except OSError:
        return False
    return True


def _mib(value: int | None) -> float | None:
    return None if value is None else value / MIB


def measure(rows: int) -> dict[str, Any]:
    raw = raw_workbook(synthetic_tabs(rows))
    options = ReadOptions(today=AS_OF)
    gc.collect()
    peak_so_far = _peak_bytes()  # read before the reset, which lowers it
    holding_raw = _status_bytes("VmRSS")
    reset = _reset_peak()
    start = time.perf_counter()
    dataset = normalize(raw, options)
    seconds = time.perf_counter() - start
    normalising_peak = _status_bytes("VmHWM") if reset else None
    process_peak = max(peak_so_far, _peak_bytes())
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
        "peak_rss_mib": process_peak / MIB,
        "rss_holding_raw_mib": _mib(holding_raw),
        "peak_rss_while_normalising_mib": _mib(normalising_peak),
        "normalise_traced_peak_mib": traced_peak / MIB,
        "normalise_s": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    use_system_memory_pool()  # as the app does at start-up: its memory is what is measured
    emit(measure(args.rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

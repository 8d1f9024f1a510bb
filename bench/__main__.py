"""Run the benchmark: print the table, write the figures to bench/results/latest.json.

    python -m bench                 # the full run (make bench): about five minutes on 2 cores
    python -m bench --quick         # smaller sizes, a smoke run of under a minute
    python -m bench --only pages    # some measurements only (normalise, google, memory, ...)

Exits 1 when a target is missed, so a script can tell.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import child, google_path, normalisation, pages, peers, readers, report, shapes
from bench.apptest import secrets_file_warning
from bench.machine import describe, load_average
from bench.plan import FULL, QUICK, Plan
from bench.report import MEASUREMENTS
from bench.synthetic import synthetic_tabs, write_xlsx
from lib.columns import use_system_memory_pool

RESULTS_DIR = Path(__file__).resolve().parent / "results"
CHILD_TIMEOUT_S = 420


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # progress; stdout keeps the table alone


def run_normalisation(plan: Plan, work: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    figures = []
    for size in plan.normalise_sizes:
        _say(f"normalisation at {size:,} rows")
        figures.append(normalisation.measure(synthetic_tabs(size), plan.normalise_runs))
    return figures


def run_google(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"Google path at {plan.google_rows:,} rows")
    return google_path.measure(synthetic_tabs(plan.google_rows), plan.google_runs)


def run_memory(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"peak memory at {plan.memory_rows:,} rows (own process)")
    return child.run(
        "bench.memory", ["--rows", str(plan.memory_rows)], env, timeout=CHILD_TIMEOUT_S
    )


def run_pages(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    workbooks = {
        label: write_xlsx(synthetic_tabs(size), work / f"synthetic-{size}.xlsx")
        for label, size in zip(("small", "large"), plan.page_sizes, strict=True)
    }
    rounds: dict[str, list[dict[str, Any]]] = {label: [] for label in workbooks}
    # Small and large take turns, so a noisy minute of the machine does not land on one side.
    for round_number in range(1, plan.page_rounds + 1):
        for (label, workbook), size in zip(workbooks.items(), plan.page_sizes, strict=True):
            _say(f"page reruns at {size:,} projects, round {round_number} (own process)")
            args = [
                "--workbook",
                str(workbook),
                "--reruns",
                str(plan.page_reruns),
                "--budget",
                str(plan.page_budget_s),
            ]
            rounds[label].append(child.run("bench.pages", args, env, timeout=CHILD_TIMEOUT_S))
    return {label: pages.merge(results) for label, results in rounds.items()}


def run_sessions(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"{plan.sessions} concurrent sessions × {plan.session_reruns} reruns (own process)")
    args = [
        "--rows",
        str(plan.session_rows),
        "--sessions",
        str(plan.sessions),
        "--reruns",
        str(plan.session_reruns),
        "--latency",
        str(plan.session_latency_s),
    ]
    return child.run("bench.sessions", args, env, timeout=CHILD_TIMEOUT_S)


def run_readers(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"each reader to projects at {plan.reader_rows:,} rows")
    return readers.measure(synthetic_tabs(plan.reader_rows), plan.reader_runs, work)


def run_saves(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"{plan.saves} saves against the stand-in at {plan.save_latency_s * 1000:.0f} ms")
    args = [
        "--rows",
        str(plan.save_rows),
        "--saves",
        str(plan.saves),
        "--latency",
        str(plan.save_latency_s),
    ]
    return child.run("bench.saves", args, env, timeout=CHILD_TIMEOUT_S)


def run_render(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"first render in Chromium, {plan.render_rounds} interleaved rounds (own process)")
    args = ["--rounds", str(plan.render_rounds)]
    return child.run("bench.first_render", args, env, timeout=CHILD_TIMEOUT_S)


def run_shapes(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say("hostile shapes at two sizes")
    return shapes.measure(plan.shapes_scale)


def run_peers(plan: Plan, work: Path, env: dict[str, str]) -> dict[str, Any]:
    _say(f"peers reading {plan.peer_rows:,} rows from the same stand-in")
    return peers.measure(synthetic_tabs(plan.peer_rows), plan.peer_reads, work)


STEPS: dict[str, tuple[str, Callable[[Plan, Path, dict[str, str]], Any]]] = {
    "normalise": ("normalisation", run_normalisation),
    "readers": ("readers", run_readers),
    "saves": ("saves", run_saves),
    "google": ("google_path", run_google),
    "memory": ("memory", run_memory),
    "pages": ("pages", run_pages),
    "sessions": ("sessions", run_sessions),
    "render": ("first_render", run_render),
    "shapes": ("shapes", run_shapes),
    "peers": ("peers", run_peers),
}


def run(plan: Plan, only: tuple[str, ...] = MEASUREMENTS) -> dict[str, Any]:
    """Every chosen measurement; a measurement that fails is reported, the others still run."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "plan": asdict(plan),
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": describe(),
        "measured": list(only),
        "failures": [],
        "warnings": [w for w in (secrets_file_warning(),) if w],
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = Path(scratch)
        # The app keeps snapshots and the demo's copy here: never in the developer's own folder.
        env = {"TRACKER_DATA_DIR": str(work / "data")}
        for name in only:
            key, step = STEPS[name]
            try:
                results[key] = step(plan, work, env)
            except Exception as error:  # one broken measurement must not hide the others
                results["failures"].append(f"{name}: {type(error).__name__}: {error}")
    results["targets"] = report.targets(results)
    results["wall_s"] = time.perf_counter() - started
    results["machine"]["load_at_end"] = load_average()
    return results


def main(argv: list[str] | None = None) -> int:
    use_system_memory_pool()  # as the app does at start-up: timed on the same allocator
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run")
    parser.add_argument(
        "--only",
        default=",".join(MEASUREMENTS),
        help=f"comma-separated subset of: {', '.join(MEASUREMENTS)}",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args(argv)
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    results = run(QUICK if args.quick else FULL, only)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(report.markdown(results) + "\n", encoding="utf-8")
    print(report.text(results))
    print(f"\nFigures: {args.out} (Markdown: {args.out.with_suffix('.md').name})")
    return 0 if all(t["passed"] for t in results["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())

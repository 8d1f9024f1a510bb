"""Google requests made by many concurrent viewers within one cache period; own process.

Starts the Sheets stand-in, then the real app (`streamlit run app.py`) pointed at it with a
cache period longer than the run, and drives it through Streamlit's agent API: each viewer is a
thread with a real server session of its own, all starting at the same moment. Every viewer
reruns the app, moving through the pages, so a page that reads the sheet by another road than
the shared loader shows up in the count. Each answer from the stand-in is held back by a typical
Google latency, so viewers arrive while the first load is still in flight.

Why a server and not one AppTest per thread: AppTest swaps process-wide state on every run
(the runtime instance, page registry and config), so AppTests running at the same time in
threads break each other's runs; a real server is what viewers hit anyway.

    python -m bench.sessions --sessions 20 --reruns 10     # prints one JSON line
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from bench.apptest import APP, CACHE_TTL_SECONDS, ROOT, configure
from bench.child import emit
from bench.google_path import KEY, classify
from bench.synthetic import AS_OF, synthetic_tabs
from standin import SheetsStandIn

MANY = 1_000_000  # "every request", for the stand-in's delay rule
START_SECONDS = 60  # for the server to answer its health check


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(log: Path) -> Iterator[str]:
    """`streamlit run app.py` with the agent API on a free local port; yields its base URL."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.enableAgentApi=true",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if requests.get(f"{base}/_stcore/health", timeout=2).text == "ok":
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start; see {log}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _exceptions(node: dict[str, Any]) -> Iterator[str]:
    if node.get("type") == "exception":
        props = node.get("props", {})
        yield f"{props.get('type', 'Exception')}: {props.get('message', '')}".splitlines()[0]
    for child in node.get("children", ()):
        yield from _exceptions(child)


class _Viewer:
    """One browser tab's worth of the app: a server session driven through the agent API."""

    def __init__(self, base: str, timeout: float) -> None:
        self.url = f"{base}/_stcore/agent/interact"
        self.http = requests.Session()
        self.timeout = timeout
        self.session_id = ""
        self.pages: list[str] = []

    def run(self, page: str | None = None) -> list[str]:
        """One rerun (on `page` when given); the exceptions the page showed."""
        body: dict[str, Any] = {"session_id": self.session_id} if self.session_id else {}
        if page is not None:
            body["page"] = page
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self.http.post(self.url, json=body, timeout=self.timeout)
            data = answer.json()
            self.session_id = data.get("session_id", self.session_id)
            if answer.status_code != 202:
                break
            if time.monotonic() > deadline:  # still running: collect it, or give up
                return [f"run still going after {self.timeout:.0f} s"]
            body = {"session_id": self.session_id}
        if answer.status_code != 200:
            error = data.get("error", {})
            return [
                f"HTTP {answer.status_code} {error.get('code', '')}: {error.get('message', '')}"
            ]
        self.pages = [p["url_path"] for p in data.get("pages", [])]
        return list(_exceptions(data.get("tree", {})))


def _session(
    index: int, base: str, reruns: int, start: threading.Barrier, timeout: float
) -> dict[str, Any]:
    viewer = _Viewer(base, timeout)
    problems: list[str] = []
    start.wait()
    began = time.perf_counter()
    first_run = None
    for rerun in range(reruns):
        # The first run opens the default page and lists the others; then move through them.
        page = viewer.pages[(index + rerun) % len(viewer.pages)] if viewer.pages else None
        try:
            problems += viewer.run(page if rerun else None)
        except (requests.RequestException, ValueError) as error:
            problems.append(f"{type(error).__name__}: {error}".splitlines()[0])
        first_run = first_run or time.perf_counter() - began
    return {"seconds": time.perf_counter() - began, "first_run_s": first_run, "errors": problems}


def measure(
    rows: int, sessions: int, reruns: int, latency_s: float, timeout: float
) -> dict[str, Any]:
    tabs = synthetic_tabs(rows)
    with (
        SheetsStandIn(tabs, key=KEY, lifetime_seconds=1800) as standin,
        tempfile.TemporaryDirectory(prefix="bench-sessions-") as scratch,
    ):
        standin.delay(latency_s, times=MANY)
        configure(
            {
                "TRACKER_SPREADSHEET": KEY,
                "TRACKER_SHEETS_API_BASE": standin.base_url,
                "TRACKER_AS_OF": AS_OF.isoformat(),
                "TRACKER_REQUEST_TIMEOUT_SECONDS": "60",
            }
        )
        log = Path(scratch) / "streamlit.log"
        with streamlit_server(log) as base:
            barrier = threading.Barrier(sessions)
            results: list[dict[str, Any]] = [{} for _ in range(sessions)]

            def run(i: int) -> None:
                results[i] = _session(i, base, reruns, barrier, timeout)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(sessions)]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
            requests_made = classify(standin.requests, KEY)
        server_log = log.read_text(errors="replace").splitlines()
    problems = [p for r in results for p in r.get("errors", ["session did not finish"])]
    tracebacks = [line for line in server_log if line.startswith("Traceback")]
    return {
        "rows": rows,
        "sessions": sessions,
        "reruns": reruns,
        "runs": sessions * reruns,
        "latency_s": latency_s,
        "cache_ttl_s": CACHE_TTL_SECONDS,
        "requests": requests_made,
        "wall_s": wall,
        # Every viewer's first run waits for the one shared load: none should take much longer.
        "first_run_max_s": max((r.get("first_run_s") or 0.0 for r in results), default=0.0),
        "errors": len(problems),
        "error_samples": sorted(set(problems))[:5],
        "server_tracebacks": len(tracebacks),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sessions")
    parser.add_argument("--rows", type=int, default=1_000, help="projects in the sheet")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per Google answer")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per run")
    args = parser.parse_args(argv)
    emit(measure(args.rows, args.sessions, args.reruns, args.latency, args.timeout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

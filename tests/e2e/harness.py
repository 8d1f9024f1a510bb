"""What every browser test needs: Debian's Chromium, and the app served by `streamlit run`."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Flags that work in this sandbox; without the networking ones Chromium keeps trying to reach
# Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"  # git-ignored: screenshots for people to look at
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
AS_OF = "2026-03-01"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url} within {seconds:.0f}s")


@contextmanager
def streamlit_server(
    data_dir: Path,
    log_path: Path,
    settings: dict[str, str] | None = None,
    script: Path | None = None,
) -> Iterator[str]:
    """`streamlit run server.py` (the app and its routes) on a free port of 127.0.0.1, while
    the block runs: on the demo data, or on what `settings` (TRACKER_* variables, e.g.
    TRACKER_WORKBOOK) configure.

    The demo's editable copy and snapshots go to `data_dir`, thrown away with the test.
    `script` serves another page than app.py (the benchmark's floor pages).
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env |= {"TRACKER_AS_OF": AS_OF, "TRACKER_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env |= settings or {}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script or "server.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",  # as viewers see it: no developer menu
    ]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(url, server)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def sized_context(browser, size: str, **options: object):
    """A browser context at one of SIZES; "phone" is a touch phone that says so (its user
    agent), as pages read it to lay themselves out."""
    width, height = SIZES[size]
    phone = {"is_mobile": True, "has_touch": True, "user_agent": PHONE_AGENT}
    extra = phone if size == "phone" else {}
    return browser.new_context(viewport={"width": width, "height": height}, **extra, **options)


def wait_for_run(page, timeout_ms: float = 60_000) -> None:
    """Until the script run that the last navigation or interaction started has finished. Its
    start is waited for briefly first: a quick run may have started and ended already."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector(RUNNING, timeout=1_000)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def wait_for_charts(page, timeout_ms: float = 60_000) -> None:
    """Until the page's elements have replaced their placeholders and every chart has drawn."""
    placeholders_gone = "!document.querySelector('[data-testid=stSkeleton]')"
    page.wait_for_function(placeholders_gone, timeout=timeout_ms)
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".every((chart) => chart.querySelector('.main-svg'))",
        timeout=timeout_ms,
    )

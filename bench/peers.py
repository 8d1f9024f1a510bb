"""The project beside two usual ways of reading a Google Sheet, on the same stand-in.

- **this project**: lib.sources.google_sheet (every tab in one values:batchGet, after one
  metadata request), one read per cache period shared by every viewer;
- **naive gspread**: `open_by_key(...).worksheet("Projects").get_all_values()` per read, as
  most tutorials write it;
- **st-gsheets-connection** 0.1.0 (`conn.read(worksheet="Projects")`), in a venv of its own
  (bench/.peers-venv, made on first use: it pins gspread 5).

Requests per read come from the stand-in's log; per hour assumes a 60 s cache (one read a
minute, however many viewers). Time is the median read.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import gspread
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from gspread.http_client import HTTPClient

from bench.synthetic import Tab
from lib.config import Settings
from lib.sources.google_sheet import GoogleSheetSource, StandInCredentials
from standin import SheetsStandIn

KEY = "bench"
GOOGLE = "https://sheets.googleapis.com/v4/spreadsheets"  # the stand-in serves this path
PEERS_VENV = Path(__file__).resolve().parent / ".peers-venv"
PEER_PACKAGE = "st-gsheets-connection==0.1.0"
READS_PER_HOUR = 60  # a 60 s cache


def _naive_client(base: str) -> gspread.Client:
    class StandInHTTP(HTTPClient):
        def request(self, method, endpoint, *args, **kwargs):  # only the host changes
            return super().request(method, endpoint.replace(GOOGLE, base), *args, **kwargs)

    return gspread.Client(StandInCredentials(), http_client=StandInHTTP)


def _timed_reads(read: Any, standin: SheetsStandIn, reads: int) -> dict[str, Any]:
    seconds, counts = [], []
    for _ in range(reads):
        standin.clear_requests()
        start = time.perf_counter()
        read()
        seconds.append(time.perf_counter() - start)
        counts.append(len(standin.requests))
    return {"requests_per_read": statistics.median(counts), "read_s": statistics.median(seconds)}


def _peer_python() -> Path | None:
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True, timeout=600
        )
    return python


def _pem(work: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = work / "peer-key.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def _gsheets_connection(standin: SheetsStandIn, reads: int, work: Path) -> dict[str, Any]:
    python = _peer_python()
    standin.clear_requests()
    script = Path(__file__).resolve().parent / "peer_gsheets_connection.py"
    done = subprocess.run(
        [str(python), str(script), standin.base_url, KEY, str(_pem(work)), str(reads)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=work,
    )
    answer = next(
        (line for line in done.stdout.splitlines() if line.startswith("PEER-RESULT ")), None
    )
    if answer is None:
        raise RuntimeError(f"st-gsheets-connection peer failed: {done.stderr[-400:]}")
    found = json.loads(answer.split(" ", 1)[1])
    return {
        "requests_per_read": len(standin.requests) / reads,
        "read_s": statistics.median(found["seconds"]),
    }


def measure(tabs: dict[str, Tab], reads: int, work: Path) -> dict[str, Any]:
    with SheetsStandIn(tabs, key=KEY, lifetime_seconds=600) as standin:
        settings = Settings(spreadsheet=KEY, sheets_api_base=standin.base_url)
        client = _naive_client(standin.base_url)
        peers = {
            "project": _timed_reads(lambda: GoogleSheetSource(settings).load(), standin, reads),
            "naive_gspread": _timed_reads(
                lambda: client.open_by_key(KEY).worksheet("Projects").get_all_values(),
                standin,
                reads,
            ),
        }
        try:
            peers["st_gsheets_connection"] = _gsheets_connection(standin, reads, work)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            peers["st_gsheets_connection"] = {"error": str(error)[:300]}
    for figures in peers.values():
        if "requests_per_read" in figures:
            figures["requests_per_hour"] = figures["requests_per_read"] * READS_PER_HOUR
    return {"rows": len(tabs["Projects"]), "reads": reads, "peers": peers}

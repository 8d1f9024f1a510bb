"""Measurements that need a process of their own: started here, answering with one JSON line.

The app under test may print or log to stdout, so the answer carries a marker the parent
looks for instead of trusting the whole of stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bench.apptest import ROOT

MARKER = "BENCH-RESULT "


class ChildFailed(RuntimeError):
    """A measurement process exited without an answer; the message holds its last words."""


def emit(result: dict[str, Any]) -> None:
    print(MARKER + json.dumps(result), flush=True)


def run(module: str, args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `python -m module args` in the repository with `env` added; its JSON answer."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
    raise ChildFailed(f"python -m {module} exited with {completed.returncode}:\n{tail}")

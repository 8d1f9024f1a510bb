"""What the benchmark ran on: figures mean little without the machine and the versions."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pandas", "streamlit", "gspread", "openpyxl")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def load_average() -> str:
    """The 1, 5 and 15-minute load: other work on a shared machine shows in every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


def commit() -> str:
    """The checked-out commit, marked when the working tree has local changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' + local changes' if dirty else ''}" if head else "unknown"


def describe() -> dict[str, Any]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gib": memory_gib(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "packages": versions,
        "commit": commit(),
        "load_at_start": load_average(),
    }


def one_line(machine: dict[str, Any]) -> str:
    memory = f", {machine['memory_gib']:.0f} GiB RAM" if machine.get("memory_gib") else ""
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items())
    return (
        f"{machine['cpus']} CPUs ({machine['cpu_model']}){memory}, Python {machine['python']} "
        f"on {machine['system']}; {packages}; commit {machine['commit']}"
    )

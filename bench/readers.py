"""Each real reader, from its source to projects, against `pandas.read_csv` of the same rows.

Normalisation is fed what each reader really hands over — gspread's cells from the Sheets
stand-in (serial numbers and formatted strings), the .xlsx reader's cells from a file on disk
(real dates, numbers), and the CSV reader's text — and is timed on those cells. The local
files are also timed whole, from the file to projects. Rounds interleave the reader and the
floor, so a noisy minute of the machine slows both alike; figures are medians.
"""

from __future__ import annotations

import io
import statistics
from pathlib import Path
from typing import Any

import pandas as pd

from bench.normalisation import timed
from bench.synthetic import AS_OF, Tab, csv_text, write_csv, write_xlsx
from lib.config import Settings
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.sources.google_sheet import GoogleSheetSource
from lib.sources.workbook import WorkbookSource
from standin import SheetsStandIn

KEY = "bench"


def _google_raw(tabs: dict[str, Tab]) -> RawWorkbook:
    with SheetsStandIn(tabs, key=KEY, lifetime_seconds=600) as standin:
        settings = Settings(
            spreadsheet=KEY,
            sheets_api_base=standin.base_url,
            request_timeout_seconds=120.0,
            retry_attempts=1,
        )
        return GoogleSheetSource(settings).load()


def _median(values: list[float]) -> float:
    return statistics.median(values)


def measure(tabs: dict[str, Tab], runs: int, work: Path) -> dict[str, Any]:
    """Per reader: load, normalise and total medians, and their ratios to read_csv."""
    options = ReadOptions(today=AS_OF)
    text = csv_text(tabs["Projects"])
    xlsx = WorkbookSource(write_xlsx(tabs, work / "readers.xlsx"))
    csv = WorkbookSource(write_csv(tabs["Projects"], work / "readers.csv"))
    google = _google_raw(tabs)  # loaded once: the Google path's HTTP is timed in google_path
    floor: list[float] = []
    times: dict[str, dict[str, list[float]]] = {
        name: {"load": [], "normalise": []} for name in ("google", "xlsx", "csv")
    }
    projects: dict[str, int] = {}
    for _ in range(runs):
        floor.append(timed(lambda: pd.read_csv(io.StringIO(text), dtype=str, header=None))[0])
        for name, source in (("google", None), ("xlsx", xlsx), ("csv", csv)):
            if source is None:
                raw, load_s = google, 0.0
            else:
                load_s, _, raw = timed(source.load)
            normalise_s, _, dataset = timed(lambda raw=raw: normalize(raw, options))
            times[name]["load"].append(load_s)
            times[name]["normalise"].append(normalise_s)
            projects[name] = dataset.rows.projects
    read_csv_s = _median(floor)
    readers = {}
    for name, series in times.items():
        load_s = _median(series["load"])
        normalise_s = _median(series["normalise"])
        total_s = _median([a + b for a, b in zip(series["load"], series["normalise"], strict=True)])
        readers[name] = {
            "projects": projects[name],
            "load_s": load_s,
            "normalise_s": normalise_s,
            "total_s": total_s,
            "normalise_ratio": normalise_s / read_csv_s,
            "total_ratio": total_s / read_csv_s,
        }
    return {
        "rows": len(tabs["Projects"]),
        "runs": runs,
        "read_csv_s": read_csv_s,
        "readers": readers,
    }

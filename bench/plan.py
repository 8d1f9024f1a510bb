"""How big and how many: the full benchmark, a quick smoke run, and the targets' limits."""

from __future__ import annotations

from dataclasses import dataclass

# The targets of issue 5, checked against figures from one run (machines are noisy).
NORMALISE_MAX_RATIO = 3.0  # normalisation at the largest size, against pandas.read_csv
PAGE_MAX_RATIO = 2.0  # a warm rerun at the large sheet against the same page at the small one
PEAK_MEMORY_LIMIT_MIB = 1024.0
MAX_VALUES_REQUESTS = 1  # within one cache period, whatever the number of viewers and reruns
MAX_METADATA_REQUESTS = 1
# The targets of issue 12.
READER_NORMALISE_MAX_RATIO = 2.0  # normalising each real reader's cells, against read_csv
XLSX_TOTAL_MAX_RATIO = 4.0  # a local .xlsx from the file to projects, against read_csv
PEAK_MEMORY_TARGET_MIB = 300.0
SAVE_MEDIAN_MAX_S = 1.0
SAVE_P95_MAX_S = 2.0
RENDER_NEW_MAX_RATIO = 1.3  # a new visitor's Overview against the one-Plotly-chart floor
RENDER_RETURNING_MAX_RATIO = 1.5  # a returning visitor's, against the floor's returning time
RENDER_NEW_MAX_BYTES = 3_000_000
SHAPE_MAX_GROWTH = 1.5  # cost per cell at full size against half size: 1.0 is linear


@dataclass(frozen=True)
class Plan:
    name: str
    normalise_sizes: tuple[int, ...]
    google_rows: int
    google_runs: int
    page_sizes: tuple[int, int]  # the small and the large sheet, in projects
    page_rounds: int  # small and large sheets take turns this many times
    page_reruns: int  # per page and round
    page_budget_s: float  # a page slower than this in total gets fewer reruns (at least 3)
    memory_rows: int
    sessions: int
    session_reruns: int
    session_rows: int
    session_latency_s: float

    render_rounds: int = 5
    shapes_scale: float = 1.0
    peer_rows: int = 10_000
    peer_reads: int = 3
    reader_rows: int = 100_000
    reader_runs: int = 3
    save_rows: int = 1_000
    saves: int = 20
    save_latency_s: float = 0.1
    normalise_runs: int = 5


FULL = Plan(
    name="full",
    normalise_sizes=(1_000, 10_000, 100_000),
    google_rows=10_000,
    google_runs=3,
    page_sizes=(100, 10_000),
    page_rounds=3,
    page_reruns=9,
    page_budget_s=10.0,
    memory_rows=100_000,
    sessions=20,
    session_reruns=10,
    session_rows=1_000,
    session_latency_s=0.5,
)

QUICK = Plan(
    name="quick",
    normalise_sizes=(1_000, 5_000),
    google_rows=1_000,
    google_runs=2,
    page_sizes=(20, 500),
    page_rounds=1,
    page_reruns=3,
    page_budget_s=2.0,
    memory_rows=5_000,
    sessions=4,
    session_reruns=3,
    session_rows=200,
    session_latency_s=0.1,
    render_rounds=1,
    shapes_scale=0.05,
    peer_rows=500,
    peer_reads=1,
    reader_rows=2_000,
    reader_runs=1,
    save_rows=100,
    saves=3,
    normalise_runs=3,
)

PLANS = {plan.name: plan for plan in (FULL, QUICK)}

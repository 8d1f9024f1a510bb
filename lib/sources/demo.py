"""The bundled demo, built around a given day so that deadlines always sit around today.

Edits to the demo go to a private copy outside the repository (`$TRACKER_DATA_DIR`, else
`~/.cache/joint-production-tracker/`), made on the first edit. While a recent copy exists the
demo is read from it, so edits show; an old copy is left aside so the demo looks alive again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from lib.config import data_dir
from lib.demo import build_demo_tabs
from lib.model import RawWorkbook, SourceKind
from lib.sources.base import SourceError
from lib.sources.workbook import read_workbook_tabs

DEMO_LABEL = "Demo data (bundled example)"
DEMO_COPY_LABEL = "Demo data (your edited copy)"
COPY_MAX_AGE_DAYS = 30  # older copies have deadlines too far from today to look alive
_COPY_PREFIX = "demo-"


def demo_copy_path(built_for: date) -> Path:
    """Where a copy of the demo built for `built_for` lives."""
    return data_dir() / f"{_COPY_PREFIX}{built_for.isoformat()}.xlsx"


def demo_copy(today: date) -> Path | None:
    """The newest private copy of the demo that is recent enough to show, if any."""
    folder = data_dir()
    if not folder.is_dir():
        return None
    recent = []
    for path in folder.glob(f"{_COPY_PREFIX}*.xlsx"):
        try:
            built = date.fromisoformat(path.stem.removeprefix(_COPY_PREFIX))
        except ValueError:
            continue
        if timedelta(0) <= today - built <= timedelta(days=COPY_MAX_AGE_DAYS):
            recent.append((built, path))
    return max(recent)[1] if recent else None


@dataclass
class DemoSource:
    today: Callable[[], date]
    kind: SourceKind = field(default="demo", init=False)
    label: str = field(default=DEMO_LABEL, init=False)

    def load(self) -> RawWorkbook:
        today = self.today()
        copy = demo_copy(today)
        if copy is not None:
            try:
                return RawWorkbook(read_workbook_tabs(copy), "demo", DEMO_COPY_LABEL)
            except SourceError:
                pass  # a damaged copy: show the bundled demo rather than nothing
        return RawWorkbook(build_demo_tabs(today), "demo", self.label)

"""The bundled demo, built around a given day so that deadlines always sit around today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from lib.demo import build_demo_tabs
from lib.model import RawWorkbook, SourceKind

DEMO_LABEL = "Demo data (bundled example)"


@dataclass
class DemoSource:
    today: Callable[[], date]
    kind: SourceKind = field(default="demo", init=False)
    label: str = field(default=DEMO_LABEL, init=False)

    def load(self) -> RawWorkbook:
        return RawWorkbook(build_demo_tabs(self.today()), "demo", self.label)

"""Data sources: a Google Sheet, a local workbook, or the bundled demo — chosen by the settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from lib.config import Settings
from lib.sources.base import MissingProjectsTab, Source, SourceError
from lib.sources.demo import DemoSource
from lib.sources.google_sheet import GoogleSheetSource
from lib.sources.workbook import WorkbookSource

__all__ = ["MissingProjectsTab", "Source", "SourceError", "source_for"]


def source_for(settings: Settings, today: Callable[[], date] | None = None) -> Source:
    """The one source of this run: Google Sheet if configured, else a workbook, else the demo."""
    if settings.spreadsheet:
        return GoogleSheetSource(settings)
    if settings.workbook:
        return WorkbookSource(Path(settings.workbook).expanduser())
    return DemoSource(today or settings.today)

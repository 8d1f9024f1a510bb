"""From a source to a dataset: read the raw cells, normalise them, stamp the time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from lib.config import Settings
from lib.model import Dataset, RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.project_log import read_log
from lib.sources import Source


def dataset_from_raw(
    raw: RawWorkbook, settings: Settings, today: date, loaded_at: datetime
) -> Dataset:
    dataset = normalize(raw, ReadOptions(today=today, date_order=settings.date_order))
    return replace(
        dataset,
        loaded_at=loaded_at,
        log=read_log(raw),
        projects_tab_link=projects_tab_link(raw, dataset.layout.tab),
    )


def projects_tab_link(raw: RawWorkbook, tab: str) -> str | None:
    """The Projects tab of a Google Sheet, to which a project's row range is appended."""
    if not raw.sheet_url or tab not in raw.gids:
        return None
    return f"{raw.sheet_url}#gid={raw.gids[tab]}"


def read_dataset(source: Source, settings: Settings, today: date) -> Dataset:
    return dataset_from_raw(source.load(), settings, today, datetime.now(UTC))

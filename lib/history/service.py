"""The history as the app server, the watcher and the pages use it: record a load, read back.

No Streamlit here. What went wrong the last time is kept per source, so a page can say the
history is unavailable and why while the dashboards carry on.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

import pandas as pd

from lib.config import Settings
from lib.history.demo_past import demo_past
from lib.history.store import CHANGE_COLUMNS, HistoryUnavailable, Record, Store
from lib.history.watch import record_load, source_key
from lib.model import Dataset, RawWorkbook

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """The last attempt to record a load of one source."""

    at: datetime
    recorded: int = 0
    error: str = ""


@dataclass(frozen=True)
class History:
    """A source's history as read: its records, when it began, or why it cannot be read."""

    changes: pd.DataFrame
    started_at: datetime | None
    error: str = ""

    @property
    def available(self) -> bool:
        return not self.error


_outcomes: dict[str, Outcome] = {}
_guard = threading.Lock()


def record(
    settings: Settings, dataset: Dataset, raw: RawWorkbook, today: date, now: datetime | None = None
) -> Outcome:
    """Keep what changed in this load. Never raises: a database problem is logged, kept as the
    source's outcome, and the same comparison is made again on the next load."""
    moment = now or datetime.now(UTC)
    source = source_key(settings, today)
    past = partial(demo_past, today=today) if dataset.source_kind == "demo" else None
    try:
        added = record_load(Store.configured(settings), source, dataset, raw, moment, past)
        outcome = Outcome(moment, len(added))
    except HistoryUnavailable as error:
        _log.warning("history not recorded: %s", error)
        outcome = Outcome(moment, 0, str(error))
    except Exception as error:  # the dashboards never stop for the history
        _log.warning("history not recorded (%s)", type(error).__name__)
        outcome = Outcome(moment, 0, f"unexpected problem ({type(error).__name__})")
    with _guard:
        _outcomes[source] = outcome
    return outcome


def last_outcome(settings: Settings, today: date) -> Outcome | None:
    with _guard:
        return _outcomes.get(source_key(settings, today))


def read(settings: Settings, today: date) -> History:
    """The whole history of the configured source, or why it cannot be had."""
    source = source_key(settings, today)
    try:
        store = Store.configured(settings)
        return History(store.changes(source), store.started_at(source))
    except HistoryUnavailable as error:
        return History(_no_changes(), None, str(error))
    except Exception as error:
        _log.warning("history not read (%s)", type(error).__name__)
        return History(_no_changes(), None, f"unexpected problem ({type(error).__name__})")


def _no_changes() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CHANGE_COLUMNS})
    frame["seen_at"] = pd.to_datetime(frame["seen_at"], utc=True)
    return frame


__all__ = ["History", "Outcome", "Record", "last_outcome", "read", "record"]

"""Each load of the sheet → what changed since the previous load → the history.

`plan_records` is the pure part: the previous snapshot, this load's projects and the Log tab
give the records to keep. The app's own edits are in the Log with their author and time: a
change found in the sheet that the Log explains is recorded once, under the Log's author and
time; any other is recorded as made "in the sheet" when this load first saw it. On the first
load of a source, the Log's past is imported and every project is noted as first seen in its
current stage (the Flow page counts their time from then, and says so).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lib.config import Settings
from lib.history.compare import STAGE, Change, Snapshot, canonical, compare, snapshot
from lib.history.store import Base, Record, Store
from lib.model import Dataset, RawWorkbook
from lib.schema import LOG_HEADER, tab_lookup
from lib.text import fold

# A Log row is written a moment after the cells; a change found in this load is explained by
# a Log row from a little before the previous load on (clocks of two servers differ a little).
LOG_SLACK = timedelta(minutes=5)
IN_THE_SHEET = ""  # the author of a change typed into the sheet: nobody the app knows

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogEntry:
    """One row of the Log tab, as the app's saves write it."""

    at: datetime
    user: str
    project_id: str
    field: str
    old: str
    new: str

    @property
    def key(self) -> str:
        text = "|".join((self.at.isoformat(), self.user, self.project_id, self.field, self.new))
        return "log:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def source_key(settings: Settings, today: date) -> str:
    """Names a source's history without carrying a secret or a path into the database.

    The demo is rebuilt around each day, so each day's demo has a history of its own.
    """
    if settings.source_kind == "demo":
        return f"demo-{today.isoformat()}"
    parts = (settings.source_kind, settings.spreadsheet, settings.workbook)
    return settings.source_kind + "-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def log_entries(raw: RawWorkbook) -> list[LogEntry]:
    """The Log tab's rows that say when, who, which project and field; others are skipped."""
    lookup = tab_lookup()
    title = next((t for t in raw.tabs if lookup.get(fold(t)) == "Log"), None)
    if title is None:
        return []
    entries = []
    header = fold(LOG_HEADER[0])
    for row in raw.tabs[title]:
        cells = [canonical(c) if not isinstance(c, datetime) else c for c in row[:6]]
        cells += [""] * (6 - len(cells))
        if isinstance(cells[0], str) and fold(cells[0]) == header:
            continue
        at = _timestamp(cells[0])
        if at is None or not cells[2] or not cells[3]:
            continue
        entries.append(LogEntry(at, *(str(c) for c in cells[1:6])))
    return entries


def _from_log(entry: LogEntry, old: str | None = None, new: str | None = None) -> Record:
    return Record(
        key=entry.key,
        project_id=entry.project_id,
        field=entry.field,
        old=entry.old if old is None else old,
        new=entry.new if new is None else new,
        kind="changed",
        origin="app",
        author=entry.user,
        seen_at=entry.at,
    )


def baseline(current: Snapshot, now: datetime) -> list[Record]:
    """Every project as first seen: its stage now, its earlier past unknown."""
    return [
        Record(f"first:{pid}", pid, STAGE, "", fields.get(STAGE, ""), "baseline", "sheet", "", now)
        for pid, fields in current.items()
    ]


def plan_records(
    base: Base | None,
    known: frozenset[str],
    current: Snapshot,
    entries: Sequence[LogEntry],
    now: datetime,
    first_past: Callable[[Snapshot, datetime], list[Record]] | None = None,
) -> tuple[list[Record], Snapshot]:
    """The records one load adds, and the snapshot the next load is compared with.

    `first_past`, on a source's first load, gives its earlier history (the demo has one); a
    project it says nothing of is noted as first seen now.
    """
    fresh = [e for e in entries if e.key not in known]
    if base is None:
        past = first_past(current, now) if first_past else []
        told = {r.project_id for r in past}
        untold = {pid: f for pid, f in current.items() if pid not in told}
        return [*map(_from_log, fresh), *past, *baseline(untold, now)], current
    records: list[Record] = []
    used: set[str] = set()
    for change in compare(base.body, current):
        entry = _explaining(change, fresh, used, base.taken_at - LOG_SLACK)
        if entry is not None:
            used.add(entry.key)
            records.append(_from_log(entry, change.old, change.new))
        else:
            records.append(_seen(change, base.revision + 1, now))
    # Saves whose change this load cannot see (undone since, or made to a value it already
    # held) still happened: they are kept as the Log wrote them.
    records.extend(_from_log(e) for e in fresh if e.key not in used)
    return records, current


def _explaining(
    change: Change, entries: Sequence[LogEntry], used: set[str], since: datetime
) -> LogEntry | None:
    if change.kind != "changed":
        return None
    candidates = [
        e
        for e in entries
        if e.key not in used
        and e.project_id == change.project_id
        and e.field == change.field
        and e.at >= since
    ]
    # The latest save of the field is the one that left the value this load sees.
    return max(candidates, key=lambda e: e.at, default=None)


def _seen(change: Change, revision: int, now: datetime) -> Record:
    key = f"rev{revision}:{change.kind}:{change.project_id}:{change.field}"
    return Record(
        key,
        change.project_id,
        change.field,
        change.old,
        change.new,
        change.kind,
        "sheet",
        IN_THE_SHEET,
        now,
    )


def record_load(
    store: Store,
    source: str,
    dataset: Dataset,
    raw: RawWorkbook,
    now: datetime | None = None,
    first_past: Callable[[Snapshot, datetime], list[Record]] | None = None,
) -> list[Record]:
    """Compare this load with the stored snapshot and keep what changed (HistoryUnavailable
    when the database cannot be used: nothing is then kept, and the next load tries again)."""
    moment = now or datetime.now(UTC)
    current = snapshot(dataset.projects)
    entries = log_entries(raw)

    def plan(base: Base | None, known: frozenset[str]) -> tuple[list[Record], Snapshot]:
        return plan_records(base, known, current, entries, moment, first_past)

    added = store.record(source, plan, moment)
    if added:
        _log.info("history: %d change(s) recorded", len(added))
    return added

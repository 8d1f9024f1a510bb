"""One request for the feed, start to finish (the imperative shell the HTTP route calls):
check the token and the filters it grants, read the sheet, publish the events."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from lib.calendar_feed.feed import EVENTS_FILE, deadlines, feed_calendar, revise
from lib.calendar_feed.store import updating
from lib.calendar_feed.tokens import FILTER_KEYS, verify
from lib.config import ConfigError, Settings, load_settings, writable_data_dir
from lib.filters import FilterSpec, apply_filters
from lib.loading import read_dataset
from lib.model import Dataset
from lib.sources import source_for


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


_cache: dict[str, tuple[float, Dataset]] = {}
_lock = threading.Lock()


def _dataset(settings: Settings) -> Dataset:
    """The sheet, read at most once per cache period by every subscriber together."""
    key = repr(settings)
    with _lock:
        held = _cache.get(key)
        if held and time.monotonic() - held[0] < settings.cache_ttl_seconds:
            return held[1]
        today = settings.today()
        dataset = read_dataset(source_for(settings, lambda: today), settings, today)
        _cache.clear()
        _cache[key] = (time.monotonic(), dataset)
        return dataset


def granted(asked: Mapping[str, list[str]], token_filters: Mapping[str, tuple[str, ...]]) -> bool:
    """A filter in the address must be exactly the token's; an address that leaves one out
    still gets the token's filter (a token never widens)."""
    for key, values in asked.items():
        if key not in FILTER_KEYS:
            continue
        chosen = tuple(sorted({v.strip() for v in values if v.strip()}))
        if chosen and chosen != token_filters.get(key, ()):
            return False
    return True


def answer(query: Mapping[str, list[str]], settings: Settings | None = None) -> Answer:
    try:
        settings = settings or load_settings()
        folder = writable_data_dir()
    except ConfigError:  # said on every page of the app; a calendar app can only retry
        return Answer(503, b"The tracker is not configured correctly; try again later.\n")
    presented = (query.get("token") or [""])[-1]
    if not presented:
        return Answer(401, b"A calendar token is needed: create one on the Deadlines page.\n")
    verdict = verify(folder, presented)
    if verdict.status == "unknown":
        return Answer(401, b"This calendar token is not valid.\n")
    if verdict.status == "revoked" or verdict.token is None:
        return Answer(403, b"This calendar token has been revoked.\n")
    if not granted(query, verdict.token.filters):
        return Answer(403, b"This token does not grant that filter.\n")
    try:
        dataset = _dataset(settings)
    except Exception:  # the sheet or the network; the calendar app will simply try again
        return Answer(503, b"The tracker cannot read its sheet right now; try again later.\n")
    spec = FilterSpec(**verdict.token.filters)
    rows = set(apply_filters(dataset.projects, spec)["row"])
    found = deadlines(dataset, settings.public_url)
    now = datetime.now(UTC).replace(microsecond=0)
    with updating(folder / EVENTS_FILE, dict) as known:
        published, memory = revise(found, known, now)
        known.clear()
        known.update(memory)
    return Answer(200, feed_calendar(found, published, rows, now), "text/calendar; charset=utf-8")

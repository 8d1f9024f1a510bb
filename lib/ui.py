"""The Streamlit shell: cached loaders shared by every viewer, and the shared sidebar.

The only module in lib/ that calls Streamlit. Everything it shows comes from the pure modules.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime

import streamlit as st

from lib.config import ConfigError, Settings, load_settings
from lib.formatting import age, clock_time
from lib.i18n import t
from lib.loading import read_dataset
from lib.model import Dataset
from lib.sources import Source, SourceError, source_for

_BOOT_SETTINGS = load_settings()
CACHE_TTL_SECONDS = max(_BOOT_SETTINGS.cache_ttl_seconds, 1)


@dataclass(frozen=True)
class LoadOutcome:
    """What the last load gave: data (fresh or the last good one) and why it is stale, if so."""

    dataset: Dataset | None
    error: str = ""
    attempted_at: datetime | None = None

    @property
    def stale(self) -> bool:
        return self.dataset is not None and bool(self.error)


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


def _fingerprint(current: Settings) -> str:
    """Identifies the configured source without carrying any secret into a cache key."""
    parts = (current.spreadsheet, current.workbook, current.sheets_api_base, current.date_order)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@st.cache_resource(show_spinner=False)
def _source(fingerprint: str) -> Source:
    return source_for(settings())


_last_good: dict[str, Dataset] = {}
_last_good_lock = threading.Lock()


@st.cache_resource(ttl=CACHE_TTL_SECONDS, refresh_mode="background", show_spinner=False)
def _load(fingerprint: str, today: date) -> LoadOutcome:
    """One load per cache period for every viewer; a failed refresh keeps the last good data."""
    attempted = datetime.now(UTC)
    try:
        dataset = read_dataset(_source(fingerprint), settings(), today)
    except SourceError as error:
        with _last_good_lock:
            previous = _last_good.get(fingerprint)
        return LoadOutcome(previous, str(error), attempted)
    with _last_good_lock:
        _last_good[fingerprint] = dataset
    return LoadOutcome(dataset, "", attempted)


def today() -> date:
    return settings().today()


def outcome() -> LoadOutcome:
    current = settings()
    return _load(_fingerprint(current), current.today())


def refresh() -> None:
    """Drop the cached data (and the sheet's metadata) so the next run reads the source again."""
    source = _source(_fingerprint(settings()))
    if hasattr(source, "metadata"):
        with contextlib.suppress(SourceError):  # the reload below reports the problem
            source.metadata(refresh=True)
    _load.clear()


def dataset() -> Dataset:
    """The current dataset, or a clear message and a stop when there is none to show."""
    result = outcome()
    if result.dataset is None:
        st.error(result.error or t("No data could be loaded."), icon=":material/cloud_off:")
        st.info(
            t(
                "Nothing to show yet. Fix the problem above, then press Refresh in the sidebar. "
                "Without a configured sheet the app shows its demo data."
            )
        )
        st.stop()
    return result.dataset


def render_source_sidebar() -> None:
    """Data source, freshness, refresh button, and a banner for demo or stale data."""
    try:
        current = settings()
    except ConfigError as error:
        st.sidebar.error(str(error))
        st.stop()
    result = outcome()
    with st.sidebar:
        if result.dataset is not None:
            loaded = result.dataset.loaded_at or datetime.now(UTC)
            st.caption(
                t(
                    "**Source:** {label}  \nLoaded {time}",
                    label=result.dataset.source_label,
                    time=clock_time(loaded, current.zone),
                )
            )
            if result.dataset.source_kind == "demo":
                st.info(
                    t("Demo data — configure a Google Sheet to see your own projects."),
                    icon=":material/science:",
                )
        if st.button(t("Refresh data"), icon=":material/refresh:", width="stretch"):
            refresh()
            st.rerun()
    if result.stale and result.dataset is not None and result.dataset.loaded_at:
        old = (datetime.now(UTC) - result.dataset.loaded_at).total_seconds()
        st.warning(
            t(
                "Showing the last good data, {age} old: the latest refresh failed. {reason}",
                age=age(old),
                reason=result.error,
            ),
            icon=":material/history:",
        )

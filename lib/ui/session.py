"""The Streamlit shell: cached loaders shared by every viewer, results worked out once per loaded
dataset, and the shared sidebar.

The only module in lib/ that calls Streamlit. Everything it shows comes from the pure modules.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib import i18n, snapshots
from lib.config import ConfigError, Settings, load_settings
from lib.formatting import age, loaded_when
from lib.history import service as history
from lib.i18n import t
from lib.loading import dataset_from_raw
from lib.markup import plain
from lib.model import Dataset
from lib.sources import Source, SourceError, source_for


def _boot_ttl() -> int:
    """The cache period, fixed when the app starts (a decorator argument cannot change later)."""
    try:
        return max(load_settings().cache_ttl_seconds, 1)
    except ConfigError:
        return 60  # the sidebar shows the configuration problem on every page


CACHE_TTL_SECONDS = _boot_ttl()


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


_log = logging.getLogger(__name__)
_last_good: dict[str, Dataset] = {}
_last_good_lock = threading.Lock()


@st.cache_resource(ttl=CACHE_TTL_SECONDS, refresh_mode="background", show_spinner=False)
def _load(fingerprint: str, today: date) -> LoadOutcome:
    """One load per cache period, shared by every viewer and rerun.

    After the first load, an expired entry is served at once while it refreshes in the
    background, so a slow Google minute never freezes the dashboard. A failed refresh keeps
    the last good data (in memory, else the snapshot on disk) and says why it is stale; the
    failure is itself cached for one period, so retries cannot pile up.
    """
    # Shared by every viewer whatever their language, and refreshed without one: what the load
    # says (source errors, data-quality messages) is worked out in the source language.
    with i18n.using(i18n.DEFAULT_LANGUAGE):
        return _load_now(fingerprint, today)


def _load_now(fingerprint: str, today: date) -> LoadOutcome:
    attempted = datetime.now(UTC)
    current = settings()
    try:
        raw = _source(fingerprint).load()
        dataset = dataset_from_raw(raw, current, today, datetime.now(UTC))
    except SourceError as error:
        return LoadOutcome(_last_good_dataset(fingerprint, today), str(error), attempted)
    except Exception as error:  # a page shows a message, never a traceback
        _log.warning("the data could not be loaded (%s)", type(error).__name__)
        reason = t(
            "The data could not be read because of an unexpected problem; it will be read "
            "again shortly. If this stays, the server's log names the kind of problem."
        )
        return LoadOutcome(_last_good_dataset(fingerprint, today), reason, attempted)
    with _last_good_lock:
        _last_good[fingerprint] = dataset
    # Every load is compared with the one before it: the change history costs no extra read.
    history.record(current, dataset, raw, today)
    if raw.kind == "google":
        try:
            snapshots.save(fingerprint, raw, dataset.loaded_at or attempted)
        except OSError as error:
            _log.warning("could not save the snapshot: %s", error.strerror)
    return LoadOutcome(dataset, "", attempted)


def _last_good_dataset(fingerprint: str, today: date) -> Dataset | None:
    with _last_good_lock:
        previous = _last_good.get(fingerprint)
    if previous is not None:
        return previous
    saved = snapshots.load(fingerprint)
    if saved is None:
        return None
    raw, loaded_at = saved
    try:
        dataset = dataset_from_raw(raw, settings(), today, loaded_at)
    except Exception as error:  # a snapshot that no longer reads is simply not used
        _log.warning("the snapshot could not be read (%s)", type(error).__name__)
        return None
    with _last_good_lock:
        _last_good.setdefault(fingerprint, dataset)
    return dataset


def require_router() -> None:
    """Make sure a page runs inside app.py's navigation, even on a shared deep link.

    Streamlit treats a folder named `pages/` as an old-style multipage app until st.navigation
    has run once: if a deep link (`/pipeline?theme=…`) is the server's first request, it runs
    the page file alone, without the sidebar, filters or sign-in. A page run that way switches
    the old mode off and reruns, so app.py routes the same URL properly.
    """
    global _router_checked
    if _router_checked:
        return  # the old mode, once off, stays off for the life of the server
    _router_checked = True
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_router_checked = False


def today() -> date:
    return settings().today()


def source() -> Source:
    """The configured data source (shared by every session); the Update page writes to it."""
    return _source(_fingerprint(settings()))


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
        st.error(plain(result.error) or t("No data could be loaded."), icon=":material/cloud_off:")
        st.info(
            t(
                "Nothing to show yet. Fix the problem above, then press Refresh in the sidebar. "
                "Without a configured sheet the app shows its demo data."
            )
        )
        st.stop()
    return result.dataset


# --- Facts worked out once per loaded dataset ---------------------------------------------
# Every session gets the same Dataset object from `_load`, so a rerun (any click) can reuse
# what an earlier rerun, or another viewer, already worked out from it instead of going over
# every project again: that is what keeps a rerun as quick at 10,000 projects as at 100.

P = ParamSpec("P")
T = TypeVar("T")


def dataset_key(dataset: Dataset) -> tuple[str, datetime | None]:
    """Names one load of the data. Hashing its frames instead would cost, on every rerun,
    about what the caches below save."""
    return (dataset.source_label, dataset.loaded_at)


def dataset_parts(dataset: Dataset) -> dict[int, str]:
    """The dataset's frames and vocabularies by identity, for `remembered`: its key names them."""
    vocab = dataset.vocab
    parts = {
        "dataset": dataset,
        "projects": dataset.projects,
        "issues": dataset.issues,
        "commitments": dataset.commitments,
        "occasions": dataset.occasions,
        "vocab": vocab,
        "stages": vocab.stages,
        "themes": vocab.themes,
        "formats": vocab.formats,
        "partners": vocab.partners,
    }
    return {id(value): f"<{name}>" for name, value in parts.items()}


# Shared, not copied: st.cache_data would unpickle a large frame on every rerun. Entries for an
# older load of the data simply age out (ttl) or make room (max_entries).
@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=256, show_spinner=False)
def _remembered(
    key: Hashable,
    name: str,
    arguments: tuple[Any, ...],
    language: str,
    _compute: Callable[..., Any],
    _args: tuple[Any, ...],
    _kwargs: dict[str, Any],
) -> Any:
    with i18n.using(language):  # results hold labels: one entry per language
        return _compute(*_args, **_kwargs)


def remembered(
    key: Hashable,
    named: dict[int, str],
    compute: Callable[P, T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`compute(*args, **kwargs)`, worked out once per `key` and arguments for every session.

    An argument listed in `named` (by identity) enters the cache key by its name only, so a
    large frame is never hashed: `key` must say what it holds. Any other frame is refused, since
    its content would be missing from the key; other arguments are hashed by value. Callers
    must not change the result (it is shared), and a large per-project result belongs with the
    whole dataset, not with every filtered view of it.
    """
    name = f"{compute.__module__}.{compute.__qualname__}"
    if "<" in name:  # a lambda or a local function: its name would not tell it apart
        raise TypeError(f"remembered() needs a module-level function, not {name}")

    def part(value: Any) -> Any:
        if id(value) in named:
            return named[id(value)]
        if isinstance(value, pd.DataFrame | pd.Series | Dataset):
            raise TypeError(f"{name}: pass the dataset's own frames, or the view's projects")
        return value

    arguments = (tuple(map(part, args)), tuple((k, part(v)) for k, v in sorted(kwargs.items())))
    return _remembered(key, name, arguments, i18n.language(), compute, args, kwargs)


def cached(dataset: Dataset, compute: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`compute(*args, **kwargs)` once per loaded dataset and arguments, shared by every viewer;
    the dataset and its frames may be among the arguments."""
    return remembered(dataset_key(dataset), dataset_parts(dataset), compute, *args, **kwargs)


def source_name(dataset: Dataset) -> str:
    """What the sidebar calls the source: the sheet's or file's own name, or the demo's."""
    if dataset.source_kind == "demo":
        return t("Demo data (bundled example)")
    return dataset.source_label


def viewer_zone() -> ZoneInfo | None:
    """The time zone the viewer's browser reports, when it is one we know."""
    try:
        return ZoneInfo(str(st.context.timezone or ""))
    except (ValueError, ZoneInfoNotFoundError):  # no zone reported, or a malformed one
        return None


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
                    label=plain(source_name(result.dataset)),
                    time=loaded_when(loaded, current.zone, viewer_zone()),
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
                "Showing the last good data, loaded {age} ago: the latest refresh failed. {reason}",
                age=age(old),
                reason=plain(result.error),
            ),
            icon=":material/history:",
        )
        _clear_banner_on_recovery()


@st.fragment(run_every=CACHE_TTL_SECONDS)
def _clear_banner_on_recovery() -> None:
    """While stale, look again every cache period; when Google answers, the banner goes."""
    if not outcome().stale:
        st.rerun()

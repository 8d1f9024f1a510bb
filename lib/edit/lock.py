"""One lock per spreadsheet or workbook, shared by every session, writer and thread.

Saves check the sheet, then write: two of them interleaving would both pass the check and the
second would overwrite the first. A threading lock orders the saves of one app server; a file
lock in the app's data folder orders those of several processes on one machine (the app and
the command line, or two app servers). Servers on different machines share neither; when a
PostgreSQL history database is configured (`history_database_url`) the cross-process lock is a
PostgreSQL advisory lock in it instead, which every server using that database shares.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.exc import SQLAlchemyError

from lib.edit.model import EditError
from lib.history.store import HistoryUnavailable, engine_for
from lib.i18n import t

LOCK_TIMEOUT_SECONDS = 60.0

_registry_guard = threading.Lock()
_thread_locks: dict[str, threading.Lock] = {}


def _thread_lock(name: str) -> threading.Lock:
    with _registry_guard:
        return _thread_locks.setdefault(name, threading.Lock())


def lock_file(folder: Path, name: str) -> Path:
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return folder / f"edit-{digest}.lock"


LOCK_POLL_SECONDS = 0.05


def advisory_key(name: str) -> int:
    """A signed 64-bit number naming the lock, as pg_advisory_lock takes it."""
    digest = hashlib.sha256(f"edit-lock:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def database_lock(url: str, name: str, timeout: float) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock on its own connection: every server using the database
    waits for it. Released when done, and by the server if this process dies holding it."""
    key = advisory_key(name)
    try:
        connection = engine_for(url).connect()
    except (SQLAlchemyError, HistoryUnavailable, OSError):
        raise _unreachable() from None
    try:
        deadline = time.monotonic() + timeout
        try:
            while not connection.execute(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}
            ).scalar():
                if time.monotonic() >= deadline:
                    raise _busy(timeout)
                time.sleep(LOCK_POLL_SECONDS)
            connection.commit()
        except SQLAlchemyError:
            raise _unreachable() from None
        try:
            yield
        finally:
            try:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
            except SQLAlchemyError:
                connection.invalidate()  # a lost connection has released the lock already
    finally:
        connection.close()


def shared_database(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


@contextmanager
def edit_lock(
    name: str,
    folder: Path | None,
    *,
    timeout: float = LOCK_TIMEOUT_SECONDS,
    database_url: str = "",
) -> Iterator[None]:
    """Hold the save lock for `name` (a spreadsheet key or a workbook path).

    `folder` holds the cross-process lock file; None keeps the lock within this process
    (when the data folder cannot be created, saving still works for one server). With a
    PostgreSQL `database_url` the cross-process lock is taken in that database instead.
    """
    lock = _thread_lock(name)
    if not lock.acquire(timeout=timeout):
        raise _busy(timeout)
    try:
        if shared_database(database_url):
            with database_lock(database_url, name, timeout):
                yield
            return
        file_lock = _file_lock(folder, name, timeout) if folder is not None else None
        try:
            yield
        finally:
            if file_lock is not None:
                file_lock.release()
    finally:
        lock.release()


def _file_lock(folder: Path, name: str, timeout: float) -> FileLock | None:
    """The cross-process lock, held; None when the data folder is unusable (this process's
    own lock still orders its saves)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file_lock = FileLock(str(lock_file(folder, name)), timeout=timeout)
        file_lock.acquire()
    except Timeout:  # a subclass of OSError: caught first
        raise _busy(timeout) from None
    except OSError:
        return None
    return file_lock


def _unreachable() -> EditError:
    return EditError(
        t(
            "The shared save lock in the history database cannot be reached, so saving now "
            "could overwrite another server's save. Nothing was written; try again in a moment."
        )
    )


def _busy(timeout: float) -> EditError:
    return EditError(
        t(
            "Other saves to this sheet did not finish within {seconds:g} seconds. Nothing was "
            "written; try again in a moment.",
            seconds=timeout,
        )
    )

"""One lock per spreadsheet or workbook, shared by every session, writer and thread.

Saves check the sheet, then write: two of them interleaving would both pass the check and the
second would overwrite the first. A threading lock orders the saves of one app server; a file
lock in the app's data folder orders those of several processes on one machine (the app and
the command line, or two app servers). Servers on different machines cannot share either:
see the README's "Editing" section.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from lib.edit.model import EditError
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


@contextmanager
def edit_lock(
    name: str, folder: Path | None, *, timeout: float = LOCK_TIMEOUT_SECONDS
) -> Iterator[None]:
    """Hold the save lock for `name` (a spreadsheet key or a workbook path).

    `folder` holds the cross-process lock file; None keeps the lock within this process
    (when the data folder cannot be created, saving still works for one server).
    """
    lock = _thread_lock(name)
    if not lock.acquire(timeout=timeout):
        raise _busy(timeout)
    try:
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


def _busy(timeout: float) -> EditError:
    return EditError(
        t(
            "Other saves to this sheet did not finish within {seconds:g} seconds. Nothing was "
            "written; try again in a moment.",
            seconds=timeout,
        )
    )

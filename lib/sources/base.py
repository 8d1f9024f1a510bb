"""What every data source offers: a label for the sidebar and a `load()` of raw cells."""

from __future__ import annotations

from typing import Protocol

from lib.model import RawWorkbook, SourceKind


class SourceError(RuntimeError):
    """A source could not be read. The message is for users: plain words, what to do, no secret."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient  # worth trying again later (timeouts, 429, 5xx)


class MissingProjectsTab(SourceError):
    """The workbook has no tab we recognise as Projects."""


class Source(Protocol):
    kind: SourceKind
    label: str

    def load(self) -> RawWorkbook: ...

"""What every data source offers: a label for the sidebar and a `load()` of raw cells."""

from __future__ import annotations

from typing import Protocol

from lib.model import RawWorkbook, SourceKind

# Upper bounds of what one file may make the app hold (README, "Files the app reads"): the
# table's extent (rows × columns, blank cells inside it included) over all tabs, and the text
# of its cells. A file beyond them gets a clear error instead of exhausting the server.
MAX_CELLS = 5_000_000
MAX_TEXT_CHARS = 200_000_000


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

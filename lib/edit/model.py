"""What an edit is and what saving it gives back: changes, conflicts, results, errors.

Pure data, shared by the Google Sheet and workbook writers and by the Update page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from lib.model import TabLayout
from lib.schema import Vocabularies, default_vocabularies

ANONYMOUS = "anonymous"  # the Log's user when nobody is signed in


class EditError(RuntimeError):
    """A save could not be done. The message is for users: what happened and what to do."""

    def __init__(self, message: str, *, written: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.written = tuple(written)  # fields already written when the error came (rare)


@dataclass(frozen=True)
class Change:
    """One user's edit of one project: field → (the value they started from, the new value).

    Values are typed as the dataset holds them: `str`, `date`, `int`, `float`, a tuple of
    strings for lists, or None for blank.
    """

    project_id: str
    fields: Mapping[str, tuple[Any, Any]]


@dataclass(frozen=True)
class NewProject:
    """A project to add. `values` maps field names to typed values (as in `Change`)."""

    values: Mapping[str, Any]


@dataclass(frozen=True)
class Conflict:
    """A cell the user changed that someone else changed first."""

    field: str
    yours: Any  # the value the user wanted
    current: Any  # what the sheet holds now
    started_from: Any  # what the user saw when they started


@dataclass(frozen=True)
class SaveResult:
    project_id: str
    row: int = 0  # sheet row (1-based) that was checked or written
    written: tuple[str, ...] = ()  # fields written, in the order they were given
    unchanged: tuple[str, ...] = ()  # fields that already held the new value: nothing to do
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()  # what the user should know about a save that worked

    @property
    def saved(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class AddResult:
    project_id: str
    row: int = 0  # 0 when the row is known to exist but its number was not reported
    written: tuple[str, ...] = ()
    renumbered_from: str = ""  # someone took the ID at the same moment; this one moved on
    notes: tuple[str, ...] = ()  # what the user should know about an add that worked


@dataclass(frozen=True)
class EditContext:
    """What a writer needs besides the change: who, the vocabularies, where the table was."""

    user: str = ANONYMOUS
    vocab: Vocabularies = field(default_factory=default_vocabularies)
    date_order: Literal["DMY", "MDY"] = "DMY"
    layout: TabLayout | None = None  # from the last load: a hint, always checked again
    today: date | None = None  # the day the user's data was built for (the demo needs it)
    # (ID, partners) of the projects as last loaded: where ID prefixes per partner are learnt.
    known_ids: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def now(self) -> datetime:
        return datetime.now(UTC)

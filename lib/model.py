"""The data types that travel between sources, normalisation, metrics and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd

from lib.i18n import Phrase
from lib.schema import Vocabularies

SourceKind = Literal["google", "workbook", "demo"]
Cell = Any  # str | int | float | bool | date | datetime | None, as a spreadsheet holds it


@dataclass(frozen=True)
class ReadNote:
    """Something the file reader met in one cell and could not read: reported, never dropped."""

    tab: str
    row: int  # 1-based, as the user sees it
    column: int  # 0-based
    code: str  # an issue code of lib.schema.ISSUE_CODES
    detail: Phrase | None = None


@dataclass(frozen=True)
class RawWorkbook:
    """Every tab's cell values exactly as the source gave them, plus where they came from."""

    tabs: dict[str, list[list[Cell]]]
    kind: SourceKind
    label: str  # what the sidebar and the CLI call this source; never holds a secret
    sheet_url: str | None = None  # Google Sheet edit URL, for links to cells
    gids: dict[str, int] = field(default_factory=dict)
    notes: tuple[ReadNote, ...] = ()  # cells the reader could not read (their value is None)


@dataclass(frozen=True)
class ReadOptions:
    today: date
    date_order: Literal["DMY", "MDY"] = "DMY"


@dataclass(frozen=True)
class SheetColumn:
    """One column of the Projects tab as found in the sheet."""

    index: int  # 0-based
    letter: str
    header: str
    name: str  # column name in the projects DataFrame
    field: str | None  # canonical field, "<Stage> due" for milestones, None for extra columns


@dataclass(frozen=True)
class TabLayout:
    """Where the Projects table sits in its tab: needed to write back and to link to cells."""

    tab: str
    header_row: int  # 1-based, as the user sees it; 0 when no header was found
    columns: tuple[SheetColumn, ...] = ()

    def column_for(self, name: str) -> SheetColumn | None:
        for column in self.columns:
            if column.field == name or (column.field is None and column.name == name):
                return column
        return None


@dataclass(frozen=True)
class RowCounts:
    read: int  # rows from under the header to the last non-blank row (= projects + blank + unread)
    projects: int
    blank: int
    with_issues: int
    unread: int = 0  # non-blank rows that could not be read as projects (no header row found)


ISSUE_COLUMNS: tuple[str, ...] = (
    "tab",
    "row",
    "column",
    "header",
    "field",
    "code",
    "severity",
    "message",
    "project",
    "link",
    "params",  # the message's words (lib.issue_text), so that each reader sees their language
)


@dataclass(frozen=True)
class Dataset:
    """Typed, normalised content of a workbook plus every data-quality issue found in it."""

    projects: pd.DataFrame
    issues: pd.DataFrame
    commitments: pd.DataFrame
    occasions: pd.DataFrame
    vocab: Vocabularies
    rows: RowCounts
    layout: TabLayout
    milestones: tuple[str, ...] = ()  # stages that have a "<stage> due" column
    extras: tuple[str, ...] = ()  # columns of the sheet that are not known fields
    source_kind: SourceKind = "demo"
    source_label: str = ""
    loaded_at: datetime | None = None
    # The optional People tab (Name, E-mail, Language): who receives reminders.
    people: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The Log tab's rows (lib.project_log.LOG_COLUMNS); None for a dataset made without them.
    log: pd.DataFrame | None = None
    projects_tab_link: str | None = None  # the Projects tab in Google Sheets ("…#gid=0")

    def label_for(self, project: pd.Series) -> str:
        """How a project is named in lists: its ID, or `row N` when it has none."""
        return project["ID"] or f"row {project['row']}"

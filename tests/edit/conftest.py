"""Two places to write to — the Sheets stand-in over HTTP and a local .xlsx — behind one helper,
so the concurrency cases run against both. Others' edits are made the way they would be: through
the API (Google) or by saving the file (a workbook), never through the app's writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lib.config import Settings
from lib.edit import EditContext, Writer, writer_for
from lib.loading import read_dataset
from lib.model import Dataset
from lib.sources.google_sheet import GoogleSheetSource
from lib.sources.workbook import WorkbookSource
from standin import SheetsStandIn

AS_OF = date(2026, 3, 1)
ATTEMPTS = 3
HEADER = [
    "ID",
    "Title",
    "Partner",
    "Format",
    "Theme",
    "Stage",
    "Producer",
    "Start",
    "Deadline",  # an alias of Due
    "Photos",
    "Video minutes",
    "Notes",
    "Budget (VND)",  # a column the app does not know
    "Shooting due",
    "Updated",
    "Updated by",
]
BANNER = ["Joint productions — shared tracker"]


def tracker_tabs() -> dict[str, list[list[Any]]]:
    """A banner, a blank row, the header, and four projects (dates as real date cells, one
    typed as text, one stage written as an alias)."""
    d = date
    # fmt: off
    rows = [
        ["VT-2026-001", "Hue citadel", "TASS", "Photo story", "Culture & heritage", "Shooting",
         "Lan", d(2026, 1, 5), d(2026, 3, 20), 12, None, "", 40_000_000, d(2026, 2, 20)],
        ["VT-2026-002", "Mekong delta", "TASS", "Video", "Green development", "post-production",
         "Huy", d(2026, 1, 10), "05/04/2026", None, 7.5, "Waiting for captions"],
        ["VK-2026-001", "Pyongyang metro", "KCNA", "Photo story", "Culture & heritage",
         "Planning", "Mai", d(2026, 2, 1), d(2026, 5, 1)],
        ["VT-2026-003", "Wind power", "TASS", "Multimedia", "Green development", "Approved",
         "Lan", None, d(2026, 6, 1), None, None, "", None, None, "2026-02-01T08:00:00Z", "lan@vna"],
    ]
    # fmt: on
    return {"Projects": [BANNER, [], HEADER, *rows]}


def context(dataset: Dataset, user: str = "producer@vna.example") -> EditContext:
    """What the app gives a writer for a user who loaded `dataset`."""
    projects = dataset.projects
    return EditContext(
        user=user,
        vocab=dataset.vocab,
        layout=dataset.layout,
        today=AS_OF,
        known_ids=tuple(zip(projects["ID"], projects["Partner"], strict=True)),
    )


def started(dataset: Dataset, project_id: str) -> dict[str, Any]:
    """A project's values as the user saw them."""
    rows = dataset.projects[dataset.projects["ID"] == project_id]
    assert len(rows) == 1, project_id
    return rows.iloc[0].to_dict()


def plain(value: Any) -> Any:
    """A cell as both backends can be compared: blank is "", a midnight datetime a date."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


class Backend:
    """One place to write to, seen by the app (source, writer) and by other people."""

    name = ""

    def load(self) -> Dataset:
        return read_dataset(self.source, Settings(as_of=AS_OF), AS_OF)

    @property
    def writer(self) -> Writer:
        return writer_for(self.source)

    source: Any

    def rows(self, tab: str = "Projects") -> list[list[Any]]:
        raise NotImplementedError

    def cell(self, row: int, column: str) -> Any:
        """The value at a 1-based row and a header name of the Projects tab."""
        values = self.rows()
        header = values[2]
        index = header.index(column)
        line = values[row - 1]
        return plain(line[index]) if index < len(line) else ""

    def row_of(self, project_id: str) -> int:
        matches = [i + 1 for i, r in enumerate(self.rows()) if r and r[0] == project_id]
        assert len(matches) == 1, (project_id, matches)
        return matches[0]

    def tabs(self) -> list[str]:
        raise NotImplementedError

    # what other people do meanwhile
    def insert_row(self, at: int, values: list[Any]) -> None:
        """Insert a row at 1-based `at` (pushing that row down) holding `values`."""
        raise NotImplementedError

    def sort_by_title(self, descending: bool = True) -> None:
        raise NotImplementedError

    def type_into(self, project_id: str, column: str, value: Any) -> None:
        raise NotImplementedError


class GoogleBackend(Backend):
    name = "google"

    def __init__(self, standin: SheetsStandIn, **settings: Any) -> None:
        self.standin = standin
        values = {
            "spreadsheet": standin.key,
            "sheets_api_base": standin.base_url,
            "retry_attempts": ATTEMPTS,
            "retry_base_seconds": 0.01,
            "request_timeout_seconds": 2.0,
        }
        self.settings = Settings(**(values | settings))
        self.source = GoogleSheetSource(self.settings)
        # Other people's edits go through their own client, as from Google Sheets itself.
        self.other = GoogleSheetSource(self.settings).http

    def rows(self, tab: str = "Projects") -> list[list[Any]]:
        return self.standin.values(tab)

    def tabs(self) -> list[str]:
        return [title for title, _ in self.source.metadata(refresh=True).tabs]

    def _gid(self) -> int:
        return 0  # the Projects tab is the spreadsheet's first: gid 0

    def insert_row(self, at: int, values: list[Any]) -> None:
        span = {"sheetId": self._gid(), "dimension": "ROWS", "startIndex": at - 1, "endIndex": at}
        self.other.batch_update(
            self.standin.key, {"requests": [{"insertDimension": {"range": span}}]}
        )
        self.other.values_update(
            self.standin.key, f"'Projects'!A{at}", {"valueInputOption": "RAW"}, {"values": [values]}
        )

    def sort_by_title(self, descending: bool = True) -> None:
        self.sort(1, descending=descending, from_row=3)

    def sort(self, column: int, *, descending: bool, from_row: int) -> None:
        """Sort the rows below 1-based `from_row` by a 0-based column, as Data → Sort range."""
        order = "DESCENDING" if descending else "ASCENDING"
        sort = {
            "range": {"sheetId": self._gid(), "startRowIndex": from_row},
            "sortSpecs": [{"dimensionIndex": column, "sortOrder": order}],
        }
        self.other.batch_update(self.standin.key, {"requests": [{"sortRange": sort}]})

    def delete_row(self, row: int) -> None:
        span = {"sheetId": self._gid(), "dimension": "ROWS", "startIndex": row - 1, "endIndex": row}
        self.other.batch_update(
            self.standin.key, {"requests": [{"deleteDimension": {"range": span}}]}
        )

    def type_into(self, project_id: str, column: str, value: Any) -> None:
        letter = chr(ord("A") + HEADER.index(column))
        cell = f"'Projects'!{letter}{self.row_of(project_id)}"
        self.other.values_update(
            self.standin.key, cell, {"valueInputOption": "USER_ENTERED"}, {"values": [[value]]}
        )


class WorkbookBackend(Backend):
    name = "workbook"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = WorkbookSource(path)

    def rows(self, tab: str = "Projects") -> list[list[Any]]:
        book = openpyxl.load_workbook(self.path)
        try:
            return [[plain(v) for v in row] for row in book[tab].iter_rows(values_only=True)]
        finally:
            book.close()

    def tabs(self) -> list[str]:
        book = openpyxl.load_workbook(self.path, read_only=True)
        try:
            return list(book.sheetnames)
        finally:
            book.close()

    def _edit(self, change) -> None:
        book = openpyxl.load_workbook(self.path)
        change(book["Projects"])
        book.save(self.path)

    def insert_row(self, at: int, values: list[Any]) -> None:
        def change(sheet) -> None:
            sheet.insert_rows(at)
            for column, value in enumerate(values, start=1):
                sheet.cell(row=at, column=column, value=value)

        self._edit(change)

    def sort_by_title(self, descending: bool = True) -> None:
        def change(sheet) -> None:
            rows = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
            rows.sort(key=lambda r: str(r[1] or ""), reverse=descending)
            for offset, row in enumerate(rows):
                for column, value in enumerate(row, start=1):
                    sheet.cell(row=4 + offset, column=column, value=value)

        self._edit(change)

    def type_into(self, project_id: str, column: str, value: Any) -> None:
        row = self.row_of(project_id)

        def change(sheet) -> None:
            sheet.cell(row=row, column=HEADER.index(column) + 1, value=value)

        self._edit(change)


def write_xlsx(path: Path, tabs: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


@pytest.fixture
def standin() -> Iterator[SheetsStandIn]:
    with SheetsStandIn(tracker_tabs(), lifetime_seconds=120) as server:
        yield server


@pytest.fixture
def google(standin: SheetsStandIn) -> GoogleBackend:
    return GoogleBackend(standin)


@pytest.fixture
def workbook(tmp_path: Path) -> WorkbookBackend:
    return WorkbookBackend(write_xlsx(tmp_path / "tracker.xlsx", tracker_tabs()))


@pytest.fixture(params=["google", "workbook"])
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.getfixturevalue(request.param)

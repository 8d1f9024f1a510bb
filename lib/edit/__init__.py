"""Write-back to the sheet without losing anyone's edit (SPEC §5). No Streamlit in here.

    writer = writer_for(source, today)
    result = writer.save(Change("VT-2026-013", {"Stage": ("Shooting", "Editing")}), ctx)
    result.conflicts  # empty when saved; else (field, yours, current) and nothing was written

Modules: `model` (the types), `plan` (pure: find the row, conflict check, cells and Log rows),
`ids` (new IDs in the sheet's pattern), `permissions` (who may edit), `google_sheet` and
`workbook` (the two writers), `form` (between a project row and the Update page's widgets).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol

from lib.config import ConfigError, writable_data_dir
from lib.demo import write_demo_workbook
from lib.edit.google_sheet import SheetWriter
from lib.edit.model import (
    ANONYMOUS,
    AddResult,
    Change,
    Conflict,
    EditContext,
    EditError,
    NewProject,
    SaveResult,
)
from lib.edit.permissions import Decision, may_edit
from lib.edit.workbook import DemoWriter, WorkbookWriter
from lib.i18n import t
from lib.sources.demo import DemoSource
from lib.sources.google_sheet import GoogleSheetSource
from lib.sources.workbook import WorkbookSource

__all__ = [
    "ANONYMOUS",
    "AddResult",
    "Change",
    "Conflict",
    "Decision",
    "EditContext",
    "EditError",
    "NewProject",
    "SaveResult",
    "Writer",
    "may_edit",
    "writer_for",
]


class Writer(Protocol):
    def save(self, change: Change, ctx: EditContext) -> SaveResult: ...

    def add(self, project: NewProject, ctx: EditContext) -> AddResult: ...


def writer_for(
    source: object, make_demo_copy: Callable[[Path, date], object] = write_demo_workbook
) -> Writer:
    """The writer for a data source (Google Sheet, local workbook, or the demo's copy)."""
    if isinstance(source, GoogleSheetSource):
        return SheetWriter(source)
    if isinstance(source, WorkbookSource):
        return WorkbookWriter(source.path)
    if isinstance(source, DemoSource):
        try:
            writable_data_dir()  # the demo's copy lives there
        except ConfigError as error:
            raise EditError(str(error)) from None
        return DemoWriter(make_demo_copy)
    raise EditError(t("This data source cannot be edited from the app."))

"""One project in full, for its page (`?id=`): every field, milestones, occasion, commitments,
history and where its row is. Pure: the dataset in, plain values out (no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.edit.form import describe
from lib.metrics import commitment_progress, link_occasions, project_labels
from lib.model import Dataset
from lib.project_log import project_history
from lib.schema import DONE_STAGES, PUBLISHED
from lib.windows import days_from, project_status

MILESTONE_STATES: tuple[str, ...] = ("done", "overdue", "open", "not_set")


@dataclass(frozen=True)
class ProjectView:
    label: str  # its ID, or "row N"
    row: int  # in the sheet
    project: pd.Series
    status: str  # lib.windows.STATUSES
    days_to_due: int | None
    fields: list[tuple[str, str, str]]  # (field or column name, header in the sheet, value)
    milestones: pd.DataFrame  # milestone, due, state (MILESTONE_STATES), days
    occasion: str | None
    occasion_date: pd.Timestamp | None
    occasion_days: int | None
    commitments: pd.DataFrame  # commitment_progress rows this project counts toward
    history: pd.DataFrame  # the Log's rows for it, newest first
    sheet_link: str | None  # opens its row in Google Sheets


def find(dataset: Dataset, project_id: str = "", row: int | None = None) -> pd.Series | None:
    """The project of an ID (the first, when an ID is duplicated), else of a sheet row."""
    projects = dataset.projects
    if project_id:
        hits = projects[projects["ID"] == project_id]
    elif row is not None:
        hits = projects[projects["row"] == row]
    else:
        return None
    return None if hits.empty else hits.iloc[0]


def project_view(
    dataset: Dataset, project: pd.Series, today: date, due_soon_days: int
) -> ProjectView:
    one = project.to_frame().T.infer_objects()
    one = one.astype({name: dataset.projects[name].dtype for name in one.columns})
    due_days = days_from(one["Due"], today).iloc[0]
    links = link_occasions(one, dataset.occasions).iloc[0]
    occasion_date = links["occasion_date"] if pd.notna(links["occasion_date"]) else None
    return ProjectView(
        label=str(project_labels(one).iloc[0]),
        row=int(project["row"]),
        project=project,
        status=str(project_status(one, today, due_soon_days).iloc[0]),
        days_to_due=None if pd.isna(due_days) else int(due_days),
        fields=every_field(dataset, project),
        milestones=milestone_states(dataset, project, today),
        occasion=str(links["occasion_name"]) if pd.notna(links["occasion_name"]) else None,
        occasion_date=occasion_date,
        occasion_days=None if occasion_date is None else (occasion_date - pd.Timestamp(today)).days,
        commitments=counted_toward(dataset, one, today),
        history=project_history(dataset.log, str(project["ID"])),
        sheet_link=row_link(dataset, int(project["row"])),
    )


def every_field(dataset: Dataset, project: pd.Series) -> list[tuple[str, str, str]]:
    """Every column of the sheet in its order (unknown ones too), with the project's value."""
    out = []
    for column in dataset.layout.columns:
        if column.name in project.index:
            out.append((column.field or column.name, column.header, describe(project[column.name])))
    return out


def milestone_states(dataset: Dataset, project: pd.Series, today: date) -> pd.DataFrame:
    """Each milestone of the sheet: its date and whether it is done (the project moved past
    that stage), overdue, open or not set."""
    order = {name: i for i, name in enumerate(dataset.vocab.stages.names)}
    here = order.get(project["Stage"])
    rows = []
    for milestone in dataset.milestones:
        due = project.get(f"{milestone} due")
        moved_past = project["Stage"] in DONE_STAGES or (
            here is not None and milestone in order and here > order[milestone]
        )
        if pd.isna(due):
            state, days = ("done" if moved_past else "not_set"), None
        else:
            days = int((due - pd.Timestamp(today)).days)
            state = "done" if moved_past else ("overdue" if days < 0 else "open")
        rows.append(
            {"milestone": milestone, "due": due if pd.notna(due) else pd.NaT,
             "state": state, "days": days}
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=["milestone", "due", "state", "days"])
    return frame.astype({"due": "datetime64[ns]"})


def counted_toward(dataset: Dataset, one: pd.DataFrame, today: date) -> pd.DataFrame:
    """The commitments this project counts toward (delivered when published, else in the
    pipeline), with each commitment's progress over the whole portfolio."""
    if dataset.commitments.empty:
        return commitment_progress(dataset.commitments, dataset.projects, today)
    progress = commitment_progress(dataset.commitments, dataset.projects, today)
    mine = commitment_progress(dataset.commitments, one, today)
    counts = mine["delivered"] + mine["in_pipeline"]
    return progress[counts.to_numpy() > 0]


def row_link(dataset: Dataset, row: int) -> str | None:
    if not dataset.projects_tab_link:
        return None
    return f"{dataset.projects_tab_link}&range={row}:{row}"


def is_published(project: pd.Series) -> bool:
    return project["Stage"] == PUBLISHED


def view_of(
    dataset: Dataset, project_id: str, row: int | None, today: date, due_soon_days: int
) -> ProjectView | None:
    """The page of the project of an ID (else of a sheet row), or None when there is none."""
    project = find(dataset, project_id, row)
    return None if project is None else project_view(dataset, project, today, due_soon_days)

"""Between a project in the dataset and the Update page's widgets (pure; no Streamlit).

The page shows `project_values` of a project, lets the user change them, and hands the
before/after pair to `change_from`; only fields that really differ become part of the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from lib.edit.model import Change, EditContext
from lib.edit.plan import EDITABLE_FIELDS, comparable, is_blank, kind_of, same, to_cell
from lib.filters import FilterSpec, apply_filters
from lib.formatting import dmy
from lib.i18n import t
from lib.model import Dataset
from lib.schema import FIELDS_BY_NAME, Kind, Vocabulary

# Fields a new project's form asks for (ID is generated; Stage defaults to the first stage).
ADD_FIELDS: tuple[str, ...] = (
    "Title",
    "Partner",
    "Format",
    "Theme",
    "Stage",
    "Producer",
    "Lead",
    "Start",
    "Due",
    "Occasion",
    "Notes",
)
REQUIRED_TO_ADD: tuple[str, ...] = ("Title", "Partner", "Stage")


def editable_fields(dataset: Dataset) -> list[str]:
    """The fields of this sheet the Update page offers: known columns the sheet has."""
    present = {c.field for c in dataset.layout.columns if c.field}
    fields = [name for name in EDITABLE_FIELDS if name in present]
    fields += [f"{stage} due" for stage in dataset.milestones if f"{stage} due" in present]
    return fields


def project_values(project: pd.Series, fields: Iterable[str]) -> dict[str, Any]:
    """A project's values as the widgets take them: date, int, float, str, list, or None."""
    values: dict[str, Any] = {}
    for name in fields:
        value = project.get(name)
        kind = kind_of(name)
        if kind in (Kind.LIST, Kind.VOCAB_LIST):
            values[name] = list(value) if isinstance(value, tuple | list) else []
        elif is_blank(value):
            values[name] = None if kind not in (Kind.TEXT, Kind.VOCAB) else ""
        elif kind is Kind.DATE:
            values[name] = value.date() if isinstance(value, pd.Timestamp | datetime) else value
        elif kind is Kind.INTEGER:
            values[name] = int(value)
        elif kind is Kind.NUMBER:
            values[name] = float(value)
        else:
            values[name] = str(value)
    return values


def change_from(
    project_id: str, before: Mapping[str, Any], after: Mapping[str, Any], ctx: EditContext
) -> Change:
    """The fields whose value differs between what the user started from and what they set."""
    fields = {}
    for name, new in after.items():
        old = before.get(name)
        a = comparable(name, to_cell(name, old), ctx)
        b = comparable(name, to_cell(name, new), ctx)
        if not same(name, a, b):
            fields[name] = (old, new)
    return Change(project_id, fields)


def options_for(dataset: Dataset, name: str, current: Any = None) -> list[str]:
    """What a selection widget offers: the vocabulary (or the values in use), plus `current`."""
    known = FIELDS_BY_NAME.get(name)
    vocab_name = known.vocabulary if known else None
    options: list[str] = list(dataset.vocab.get(vocab_name).names) if vocab_name else []
    if known is not None and known.kind is Kind.LIST and name in dataset.projects:
        options.extend(_distinct(dataset.projects[name].explode()))
    extra = current if isinstance(current, list | tuple) else [current]
    options.extend(str(v) for v in extra if not is_blank(v))
    return list(dict.fromkeys(o for o in options if o))


def text_options(dataset: Dataset, name: str, current: Any = None) -> list[str]:
    """Values already used in a text column (producers, leads, occasions), for a picker."""
    values: list[str] = []
    if name in dataset.projects:
        values += _distinct(dataset.projects[name])
    if name == "Occasion" and "Occasion" in dataset.occasions:
        values += _distinct(dataset.occasions["Occasion"])
    if not is_blank(current):
        values.append(str(current))
    return sorted(dict.fromkeys(values), key=str.casefold)


def _distinct(values: pd.Series) -> list[str]:
    """The non-blank values of a column as text, each once, in order of first appearance
    (worked out by pandas: a column holds thousands of cells but a few hundred values)."""
    text = values.dropna().astype("str")
    return text[text.str.strip().ne("")].drop_duplicates().tolist()


def describe(value: Any) -> str:
    """A value for people: DD/MM/YYYY dates, lists joined, a dash for blank."""
    if is_blank(value):
        return "—"
    if isinstance(value, date | datetime | pd.Timestamp):
        return dmy(value)
    if isinstance(value, tuple | list):
        return "; ".join(map(str, value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def date_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Field → what is wrong with it, for dates that cannot both be right (Due before Start)."""
    start, due = values.get("Start"), values.get("Due")
    if isinstance(start, date) and isinstance(due, date) and due < start:
        return {
            "Due": t(
                "Due ({due}) is before Start ({start}): correct one of them.",
                due=dmy(due),
                start=dmy(start),
            )
        }
    return {}


def resolve_partners(
    chosen: Iterable[str], typed: str, partners: Vocabulary
) -> tuple[list[str], list[str]]:
    """The partners of a new project: those picked from the known ones, plus one typed in.

    A typed name that is a known partner or one of its aliases ("Lao News Agency" for KPL)
    becomes that partner; anything else is a new partner, returned apart so the form can say
    so. Returns (partners, new ones).
    """
    out = list(dict.fromkeys(chosen))
    new: list[str] = []
    for name in (part.strip() for part in typed.replace(";", ",").split(",")):
        if not name:
            continue
        known = partners.resolve(name)
        if known is None:
            new.append(name)
        if (known or name) not in out:
            out.append(known or name)
    return out, new


def missing_required(values: Mapping[str, Any]) -> list[str]:
    return [name for name in REQUIRED_TO_ADD if is_blank(values.get(name))]


def cleared_required(change: Change) -> list[str]:
    """Required fields the change would blank (a project keeps its title and stage)."""
    return [
        name
        for name, (_, new) in change.fields.items()
        if name in REQUIRED_TO_ADD and is_blank(new)
    ]


def choices(dataset: Dataset) -> dict[str, str]:
    """Project ID → "ID · Title", for the project picker (projects without an ID cannot be
    found again at write time, so they are left out)."""
    projects = dataset.projects[dataset.projects["ID"] != ""]
    titles = projects["Title"].where(projects["Title"] != "", t("(untitled)"))
    labels = projects["ID"] + " · " + titles
    return dict(zip(projects["ID"], labels, strict=True))


def matching_ids(dataset: Dataset, query: str) -> frozenset[str]:
    """IDs of the projects the sidebar search would find for `query` (the same folding)."""
    found = apply_filters(dataset.projects, FilterSpec(text=query.strip()))
    return frozenset(found["ID"][found["ID"] != ""])


# What producers change most comes first in a form, then the rest in sheet-contract order.
FIRST_IN_FORM: tuple[str, ...] = ("Stage", "Due", "Title", "Start", "Published", "Producer")


def form_order(fields: Iterable[str]) -> list[str]:
    fields = list(fields)
    first = [name for name in FIRST_IN_FORM if name in fields]
    return first + [name for name in fields if name not in first]


def find_project(dataset: Dataset, project_id: str) -> pd.Series | None:
    rows = dataset.projects[dataset.projects["ID"] == project_id]
    return None if rows.empty else rows.iloc[0]


def is_duplicated(dataset: Dataset, project_id: str) -> bool:
    return int((dataset.projects["ID"] == project_id).sum()) > 1


def summary(project: pd.Series, fields: Iterable[str]) -> list[tuple[str, str]]:
    """(field, value for people) of a project's non-blank fields, for a read-only overview."""
    return [
        (name, describe(project.get(name)))
        for name in fields
        if name in project.index and not is_blank(project.get(name))
    ]

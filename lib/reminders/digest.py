"""What each person's digest holds (pure): overdue work, this week's deadlines, milestones,
projects stuck in their stage and problems in the sheet that are new to them.

A producer and a team lead get the projects whose Producer / Lead cell names them; a manager
gets the whole portfolio. A digest with nothing in it is not sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal
from urllib.parse import quote

import pandas as pd

from lib.config import Person
from lib.metrics import deadline_items, project_labels
from lib.model import Dataset
from lib.reminders.stuck import Stuck
from lib.text import fold, fold_series
from lib.windows import THIS_WEEK_DAYS

ItemKind = Literal["overdue", "this_week", "milestone", "stuck", "problem"]
KINDS: tuple[ItemKind, ...] = ("overdue", "this_week", "milestone", "stuck", "problem")


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    project_id: str
    title: str
    when: date | None = None  # the deadline, for deadlines
    days: int = 0  # days to the deadline (negative: late), or days in the stage
    detail: str = ""  # the milestone's stage, the project's stage, the problem's code
    column: str = ""  # for a problem: the column header it is in
    link: str = ""  # the project's page in the app, when public_url is set
    key: str = ""  # for a problem: what identifies it across runs


@dataclass(frozen=True)
class Digest:
    person: Person
    period: str
    roles: tuple[str, ...]  # "producer", "lead", "manager"
    items: tuple[Item, ...] = field(default_factory=tuple)

    def of(self, kind: ItemKind) -> list[Item]:
        return [item for item in self.items if item.kind == kind]

    @property
    def problem_keys(self) -> set[str]:
        return {item.key for item in self.items if item.kind == "problem"}


def period_of(today: date, period: str) -> str:
    """The period a digest belongs to: the ISO week (2026-W49) or the day (2026-12-01)."""
    if period == "day":
        return today.isoformat()
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def project_link(public_url: str, project_id: str) -> str:
    """The project's page in the app (`{public_url}/project?id=VT-2026-012`), or ""."""
    if not public_url or not project_id or project_id.startswith("row "):
        return ""
    return f"{public_url.rstrip('/')}/project?id={quote(project_id, safe='')}"


def problem_key(issue: Mapping[str, object]) -> str:
    """A problem as the same problem from one run to the next (sheet rows move; IDs do not)."""
    return "|".join(str(issue.get(k, "")) for k in ("project", "code", "header"))


def build_digests(
    dataset: Dataset,
    people: Iterable[Person],
    stuck: Iterable[Stuck],
    today: date,
    *,
    period: str,
    public_url: str = "",
    seen_problems: Mapping[str, set[str]] | None = None,
) -> list[Digest]:
    """One digest per person with something to tell; `seen_problems` (by e-mail) are left out."""
    projects = dataset.projects
    seen_problems = seen_problems or {}
    # This week is the shared window (lib.windows): today and the six days after.
    deadlines = deadline_items(
        projects, dataset.milestones, dataset.vocab.stages, today, THIS_WEEK_DAYS
    )
    stuck = list(stuck)
    issues = dataset.issues[dataset.issues["tab"].eq(dataset.layout.tab)]
    producers, leads = fold_series(projects["Producer"]), fold_series(projects["Lead"])
    digests = []
    for person in people:
        name = fold(person.name)
        roles = tuple(
            role
            for role, held in (
                ("producer", bool(name) and producers.eq(name).any()),
                ("lead", bool(name) and leads.eq(name).any()),
                ("manager", person.manager),
            )
            if held
        )
        if not roles:
            continue
        mine = projects if person.manager else projects[producers.eq(name) | leads.eq(name)]
        items = _items(
            mine, deadlines, stuck, issues, today, public_url, seen_problems.get(person.email)
        )
        if items:
            digests.append(Digest(person, period, roles, tuple(items)))
    return digests


def _items(
    mine: pd.DataFrame,
    deadlines: pd.DataFrame,
    stuck: list[Stuck],
    issues: pd.DataFrame,
    today: date,
    public_url: str,
    seen: set[str] | None,
) -> list[Item]:
    labels = set(project_labels(mine))
    rows = set(mine["row"])
    mine_deadlines = deadlines[deadlines["row"].isin(rows)]
    soon = mine_deadlines[
        mine_deadlines["date"] < pd.Timestamp(today + timedelta(days=THIS_WEEK_DAYS))
    ]
    items: list[Item] = []
    for record in soon.assign(_label=project_labels(soon)).to_dict("records"):
        is_due = record["deadline"] == "Due"
        kind: ItemKind = (
            "milestone" if not is_due else ("overdue" if record["days"] < 0 else "this_week")
        )
        items.append(
            Item(
                kind=kind,
                project_id=record["_label"],
                title=str(record["Title"]),
                when=record["date"].date(),
                days=int(record["days"]),
                detail="" if is_due else str(record["deadline"]).removesuffix(" due"),
                link=project_link(public_url, record["_label"]),
            )
        )
    for entry in stuck:
        if entry.project_id in labels:
            title = mine.loc[project_labels(mine).eq(entry.project_id), "Title"].iloc[0]
            items.append(
                Item(
                    "stuck",
                    entry.project_id,
                    str(title),
                    days=entry.days,
                    detail=entry.stage,
                    link=project_link(public_url, entry.project_id),
                )
            )
    titles = dict(zip(mine["row"], mine["Title"], strict=True))
    for issue in issues[issues["row"].isin(rows)].to_dict("records"):
        key = problem_key(issue)
        if seen is not None and key in seen:
            continue
        project = str(issue.get("project") or f"row {issue['row']}")
        items.append(
            Item(
                "problem",
                project,
                str(titles.get(issue["row"], "")),
                detail=str(issue["code"]),
                column=str(issue.get("header") or issue.get("column") or ""),
                link=project_link(public_url, project),
                key=key,
            )
        )
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(items, key=lambda item: (order[item.kind], item.when or today, item.project_id))

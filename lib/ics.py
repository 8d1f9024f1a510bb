"""The deadlines calendar (ICS): every active project's due date and milestone deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
from icalendar import Calendar, Event

from lib.markup import safe_link
from lib.metrics import is_active, milestone_table, project_labels
from lib.model import Dataset

PRODID = "-//Joint Production Tracker//Deadlines//EN"


def deadlines_calendar(dataset: Dataset, projects: pd.DataFrame, today: date) -> bytes:
    """An iCalendar file a calendar application can import or subscribe to.

    All-day events; UIDs are stable per project and deadline, so a re-import updates events
    instead of duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Joint productions — deadlines")
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    active = projects[is_active(projects) & projects["Due"].notna()]
    all_labels = project_labels(projects)
    # A duplicated ID (a data-quality error) must not merge two events into one UID.
    shared = set(all_labels[all_labels.duplicated(keep=False)])

    def key(label: str, row: int) -> str:
        return f"{label}-row{row}" if label in shared else label

    for (_, project), label in zip(active.iterrows(), project_labels(active), strict=True):
        summary = f"Due: {project['Title'] or label} ({label})"
        calendar.add_component(_event(f"due-{key(label, project['row'])}", summary, project, stamp))
    milestones = milestone_table(projects, dataset.milestones, dataset.vocab.stages, today)
    pending = milestones[~milestones["Stage"].isin(["Published", "Cancelled"])]
    by_row = projects.set_index("row")
    for _, item in pending.iterrows():
        project = by_row.loc[item["row"]]
        if isinstance(project, pd.DataFrame):
            project = project.iloc[0]
        label = item["ID"] or f"row {item['row']}"
        summary = f"{item['milestone']} due: {item['Title'] or label} ({label})"
        uid = f"{item['milestone']}-{key(label, item['row'])}"
        calendar.add_component(_event(uid, summary, project, stamp, item["due"]))
    return calendar.to_ical()


def _event(
    key: str,
    summary: str,
    project: pd.Series,
    stamp: datetime,
    when: pd.Timestamp | None = None,
) -> Event:
    day = (when if when is not None else project["Due"]).date()
    event = Event()
    event.add("uid", f"{slug(key)}@joint-production-tracker")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    details = [
        ("Partner", ", ".join(project["Partner"])),
        ("Stage", project["Stage"]),
        ("Format", project["Format"]),
        ("Theme", ", ".join(project["Theme"])),
        ("Producer", project["Producer"]),
        ("Lead", project["Lead"]),
    ]
    event.add("description", "\n".join(f"{k}: {v}" for k, v in details if v))
    if project["Theme"]:
        event.add("categories", list(project["Theme"]))
    link = safe_link(project["Link"])
    if link and not link.lower().startswith("mailto:"):
        event.add("url", link)
    return event


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.lower())

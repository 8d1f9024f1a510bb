"""The deadlines calendar (ICS): every active project's due date and milestone deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
from icalendar import Calendar, Event

from lib.markup import safe_link
from lib.metrics import deadline_items, project_labels
from lib.model import Dataset

PRODID = "-//Joint Production Tracker//Deadlines//EN"


def deadlines_calendar(
    dataset: Dataset, projects: pd.DataFrame, today: date, due_soon_days: int = 14
) -> bytes:
    """An iCalendar file a calendar application can import or subscribe to.

    One all-day event per open deadline of `metrics.deadline_items` — the same list the
    Deadlines page counts, so a milestone the project has already moved past is not in it.
    UIDs are stable per project and deadline, so a re-import updates events instead of
    duplicating them.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Joint productions — deadlines")
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    all_labels = project_labels(projects)
    # A duplicated ID (a data-quality error) must not merge two events into one UID.
    shared = set(all_labels[all_labels.duplicated(keep=False)])

    def key(label: str, row: int) -> str:
        return f"{label}-row{row}" if label in shared else label

    items = deadline_items(projects, dataset.milestones, dataset.vocab.stages, today, due_soon_days)
    by_row = projects.drop_duplicates("row").set_index("row")
    for item, label in zip(items.itertuples(index=False), project_labels(items), strict=True):
        project = by_row.loc[item.row]
        title = item.Title or label
        if item.deadline == "Due":
            summary, uid = f"Due: {title} ({label})", f"due-{key(label, item.row)}"
        else:
            milestone = item.deadline.removesuffix(" due")
            summary = f"{milestone} due: {title} ({label})"
            uid = f"{milestone}-{key(label, item.row)}"
        calendar.add_component(_event(uid, summary, project, stamp, item.date))
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

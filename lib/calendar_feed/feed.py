"""The subscription calendar (ICS) of a filtered view: every project's due date and milestone
deadlines as all-day events that calendar apps keep up to date.

What a subscriber's app needs to update rather than duplicate: stable UIDs (the same as the
downloadable calendar's), a SEQUENCE that rises and a LAST-MODIFIED that moves whenever a
deadline moves, and STATUS:CANCELLED once the project is cancelled or published. The feed
remembers each event's last date and sequence in the data folder (`known`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from icalendar import Calendar, Event

from lib.ics import PRODID, slug
from lib.markup import safe_link
from lib.metrics import is_active, project_labels
from lib.model import Dataset
from lib.reminders.digest import project_link

EVENTS_FILE = "calendar-events.json"
REFRESH = timedelta(hours=1)  # how often we ask subscribers to poll


@dataclass(frozen=True)
class Deadline:
    uid: str
    row: int
    summary: str
    day: date
    active: bool
    description: str
    categories: tuple[str, ...]
    url: str


def deadlines(dataset: Dataset, public_url: str = "") -> list[Deadline]:
    """Every dated deadline of every project: its Due and each `<stage> due` column."""
    projects = dataset.projects
    labels = project_labels(projects)
    shared = set(labels[labels.duplicated(keep=False)])
    active = is_active(projects)
    out = []
    for (index, project), label in zip(projects.iterrows(), labels, strict=True):
        key = f"{label}-row{project['row']}" if label in shared else label
        dates = [("due", "Due", project["Due"])]
        dates += [(m, f"{m} due", project[f"{m} due"]) for m in dataset.milestones]
        for prefix, what, when in dates:
            if pd.isna(when):
                continue
            title = project["Title"] or label
            summary = f"Due: {title} ({label})" if what == "Due" else f"{what}: {title} ({label})"
            link = project_link(public_url, label) or safe_link(project["Link"]) or ""
            out.append(
                Deadline(
                    uid=f"{slug(f'{prefix}-{key}')}@joint-production-tracker",
                    row=int(project["row"]),
                    summary=summary,
                    day=when.date(),
                    active=bool(active[index]),
                    description=_description(project),
                    categories=tuple(project["Theme"]),
                    url="" if link.lower().startswith("mailto:") else link,
                )
            )
    return out


def revise(
    found: list[Deadline], known: dict[str, Any], now: datetime
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Each deadline's published state (date, sequence, modified, status) and the new memory.

    A deadline seen for the first time while its project is already done is not published:
    there is nothing in anyone's calendar to cancel.
    """
    stamp = now.isoformat(timespec="seconds")
    memory = dict(known)
    for deadline in found:
        status = "CONFIRMED" if deadline.active else "CANCELLED"
        before = known.get(deadline.uid)
        if before is None:
            if deadline.active:
                memory[deadline.uid] = {
                    "date": deadline.day.isoformat(),
                    "sequence": 0,
                    "modified": stamp,
                    "status": status,
                }
            continue
        if before["date"] != deadline.day.isoformat() or before["status"] != status:
            memory[deadline.uid] = {
                "date": deadline.day.isoformat(),
                "sequence": int(before["sequence"]) + 1,
                "modified": stamp,
                "status": status,
            }
    return {uid: memory[uid] for uid in memory}, memory


def feed_calendar(
    found: list[Deadline], published: dict[str, dict[str, Any]], rows: set[int], now: datetime
) -> bytes:
    """The ICS of the deadlines of the projects in `rows` (the view's), as published."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Joint productions — deadlines")
    calendar.add("name", "Joint productions — deadlines")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for deadline in found:
        state = published.get(deadline.uid)
        if state is None or deadline.row not in rows:
            continue
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", now)
        event.add("last-modified", datetime.fromisoformat(state["modified"]))
        event.add("sequence", int(state["sequence"]))
        event.add("status", state["status"])
        event.add("summary", deadline.summary)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if deadline.description:
            event.add("description", deadline.description)
        if deadline.categories:
            event.add("categories", list(deadline.categories))
        if deadline.url:
            event.add("url", deadline.url)
        calendar.add_component(event)
    return calendar.to_ical()


def _description(project: pd.Series) -> str:
    details = [
        ("Partner", ", ".join(project["Partner"])),
        ("Stage", project["Stage"]),
        ("Format", project["Format"]),
        ("Theme", ", ".join(project["Theme"])),
        ("Producer", project["Producer"]),
        ("Lead", project["Lead"]),
    ]
    return "\n".join(f"{k}: {v}" for k, v in details if v)

"""A believable past for the demo: each project's stage changes, so Flow shows something true to
life on a fresh start.

Derived from the demo projects themselves (deterministically, one seeded generator per project):
every path is consistent with the project's stage now and with its Start, Due and Published
dates, nothing lies in the future, and the partner's review takes as long as it typically does
with that partner (TASS reviews for about twelve days, KCNA for about five).
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from lib.history.compare import STAGE, Snapshot
from lib.history.store import Record

SEED = 20260224
ORDER = ("Proposed", "Approved", "Planning", "Shooting", "Editing", "Partner review", "Published")
STOPPED = ("On hold", "Cancelled")
# Median days in Partner review, by partner; spread: a log-normal with this sigma.
REVIEW_MEDIAN_DAYS = {"TASS": 12.0, "KCNA": 5.0, "Xinhua": 8.0, "Prensa Latina": 15.0, "KPL": 6.0}
REVIEW_SPREAD = 0.45
OTHER_REVIEW_DAYS = 9.0
# Typical days in the other stages, for how long an unfinished project has been in its own.
TYPICAL_DAYS = {"Proposed": 20, "Approved": 6, "Planning": 9, "Shooting": 13, "Editing": 15}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def review_days(rng: random.Random, partner: str) -> float:
    median = REVIEW_MEDIAN_DAYS.get(partner, OTHER_REVIEW_DAYS)
    return max(1.0, rng.lognormvariate(math.log(median), REVIEW_SPREAD))


def stage_path(project_id: str, fields: dict[str, str], today: date) -> list[tuple[str, date]]:
    """(stage, day entered) from the proposal to the stage the project is in now; [] when the
    project's dates or stage cannot anchor a path (it is then first seen today)."""
    stage = fields.get(STAGE, "")
    if stage not in ORDER and stage not in STOPPED:
        return []
    rng = random.Random(f"{SEED}:{project_id}")
    start, due = _day(fields.get("Start", "")), _day(fields.get("Due", ""))
    published = _day(fields.get("Published", ""))
    if start is None:
        anchor = published or due
        if anchor is None:
            return []
        start = anchor - timedelta(days=40)
    partner = fields.get("Partner", "").split("; ")[0]
    review = review_days(rng, partner)
    end = published if stage == "Published" and published else due or start + timedelta(days=60)
    end = max(end, start + timedelta(days=8))
    span = max((end - start).days - review, 6.0)
    natural = {
        "Proposed": start - timedelta(days=rng.randint(12, 40)),
        "Approved": start - timedelta(days=rng.randint(2, 10)),
        "Planning": start,
        "Shooting": start + timedelta(days=span * rng.uniform(0.15, 0.3)),
        "Editing": start + timedelta(days=span * rng.uniform(0.5, 0.7)),
        "Partner review": end - timedelta(days=round(review)),
        "Published": end,
    }
    reached = ORDER.index(stage) if stage in ORDER else rng.randint(1, 4)
    path = [(name, natural[name]) for name in ORDER[: reached + 1]]
    if stage in STOPPED:
        path.append((stage, path[-1][1] + timedelta(days=rng.randint(5, 30))))
    elif stage == "Published" and rng.random() < 0.2:
        # The partner sent it back once: more editing, then a second review.
        back = natural["Partner review"] + timedelta(days=review * rng.uniform(0.3, 0.6))
        again = back + timedelta(days=rng.randint(2, 5))
        if again < end:
            path[-1:-1] = [("Editing", back), ("Partner review", again)]
    if stage != "Published":
        typical = review if stage == "Partner review" else TYPICAL_DAYS.get(stage, 15)
        age = typical * rng.uniform(0.2, 1.5)
        path = _ending_by(path, today - timedelta(days=max(1, round(age))))
    return _increasing(path, today)


def _ending_by(path: list[tuple[str, date]], last: date) -> list[tuple[str, date]]:
    """The path squeezed (or kept) so that it reaches its last stage on `last`."""
    first = min(path[0][1], last - timedelta(days=len(path) * 3))
    natural_last = path[-1][1]
    if natural_last <= last:
        return [*path[:-1], (path[-1][0], last)] if len(path) > 1 else [(path[0][0], last)]
    width = max((natural_last - path[0][1]).days, 1)
    target = (last - first).days
    return [
        (name, first + timedelta(days=round((day - path[0][1]).days * target / width)))
        for name, day in path
    ]


def _increasing(path: list[tuple[str, date]], today: date) -> list[tuple[str, date]]:
    """Each stage entered at least a day after the one before, none after today."""
    result: list[tuple[str, date]] = []
    for name, day in path:
        if result and day <= result[-1][1]:
            day = result[-1][1] + timedelta(days=1)
        result.append((name, min(day, today)))
    return result


def demo_past(current: Snapshot, now: datetime, today: date | None = None) -> list[Record]:
    """The history records of every demo project that has a path; `today` is the day the demo
    was built around (when "today" is fixed, it is not the clock's)."""
    today = today or now.astimezone(UTC).date()
    now = min(now, datetime.combine(today, time(23, 59), UTC))
    records: list[Record] = []
    for project_id, fields in current.items():
        path = stage_path(project_id, fields, today)
        rng = random.Random(f"{SEED}:{project_id}:who")
        people = [fields.get("Producer", ""), fields.get("Lead", ""), ""]
        previous = ""
        for index, (stage, day) in enumerate(path):
            moment = datetime.combine(day, time(1, 30), UTC) + timedelta(
                minutes=rng.randint(0, 8 * 60)
            )
            records.append(
                Record(
                    key=f"demo:{project_id}:{index}",
                    project_id=project_id,
                    field=STAGE,
                    old=previous,
                    new=stage,
                    kind="added" if index == 0 else "changed",
                    origin="demo",
                    author=rng.choice(people),
                    seen_at=min(moment, now),
                )
            )
            previous = stage
    return records

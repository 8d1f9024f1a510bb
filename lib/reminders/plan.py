"""The digests of one run: who gets which, from the settings, the sheet and what was sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from lib.config import Settings
from lib.model import Dataset
from lib.reminders.delivery import STATE_FILE, load_state, seen_problems
from lib.reminders.digest import Digest, build_digests, period_of
from lib.reminders.people import recipients
from lib.reminders.stuck import stuck_projects
from lib.text import fold


def digests_for(
    dataset: Dataset, settings: Settings, today: date, folder: Path, to: str | None = None
) -> list[Digest]:
    """Every digest this period, or only `to`'s (a name or an e-mail address)."""
    people = recipients(settings.people, dataset.people)
    if to:
        people = tuple(p for p in people if fold(to) in (fold(p.name), fold(p.email)))
    # Someone whose language nobody set reads the app's default language.
    people = tuple(p if p.language else replace(p, language=settings.language) for p in people)
    state = load_state(folder / STATE_FILE)
    return build_digests(
        dataset,
        people,
        stuck_projects(dataset.projects, today, settings.stuck_days),
        today,
        period=period_of(today, settings.digest_period),
        public_url=settings.public_url,
        seen_problems=seen_problems(state),
    )

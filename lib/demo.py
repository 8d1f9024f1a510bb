"""The bundled demo: a shared tracker sheet of VNA's joint productions with partner agencies.

When no Google Sheet or workbook is configured the app shows this demo, so it is the product's
showcase. The content follows the two agreements the product came from: VNA and TASS (talks in
Hanoi on 24 February 2026 renewing their cooperation: photo and video production, two reporting
delegations a year including one joint multimedia team, photo exhibitions and special editions for
high-level visits and anniversaries, cross-posting), and VNA and KCNA (agreement signed in
Pyongyang on 10 October 2025, during the 80th anniversary of the Workers' Party of Korea), plus a
few projects with Xinhua, Prensa Latina and KPL (Lao News Agency).

Everything is laid out relative to `today`, so the demo looks alive whenever it is opened: some
projects overdue, some due this week, many in the pipeline, about two years of published history.
Projects tied to annual occasions (anniversaries, the St Petersburg forum, ...) follow the calendar
instead and get the right ordinal for their year. The output is deterministic for a given `today`.

The sheet is written the way people really keep one: a banner row above the header, a few blank
rows, dates sometimes typed as text, aliases for vocabulary values, and a handful of deliberate
mistakes (`PROBLEMS` lists them) so the Data quality page has something real to show.

    python -m lib.demo --out demo.xlsx [--as-of 2026-03-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

Cell = str | int | float | dt.date | None
Tab = list[list[Cell]]

# Base of every random seed. Each project gets its own generator seeded from this and its title,
# so editing one row of the tables below does not reshuffle every other project, and the details
# of a project do not depend on which calendar-bound projects fall inside the window on `today`.
# The stories themselves (titles, occasions, commitments, the deliberate data problems) are
# content, kept as data: lib/demo_stories.json. This module only places them around today.
STORIES_DATA: dict = json.loads(
    (Path(__file__).with_name("demo_stories.json")).read_text(encoding="utf-8")
)


def _theme(theme: str | list[str]) -> str | tuple[str, ...]:
    """A theme as the builders take it: one name, or a tuple of names (JSON has lists)."""
    return tuple(theme) if isinstance(theme, list) else theme


def _themed(row: dict) -> dict:
    return {**row, "theme": _theme(row["theme"])} if "theme" in row else row


SEED = 20260224  # the day of the VNA–TASS talks in Hanoi

DAY = dt.timedelta(days=1)
HISTORY_DAYS = 670  # ≈ 22 months of published history behind today
HORIZON_DAYS = 125  # ≈ 4 months of pipeline ahead of today

# ---------------------------------------------------------------------------------------------
# Vocabularies, as the app knows them (SPEC §2.3). Short names keep the tables below readable.
# ---------------------------------------------------------------------------------------------
PROPOSED, APPROVED, PLANNING, SHOOTING = "Proposed", "Approved", "Planning", "Shooting"
EDITING, REVIEW, PUBLISHED = "Editing", "Partner review", "Published"
ON_HOLD, CANCELLED = "On hold", "Cancelled"

GREEN, DIGITAL, AI = "Green development", "Digital transformation", "AI application & governance"
CULTURE, ECONOMY, HR = "Culture & heritage", "Socio-economic", "Human resources"
POLITICS = "Politics & diplomacy"

PHOTO, EXHIBITION, VIDEO = "Photo story", "Photo exhibition", "Video"
DOCUMENTARY, MULTIMEDIA = "Documentary", "Multimedia"
SPECIAL, DELEGATION = "Special edition", "Reporting delegation"

# ID prefix → partner agency. IDs read `<prefix>-<start year>-<3 digits>`.
PARTNER_OF_PREFIX = {
    "VT": "TASS",
    "VK": "KCNA",
    "VX": "Xinhua",
    "VP": "Prensa Latina",
    "VL": "KPL",
}

# ---------------------------------------------------------------------------------------------
# The Projects tab layout
# ---------------------------------------------------------------------------------------------
PROJECTS_TAB = "Projects"
BANNER = "VNA joint productions with partner agencies — shared tracker"
BANNER_NOTE = "Demo data: fictional projects built around real agreements. One row per project."
PROJECTS_HEADER_ROW = 3  # 1-based: banner, one blank row, then the header
PROJECT_HEADER = [
    "ID",
    "Title",
    "Partner",
    "Format",
    "Theme",
    "Stage",
    "Producer",
    "Lead",
    "Start",
    "Deadline",  # an alias of Due, on purpose: real sheets rarely use the field names
    "Published",
    "Occasion",
    "Photos",
    "Videos",
    "Video minutes",
    "Languages",
    "Channels",
    "Link",
    "Notes",
    "Shooting due",  # milestone deadlines: `<stage> due`
    "Review due",
    "Budget (VND)",  # a column the app does not know; it must keep it
]
DATE_COLUMNS = ("Start", "Deadline", "Published", "Shooting due", "Review due")

# People. Producers keep the rows; each lead owns one or two themes.
VNA_PRODUCERS = [
    "Nguyễn Thu Hà",
    "Trần Minh Đức",
    "Lê Hoàng Anh",
    "Phạm Thị Lan",
    "Vũ Quang Huy",
    "Đỗ Mai Phương",
]
PARTNER_PRODUCERS = {"VT": ["Anna Volkova", "Dmitry Sokolov"], "VK": ["Ri Chol Jin", "Kim Un Hui"]}
LEAD_OF_THEME = {
    GREEN: "Hoàng Văn Nam",
    ECONOMY: "Trịnh Thu Trang",
    DIGITAL: "Ngô Thanh Tùng",
    AI: "Ngô Thanh Tùng",
    CULTURE: "Bùi Thị Hồng",
    HR: "Bùi Thị Hồng",
    POLITICS: "Đặng Quốc Bảo",
}

LANGUAGES = {
    "VT": ["Vietnamese; Russian", "Vietnamese; Russian; English"],
    "VK": ["Vietnamese; Korean", "Vietnamese; Korean; English"],
    "VX": ["Vietnamese; Chinese", "Vietnamese; Chinese; English"],
    "VP": ["Vietnamese; Spanish", "Vietnamese; Spanish; English"],
    "VL": ["Vietnamese; Lao", "Vietnamese; Lao; English"],
}
CHANNELS = {
    "VT": ["vnanet.vn; tass.ru; Telegram", "vietnamplus.vn; tass.com", "vnanet.vn; tass.ru"],
    "VK": ["vnanet.vn; kcna.kp", "vietnamplus.vn; kcna.kp"],
    "VX": ["vietnamplus.vn; xinhuanet.com", "vnanet.vn; english.news.cn"],
    "VP": ["vietnamplus.vn; prensa-latina.cu", "vnanet.vn; prensa-latina.cu; YouTube"],
    "VL": ["vnanet.vn; kpl.gov.la", "vietnamplus.vn; kpl.gov.la; Facebook"],
}

# How long a project of each format runs from Start to Deadline, in days (low, high).
DURATION_DAYS = {
    PHOTO: (21, 45),
    EXHIBITION: (45, 90),
    VIDEO: (30, 60),
    DOCUMENTARY: (90, 180),
    MULTIMEDIA: (45, 90),
    SPECIAL: (40, 75),
    DELEGATION: (45, 80),
}
# What a finished project of each format delivers: (photos, videos, minutes per video) ranges;
# None where the format has none, so a photo story never claims video minutes.
OUTPUTS: dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None, tuple[float, float]]] = {
    PHOTO: ((12, 30), None, (0, 0)),
    EXHIBITION: ((40, 80), None, (0, 0)),
    VIDEO: (None, (1, 3), (2.5, 7.0)),
    DOCUMENTARY: (None, (1, 1), (20, 45)),
    MULTIMEDIA: ((15, 40), (1, 3), (1.5, 4.0)),
    SPECIAL: ((30, 60), None, (0, 0)),
    DELEGATION: ((40, 120), (3, 8), (2.0, 5.0)),
}
# Budget in millions of VND (low, high); filled on about a third of the rows.
BUDGET_MILLION_VND = {
    PHOTO: (15, 60),
    EXHIBITION: (120, 380),
    VIDEO: (40, 150),
    DOCUMENTARY: (350, 900),
    MULTIMEDIA: (60, 220),
    SPECIAL: (90, 250),
    DELEGATION: (250, 650),
}
OUTPUT_STAGES = (EDITING, REVIEW, PUBLISHED)  # late enough to count photos and videos
MILESTONE_STAGES = (APPROVED, PLANNING, SHOOTING, EDITING, REVIEW)
LATE_SHARE = 0.2  # about one published project in five goes out a few days late

# Notes producers leave, by how far along a project is.
NOTES: dict[str, list[str]] = STORIES_DATA["notes"]
NOTE_POOL: dict[str, str] = STORIES_DATA["note_pool"]

# Dates typed into plain-text cells, the ways people type them (day-first, as in Vietnam and
# Russia). About one date cell in nine is typed; the styles take turns so each one shows up.
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TYPED_DATE_SHARE = 0.09


def _typed_date(day: dt.date, style: int) -> str:
    if style == 0:
        return f"{day:%d/%m/%Y}"  # 05/03/2026
    if style == 1:
        return f"{day:%d.%m.%Y}"  # 05.03.2026
    if style == 2:
        return day.isoformat()  # 2026-03-05
    return f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"  # 5 Mar 2026


# ---------------------------------------------------------------------------------------------
# Occasions: annual dates placed in the years around today, plus one-off events
# ---------------------------------------------------------------------------------------------
class Annual(NamedTuple):
    key: str
    month: int
    day: int  # 0: computed (the St Petersburg forum moves every year)
    since: int  # the year being celebrated, for the ordinal; 0 when the name carries the year
    name: str  # {nth}: ordinal of the anniversary; {year}: calendar year
    partner: str | None
    kind: str


ANNUAL_OCCASIONS = [Annual(**row) for row in STORIES_DATA["annual_occasions"]]

# One-off events on fixed dates (the agreements this product came from).
KCNA_AGREEMENT = dt.date(2025, 10, 10)
TASS_AGREEMENT = dt.date(2026, 2, 24)
# fmt: off
FIXED_OCCASIONS = {
    "kcna_agreement": (KCNA_AGREEMENT, "VNA–KCNA cooperation agreement signed in Pyongyang",
                       "KCNA", "Agreement"),
    "tass_agreement": (TASS_AGREEMENT, "VNA–TASS cooperation agreement signed in Hanoi",
                       "TASS", "Agreement"),
}
# fmt: on
# High-level visits a few weeks from today (days from today, name, partner).
VISITS = {key: tuple(visit) for key, visit in STORIES_DATA["visits"].items()}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _annual_date(occasion: Annual, year: int) -> dt.date:
    if occasion.day:
        return dt.date(year, occasion.month, occasion.day)
    # The forum's dates are announced each year; mid-June, the third Wednesday, is close enough.
    first = dt.date(year, occasion.month, 1)
    return first + dt.timedelta(days=(2 - first.weekday()) % 7 + 14)


def _annual_name(occasion: Annual, year: int) -> str:
    return occasion.name.format(nth=_ordinal(year - occasion.since), year=year)


OCCASIONS_BY_KEY = {o.key: o for o in ANNUAL_OCCASIONS}


# ---------------------------------------------------------------------------------------------
# Projects tied to the calendar: one per year, timed to an occasion (or a fixed slot)
# ---------------------------------------------------------------------------------------------
class Series(NamedTuple):
    occasion: str  # key in ANNUAL_OCCASIONS, or "" for a yearly slot without an occasion
    prefix: str
    title: str  # {n}: years since; {nth}: ordinal; {year}; {topic}
    fmt: str
    theme: str | tuple[str, ...]
    days_before: int  # the deadline sits this many days before the occasion
    written: str = "as is"  # how producers type the occasion: "as is", "hyphen", "lower"


SERIES = [Series(**_themed(row)) for row in STORIES_DATA["series"]]
# The yearly joint multimedia team (TASS agreement) delivers late November; its topic rotates.
MULTIMEDIA_TEAM_DUE = (11, 25)
MULTIMEDIA_TEAM_TOPICS = [  # by year % 4
    (topic, _theme(theme)) for topic, theme in STORIES_DATA["multimedia_team_topics"]
]

# Coverage of the agreements themselves, on the day; only once the day has passed.
# fmt: off
FIXED_PROJECTS = [
    (key, prefix, title, fmt, _theme(theme))
    for key, prefix, title, fmt, theme in STORIES_DATA["fixed_projects"]
]
# fmt: on

# With at most this many days left before its deadline, a project is usually at this stage.
STAGE_BY_DAYS_LEFT = [
    (-4, PUBLISHED),
    (7, REVIEW),
    (25, EDITING),
    (50, SHOOTING),
    (80, PLANNING),
    (110, APPROVED),
]


def _stage_for(days_left: int) -> str:
    for limit, stage in STAGE_BY_DAYS_LEFT:
        if days_left <= limit:
            return stage
    return PROPOSED


# ---------------------------------------------------------------------------------------------
# Projects placed relative to today
# ---------------------------------------------------------------------------------------------
class Story(NamedTuple):
    prefix: str
    title: str | None
    fmt: str
    theme: str | tuple[str, ...]
    stage: str  # canonical; a row that types an alias or an unknown value says so in `cells`
    due: int | None  # deadline, in days from today
    occasion: str | None = None  # key in VISITS
    occasion_written: str = "as is"  # how the producer typed it: "as is", "hyphen", "lower"
    start: int | None = None  # start, in days from today, when not derived from the format
    published: int | None = None  # published date, in days from today, when not derived
    notes: str | None = None
    cells: dict[str, Cell] | None = None  # raw cells written as they are: aliases and mistakes
    key: str | None = None  # seed key for a row without a title


# The classic copy-paste mistake: the row takes the ID of the partner's previous row.
COPY_ID_ABOVE = "<copy the ID of the row above>"

STORIES = [Story(**_themed(row)) for row in STORIES_DATA["stories"]]

# The deliberate data problems (SPEC §2.5 code → title of the project row carrying it, column),
# so the Data quality page has something real to show. Tests check each one in the raw cells.
# Fifteen problems on fifteen rows: the podcast row carries two, and the duplicate ID also
# flags the row it was copied from.
PROBLEMS = {code: tuple(place) for code, place in STORIES_DATA["problems"].items()}


# ---------------------------------------------------------------------------------------------
# Commitments: what each agreement promises per partner and year
# ---------------------------------------------------------------------------------------------
class Commitment(NamedTuple):
    partner: str
    commitment: str
    fmt: str | None  # optional filter
    theme: str | None  # optional filter
    target: int
    since: int = 0  # first year of the agreement, when it matters


COMMITMENTS = [Commitment(**row) for row in STORIES_DATA["commitments"]]

# Optional Themes tab: colours for charts and one extra alias, which a project above uses.
THEME_ROWS = [tuple(row) for row in STORIES_DATA["theme_rows"]]


# ---------------------------------------------------------------------------------------------
# Building the rows
# ---------------------------------------------------------------------------------------------
@dataclass
class _Draft:
    """One project before it gets its ID and its place in the sheet."""

    prefix: str
    title: str | None
    start: dt.date | None
    cells: dict[str, Cell]
    has_link: bool
    overrides: dict[str, Cell] = field(default_factory=dict)


def _rng(key: str) -> random.Random:
    # String seeds are hashed with SHA-512 by `random`, not with the per-process `hash()`.
    return random.Random(f"{SEED}:{key}")


def _themes(theme: str | tuple[str, ...]) -> tuple[str, ...]:
    return (theme,) if isinstance(theme, str) else theme


def _published_near(due: dt.date, rng: random.Random, today: dt.date, max_late: int) -> dt.date:
    if max_late > 0 and rng.random() < LATE_SHARE:
        published = due + dt.timedelta(days=rng.randint(1, max_late))
    else:
        published = due - dt.timedelta(days=rng.randint(0, 5))
    return min(published, today - DAY)  # history: never after today


def _outputs(fmt: str, rng: random.Random) -> tuple[int | None, int | None, float | int | None]:
    photo_range, video_range, minutes_range = OUTPUTS[fmt]
    photos = rng.randint(*photo_range) if photo_range else None
    videos = rng.randint(*video_range) if video_range else None
    if not videos:
        return photos, videos, None
    if fmt == DOCUMENTARY:
        minutes: float = rng.randint(*map(int, minutes_range)) + rng.choice((0, 0, 0.5))
    else:
        minutes = round(sum(rng.uniform(*minutes_range) for _ in range(videos)), 1)
    return photos, videos, int(minutes) if minutes == int(minutes) else minutes


def _draft(
    *,
    key: str,
    prefix: str,
    title: str | None,
    fmt: str,
    theme: str | tuple[str, ...],
    stage: str,
    start: dt.date | None,
    due: dt.date | None,
    published: dt.date | None,
    occasion: str | None,
    notes: str | None,
    typed_styles: Iterator[int],
) -> _Draft:
    """A project's cells from its facts; the details a producer would add come from its rng."""
    rng = _rng(key)
    themes = _themes(theme)
    photos = videos = minutes = None
    if stage in OUTPUT_STAGES:
        photos, videos, minutes = _outputs(fmt, rng)
    if prefix in PARTNER_PRODUCERS and rng.random() < 0.3:
        producer = rng.choice(PARTNER_PRODUCERS[prefix])
    else:
        producer = rng.choice(VNA_PRODUCERS)
    late_stage = stage in OUTPUT_STAGES
    channels = rng.choice(CHANNELS[prefix]) if late_stage or rng.random() < 0.5 else None
    budget = None
    if rng.random() < 0.35:
        low, high = BUDGET_MILLION_VND[fmt]
        budget = rng.randint(low // 5, high // 5) * 5_000_000
    if notes is None and rng.random() < 0.3:
        notes = rng.choice(NOTES[NOTE_POOL[stage]])
    shooting_due = review_due = None
    if (
        stage in MILESTONE_STAGES
        and start
        and due
        and (due - start).days >= 6
        and rng.random() < 0.45
    ):
        span = (due - start).days
        shooting_due = start + dt.timedelta(days=span * 45 // 100)
        review_due = start + dt.timedelta(days=span * 80 // 100)
    has_link = rng.random() < (0.3 if stage == PROPOSED else 0.92)

    dates: dict[str, dt.date | None] = {"Start": start, "Deadline": due, "Published": published}
    typed: dict[str, Cell] = {}
    for column, day in dates.items():
        if day is not None and rng.random() < TYPED_DATE_SHARE:
            typed[column] = _typed_date(day, next(typed_styles))
    cells: dict[str, Cell] = {
        "Title": title,
        "Partner": PARTNER_OF_PREFIX[prefix],
        "Format": fmt,
        "Theme": "; ".join(themes),
        "Stage": stage,
        "Producer": producer,
        "Lead": LEAD_OF_THEME[themes[0]],
        **dates,
        **typed,
        "Occasion": occasion,
        "Photos": photos,
        "Videos": videos,
        "Video minutes": minutes,
        "Languages": rng.choice(LANGUAGES[prefix]),
        "Channels": channels,
        "Notes": notes,
        "Shooting due": shooting_due,
        "Review due": review_due,
        "Budget (VND)": budget,
    }
    return _Draft(prefix, title, start, cells, has_link)


def _written(name: str, how: str) -> str:
    """An occasion's name as a producer types it; the app matches these loosely."""
    if how == "hyphen":
        return name.replace("–", "-")
    if how == "lower":
        return name.lower()
    return name


def _story_drafts(today: dt.date, typed_styles: Iterator[int]) -> list[_Draft]:
    drafts = []
    for story in STORIES:
        key = story.key or story.title or ""
        rng = _rng(f"timing:{key}")
        due = today + dt.timedelta(days=story.due) if story.due is not None else None
        if story.start is not None:
            start = today + dt.timedelta(days=story.start)
        else:
            assert due is not None, key
            start = due - dt.timedelta(days=rng.randint(*DURATION_DAYS[story.fmt]))
        published = None
        if story.published is not None:
            published = today + dt.timedelta(days=story.published)
        elif story.stage == PUBLISHED and due is not None:
            published = _published_near(due, rng, today, max_late=9)
        occasion = None
        if story.occasion:
            _days, name, _partner = VISITS[story.occasion]
            occasion = _written(name, story.occasion_written)
        draft = _draft(
            key=key,
            prefix=story.prefix,
            title=story.title,
            fmt=story.fmt,
            theme=story.theme,
            stage=story.stage,
            start=start,
            due=due,
            published=published,
            occasion=occasion,
            notes=story.notes,
            typed_styles=typed_styles,
        )
        draft.overrides = {
            column: value.format(start_year=start.year) if isinstance(value, str) else value
            for column, value in (story.cells or {}).items()
        }
        drafts.append(draft)
    return drafts


def _in_window(due: dt.date, today: dt.date) -> bool:
    return -HISTORY_DAYS <= (due - today).days <= HORIZON_DAYS


def _calendar_drafts(today: dt.date, typed_styles: Iterator[int]) -> list[_Draft]:
    """Projects timed to annual occasions and fixed events, for the years inside the window."""
    drafts = []
    for series, year in itertools.product(SERIES, range(today.year - 2, today.year + 2)):
        theme = series.theme
        topic = ""
        if series.occasion:
            annual = OCCASIONS_BY_KEY[series.occasion]
            occasion_date = _annual_date(annual, year)
            occasion = _written(_annual_name(annual, year), series.written)
            since = annual.since
        else:
            occasion_date = dt.date(year, *MULTIMEDIA_TEAM_DUE)
            occasion, since = None, year
            topic, theme = MULTIMEDIA_TEAM_TOPICS[year % len(MULTIMEDIA_TEAM_TOPICS)]
        due = occasion_date - dt.timedelta(days=series.days_before)
        if not _in_window(due, today):
            continue
        title = series.title.format(
            n=year - since, nth=_ordinal(year - since), year=year, topic=topic
        )
        key = f"{series.occasion or 'multimedia_team'}:{year}"
        drafts.append(
            _timed_draft(
                key,
                series.prefix,
                title,
                series.fmt,
                theme,
                due,
                occasion,
                today,
                max_late=series.days_before - 1 if series.occasion else 6,
                typed_styles=typed_styles,
            )
        )
    for key, prefix, title, fmt, theme in FIXED_PROJECTS:
        day, name, _partner, _kind = FIXED_OCCASIONS[key]
        if (day - today).days <= STAGE_BY_DAYS_LEFT[0][0] and _in_window(day, today):
            drafts.append(
                _timed_draft(
                    key,
                    prefix,
                    title,
                    fmt,
                    theme,
                    day,
                    name,
                    today,
                    max_late=0,
                    typed_styles=typed_styles,
                )
            )
    return drafts


def _timed_draft(
    key: str,
    prefix: str,
    title: str,
    fmt: str,
    theme: str | tuple[str, ...],
    due: dt.date,
    occasion: str | None,
    today: dt.date,
    *,
    max_late: int,
    typed_styles: Iterator[int],
) -> _Draft:
    rng = _rng(f"timing:{key}")
    start = due - dt.timedelta(days=rng.randint(*DURATION_DAYS[fmt]))
    stage = _stage_for((due - today).days)
    published = _published_near(due, rng, today, max_late) if stage == PUBLISHED else None
    return _draft(
        key=key,
        prefix=prefix,
        title=title,
        fmt=fmt,
        theme=theme,
        stage=stage,
        start=start,
        due=due,
        published=published,
        occasion=occasion,
        notes=None,
        typed_styles=typed_styles,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _project_rows(today: dt.date) -> list[list[Cell]]:
    """Every project row in sheet order, with IDs numbered in order within prefix and year."""
    # The typed-date styles take turns in a fixed order (stories first), so that all of them
    # appear whatever the day.
    typed_styles = itertools.cycle(range(4))
    drafts = _story_drafts(today, typed_styles) + _calendar_drafts(today, typed_styles)
    # Rows are added as projects start, which is how a shared sheet grows.
    drafts.sort(key=lambda d: (d.start or today, d.title or ""))

    counters: dict[tuple[str, int], int] = {}
    last_id: dict[str, str] = {}
    rows = []
    for draft in drafts:
        wanted = draft.overrides.get("ID", "")
        year = (draft.start or today).year
        if wanted == COPY_ID_ABOVE:
            project_id: str | None = last_id[draft.prefix]
        elif wanted is None:
            project_id = None
        else:
            counters[draft.prefix, year] = counters.get((draft.prefix, year), 0) + 1
            project_id = f"{draft.prefix}-{year}-{counters[draft.prefix, year]:03d}"
            last_id[draft.prefix] = project_id
        cells = dict(draft.cells)
        cells["ID"] = project_id
        if draft.has_link:
            folder = project_id.lower() if project_id else f"new-{_slug(draft.title or '')}"
            cells["Link"] = f"https://drive.example.org/vna-joint/{folder}"
        cells.update({k: v for k, v in draft.overrides.items() if k != "ID"})
        rows.append([cells.get(column) for column in PROJECT_HEADER])
    return rows


def _projects_tab(today: dt.date) -> Tab:
    width = len(PROJECT_HEADER)
    blank: list[Cell] = [None] * width
    rows = _project_rows(today)
    # Two fully blank rows in the middle of the data, as left behind when rows are moved.
    third = len(rows) // 3
    rows = [*rows[:third], list(blank), *rows[third : 2 * third], list(blank), *rows[2 * third :]]
    banner: list[Cell] = [BANNER, None, None, BANNER_NOTE] + [None] * (width - 4)
    return [banner, list(blank), list(PROJECT_HEADER), *rows]


def _commitments_tab(today: dt.date) -> Tab:
    rows: Tab = [["Partner", "Year", "Commitment", "Format", "Theme", "Target"]]
    for year in range(today.year - 1, today.year + 2):
        for c in COMMITMENTS:
            if year >= c.since:
                rows.append([c.partner, year, c.commitment, c.fmt, c.theme, c.target])
    return rows


def _occasions_tab(today: dt.date) -> Tab:
    found: list[tuple[dt.date, str, str | None, str]] = []
    for year in range(today.year - 1, today.year + 2):
        for annual in ANNUAL_OCCASIONS:
            found.append(
                (
                    _annual_date(annual, year),
                    _annual_name(annual, year),
                    annual.partner,
                    annual.kind,
                )
            )
    found.extend(FIXED_OCCASIONS.values())
    for days, name, partner in VISITS.values():
        found.append((today + dt.timedelta(days=days), name, partner, "High-level visit"))
    found.sort(key=lambda row: (row[0], row[1]))
    return [["Date", "Occasion", "Partner", "Kind"], *[list(row) for row in found]]


def _themes_tab() -> Tab:
    return [["Name", "Aliases", "Colour"], *[list(row) for row in THEME_ROWS]]


def build_demo_tabs(today: dt.date) -> dict[str, list[list[object]]]:
    """Raw cell values of every tab, as a spreadsheet would hold them, for a demo that looks
    alive on `today`.

    Cells are `str`, `int`, `float`, `datetime.date` (real date cells) or `None` (blank). Every
    row of the Projects tab has the header's width. Deterministic for a given `today`.
    """
    return {
        PROJECTS_TAB: _projects_tab(today),
        "Commitments": _commitments_tab(today),
        "Occasions": _occasions_tab(today),
        "Themes": _themes_tab(),
    }


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------
HEADER_ROWS = {PROJECTS_TAB: PROJECTS_HEADER_ROW}  # other tabs: the header is row 1
DATE_FORMAT = "DD/MM/YYYY"


def write_demo_workbook(path: str | Path, today: dt.date) -> Path:
    """Write the demo tabs to an .xlsx at `path` (and nowhere else); returns the path.

    Real date cells become Excel dates shown as DD/MM/YYYY; text stays text.
    """
    from openpyxl import Workbook  # imported here: the app itself only needs the tabs
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in build_demo_tabs(today).items():
        sheet = workbook.create_sheet(title)
        header_row = HEADER_ROWS.get(title, 1)
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                if r >= header_row:  # the banner may be as wide as it likes
                    shown = 10 if isinstance(value, dt.date) else len(str(value))
                    widths[c] = max(widths.get(c, 0), shown)
                if r == header_row:
                    cell.font = Font(bold=True)
        if header_row > 1:
            sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 48)
        sheet.freeze_panes = f"A{header_row + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _today_in_hanoi() -> dt.date:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone: dt.tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # no tz database on this machine; Vietnam has no DST
        zone = dt.timezone(dt.timedelta(hours=7))
    return dt.datetime.now(zone).date()


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.demo", description="Write the bundled demo tracker as an .xlsx."
    )
    parser.add_argument("--out", required=True, type=Path, help="where to write the .xlsx")
    parser.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        help="the demo's today, YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh)",
    )
    args = parser.parse_args(argv)
    today = args.as_of or _today_in_hanoi()
    written = write_demo_workbook(args.out, today)
    print(f"Wrote the demo tracker as of {today:%d/%m/%Y} to {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

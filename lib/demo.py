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
NOTES = {
    "early": [
        "Pitched at the monthly editors' call",
        "Waiting for the partner's go-ahead",
        "Budget request sent",
        "Suggested by the partner's Hanoi bureau",
    ],
    "production": [
        "Crew list sent to the partner",
        "Script approved by both editors",
        "Second shooting day added",
        "Accreditation requested",
    ],
    "finishing": [
        "Waiting for the partner's captions",
        "Partner asked for extra material",
        "Translation in progress",
        "Music rights still to be cleared",
    ],
    "done": [
        "Cross-posted on the partner's website the same day",
        "Captions translated and checked by the partner",
        "Picked up by 14 foreign outlets",
        "Nominated for the VNA monthly photo award",
        "English subtitles added for social media",
        "Partner used 12 of our photos in its own feature",
    ],
    ON_HOLD: ["Paused until the partner confirms dates", "Budget under review"],
    CANCELLED: [
        "Event moved online; no shoot",
        "Partner withdrew; material reused in another story",
    ],
}
NOTE_POOL = {
    PROPOSED: "early",
    APPROVED: "early",
    PLANNING: "production",
    SHOOTING: "production",
    EDITING: "finishing",
    REVIEW: "finishing",
    PUBLISHED: "done",
    ON_HOLD: ON_HOLD,
    CANCELLED: CANCELLED,
}

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


# fmt: off
ANNUAL_OCCASIONS = [
    Annual("ru_ties", 1, 30, 1950, "{nth} anniversary of Vietnam–Russia diplomatic relations",
           "TASS", "Anniversary"),
    Annual("dprk_ties", 1, 31, 1950, "{nth} anniversary of Vietnam–DPRK diplomatic relations",
           "KCNA", "Anniversary"),
    Annual("victory", 5, 9, 1945, "Victory Day: {nth} anniversary", "TASS", "Anniversary"),
    Annual("russia_day", 6, 12, 0, "Russia Day {year}", "TASS", "Anniversary"),
    Annual("spief", 6, 0, 0, "St Petersburg International Economic Forum {year}", "TASS", "Forum"),
    # The VNA–TASS ties date from 1958; the sources give the year only, the day is the demo's.
    Annual("vna_tass", 7, 1, 1958, "{nth} anniversary of VNA–TASS ties", "TASS", "Anniversary"),
    Annual("national_day", 9, 2, 1945, "{nth} anniversary of Vietnam National Day", None,
           "Anniversary"),
    Annual("vna", 9, 15, 1945, "{nth} founding anniversary of the Vietnam News Agency", None,
           "Anniversary"),
    Annual("wpk", 10, 10, 1945, "{nth} founding anniversary of the Workers' Party of Korea",
           "KCNA", "Anniversary"),
]
# fmt: on

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
VISITS = {
    "visit_moscow": (26, "High-level visit: Vietnamese leadership delegation to Moscow", "TASS"),
    "visit_hanoi": (61, "High-level visit: DPRK delegation to Hanoi", "KCNA"),
}


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


# fmt: off
SERIES = [
    Series("ru_ties", "VT", "Hanoi–Moscow: {n} years of diplomatic ties in photos", EXHIBITION,
           (POLITICS, CULTURE), 6, "hyphen"),
    Series("dprk_ties", "VK", "Vietnam–DPRK: {n} years of friendship in archive photos", PHOTO,
           POLITICS, 5),
    Series("victory", "VT", "Victory Day {year} in Moscow: VNA reporting delegation", DELEGATION,
           (POLITICS, CULTURE), 3, "lower"),
    Series("russia_day", "VT", "Russia Day {year}: special photo edition in Vietnamese", SPECIAL,
           CULTURE, 5),
    Series("spief", "VT", "St Petersburg International Economic Forum {year} coverage",
           DELEGATION, ECONOMY, 2),
    Series("vna_tass", "VT", "VNA and TASS: {n} years of partnership", VIDEO, (POLITICS, HR), 5),
    Series("national_day", "VT", "Special edition in Russian: Vietnam's {nth} National Day",
           SPECIAL, POLITICS, 7),
    Series("vna", "VT", "VNA at {n}: the agency's history in TASS archive photos", PHOTO, CULTURE,
           10, "hyphen"),
    Series("wpk", "VK", "Special edition: {nth} anniversary of the Workers' Party of Korea",
           SPECIAL, POLITICS, 4),
    Series("", "VT", "Joint multimedia team: {topic}", MULTIMEDIA, (), 0),
]
# fmt: on
# The yearly joint multimedia team (TASS agreement) delivers late November; its topic rotates.
MULTIMEDIA_TEAM_DUE = (11, 25)
MULTIMEDIA_TEAM_TOPICS = [  # by year % 4
    ("Arctic shipping and Vietnamese seafood", (ECONOMY, GREEN)),
    ("Siberian universities and Vietnamese AI students", (AI, HR)),
    ("Vladivostok port digitalisation", (DIGITAL, ECONOMY)),
    ("Solar farms of the Russian Far East", GREEN),
]

# Coverage of the agreements themselves, on the day; only once the day has passed.
# fmt: off
FIXED_PROJECTS = [
    ("kcna_agreement", "VK", "Pyongyang, 10 October 2025: VNA and KCNA sign a cooperation "
     "agreement", PHOTO, POLITICS),
    ("tass_agreement", "VT", "Hanoi, 24 February 2026: VNA and TASS renew their cooperation",
     PHOTO, (POLITICS, HR)),
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

# fmt: off
STORIES = [
    # --- TASS: published history ---------------------------------------------------------
    Story("VT", "Green hydrogen in Vietnam's Mekong Delta", VIDEO, (GREEN, ECONOMY), PUBLISHED,
          -655),
    Story("VT", "Hue imperial citadel restoration", DOCUMENTARY, CULTURE, PUBLISHED, -560),
    Story("VT", "Russian tourists return to Nha Trang", VIDEO, ECONOMY, PUBLISHED, -505,
          cells={"Video minutes": "12,5"}),
    Story("VT", "AI in newsrooms: VNA and TASS editors compare notes", MULTIMEDIA, (AI, HR),
          PUBLISHED, -462),
    Story("VT", "Vietnamese students at Moscow State University", VIDEO, HR, PUBLISHED, -418),
    Story("VT", "Dalat flower festival through Russian lenses", PHOTO, CULTURE, PUBLISHED, -342,
          cells={"Start": "31/02/{start_year}"}),
    Story("VT", "Mangrove restoration in Ca Mau", PHOTO, GREEN, PUBLISHED, -318),
    Story("VT", "Spotting deepfakes: a VNA–TASS verification workshop", VIDEO, (AI, HR),
          PUBLISHED, -290),
    Story("VT", "Siberian timber and Vietnamese furniture makers", VIDEO, ECONOMY, PUBLISHED, -248,
          cells={"Videos": -3}),
    Story("VT", "Smart rice farming with drones in An Giang", MULTIMEDIA, (DIGITAL, GREEN),
          PUBLISHED, -221, notes="Counts come from the photo desk's sheet",
          cells={"Photos": "#N/A", "Video minutes": "#REF!"}),
    Story("VT", "Vladivostok's Vietnamese community", PHOTO, CULTURE, PUBLISHED, -196,
          cells={"Partner": "ТАСС"}),
    Story("VT", "Dubna: Vietnamese physicists at the Joint Institute for Nuclear Research",
          DOCUMENTARY, (HR, ECONOMY), PUBLISHED, -141),
    Story("VT", "Wind farms of Ninh Thuan", PHOTO, GREEN, PUBLISHED, -104),
    Story("VT", "AI-assisted translation at the Russian desk", VIDEO, AI, PUBLISHED, -52),
    Story("VT", "Murmansk and the Northern Sea Route", DOCUMENTARY, (ECONOMY, GREEN),
          PUBLISHED, -33),
    Story("VT", "Hanoi's Lenin Park at dawn", PHOTO, CULTURE, PUBLISHED, -18,
          cells={"Stage": "đã xuất bản"}),
    Story("VT", "Vung Tau, the Vietsovpetro town", PHOTO, ECONOMY, PUBLISHED, -9,
          cells={"Published": None}),
    Story("VT", "AI weather forecasting at Vietnamese and Russian hydromet centres", VIDEO,
          (AI, GREEN), PUBLISHED, -3, published=4,
          notes="Release date agreed with TASS"),
    Story("VT", "Moscow International Film Festival: Vietnamese entries", PHOTO, CULTURE,
          CANCELLED, -380),
    Story("VT", "Moscow Urban Forum: smart city panel", VIDEO, DIGITAL, CANCELLED, -150),
    # --- TASS: pipeline ------------------------------------------------------------------
    Story("VT", "Baikal–Amur Mainline: Vietnamese builders remembered", DOCUMENTARY, CULTURE,
          ON_HOLD, -30),
    Story("VT", "Russia–Vietnam Tropical Centre: science in the jungle", DOCUMENTARY, (GREEN, HR),
          EDITING, -11),
    Story("VT", "A joint VNA–TASS desk against fake news", MULTIMEDIA, (AI, POLITICS), REVIEW, -6),
    Story("VT", "Kamchatka volcanoes through Vietnamese eyes", PHOTO, GREEN, SHOOTING, -4),
    Story("VT", "Hanoi–Moscow direct flights and the tourists they bring", PHOTO, ECONOMY,
          EDITING, -1),
    Story("VT", "Ural steel in Vietnamese construction", PHOTO, ECONOMY, REVIEW, 1),
    Story("VT", "E-government in Vietnam's provinces", MULTIMEDIA, DIGITAL, REVIEW, 11),
    Story("VT", "Semiconductor training for Vietnamese engineers in Russia", VIDEO, (HR, DIGITAL),
          REVIEW, 3),
    Story("VT", "Chatbots in public services: Moscow and Da Nang", VIDEO, (AI, DIGITAL), EDITING,
          8, cells={"Stage": "post-production"}),
    Story("VT", "Solar rooftops in Ho Chi Minh City", PHOTO, GREEN, SHOOTING, 12),
    Story("VT", "Moscow's Vietnamese restaurants, from pho to banh mi", VIDEO, CULTURE, SHOOTING,
          16),
    Story("VT", "Digital archive: TASS photos of Vietnam, 1954–1975", MULTIMEDIA,
          (CULTURE, DIGITAL), EDITING, 18, cells={"Photos": "1 200"}),
    Story("VT", "Vietnam–Russia trade in numbers", MULTIMEDIA, ECONOMY, EDITING, 21,
          occasion="visit_moscow", occasion_written="lower"),
    Story("VT", "Sochi and Phu Quoc: two resort islands compared", VIDEO, ECONOMY, SHOOTING, 22,
          start=34, notes="Dates swapped when the crew's flights changed"),
    Story("VT", "Russian scholarships: where Vietnamese alumni are now", VIDEO, HR, SHOOTING, 27),
    Story("VT", "Young Russian and Vietnamese journalists' exchange", VIDEO, HR, PLANNING, 32),
    Story("VT", "“Vietnam today” photo exhibition for the visit to Moscow", EXHIBITION,
          (POLITICS, CULTURE), PLANNING, 33, occasion="visit_moscow"),
    Story("VT", "Arctic LNG and Vietnam's energy transition", DOCUMENTARY, (GREEN, ECONOMY),
          SHOOTING, 44),
    Story("VT", "Tretyakov Gallery's Vietnamese lacquer paintings", PHOTO, CULTURE, PLANNING, 47),
    Story("VT", "Electric buses in Hanoi and Moscow", VIDEO, GREEN, PLANNING, 58,
          cells={"Theme": "xanh hoá"}),
    Story("VT", "Veterans of Soviet–Vietnamese friendship", DOCUMENTARY, (POLITICS, CULTURE),
          PLANNING, 63),
    Story("VT", "Russian and Vietnamese volunteers clean up Ha Long Bay", PHOTO, GREEN, PLANNING,
          None, start=12, notes="Dates depend on the partner's volunteer calendar"),
    Story("VT", "AI rules compared: how Russia and Vietnam govern algorithms", MULTIMEDIA,
          (AI, POLITICS), APPROVED, 72),
    Story("VT", None, VIDEO, DIGITAL, APPROVED, 78, key="tass untitled video",
          notes="Working title to be agreed with TASS"),
    Story("VT", "Trans-Siberian railway: freight to Vietnam", VIDEO, ECONOMY, APPROVED, 88),
    Story("VT", "Russian language teachers in Vietnam", PHOTO, HR, PROPOSED, 94,
          cells={"ID": None}),
    Story("VT", "Green ports: Hai Phong and Novorossiysk", PHOTO, GREEN, PROPOSED, 98),
    Story("VT", "Kazan's digital public services", VIDEO, DIGITAL, PROPOSED, 103),
    Story("VT", "Cyber-security training for VNA technicians", VIDEO, (HR, DIGITAL), PROPOSED, 116),
    # --- KCNA ---------------------------------------------------------------------------
    Story("VK", "Ho Chi Minh's 1957 visit to Pyongyang in archive photos", PHOTO,
          (POLITICS, CULTURE), PUBLISHED, -400),
    Story("VK", "Pyongyang photo exhibition on Vietnam–DPRK friendship", EXHIBITION,
          (POLITICS, CULTURE), PUBLISHED, -128),
    Story("VK", "Archive photo exchange: Vietnam–DPRK friendship, 1950–2025", MULTIMEDIA,
          (CULTURE, POLITICS), PUBLISHED, -112, cells={"Photos": "1,200"}),
    Story("VK", "Kaesong and Hue: two royal capitals", PHOTO, CULTURE, PUBLISHED, -96,
          cells={"Partner": "Korean Central News Agency"}),
    Story("VK", "DPRK students learning Vietnamese in Hanoi", PHOTO, HR, PUBLISHED, -80),
    Story("VK", "Rice harvest in South Hwanghae and Thai Binh", PHOTO, ECONOMY, PUBLISHED, -64),
    Story("VK", "Reforestation campaigns in Vietnam and the DPRK", VIDEO, GREEN, PUBLISHED, -41),
    Story("VK", "Pyongyang's science and technology complex", PHOTO, DIGITAL, PUBLISHED, -22),
    Story("VK", "Pyongyang marathon photo series", PHOTO, CULTURE, CANCELLED, -88),
    Story("VK", "Greening the Taedong River embankment", PHOTO, GREEN, REVIEW, -2,
          cells={"Theme": "green"}),
    Story("VK", "Photo exchange: street life in Hanoi and Pyongyang", PHOTO, (CULTURE, ECONOMY),
          EDITING, 5, cells={"Photos": "about 40"}),
    Story("VK", "Korean celadon and Bat Trang pottery", PHOTO, CULTURE, EDITING, 10,
          cells={"Format": "phóng sự ảnh"}),
    Story("VK", "Mirae Scientists Street at night", PHOTO, ECONOMY, SHOOTING, 19,
          cells={"ID": COPY_ID_ABOVE}),
    Story("VK", "Wonsan-Kalma coastal resort", VIDEO, ECONOMY, ON_HOLD, 36),
    Story("VK", "Hospital exchange under the new health MoU", VIDEO, (ECONOMY, HR), PLANNING, 49),
    Story("VK", "Joint documentary: seven decades of Vietnam–DPRK friendship", DOCUMENTARY,
          (POLITICS, CULTURE), SHOOTING, 55),
    Story("VK", "DPRK delegation in Hanoi: a photo diary", PHOTO, POLITICS, PLANNING, 55,
          occasion="visit_hanoi"),
    Story("VK", "Vietnamese language courses at Pyongyang University of Foreign Studies", PHOTO,
          HR, APPROVED, 82),
    Story("VK", "Mount Kumgang and Ha Long Bay: two natural wonders", PHOTO, (GREEN, CULTURE),
          APPROVED, 95),
    Story("VK", "Children's palaces in Pyongyang and Hanoi", PHOTO, CULTURE, PROPOSED, 108),
    Story("VK", "Farm machinery trade between Vietnam and the DPRK", VIDEO, ECONOMY, PROPOSED, 121),
    # --- Xinhua -------------------------------------------------------------------------
    Story("VX", "Mekong–Lancang cooperation: river communities", MULTIMEDIA, (GREEN, ECONOMY),
          PUBLISHED, -430, cells={"Partner": "Xinhua; KPL",
                                  "Languages": "Vietnamese; Chinese; Lao; English"}),
    Story("VX", "Cross-border e-commerce in Lang Son", VIDEO, (DIGITAL, ECONOMY), PUBLISHED, -322),
    Story("VX", "Canton Fair: VNA reporting delegation", DELEGATION, ECONOMY, CANCELLED, -262),
    Story("VX", "Guangxi–Vietnam fruit trade by rail", PHOTO, ECONOMY, PUBLISHED, -188),
    Story("VX", "Shenzhen AI start-ups and Vietnamese engineers", VIDEO, AI, PUBLISHED, -58),
    Story("VX", "Hanoi's metro lines: Chinese and Vietnamese engineers", PHOTO, ECONOMY, REVIEW, 9),
    Story("VX", "Ban Gioc waterfall on both sides of the border", PHOTO, (CULTURE, GREEN), EDITING,
          15),
    Story("VX", "Table tennis diplomacy: a Vietnam–China podcast", VIDEO, CULTURE, PLANNING, 52,
          cells={"Format": "Podcast", "Theme": "Sports"}),
    Story("VX", "5G villages in Yunnan and Lao Cai", MULTIMEDIA, DIGITAL, APPROVED, 74,
          cells={"Theme": "chuyển đổi số"}),
    # --- Prensa Latina ------------------------------------------------------------------
    Story("VP", "Vietnamese rice experts in Cuba's fields", VIDEO, (ECONOMY, HR), PUBLISHED, -472),
    Story("VP", "Havana's Ho Chi Minh park", PHOTO, (CULTURE, POLITICS), PUBLISHED, -266),
    Story("VP", "Fidel Castro's 1973 visit to Quang Tri remembered", DOCUMENTARY, POLITICS,
          PUBLISHED, -134),
    Story("VP", "Vietnamese solar panels on Cuban rooftops", PHOTO, GREEN, REVIEW, 6),
    Story("VP", "Cuba's mangrove belt", VIDEO, GREEN, SHOOTING, 38),
    Story("VP", "Havana–Hanoi: coffee growers' exchange", VIDEO, ECONOMY, PLANNING, 40,
          notes="Crew visas for Cuba requested three weeks ago",
          cells={"Stage": "Waiting for visa"}),
    Story("VP", "Reporting delegation to Havana: Vietnam–Cuba solidarity", DELEGATION, POLITICS,
          APPROVED, 91),
    # --- KPL (Lao News Agency) ----------------------------------------------------------
    Story("VL", "That Luang festival in Vientiane", PHOTO, CULTURE, PUBLISHED, -485),
    Story("VL", "Laos–China railway: Vientiane station", VIDEO, ECONOMY, PUBLISHED, -355,
          cells={"Partner": "KPL; Xinhua",
                 "Languages": "Vietnamese; Lao; Chinese"}),
    Story("VL", "The Vietnamese-built National Assembly house in Vientiane", PHOTO, POLITICS,
          PUBLISHED, -238),
    Story("VL", "Lao students at Vietnamese universities", VIDEO, HR, EDITING, 20),
    Story("VL", "Xayaburi dam and the Mekong's fish", DOCUMENTARY, (GREEN, ECONOMY), EDITING, 26),
    Story("VL", "Pi Mai Lao new year in Luang Prabang", PHOTO, CULTURE, SHOOTING, 29),
    Story("VL", "Plain of Jars: a heritage site opens up", PHOTO, CULTURE, ON_HOLD, 45),
    Story("VL", "Digital ID in Laos with Vietnamese support", MULTIMEDIA, DIGITAL, PLANNING, 66),
    Story("VL", "Vientiane's green city plan", PHOTO, GREEN, APPROVED, 84),
    Story("VL", "Special edition: the Vietnam–Laos special relationship", SPECIAL, POLITICS,
          PROPOSED, 114),
]
# fmt: on

# The deliberate data problems (SPEC §2.5 code → title of the project row carrying it, column),
# so the Data quality page has something real to show. Tests check each one in the raw cells.
# Fifteen problems on fifteen rows: the podcast row carries two, and the duplicate ID also
# flags the row it was copied from.
PROBLEMS = {
    "bad_date": ("Dalat flower festival through Russian lenses", "Start"),  # 31/02/<year>
    "bad_number": ("Photo exchange: street life in Hanoi and Pyongyang", "Photos"),  # about 40
    "negative_number": ("Siberian timber and Vietnamese furniture makers", "Videos"),  # -3
    "formula_error": ("Smart rice farming with drones in An Giang", "Photos"),  # + #REF! minutes
    "unknown_stage": ("Havana–Hanoi: coffee growers' exchange", "Stage"),  # Waiting for visa
    "unknown_theme": ("Table tennis diplomacy: a Vietnam–China podcast", "Theme"),  # Sports
    "unknown_format": ("Table tennis diplomacy: a Vietnam–China podcast", "Format"),  # Podcast
    "missing_id": ("Russian language teachers in Vietnam", "ID"),
    "duplicate_id": ("Mirae Scientists Street at night", "ID"),  # KCNA's previous ID, copied
    "missing_title": (None, "Title"),  # the row keyed "tass untitled video"
    "missing_due": ("Russian and Vietnamese volunteers clean up Ha Long Bay", "Deadline"),
    "due_before_start": ("Sochi and Phu Quoc: two resort islands compared", "Deadline"),
    "published_without_date": ("Vung Tau, the Vietsovpetro town", "Published"),
    "published_in_future": (
        "AI weather forecasting at Vietnamese and Russian hydromet centres",
        "Published",
    ),
    "due_after_occasion": ("“Vietnam today” photo exhibition for the visit to Moscow", "Deadline"),
}


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


# fmt: off
COMMITMENTS = [
    Commitment("TASS", "Reporting delegations to Russia", DELEGATION, None, 2),
    Commitment("TASS", "Joint multimedia team", MULTIMEDIA, None, 1),
    Commitment("TASS", "Photo exhibitions for high-level visits and anniversaries", EXHIBITION,
               None, 2),
    Commitment("TASS", "Special editions", SPECIAL, None, 2),
    Commitment("TASS", "Green development stories", None, GREEN, 6),
    Commitment("TASS", "Joint photo and video productions", None, None, 20),
    Commitment("TASS", "Cross-posted items", None, None, 15),
    Commitment("KCNA", "Photo exchange stories", PHOTO, None, 4, KCNA_AGREEMENT.year),
    Commitment("KCNA", "Photo exhibition", EXHIBITION, None, 1, KCNA_AGREEMENT.year),
    Commitment("KCNA", "Joint documentary", DOCUMENTARY, None, 1, KCNA_AGREEMENT.year),
    Commitment("Xinhua", "Joint photo stories", PHOTO, None, 3),
    Commitment("Prensa Latina", "Video reports", VIDEO, None, 2),
]
# fmt: on

# Optional Themes tab: colours for charts and one extra alias, which a project above uses.
THEME_ROWS = [
    (GREEN, "xanh hoá", "#2ca25f"),
    (DIGITAL, None, "#3182bd"),
    (AI, None, "#756bb1"),
    (CULTURE, None, "#e6550d"),
    (ECONOMY, None, "#fdae6b"),
    (HR, None, "#de2d26"),
    (POLITICS, None, "#636363"),
]


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

"""The bundled demo: deterministic, alive around any today, complete, and honestly messy.

These tests read the raw cells the way a person reading the sheet would, with their own small
date parser and alias lists, so they check the demo without depending on the app's normaliser.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from lib.demo import PROBLEMS, build_demo_tabs, main, write_demo_workbook

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DAY = dt.date(2026, 3, 1)
# Days across the year and a leap day, so calendar-bound projects fall differently.
SOME_DAYS = [
    dt.date(2026, 3, 1),
    dt.date(2025, 11, 11),
    dt.date(2026, 6, 20),
    dt.date(2026, 12, 28),
    dt.date(2027, 1, 2),
    dt.date(2028, 2, 29),
]

PARTNERS = ["TASS", "KCNA", "Xinhua", "Prensa Latina", "KPL"]
FORMATS = [
    "Photo story",
    "Photo exhibition",
    "Video",
    "Documentary",
    "Multimedia",
    "Special edition",
    "Reporting delegation",
]
THEMES = [
    "Green development",
    "Digital transformation",
    "AI application & governance",
    "Culture & heritage",
    "Socio-economic",
    "Human resources",
    "Politics & diplomacy",
]
STAGES = [
    "Proposed",
    "Approved",
    "Planning",
    "Shooting",
    "Editing",
    "Partner review",
    "Published",
    "On hold",
    "Cancelled",
]
PIPELINE = STAGES[:6]
DONE = ("Published", "Cancelled")
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
    "Deadline",
    "Published",
    "Occasion",
    "Photos",
    "Videos",
    "Video minutes",
    "Languages",
    "Channels",
    "Link",
    "Notes",
    "Shooting due",
    "Review due",
    "Budget (VND)",
]
# The aliases the demo uses on purpose, as the app resolves them (SPEC §2.3, Themes tab).
ALIASES = {
    "ТАСС": "TASS",
    "Korean Central News Agency": "KCNA",
    "post-production": "Editing",
    "đã xuất bản": "Published",
    "chuyển đổi số": "Digital transformation",
    "green": "Green development",
    "xanh hoá": "Green development",
    "phóng sự ảnh": "Photo story",
}
MONTHS = {
    month: number
    for number, month in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
TYPED_DATE_PATTERNS = {
    "DD/MM/YYYY": re.compile(r"^\d{2}/\d{2}/\d{4}$"),
    "DD.MM.YYYY": re.compile(r"^\d{2}\.\d{2}\.\d{4}$"),
    "YYYY-MM-DD": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "D Mon YYYY": re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$"),
}


# --- reading the raw cells ---------------------------------------------------------------------
def as_date(value: object) -> dt.date | None:
    """A cell as a date the way the sheet's readers would take it; None when it is not one."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if TYPED_DATE_PATTERNS["YYYY-MM-DD"].match(text):
            return dt.date.fromisoformat(text)
        if match := re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", text):
            day, month, year = map(int, match.groups())
            return dt.date(year, month, day)
        if match := re.match(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$", text):
            return dt.date(int(match[3]), MONTHS[match[2]], int(match[1]))
    except ValueError:
        return None
    return None


def canonical(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return ALIASES.get(text, text)


def items(value: object) -> list[str]:
    """A list cell's items, canonical."""
    return [canonical(part) for part in str(value or "").split(";") if part.strip()]


def fold(text: str) -> str:
    """Occasion names match ignoring case, spacing and punctuation."""
    return re.sub(r"[\W_]+", "", text.casefold())


def is_blank(row: list[object]) -> bool:
    return all(value is None or value == "" for value in row)


def projects(tabs: dict[str, list[list[object]]]) -> list[dict[str, object]]:
    """Project rows as dicts, with `row` the sheet row number as the user sees it."""
    rows = tabs["Projects"]
    header = rows[2]
    return [
        {"row": number, **dict(zip(header, row, strict=True))}
        for number, row in enumerate(rows, start=1)
        if number > 3 and not is_blank(row)
    ]


def stage(project: dict[str, object]) -> str:
    return canonical(project["Stage"])


def is_active(project: dict[str, object]) -> bool:
    return stage(project) not in DONE


def occasion_dates(tabs: dict[str, list[list[object]]]) -> dict[str, dt.date]:
    return {fold(name): day for day, name, _partner, _kind in tabs["Occasions"][1:]}


def find_problems(tabs: dict[str, list[list[object]]], today: dt.date) -> dict[str, list[int]]:
    """Rows carrying each deliberate problem (SPEC §2.5 code → sheet rows), read from raw cells."""
    found: dict[str, list[int]] = {}

    def add(code: str, project: dict[str, object]) -> None:
        found.setdefault(code, []).append(int(project["row"]))  # type: ignore[arg-type]

    ids = Counter(p["ID"] for p in projects(tabs) if p["ID"])
    occasions = occasion_dates(tabs)
    for p in projects(tabs):
        cells = [p[h] for h in PROJECT_HEADER]
        start, due, published = as_date(p["Start"]), as_date(p["Deadline"]), as_date(p["Published"])
        if any(isinstance(v, str) and re.match(r"^31/02/\d{4}$", v) for v in cells):
            add("bad_date", p)
        if any(p[h] == "about 40" for h in ("Photos", "Videos", "Video minutes")):
            add("bad_number", p)
        if any(isinstance(p[h], int | float) and p[h] < 0 for h in ("Photos", "Videos")):
            add("negative_number", p)
        if any(v in ("#REF!", "#N/A") for v in cells):
            add("formula_error", p)
        if p["Stage"] == "Waiting for visa":
            add("unknown_stage", p)
        if "Sports" in items(p["Theme"]):
            add("unknown_theme", p)
        if p["Format"] == "Podcast":
            add("unknown_format", p)
        if p["Title"] and not p["ID"]:
            add("missing_id", p)
        if p["ID"] and ids[p["ID"]] > 1:
            add("duplicate_id", p)
        if p["ID"] and not p["Title"]:
            add("missing_title", p)
        if is_active(p) and p["Deadline"] is None:
            add("missing_due", p)
        if start and due and due < start:
            add("due_before_start", p)
        if stage(p) == "Published" and p["Published"] is None:
            add("published_without_date", p)
        if published and published > today:
            add("published_in_future", p)
        occasion = occasions.get(fold(str(p["Occasion"] or "")))
        if due and occasion and due > occasion:
            add("due_after_occasion", p)
    return found


PROBLEM_CODES = [
    "bad_date",
    "bad_number",
    "negative_number",
    "formula_error",
    "unknown_stage",
    "unknown_theme",
    "unknown_format",
    "missing_id",
    "duplicate_id",
    "missing_title",
    "missing_due",
    "due_before_start",
    "published_without_date",
    "published_in_future",
    "due_after_occasion",
]


@pytest.fixture(scope="module")
def tabs() -> dict[str, list[list[object]]]:
    return build_demo_tabs(REFERENCE_DAY)


# --- determinism ----------------------------------------------------------------------------
def test_the_same_day_always_gives_the_same_tabs():
    first = build_demo_tabs(REFERENCE_DAY)
    random.seed(12345)  # the global generator's state must not matter
    assert build_demo_tabs(REFERENCE_DAY) == first


def test_the_tabs_do_not_depend_on_the_process_hash_seed():
    script = (
        "import datetime, json; from lib.demo import build_demo_tabs; "
        "print(json.dumps(build_demo_tabs(datetime.date(2026, 3, 1)), default=str))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_a_later_day_moves_the_deadlines_along_with_it():
    before = {p["Title"]: as_date(p["Deadline"]) for p in projects(build_demo_tabs(REFERENCE_DAY))}
    later = REFERENCE_DAY + dt.timedelta(days=7)
    after = {p["Title"]: as_date(p["Deadline"]) for p in projects(build_demo_tabs(later))}
    assert before != after
    shifts = [
        (after[t] - before[t]).days for t in before.keys() & after.keys() if before[t] and after[t]
    ]
    # Projects placed relative to today move by exactly a week; calendar-bound ones stay put.
    assert set(shifts) <= {0, 7}
    assert shifts.count(7) >= 0.75 * len(shifts)


# --- size and vocabulary --------------------------------------------------------------------
@pytest.mark.parametrize("today", SOME_DAYS)
def test_there_are_between_60_and_150_projects(today):
    assert 60 <= len(projects(build_demo_tabs(today))) <= 150


@pytest.mark.parametrize("today", SOME_DAYS)
def test_every_partner_format_theme_and_stage_appears(today):
    rows = projects(build_demo_tabs(today))
    assert set(PARTNERS) <= {partner for p in rows for partner in items(p["Partner"])}
    assert set(FORMATS) <= {canonical(p["Format"]) for p in rows}
    assert set(THEMES) <= {theme for p in rows for theme in items(p["Theme"])}
    assert set(STAGES) <= {stage(p) for p in rows}


def test_tass_has_most_projects_and_kcna_comes_second(tabs):
    counts = Counter(items(p["Partner"])[0] for p in projects(tabs))
    assert [name for name, _ in counts.most_common(2)] == ["TASS", "KCNA"]
    assert any(len(items(p["Partner"])) == 2 for p in projects(tabs))


def test_vocabulary_aliases_appear_in_the_raw_cells(tabs):
    written = {str(v) for p in projects(tabs) for v in p.values()}
    written |= {part.strip() for p in projects(tabs) for part in str(p["Theme"]).split(";")}
    assert set(ALIASES) <= written


def test_about_45_percent_of_projects_are_published_and_a_few_are_parked(tabs):
    stages = Counter(stage(p) for p in projects(tabs))
    total = sum(stages.values())
    assert 0.35 <= stages["Published"] / total <= 0.55
    assert 1 <= stages["On hold"] <= 6
    assert 1 <= stages["Cancelled"] <= 6


def test_about_a_third_of_projects_have_two_themes(tabs):
    rows = projects(tabs)
    assert 0.2 <= sum(len(items(p["Theme"])) == 2 for p in rows) / len(rows) <= 0.45


@pytest.mark.parametrize("today", SOME_DAYS)
def test_no_two_projects_share_a_title(today):
    titles = [p["Title"] for p in projects(build_demo_tabs(today)) if p["Title"]]
    assert len(titles) == len(set(titles))


def test_there_are_8_to_10_producers_and_4_to_5_leads(tabs):
    rows = projects(tabs)
    assert 8 <= len({p["Producer"] for p in rows}) <= 10
    assert 4 <= len({p["Lead"] for p in rows}) <= 5


# --- IDs ----------------------------------------------------------------------------------
@pytest.mark.parametrize("today", SOME_DAYS)
def test_ids_read_partner_prefix_start_year_and_three_digits(today):
    prefixes = {"TASS": "VT", "KCNA": "VK", "Xinhua": "VX", "Prensa Latina": "VP", "KPL": "VL"}
    rows = [p for p in projects(build_demo_tabs(today)) if p["ID"]]
    ids = Counter(p["ID"] for p in rows)
    for p in rows:
        match = re.fullmatch(r"(V[TKXPL])-(\d{4})-(\d{3})", str(p["ID"]))
        assert match, p["ID"]
        assert match[1] == prefixes[items(p["Partner"])[0]]
        start = as_date(p["Start"])
        if start and ids[p["ID"]] == 1:  # a copied ID keeps the year of the row it came from
            assert int(match[2]) == start.year


def test_ids_are_numbered_in_sheet_order_within_prefix_and_year(tabs):
    numbers: dict[str, list[int]] = {}
    seen = set()
    for p in projects(tabs):
        if p["ID"] and p["ID"] not in seen:  # the duplicate repeats an earlier ID
            seen.add(p["ID"])
            prefix_year, number = str(p["ID"]).rsplit("-", 1)
            numbers.setdefault(prefix_year, []).append(int(number))
    for prefix_year, found in numbers.items():
        assert found == list(range(1, len(found) + 1)), prefix_year


# --- dates around today -------------------------------------------------------------------
@pytest.mark.parametrize("today", SOME_DAYS)
def test_deadlines_sit_around_today(today):
    rows = projects(build_demo_tabs(today))
    active = [(p, as_date(p["Deadline"])) for p in rows if is_active(p)]
    overdue = [p for p, due in active if due and due < today]
    due_soon = [p for p, due in active if due and today <= due <= today + dt.timedelta(days=14)]
    assert len(overdue) >= 3
    assert len(due_soon) >= 3
    assert sum(stage(p) in PIPELINE for p in rows) >= 10
    deadlines = [d for d in (as_date(p["Deadline"]) for p in rows) if d]
    assert min(deadlines) >= today - dt.timedelta(days=700)
    assert max(deadlines) <= today + dt.timedelta(days=130)  # about four months ahead


@pytest.mark.parametrize("today", SOME_DAYS)
def test_published_history_goes_back_about_two_years(today):
    published = [as_date(p["Published"]) for p in projects(build_demo_tabs(today))]
    earliest = min(d for d in published if d)
    assert (today - earliest).days >= 600  # ≈ 20 months


def test_published_dates_sit_near_deadlines_and_a_fifth_go_out_late(tabs):
    gaps = []
    for p in projects(tabs):
        published, due = as_date(p["Published"]), as_date(p["Deadline"])
        if stage(p) == "Published" and published and due and published <= REFERENCE_DAY:
            gaps.append((published - due).days)
    assert all(-10 <= gap <= 10 for gap in gaps)
    late = sum(gap > 0 for gap in gaps) / len(gaps)
    assert 0.08 <= late <= 0.35


def test_starts_come_before_deadlines_except_the_deliberate_mistake(tabs):
    swapped = []
    for p in projects(tabs):
        start, due = as_date(p["Start"]), as_date(p["Deadline"])
        if start and due and due <= start:
            swapped.append(p["Title"])
    assert len(swapped) == 1


def test_milestones_sit_between_start_and_deadline_on_about_a_third_of_active_projects(tabs):
    active = [p for p in projects(tabs) if is_active(p)]
    with_milestones = [p for p in active if p["Shooting due"] or p["Review due"]]
    assert 0.2 <= len(with_milestones) / len(active) <= 0.45
    for p in with_milestones:
        start, due = as_date(p["Start"]), as_date(p["Deadline"])
        assert start and due
        assert start < p["Shooting due"] < p["Review due"] < due


def test_most_dates_are_real_date_cells_and_a_minority_is_typed_in_every_style(tabs):
    values = [
        p[h] for p in projects(tabs) for h in ("Start", "Deadline", "Published") if p[h] is not None
    ]
    typed = [v for v in values if isinstance(v, str)]
    assert 0.03 <= len(typed) / len(values) <= 0.2
    for style, pattern in TYPED_DATE_PATTERNS.items():
        assert any(pattern.match(v) for v in typed), style
    assert all(as_date(v) for v in typed if not v.startswith("31/02/"))


def test_some_numbers_are_typed_with_separators_and_a_decimal_comma(tabs):
    counts = {p[h] for p in projects(tabs) for h in ("Photos", "Videos", "Video minutes")}
    assert {"1 200", "1,200", "12,5"} <= counts
    assert any(isinstance(v, float) for v in counts)


def test_outputs_match_the_format(tabs):
    for p in projects(tabs):
        fmt, photos = canonical(p["Format"]), p["Photos"]
        if fmt == "Photo exhibition" and isinstance(photos, int):
            assert 40 <= photos <= 80
        if fmt == "Documentary" and stage(p) == "Published":
            assert p["Videos"] == 1
            assert 20 <= p["Video minutes"] <= 45
        if fmt == "Photo story":
            assert p["Video minutes"] is None


def test_cells_hold_only_what_a_sheet_holds(tabs):
    for name, rows in tabs.items():
        for row in rows:
            for value in row:
                assert value is None or type(value) in (str, int, float, dt.date), (name, value)


# --- the Projects tab layout ----------------------------------------------------------------
def test_projects_tab_has_a_banner_a_blank_row_then_the_header(tabs):
    rows = tabs["Projects"]
    assert str(rows[0][0]).startswith("VNA joint productions")
    assert is_blank(rows[1])
    assert rows[2] == PROJECT_HEADER
    assert all(len(row) == len(PROJECT_HEADER) for row in rows)


def test_two_fully_blank_rows_sit_in_the_middle_of_the_data(tabs):
    data = tabs["Projects"][3:]
    blank = [i for i, row in enumerate(data) if is_blank(row)]
    assert len(blank) == 2
    assert blank[0] > 0 and blank[1] < len(data) - 1
    assert not is_blank(data[-1])


def test_the_unknown_budget_column_holds_numbers_on_some_rows(tabs):
    budgets = [p["Budget (VND)"] for p in projects(tabs) if p["Budget (VND)"] is not None]
    assert len(budgets) >= 10
    assert all(isinstance(b, int) and b > 0 for b in budgets)


def test_most_rows_link_to_a_drive_folder(tabs):
    rows = projects(tabs)
    links = [p["Link"] for p in rows if p["Link"]]
    assert len(links) >= 0.7 * len(rows)
    assert all(str(link).startswith("https://drive.example.org/") for link in links)


# --- deliberate data problems -------------------------------------------------------------
@pytest.mark.parametrize("code", PROBLEM_CODES)
def test_each_deliberate_problem_is_in_the_sheet(tabs, code):
    assert find_problems(tabs, REFERENCE_DAY).get(code), code


def test_the_raw_problem_cells_are_there_as_written(tabs):
    rows = projects(tabs)
    cells = [v for p in rows for v in p.values()]
    assert any(isinstance(v, str) and v.startswith("31/02/") for v in cells)
    assert {"about 40", "#REF!", "#N/A", "Waiting for visa", "Sports", "Podcast"} <= {
        v for v in cells if isinstance(v, str)
    } | {part.strip() for p in rows for part in str(p["Theme"]).split(";")}
    assert -3 in {p["Videos"] for p in rows}
    assert Counter(p["ID"] for p in rows if p["ID"]).most_common(1)[0][1] == 2


def test_the_module_lists_each_problem_where_it_really_is(tabs):
    assert sorted(PROBLEMS) == sorted(PROBLEM_CODES)
    found = find_problems(tabs, REFERENCE_DAY)
    by_title = {p["Title"]: p["row"] for p in projects(tabs)}
    for code, (title, column) in PROBLEMS.items():
        assert column in PROJECT_HEADER
        assert by_title[title] in found[code], code


@pytest.mark.parametrize("today", SOME_DAYS)
def test_problems_stay_few_so_the_demo_still_looks_healthy(today):
    found = find_problems(build_demo_tabs(today), today)
    assert set(found) == set(PROBLEM_CODES)
    # One row per problem, except the two rows sharing an ID and a row with two mistakes.
    assert len({row for rows in found.values() for row in rows}) <= 16
    assert all(len(rows) <= 2 for rows in found.values())


def test_occasion_linked_projects_are_due_before_their_occasion(tabs):
    occasions = occasion_dates(tabs)
    linked = [p for p in projects(tabs) if fold(str(p["Occasion"] or "")) in occasions]
    assert len(linked) >= 8
    late = [p for p in linked if as_date(p["Deadline"]) > occasions[fold(str(p["Occasion"]))]]
    assert len(late) == 1
    names = {name for _day, name, _partner, _kind in tabs["Occasions"][1:]}
    assert any(p["Occasion"] not in names for p in linked)  # typed with other case/punctuation


# --- Commitments ----------------------------------------------------------------------------
def test_commitments_cover_last_this_and_next_year(tabs):
    rows = tabs["Commitments"]
    assert rows[0] == ["Partner", "Year", "Commitment", "Format", "Theme", "Target"]
    assert {row[1] for row in rows[1:]} == {2025, 2026, 2027}
    tass_2026 = {row[2]: (row[3], row[4], row[5]) for row in rows[1:] if row[:2] == ["TASS", 2026]}
    assert tass_2026 == {
        "Reporting delegations to Russia": ("Reporting delegation", None, 2),
        "Joint multimedia team": ("Multimedia", None, 1),
        "Photo exhibitions for high-level visits and anniversaries": ("Photo exhibition", None, 2),
        "Special editions": ("Special edition", None, 2),
        "Green development stories": (None, "Green development", 6),
        "Joint photo and video productions": (None, None, 20),
        "Cross-posted items": (None, None, 15),  # counted from the Channels column
    }
    kcna = {row[2]: row[5] for row in rows[1:] if row[0] == "KCNA"}
    assert kcna == {"Photo exchange stories": 4, "Photo exhibition": 1, "Joint documentary": 1}
    assert {row[0] for row in rows[1:]} >= {"Xinhua", "Prensa Latina"}


def test_kcna_commitments_start_with_the_2025_agreement():
    rows = build_demo_tabs(dt.date(2026, 6, 1))["Commitments"][1:]
    assert {row[1] for row in rows if row[0] == "KCNA"} == {2025, 2026, 2027}
    rows = build_demo_tabs(dt.date(2025, 3, 1))["Commitments"][1:]
    assert {row[1] for row in rows if row[0] == "KCNA"} == {2025, 2026}


def delivered(tabs: dict[str, list[list[object]]], commitment: list[object]) -> int:
    partner, year, _name, fmt, theme, _target = commitment
    count = 0
    for p in projects(tabs):
        published = as_date(p["Published"])
        if stage(p) != "Published" or not published or published.year != year:
            continue
        if partner in items(p["Partner"]) and fmt in (None, canonical(p["Format"])):
            count += theme is None or theme in items(p["Theme"])
    return count


@pytest.mark.parametrize("today", SOME_DAYS)
def test_last_years_commitments_are_a_mix_of_met_and_missed(today):
    tabs = build_demo_tabs(today)
    last_year = [row for row in tabs["Commitments"][1:] if row[1] == today.year - 1]
    met = [row[2] for row in last_year if delivered(tabs, row) >= row[5]]
    assert 1 <= len(met) < len(last_year)


# --- Occasions and Themes -------------------------------------------------------------------
def test_occasions_carry_the_right_ordinal_for_their_year(tabs):
    rows = tabs["Occasions"]
    assert rows[0] == ["Date", "Occasion", "Partner", "Kind"]
    named = {row[1]: row[0] for row in rows[1:]}
    assert named["76th anniversary of Vietnam–Russia diplomatic relations"] == dt.date(2026, 1, 30)
    assert named["76th anniversary of Vietnam–DPRK diplomatic relations"] == dt.date(2026, 1, 31)
    assert named["Victory Day: 81st anniversary"] == dt.date(2026, 5, 9)
    assert named["Russia Day 2027"] == dt.date(2027, 6, 12)
    assert named["81st anniversary of Vietnam National Day"] == dt.date(2026, 9, 2)
    assert named["80th founding anniversary of the Vietnam News Agency"] == dt.date(2025, 9, 15)
    assert named["82nd founding anniversary of the Workers' Party of Korea"] == dt.date(
        2027, 10, 10
    )
    assert named["68th anniversary of VNA–TASS ties"].year == 2026
    assert named["VNA–KCNA cooperation agreement signed in Pyongyang"] == dt.date(2025, 10, 10)
    forum = named["St Petersburg International Economic Forum 2026"]
    assert forum.month == 6 and 10 <= forum.day <= 21


def test_ordinals_handle_eleventh_to_thirteenth():
    names = {row[1] for row in build_demo_tabs(dt.date(2062, 3, 1))["Occasions"][1:]}
    assert "111th anniversary of Vietnam–Russia diplomatic relations" in names
    assert "112th anniversary of Vietnam–Russia diplomatic relations" in names
    assert "113th anniversary of Vietnam–Russia diplomatic relations" in names
    assert "121st anniversary of Vietnam National Day" not in names  # 2066 is out of range


def test_occasions_are_date_cells_of_every_kind_with_a_visit_coming_up(tabs):
    rows = tabs["Occasions"][1:]
    assert all(type(row[0]) is dt.date for row in rows)
    assert {row[3] for row in rows} == {"Anniversary", "Forum", "High-level visit", "Agreement"}
    visits = [row[0] for row in rows if row[3] == "High-level visit"]
    assert any(REFERENCE_DAY < day <= REFERENCE_DAY + dt.timedelta(days=90) for day in visits)
    annual = [row[0] for row in rows if row[3] in ("Anniversary", "Forum")]
    assert {day.year for day in annual} == {2025, 2026, 2027}


def test_the_themes_tab_declares_the_extra_alias_a_project_uses(tabs):
    rows = tabs["Themes"]
    assert rows[0] == ["Name", "Aliases", "Colour"]
    assert [row[0] for row in rows[1:]] == THEMES
    assert ["Green development", "xanh hoá"] in [row[:2] for row in rows]


# --- the workbook and the command line ------------------------------------------------------
def test_the_workbook_round_trips_with_dates_still_dates(tmp_path):
    path = write_demo_workbook(tmp_path / "demo.xlsx", REFERENCE_DAY)
    assert path == tmp_path / "demo.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.xlsx"]
    tabs = build_demo_tabs(REFERENCE_DAY)
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Projects", "Commitments", "Occasions"]
    for name, rows in tabs.items():
        sheet = book[name]
        assert sheet.max_row == len(rows), name
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, dt.date):
                    assert isinstance(cell.value, dt.datetime), (name, r, c)
                    assert cell.value.date() == value
                    assert cell.number_format == "DD/MM/YYYY"
                else:
                    assert cell.value == value, (name, r, c)
    projects_sheet = book["Projects"]
    assert projects_sheet.freeze_panes == "A4"
    assert projects_sheet["A3"].font.bold
    assert projects_sheet.column_dimensions["B"].width > projects_sheet.column_dimensions["A"].width


def test_the_command_line_writes_the_workbook_for_the_given_day(tmp_path, capsys):
    out = tmp_path / "out" / "demo.xlsx"
    assert main(["--out", str(out), "--as-of", "2026-03-01"]) == 0
    assert "01/03/2026" in capsys.readouterr().out
    rows = list(load_workbook(out)["Projects"].iter_rows(values_only=True))
    assert len(rows) == len(build_demo_tabs(REFERENCE_DAY)["Projects"])


def test_the_command_line_refuses_a_date_it_cannot_read(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path / "x.xlsx"), "--as-of", "01/03/2026"])
    assert exit_info.value.code == 2
    assert "not a date like 2026-03-01" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_python_dash_m_lib_demo_defaults_to_today_in_hanoi(tmp_path):
    out = tmp_path / "demo.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "lib.demo", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.exists()
    shown = re.search(r"as of (\d{2}/\d{2}/\d{4})", done.stdout)
    assert shown
    hanoi = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    assert abs((dt.datetime.strptime(shown[1], "%d/%m/%Y").date() - hanoi).days) <= 1


# --- any day at all -------------------------------------------------------------------------
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(today=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_the_demo_looks_alive_and_keeps_its_problems_on_any_day(today):
    tabs = build_demo_tabs(today)
    rows = projects(tabs)
    assert 90 <= len(rows) <= 130
    active_due = [as_date(p["Deadline"]) for p in rows if is_active(p)]
    assert sum(1 for d in active_due if d and d < today) >= 3
    assert sum(1 for d in active_due if d and 0 <= (d - today).days <= 14) >= 3
    assert set(find_problems(tabs, today)) == set(PROBLEM_CODES)
    titles = [p["Title"] for p in rows if p["Title"]]
    assert len(titles) == len(set(titles))
    json.dumps(tabs, default=str)  # plain values only

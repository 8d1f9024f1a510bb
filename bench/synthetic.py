"""Realistic synthetic tracker sheets of any size, for the benchmark; deterministic for a seed.

A real shared sheet is not a clean table: a banner above the header, header names that are
aliases (some Vietnamese), vocabulary values spelled every which way, dates as real date cells,
serial numbers and several typed forms, a few per cent of bad cells (31/02, `about 40`, `#REF!`,
a stage nobody defined), several themes and sometimes two partners per project, blank rows.
The generator writes that, so the benchmark times the work the app really does.

Rows come from one seeded generator in order, so the first 1,000 projects of the 10,000-row
sheet are the 1,000-row sheet: sizes differ in length only, never in character.

    python -m bench.synthetic --rows 10000 --out /tmp/synthetic.xlsx   # or .csv
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from lib.schema import FORMATS, PARTNERS, STAGES, THEMES, Term

Cell = str | int | float | date | None
Tab = list[list[Cell]]

SEED = 20260301
AS_OF = date(2026, 3, 1)  # the benchmark's fixed "today"; dates are laid out around it
BAD_CELL_SHARE = 0.02  # per checked cell (dates, counts, vocabulary): "a few per cent"
BLANK_ROW_EVERY = 250  # a blank separator row after every this many projects
SERIAL_EPOCH = date(1899, 12, 30)

BANNER = "Joint productions with partner agencies — shared tracker (synthetic benchmark data)"
# Aliases rather than field names, and a few in Vietnamese, as producers really head columns.
HEADER: list[str] = [
    "Project ID",
    "Project title",
    "Partner agency",
    "Type",
    "Themes",
    "Trạng thái",  # Stage
    "Owner",
    "Team lead",
    "Start date",
    "Hạn chót",  # Due
    "Release date",
    "Event",
    "Photo count",
    "Video count",
    "Duration (min)",
    "Language",
    "Platforms",
    "URL",
    "Comment",
    "Shooting due",
    "Review due",
    "Budget (VND)",  # a column the app does not know: it must keep it as an extra
    "Last updated",
    "Updated by",
]
COLUMN = {name: index for index, name in enumerate(HEADER)}

# Partners beyond the built-in vocabulary are free text (partners are open-ended).
OTHER_PARTNERS = (
    Term("Xinhua", ("Tân Hoa Xã",)),
    Term("Prensa Latina"),
    Term("KPL", ("Lao News",)),
)
ID_PREFIX = {"TASS": "VT", "KCNA": "VK", "Xinhua": "VX", "Prensa Latina": "VP", "KPL": "VL"}
PARTNER_WEIGHTS = (50, 20, 15, 8, 7)  # TASS, KCNA, Xinhua, Prensa Latina, KPL

FIRST_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Hoàng", "Bùi", "Ngô", "Đặng")
GIVEN_NAMES = ("Thu Hà", "Minh Đức", "Hoàng Anh", "Thị Lan", "Quang Huy", "Mai Phương", "Văn Nam")
FOREIGN_NAMES = ("Anna Volkova", "Dmitry Sokolov", "Ri Chol Jin", "Kim Un Hui", "Li Wei")
SUBJECTS = (
    "Green hydrogen",
    "Rice farmers",
    "Port digitalisation",
    "AI students",
    "Folk music",
    "Solar farms",
    "Railway link",
    "Heritage sites",
    "Fishing villages",
    "Startups",
    "Vocational schools",
    "Trade fair",
    "Archive photos",
    "Coffee growers",
    "Textile workers",
    "Border markets",
)
PLACES = (
    "the Mekong Delta",
    "Hanoi",
    "Ho Chi Minh City",
    "Da Nang",
    "Moscow",
    "St Petersburg",
    "Vladivostok",
    "Pyongyang",
    "Beijing",
    "Havana",
    "Vientiane",
    "Hue",
    "Hai Phong",
)
ANGLES = ("a photo story", "on video", "in numbers", "up close", "ten years on", "the inside view")
OCCASIONS = (
    "Victory Day",
    "Russia Day",
    "National Day",
    "VNA founding anniversary",
    "St Petersburg International Economic Forum",
    "High-level visit to Moscow",
    "DPRK delegation to Hanoi",
    "Tet holiday",
)
LANGUAGES = (
    "Vietnamese; Russian",
    "Vietnamese; Russian; English",
    "Vietnamese; Korean",
    "Vietnamese, Chinese",
    "Vietnamese; Spanish; English",
    "Vietnamese; Lao",
)
CHANNELS = (
    "vnanet.vn; tass.ru; Telegram",
    "vietnamplus.vn; tass.com",
    "vnanet.vn; kcna.kp",
    "vietnamplus.vn, xinhuanet.com",
    "vnanet.vn; prensa-latina.cu; YouTube",
    "vnanet.vn; kpl.gov.la; Facebook",
)
NOTES = (
    "Waiting for the partner's captions",
    "Crew list sent to the partner",
    "Script approved by both editors",
    "Translation in progress",
    "Music rights still to be cleared",
    "Cross-posted on the partner's website the same day",
    "Picked up by foreign outlets",
    "Budget request sent",
    "Accreditation requested",
    "Partner asked for extra material",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# What a bad cell looks like, per kind of column: the mistakes seen in real sheets.
BAD_DATES = ("31/02/2026", "TBD", "#REF!", "next week", "2026-13-01", "30.02.2025", "Q3")
BAD_COUNTS = ("about 40", "#REF!", "-3", "n/a", "40+", "#VALUE!")
BAD_MINUTES = ("ten", "#VALUE!", "-2.5", "~5")
UNKNOWN_STAGES = ("Archived", "Waiting for partner", "Draft", "Stuck")
UNKNOWN_THEMES = ("Sports", "Tourism", "Health")
UNKNOWN_FORMATS = ("Podcast", "Infographic")

PIPELINE = ("Proposed", "Approved", "Planning", "Shooting", "Editing", "Partner review")
OUTPUT_RANGES = {  # photos, videos, minutes per video; None where the format has none
    "Photo story": ((12, 30), None, None),
    "Photo exhibition": ((40, 80), None, None),
    "Video": (None, (1, 3), (2.5, 7.0)),
    "Documentary": (None, (1, 1), (20.0, 45.0)),
    "Multimedia": ((15, 40), (1, 3), (1.5, 4.0)),
    "Special edition": ((30, 60), None, None),
    "Reporting delegation": ((40, 120), (3, 8), (2.0, 5.0)),
}


class _Writer:
    """Draws one project row at a time; every random choice goes through one seeded generator."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.partners = [*PARTNERS, *OTHER_PARTNERS]
        self.stage_of = {t.name: t for t in STAGES}
        self.people = [f"{f} {g}" for f in FIRST_NAMES for g in GIVEN_NAMES] + list(FOREIGN_NAMES)
        self.last_id = ""

    def spelled(self, term: Term) -> str:
        """A vocabulary value as someone typed it: the name, an alias, or odd capitals."""
        rng = self.rng
        roll = rng.random()
        if term.aliases and roll < 0.3:
            return rng.choice(term.aliases)
        if roll < 0.38:
            return term.name.upper()
        if roll < 0.45:
            return f" {term.name.lower()} "
        return term.name

    def bad(self) -> bool:
        return self.rng.random() < BAD_CELL_SHARE

    def date_cell(self, day: date) -> Cell:
        """Mostly real date cells; the rest serial numbers or typed text in several forms."""
        if self.bad():
            return self.rng.choice(BAD_DATES)
        roll = self.rng.random()
        if roll < 0.70:
            return day
        if roll < 0.80:
            return (day - SERIAL_EPOCH).days  # what Google's SERIAL_NUMBER render gives
        if roll < 0.88:
            return f"{day:%d/%m/%Y}"
        if roll < 0.93:
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if roll < 0.97:
            return day.isoformat()
        return f"{day:%d.%m.%Y}"

    def count_cell(self, low_high: tuple[int, int] | None) -> Cell:
        if low_high is None:
            return None
        if self.bad():
            return self.rng.choice(BAD_COUNTS)
        value = self.rng.randint(*low_high)
        return str(value) if self.rng.random() < 0.05 else value  # typed into a text cell

    def minutes_cell(self, low_high: tuple[float, float] | None) -> Cell:
        if low_high is None:
            return None
        if self.bad():
            return self.rng.choice(BAD_MINUTES)
        value = round(self.rng.uniform(*low_high), 1)
        return f"{value}".replace(".", ",") if self.rng.random() < 0.05 else value

    def row(self, number: int) -> list[Cell]:
        rng = self.rng
        cells: list[Cell] = [None] * len(HEADER)
        partner_index = rng.choices(range(len(self.partners)), PARTNER_WEIGHTS)[0]
        partner = self.partners[partner_index]
        partner_text = self.spelled(partner)
        if rng.random() < 0.1:  # a co-production with a second agency
            other = rng.choice([p for p in self.partners if p is not partner])
            partner_text = f"{partner_text}; {self.spelled(other)}"
        fmt = rng.choice(FORMATS)
        start = self.today + timedelta(days=rng.randint(-6 * 365, 120))
        due = start + timedelta(days=rng.randint(20, 180))
        days_left = (due - self.today).days
        if days_left < -30:
            roll = rng.random()
            stage = "Published" if roll < 0.85 else "Cancelled" if roll < 0.9 else "Editing"
        elif days_left < 0:
            stage = rng.choice(("Published", "Published", "Editing", "Partner review", "On hold"))
        else:
            stage = rng.choice(PIPELINE)

        cells[COLUMN["Project ID"]] = f"{ID_PREFIX[partner.name]}-{start.year}-{number:06d}"
        cells[COLUMN["Project title"]] = (
            f"{rng.choice(SUBJECTS)} in {rng.choice(PLACES)}: {rng.choice(ANGLES)} (#{number})"
        )
        cells[COLUMN["Partner agency"]] = partner_text
        cells[COLUMN["Type"]] = rng.choice(UNKNOWN_FORMATS) if self.bad() else self.spelled(fmt)
        themes = rng.sample(THEMES, rng.choices((1, 2, 3), (50, 35, 15))[0])
        theme_texts = [self.spelled(t).strip() for t in themes]
        if self.bad():
            theme_texts.append(rng.choice(UNKNOWN_THEMES))
        cells[COLUMN["Themes"]] = rng.choice(("; ", ", ")).join(theme_texts)
        cells[COLUMN["Trạng thái"]] = (
            rng.choice(UNKNOWN_STAGES) if self.bad() else self.spelled(self.stage_of[stage])
        )
        cells[COLUMN["Owner"]] = rng.choice(self.people)
        cells[COLUMN["Team lead"]] = rng.choice(self.people[:12])
        cells[COLUMN["Start date"]] = self.date_cell(start)
        if rng.random() > 0.01:  # a few active projects have no deadline yet
            cells[COLUMN["Hạn chót"]] = self.date_cell(due)
        if stage == "Published" and rng.random() > 0.02:
            published = min(due + timedelta(days=rng.randint(-10, 6)), self.today)
            cells[COLUMN["Release date"]] = self.date_cell(published)
        if rng.random() < 0.15:
            cells[COLUMN["Event"]] = f"{rng.choice(OCCASIONS)} {due.year}"
        photos, videos, minutes = OUTPUT_RANGES[fmt.name]
        if stage in ("Editing", "Partner review", "Published"):
            cells[COLUMN["Photo count"]] = self.count_cell(photos)
            cells[COLUMN["Video count"]] = self.count_cell(videos)
            cells[COLUMN["Duration (min)"]] = self.minutes_cell(minutes)
        cells[COLUMN["Language"]] = rng.choice(LANGUAGES)
        cells[COLUMN["Platforms"]] = rng.choice(CHANNELS) if rng.random() < 0.7 else None
        cells[COLUMN["URL"]] = f"https://drive.example.org/joint/{number:06d}"
        if rng.random() < 0.3:
            note = rng.choice(NOTES)
            # Half the notes are one-off remarks, as free text in a real sheet is.
            cells[COLUMN["Comment"]] = note if rng.random() < 0.5 else f"{note} ({number})"
        if stage in PIPELINE and rng.random() < 0.4:
            cells[COLUMN["Shooting due"]] = self.date_cell(start + (due - start) / 3)
            cells[COLUMN["Review due"]] = self.date_cell(due - timedelta(days=7))
        if rng.random() < 0.3:
            cells[COLUMN["Budget (VND)"]] = rng.randint(15, 900) * 1_000_000
        if rng.random() < 0.5:
            moment = datetime.combine(start, datetime.min.time()) + timedelta(
                minutes=rng.randint(0, 60 * 24 * 30)
            )
            cells[COLUMN["Last updated"]] = f"{moment:%Y-%m-%d %H:%M}"
            cells[COLUMN["Updated by"]] = f"user{rng.randint(1, 40)}@vnanet.vn"
        if rng.random() < 0.001 and self.last_id:  # a pasted row that kept its neighbour's ID
            cells[COLUMN["Project ID"]] = self.last_id
        elif rng.random() < 0.002:
            cells[COLUMN["Project ID"]] = None
        self.last_id = cells[COLUMN["Project ID"]] or self.last_id
        return cells


def projects_tab(rows: int, *, seed: int = SEED, today: date = AS_OF) -> Tab:
    """The Projects tab: banner, blank row, header, then `rows` projects and a few blank rows."""
    writer = _Writer(seed, today)
    width = len(HEADER)
    tab: Tab = [[BANNER] + [None] * (width - 1), [None] * width, list(HEADER)]
    for number in range(1, rows + 1):
        tab.append(writer.row(number))
        if number % BLANK_ROW_EVERY == 0:
            tab.append([None] * width)
    return tab


def commitments_tab(today: date = AS_OF) -> Tab:
    """What each agreement promised per year: a few dozen rows, as in a real sheet."""
    rows: Tab = [["Partner", "Year", "Commitment", "Format", "Theme", "Target"]]
    for year in range(today.year - 5, today.year + 1):
        for partner in ("TASS", "KCNA", "Xinhua", "Prensa Latina", "KPL"):
            rows.append([partner, year, "Reporting delegations", "Reporting delegation", None, 2])
            rows.append([partner, year, "Photo exhibitions", "Photo exhibition", None, 2])
            rows.append([partner, year, "Green development stories", None, "Green", 6])
            rows.append([partner, year, "Digital transformation stories", None, "DX", 4])
    return rows


def occasions_tab(today: date = AS_OF) -> Tab:
    rows: Tab = [["Date", "Occasion", "Partner", "Kind"]]
    for year in range(today.year - 5, today.year + 2):
        rows.append([date(year, 5, 9), f"Victory Day {year}", "TASS", "Anniversary"])
        rows.append([date(year, 6, 12), f"Russia Day {year}", "TASS", "Anniversary"])
        rows.append([date(year, 9, 2), f"National Day {year}", None, "Anniversary"])
        rows.append([f"15/09/{year}", f"VNA founding anniversary {year}", None, "Anniversary"])
    return rows


def partners_tab() -> Tab:
    """Partners beyond the built-in vocabulary, with the aliases producers type for them."""
    rows: Tab = [["Name", "Aliases"]]
    rows += [[term.name, "; ".join(term.aliases) or None] for term in OTHER_PARTNERS]
    return rows


def synthetic_tabs(rows: int, *, seed: int = SEED, today: date = AS_OF) -> dict[str, Tab]:
    """A whole synthetic workbook: Projects with `rows` projects and the small side tabs."""
    return {
        "Projects": projects_tab(rows, seed=seed, today=today),
        "Commitments": commitments_tab(today),
        "Occasions": occasions_tab(today),
        "Partners": partners_tab(),
    }


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def csv_text(tab: Tab) -> str:
    """A tab as CSV text, every cell as the text a spreadsheet export would hold."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([_text(cell) for cell in row] for row in tab)
    return out.getvalue()


def write_csv(tab: Tab, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(tab), encoding="utf-8")
    return path


def write_xlsx(tabs: dict[str, Tab], path: Path) -> Path:
    """Every tab into an .xlsx; date cells stay dates (write-only mode: fast and lean)."""
    # Imported here: the memory measurement, which only generates cells, does not load a writer
    # that the reading path never uses.
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synthetic", description="Write a synthetic tracker workbook."
    )
    parser.add_argument("--rows", type=int, default=1_000, help="number of projects")
    parser.add_argument("--out", type=Path, required=True, help=".xlsx (every tab) or .csv")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    tabs = synthetic_tabs(args.rows, seed=args.seed)
    if args.out.suffix.lower() == ".csv":
        write_csv(tabs["Projects"], args.out)
    else:
        write_xlsx(tabs, args.out)
    print(f"Wrote {args.rows:,} synthetic projects to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

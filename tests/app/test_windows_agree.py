"""One definition of each deadline window: the Overview, the Deadlines page, the calendar file
and the command line give the same counts, on the demo and on a messy workbook."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from icalendar import Calendar
from streamlit.testing.v1 import AppTest

from lib.cli import main
from lib.windows import WINDOWS, window_of

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
AS_OF = date(2026, 3, 1)
SOON = 14
TITLES = {
    "overdue": "Overdue",
    "this_week": "Next 7 days",
    "next_two_weeks": "In 7–14 days",
    "later": "After 14 days",
}
SECTION = re.compile(r"^(?P<title>.+) · (?P<projects>\d+) projects? · (?P<milestones>\d+) milest")


@pytest.fixture(params=["demo", "messy"])
def source(request, monkeypatch, messy_xlsx) -> list[str]:
    """The app's settings for a source, and the same source for the command line."""
    monkeypatch.setenv("TRACKER_AS_OF", AS_OF.isoformat())
    st.cache_data.clear()
    st.cache_resource.clear()
    if request.param == "messy":
        monkeypatch.setenv("TRACKER_WORKBOOK", str(messy_xlsx))
        yield ["--source", str(messy_xlsx)]
    else:
        yield []
    st.cache_data.clear()
    st.cache_resource.clear()


def page(name: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if name != "overview":
        app.switch_page(f"pages/{name}.py").run()
    assert not app.exception, app.exception
    return app


def cli_document(capsys, source: list[str]) -> dict:
    assert main(["summary", "--json", "--as-of", AS_OF.isoformat(), *source]) == 0
    return json.loads(capsys.readouterr().out)


def calendar_counts(capsys, source: list[str], tmp_path: Path) -> dict[str, dict[str, int]]:
    """The calendar file's events per window: its date, and whether it is a project's Due."""
    out = tmp_path / "deadlines.ics"
    assert main(["ics", "--as-of", AS_OF.isoformat(), *source, "--out", str(out)]) == 0
    capsys.readouterr()
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    counts = {w: {"projects": 0, "milestones": 0} for w in WINDOWS}
    days = pd.Series([(e.decoded("DTSTART") - AS_OF).days for e in events], dtype="int64")
    for event, window in zip(events, window_of(days, SOON), strict=True):
        kind = "projects" if str(event["SUMMARY"]).startswith("Due: ") else "milestones"
        counts[window][kind] += 1
    return counts


def test_every_surface_counts_each_window_alike(source, capsys, tmp_path):
    document = cli_document(capsys, source)
    windows = document["deadlines"]
    assert windows["overdue"]["projects"] == len(document["overdue"])
    assert windows["due_soon"]["projects"] == len(document["due_soon"])

    overview = {m.label: int(m.value) for m in page("overview").metric if m.value.isdigit()}
    assert overview["Overdue"] == windows["overdue"]["projects"]
    assert overview["Due within 14 days"] == windows["due_soon"]["projects"]

    deadlines = page("deadlines")
    shown = {m.label: int(m.value) for m in deadlines.metric}
    assert shown == {TITLES[w]: windows[w]["projects"] for w in WINDOWS}
    sections = {
        match["title"]: (int(match["projects"]), int(match["milestones"]))
        for header in deadlines.subheader
        if (match := SECTION.match(header.value))
    }
    expected = {
        TITLES[w]: (windows[w]["projects"], windows[w]["milestones"])
        for w in WINDOWS
        if windows[w]["projects"] + windows[w]["milestones"]
    }
    assert sections == expected

    calendar = calendar_counts(capsys, source, tmp_path)
    assert calendar == {w: windows[w] for w in WINDOWS}
    # this week and the next two weeks together are exactly "due soon"
    for kind in ("projects", "milestones"):
        assert windows["due_soon"][kind] == (
            windows["this_week"][kind] + windows["next_two_weeks"][kind]
        )


def test_the_demo_calendar_holds_exactly_the_deadlines_page_items(capsys, tmp_path):
    """The demo's calendar once held milestones of projects already past that stage."""
    st.cache_resource.clear()
    document = cli_document(capsys, [])
    calendar = calendar_counts(capsys, [], tmp_path)
    total = sum(w["projects"] + w["milestones"] for w in calendar.values())
    assert total == sum(
        document["deadlines"][w]["projects"] + document["deadlines"][w]["milestones"]
        for w in WINDOWS
    )
    assert document["deadlines"]["overdue"] == {"projects": 6, "milestones": 7}

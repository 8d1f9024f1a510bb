"""The app in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

Covers what only a browser shows: every page renders, a filter chosen in the sidebar lands in
the URL and a fresh page opened from that URL shows the same view, and the CSV and ICS
downloads parse. Screenshots of every page, laptop and phone sized, go to
artifacts/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.harness import CHROMIUM, IDLE, SHOTS, SIZES, sized_context, streamlit_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

# url path → page title; the Overview is the default page, at the root.
PAGES = {
    "": "Overview",
    "pipeline": "Pipeline",
    "timeline": "Timeline",
    "deadlines": "Deadlines",
    "themes": "Themes",
    "commitments": "Commitments",
    "occasions": "Occasions",
    "projects": "Projects",
    "data-quality": "Data quality",
}
COUNT = re.compile(r"(\d+) of (\d+) projects")
THEME = "Culture & heritage"


@pytest.fixture(scope="module")
def base_url(demo_url, browser) -> str:
    """The app on the demo data, started once for these tests and opened once at its root.

    The root visit makes every test independent of the order they run in: see
    test_a_shared_link_is_the_first_visit_after_a_restart for what happens without it.
    """
    context = browser.new_context()
    try:
        open_page(context.new_page(), demo_url, "")
    finally:
        context.close()
    return demo_url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    yield context.new_page()
    context.close()


def settle(page) -> None:
    """Wait until the script run a navigation or an interaction started has finished."""
    page.wait_for_timeout(250)  # let the rerun start before waiting for it to end
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")


def open_page(page, base_url: str, path: str, query: str = "") -> None:
    page.goto(f"{base_url}/{path}{query}")
    settle(page)
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def shown_count(page) -> tuple[int, int]:
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    match = COUNT.search(caption.inner_text())
    assert match, caption.inner_text()
    return int(match[1]), int(match[2])


OVERVIEW_METRICS = 5  # Active, Overdue, Due soon, Published, On time
DEADLINE_BUCKETS = 4  # Overdue, Next 7 days, In 7–14 days, After 14 days (projects by Due)


def metrics(page, expected: int = 0) -> dict[str, str]:
    """The page's metrics by label, once `expected` of them (else at least one) have drawn.

    On a loaded machine the metrics of a run arrive one by one after the run itself has ended,
    so reading as soon as the first appears can catch the page half drawn.
    """
    values = page.locator("[data-testid='stMetricValue']")
    values.nth(max(expected, 1) - 1).wait_for(timeout=20_000)
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    return dict(zip(labels, values.all_inner_texts(), strict=True))


def choose_theme(page, theme: str) -> None:
    """Pick a theme in the sidebar's multiselect, as a user does: open it, click the option."""
    field = page.locator(".st-key-theme input")
    option = page.get_by_role("option", name=theme).first
    for _ in range(5):  # the first click can land while the sidebar is still laying out
        field.click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except playwright.Error:
            page.keyboard.press("Escape")
    option.click()
    page.keyboard.press("Escape")
    settle(page)


def screenshot(page, name: str) -> None:
    """What fits the screen, and the whole page (the main area scrolls, not the document)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    full = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": max(height, min(full, 8000))})
    page.wait_for_timeout(600)  # charts resize to the new viewport
    page.screenshot(path=SHOTS / f"{name}-full.png")
    page.set_viewport_size({"width": width, "height": height})


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_renders_and_is_photographed(browser, base_url, size):
    context = sized_context(browser, size)
    page = context.new_page()
    try:
        for path, title in PAGES.items():
            open_page(page, base_url, path)
            assert page.locator("h1").first.inner_text().strip() == title
            shown, total = shown_count(page)
            assert shown == total > 0
            screenshot(page, f"{size}-{path or 'overview'}")
    finally:
        context.close()


def test_a_theme_chosen_in_the_sidebar_is_shared_by_its_url(browser, base_url, page):
    open_page(page, base_url, "")
    everything = shown_count(page)
    choose_theme(page, THEME)
    assert parse_qs(urlsplit(page.url).query)["theme"] == [THEME]
    shown = shown_count(page)
    assert shown[0] < everything[0]
    numbers = metrics(page, expected=OVERVIEW_METRICS)

    fresh = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        other = fresh.new_page()
        open_page(other, base_url, "", "?" + urlsplit(page.url).query)
        # The sidebar's widgets can draw a moment after the run that put them there ends.
        chip = other.locator(".st-key-theme").get_by_text(THEME)
        chip.first.wait_for(state="attached", timeout=15_000)
        assert chip.count() == 1
        assert shown_count(other) == shown
        assert metrics(other, expected=len(numbers)) == numbers
    finally:
        fresh.close()


def test_more_filters_appear_once_opened_and_a_chart_is_one_choice_away(base_url, page):
    open_page(page, base_url, "")
    assert page.locator(".st-key-format").count() == 0  # not drawn before it is opened
    page.locator("[data-testid='stSidebar']").get_by_text("More filters").click()
    page.locator(".st-key-format input").wait_for(timeout=15_000)
    dates = page.locator("[data-testid='stSidebar'] [data-testid='stDateInput']")
    dates.wait_for(timeout=15_000)  # its code arrives once the calendar is first drawn
    assert page.locator(".js-plotly-plot").count() == 1
    page.locator(".st-key-overview_chart").get_by_text("Projects by stage", exact=True).click()
    settle(page)
    assert parse_qs(urlsplit(page.url).query)["chart"] == ["stage"]
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=15_000)
    assert page.locator(".js-plotly-plot").count() == 1


def test_the_filter_follows_the_user_to_another_page(base_url, page):
    open_page(page, base_url, "")
    choose_theme(page, THEME)
    shown = shown_count(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Projects", exact=True).click()
    settle(page)
    assert urlsplit(page.url).path == "/projects"
    assert parse_qs(urlsplit(page.url).query)["theme"] == [THEME]
    assert shown_count(page) == shown


def test_the_csv_download_holds_the_filtered_projects(base_url, page):
    query = "?theme=" + THEME.replace(" ", "+").replace("&", "%26")
    open_page(page, base_url, "projects", query)
    shown, _ = shown_count(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    data = Path(download.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == shown
    assert all(THEME in row["Theme"] for row in rows)
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}|", row["Due"]) for row in rows)


def test_the_calendar_download_is_a_valid_ics_of_open_deadlines(base_url, page):
    from icalendar import Calendar

    open_page(page, base_url, "deadlines")
    with page.expect_download() as download:
        page.get_by_role("button", name="Calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    open_deadlines = sum(int(v) for v in metrics(page, expected=DEADLINE_BUCKETS).values())
    assert len(events) >= open_deadlines > 0
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))  # stable, distinct: re-importing updates, not duplicates
    assert all(event.decoded("DTSTART") for event in events)


def test_a_shared_link_is_the_first_visit_after_a_restart(browser, tmp_path):
    """Right after a deploy, the first person to open a shared link still gets its filters.

    With a folder named pages/, Streamlit's old multipage mode would run the page alone on
    that first request; `session.require_router` sends it back through app.py.
    """
    query = "?theme=" + THEME.replace(" ", "+").replace("&", "%26")
    with streamlit_server(tmp_path / "data", tmp_path / "streamlit.log") as url:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        try:
            page = context.new_page()
            open_page(page, url, "themes", query)
            # The first run is the page alone; the rerun through app.py draws the filters.
            page.locator(".st-key-theme").get_by_text(THEME).wait_for(timeout=30_000)
            settle(page)
            assert page.locator(".st-key-theme").get_by_text(THEME).count() == 1
            shown, total = shown_count(page)
            assert shown < total
        finally:
            context.close()

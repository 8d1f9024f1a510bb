"""In Chromium: a producer changes a demo project's stage and adds a project, and sees both.

The app runs as `streamlit run` on 127.0.0.1 with its private data in a temporary folder, so the
demo copy it edits is thrown away with the test.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from lib.demo import build_demo_tabs
from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from tests.e2e import harness
from tests.e2e.harness import AS_OF, CHROMIUM, IDLE

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def page(browser, fresh_demo_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.base_url = fresh_demo_url  # type: ignore[attr-defined]
    # The first visit opens the app at its root, so the router (app.py) is what runs:
    # Streamlit runs a page file on its own if a deep link comes first (see the report).
    tab.goto(fresh_demo_url + "/")
    tab.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


def settle(page) -> None:
    """Wait until the script run that the last interaction started has finished."""
    harness.wait_for_run(page, TIMEOUT_MS)


def visit(page, path: str):
    """Open `path` in a new tab (a new app session, so the URL's filters apply as given)."""
    fresh = page.context.new_page()
    fresh.set_default_timeout(TIMEOUT_MS)
    fresh.base_url = page.base_url
    fresh.goto(page.base_url + path)
    fresh.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    fresh.get_by_test_id("stMainBlockContainer").wait_for()
    return fresh


def demo_project(title: str) -> tuple[str, str]:
    """(ID, stage) of a demo project, as the app reads the demo on AS_OF."""
    tabs = build_demo_tabs(date.fromisoformat(AS_OF))
    dataset = normalize(RawWorkbook(tabs, "demo", "demo"), ReadOptions(date.fromisoformat(AS_OF)))
    row = dataset.projects[dataset.projects["Title"] == title].iloc[0]
    return row["ID"], row["Stage"]


def stage_column_text(page, title: str) -> str:
    """The text of the Pipeline column that holds the card titled `title`."""
    blocks = page.get_by_test_id("stVerticalBlock").filter(has_text=title)
    for index in range(blocks.count()):
        text = blocks.nth(index).inner_text()
        if re.match(r"^[^\n]+ · \d+\n", text):
            return text
    raise AssertionError(f"no Pipeline column holds {title!r}")


def choose(page, scope, label: str, option: str) -> None:
    scope.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_changing_a_stage_on_the_update_page_moves_the_card_on_the_pipeline(page):
    title = "Kamchatka volcanoes through Vietnamese eyes"
    project_id, stage = demo_project(title)
    assert stage == "Shooting"
    board = visit(page, "/pipeline")
    assert re.match(r"Shooting · \d+\n", stage_column_text(board, title))

    page = visit(page, "/update")
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Project").first
    picker.click()
    page.keyboard.type(project_id)
    page.get_by_role("option", name=re.compile(re.escape(project_id))).first.click()
    settle(page)
    form = page.get_by_test_id("stForm").first
    choose(page, form, "Stage", "Partner review")
    form.get_by_role("button", name="Save changes").click()
    settle(page)
    page.get_by_test_id("stToast").filter(has_text=f"Saved {project_id}").wait_for()

    board = visit(page, "/pipeline")
    assert re.match(r"Partner review · \d+\n", stage_column_text(board, title))


def test_a_project_added_on_the_update_page_is_in_the_projects_table(page):
    page = visit(page, "/update")
    page.get_by_role("tab", name="Add a project").click()
    form = page.get_by_test_id("stForm").filter(has_text="Add project")
    form.get_by_label("Title *").fill("Saint Petersburg white nights with TASS")
    partner = form.get_by_test_id("stMultiSelect").filter(has_text="Partner").first
    partner.click()
    page.keyboard.type("TASS")
    page.get_by_role("option", name="TASS", exact=True).click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Add project").click()
    settle(page)
    toast = page.get_by_test_id("stToast").filter(has_text="Added ")
    toast.wait_for()
    new_id = re.search(r"Added (\S+):", toast.inner_text())[1]
    assert re.fullmatch(r"VT-2026-\d{3}", new_id)

    table = visit(page, "/projects")
    caption = table.get_by_test_id("stCaptionContainer").filter(has_text="projects").first
    assert re.match(r"^\d+ of \d+ projects", caption.inner_text())
    # The grid is drawn on a canvas; its CSV export is exactly the table shown.
    with table.expect_download() as download:
        table.get_by_test_id("stDownloadButton").filter(has_text="CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(exported)) if row and row[0] == new_id]
    assert len(rows) == 1 and "Saint Petersburg white nights with TASS" in rows[0]

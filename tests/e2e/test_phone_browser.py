"""Every page at a phone's size (390×844) in Chromium: the essential fields of each page sit
inside the viewport (their bounding boxes), nothing makes the page scroll sideways, nothing is
fetched from outside the server; and a producer's tap-through: card → Project page → edit →
back to the board, which shows the new stage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.e2e import harness
from tests.e2e.harness import CHROMIUM, IDLE, SHOTS, SIZES, sized_context

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

WIDTH, HEIGHT = SIZES["phone"]
TIMEOUT_MS = 30_000
# page → what a producer must see on the first screen, without scrolling sideways
ESSENTIAL = {
    "": ["[data-testid='stMetric']:has-text('Overdue')"],
    "pipeline": ["[data-testid='stPageLink']"],
    "deadlines": ["[data-testid='stMetric']:has-text('Overdue')"],
    "commitments": ["[data-testid='stMetric']:has-text('On track')"],
    "projects": ["[data-testid='stDataFrame']"],
    "data-quality": ["[data-testid='stMetric']:has-text('Rows read')"],
    "timeline": ["[data-testid='stPlotlyChart']"],
    "occasions": ["[data-testid='stMetric']:has-text('Upcoming')"],
    "themes": ["h1", "[data-testid='stDataFrame']"],
    "project?id=VT-2026-012": ["h1", "[data-testid='stLinkButton'], [data-testid='stTab']"],
}


CUT_OFF_BUTTONS = """() => [...document.querySelectorAll('[data-testid=stMain] button')]
  .filter((b) => {
    const box = b.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1;
  })
  .map((b) => b.innerText.trim() || b.getAttribute('aria-label') || '?')"""


@pytest.fixture
def phone(browser, demo_url) -> Iterator[object]:
    context = sized_context(browser, "phone")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.requested = []  # type: ignore[attr-defined]
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.goto(demo_url + "/")
    tab.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


def settle(page) -> None:
    """Wait until the script run that the last interaction started has finished."""
    harness.wait_for_run(page, TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


def inside_viewport(page, selector: str) -> dict:
    element = page.locator(selector).first
    element.wait_for(timeout=TIMEOUT_MS)
    box = element.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return box


@pytest.mark.parametrize("path", list(ESSENTIAL))
def test_each_page_shows_its_essentials_on_a_phone_without_sideways_scrolling(phone, path):
    phone.goto(f"http://{urlsplit(phone.url).netloc}/{path}")
    settle(phone)
    assert phone.locator("[data-testid='stException']").count() == 0
    for selector in ESSENTIAL[path]:
        box = inside_viewport(phone, selector)
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH + 1, (selector, box)
        assert 0 <= box["y"] < HEIGHT, (selector, box)  # on the first screen
    overflow = phone.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
    )
    assert overflow <= WIDTH, f"{path or 'overview'} scrolls sideways ({overflow} px)"
    # A choice cut off at the screen's edge (a segmented control that does not wrap) cannot
    # be read or tapped, though the page itself does not scroll.
    cut = phone.evaluate(CUT_OFF_BUTTONS)
    assert not cut, f"{path or 'overview'}: buttons past the right edge: {cut}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = (path.split("?")[0] or "overview").replace("/", "-")
    phone.screenshot(path=str(SHOTS / f"{name}-phone-check.png"))
    server = urlsplit(phone.url).hostname
    outside = [url for url in phone.requested if urlsplit(url).hostname not in (server, None)]
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside


def test_in_russian_no_page_is_cut_off_at_a_phones_edge(phone):
    """Russian labels are the longest: what fits in English may run off the screen."""
    base = f"http://{urlsplit(phone.url).netloc}"
    for path in ESSENTIAL:
        joiner = "&" if "?" in path else "?"
        phone.goto(f"{base}/{path}{joiner}lang=ru")
        settle(phone)
        assert phone.locator("[data-testid='stException']").count() == 0, path
        overflow = phone.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
        )
        assert overflow <= WIDTH, f"{path or 'overview'} scrolls sideways ({overflow} px)"
        cut = phone.evaluate(CUT_OFF_BUTTONS)
        assert not cut, f"{path or 'overview'}: buttons past the right edge: {cut}"


def test_a_producer_opens_a_card_changes_its_stage_and_sees_it_move(phone):
    base = f"http://{urlsplit(phone.url).netloc}"
    phone.goto(base + "/pipeline")
    settle(phone)
    card = phone.get_by_test_id("stPageLink").first  # most urgent first on a phone
    block = card.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    title = block.get_by_test_id("stMarkdownContainer").first.inner_text().strip()
    box = card.bounding_box()
    assert box and box["y"] < HEIGHT and box["x"] + box["width"] <= WIDTH + 1
    card.click()
    settle(phone)
    assert "/project" in phone.url and "id=" in phone.url
    project_id = re.search(r"id=([^&]+)", phone.url)[1]
    assert phone.locator("h1").first.inner_text().strip() == title

    phone.get_by_role("tab", name="Edit").click()
    form = phone.get_by_test_id("stForm").first
    stage_box = form.get_by_test_id("stSelectbox").filter(has_text="Stage").first
    current = stage_box.inner_text().split("\n")[-1].strip()
    target = "Partner review" if current != "Partner review" else "Editing"
    stage_box.click()
    phone.get_by_role("option", name=target, exact=True).click()
    form.get_by_role("button", name="Save changes").click()
    settle(phone)
    phone.get_by_test_id("stToast").filter(has_text=f"Saved {project_id}").wait_for()

    phone.get_by_test_id("stPageLink").filter(has_text="Board").first.click()
    settle(phone)
    link = phone.get_by_test_id("stPageLink").filter(has_text=project_id).first
    link.wait_for()
    moved = link.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    assert title in moved.inner_text()
    assert target in moved.inner_text(), moved.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "tap-through-phone.png"))


def test_the_sidebar_gets_out_of_the_way_after_a_page_is_tapped(phone):
    phone.get_by_test_id("stExpandSidebarButton").click()
    sidebar = phone.get_by_test_id("stSidebar")
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getBoundingClientRect().right > 200"
    )
    phone.get_by_test_id("stSidebarNavLink").filter(has_text="Deadlines").first.click()
    settle(phone)
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')"
        ".getBoundingClientRect().right <= 0"
    )
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, box
    assert "/deadlines" in phone.url

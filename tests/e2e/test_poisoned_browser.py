"""Every page in Chromium on a workbook full of markup (tests/fixtures/poisoned.py): what the
browser draws from a cell is text. No link from a cell but an http(s) or mailto one, no heading,
bold, image or HTML made of a cell's markup, no script run, and on the Projects table a
`javascript:` or `data:` Link cell opens nothing while a web address still opens.

Screenshots at 1366 px and 390 px go to artifacts/screenshots/poisoned-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from lib.markup import WORD_JOINER
from tests.e2e import harness
from tests.e2e.harness import CHROMIUM, IDLE, SHOTS, SIZES, sized_context, streamlit_server
from tests.fixtures.poisoned import IMG, MARKUP, SAFE_LINK, write_poisoned_workbook

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

PAGES = ["", "pipeline", "timeline", "deadlines", "themes", "commitments", "occasions",
         "projects", "data-quality", "update"]  # fmt: skip
# The cell text that must be on screen, markup and all, on each page.
SHOWN = {
    "pipeline": ["**POISON-BOLD** title", "# POISON-H1", MARKUP["POISON-LINK"], IMG,
                 MARKUP["POISON-HTML"], MARKUP["POISON-THEME"], MARKUP["POISON-PARTNER"]],
    "occasions": [MARKUP["POISON-OCCASION"], MARKUP["POISON-KIND"], MARKUP["POISON-LINK"], IMG],
    "commitments": [MARKUP["POISON-PARTNER"]],
    "overview": [MARKUP["POISON-THEME"]],  # a legend of the output chart
}  # fmt: skip
# Records what a page tries to run or open instead of running or opening it.
WATCH = """
window.__alerts = [];
window.__opened = [];
window.alert = (message) => { window.__alerts.push(String(message)); };
window.open = (url) => { window.__opened.push(String(url)); return null; };
"""
FROM_CELLS = """() => {
  const text = (el) => el.textContent.replaceAll('\\u2060', '');
  const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
  const tags = 'h1,h2,h3,h4,h5,h6,strong,b,em,i,code,li,blockquote';
  const marked = [...document.querySelectorAll(tags)]
    .map(text).filter((t) => t.includes('POISON-'));
  const images = [...document.querySelectorAll('img')].map((img) => img.getAttribute('src'));
  const handlers = document.querySelectorAll('[onerror],[onclick],[onload]').length;
  const bold = [...document.querySelectorAll('.js-plotly-plot tspan')]
    .filter((t) => /bold|italic/.test(t.getAttribute('style') || '') && text(t).includes('POISON-'))
    .map(text);
  return {links, marked, images, handlers, bold, body: text(document.body) +
    [...document.querySelectorAll('.js-plotly-plot text')].map(text).join(' ')};
}"""


@pytest.fixture(scope="module")
def poisoned_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("poisoned")
    workbook = write_poisoned_workbook(folder / "poisoned.xlsx")
    settings = {"TRACKER_WORKBOOK": str(workbook)}
    with streamlit_server(folder / "data", folder / "streamlit.log", settings) as url:
        yield url


def settle(page) -> None:
    page.wait_for_timeout(250)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")
    harness.wait_for_charts(page)  # a first visit shows placeholders, then charts draw
    page.wait_for_timeout(300)


def check_page(page, base: str, path: str) -> dict:
    page.goto(f"{base}/{path}")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    found = page.evaluate(FROM_CELLS)
    for href in found["links"]:
        # The app's own links to a project's page are relative ("project?id=…"): no scheme.
        own_page = re.fullmatch(r"project\?id=[^:]*", href) is not None
        assert own_page or href.startswith((base, "/", "http://", "https://", "mailto:", "#")), href
        assert "evil.example" not in href, href
    assert found["marked"] == [] or all(  # a cell inside the app's own bold shows its markup
        any(markup in shown for markup in (*MARKUP.values(), IMG)) for shown in found["marked"]
    ), found["marked"]
    assert all(src and src != "x" and not src.endswith("/x") for src in found["images"])
    assert found["handlers"] == 0
    assert found["bold"] == []
    assert page.evaluate("window.__alerts") == []
    for shown in SHOWN.get(path or "overview", []):
        assert shown in found["body"].replace(WORD_JOINER, ""), (path, shown)
    return found


@pytest.mark.parametrize("size", list(SIZES))
def test_no_page_draws_a_cell_as_markup_or_a_link(browser, poisoned_url, size):
    width, height = SIZES[size]
    context = sized_context(browser, size)
    context.add_init_script(WATCH)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for path in PAGES:
            check_page(page, poisoned_url, path)
            full = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
            page.set_viewport_size({"width": width, "height": max(height, min(full, 6000))})
            page.wait_for_timeout(500)
            page.screenshot(path=SHOTS / f"poisoned-{size}-{path or 'overview'}.png")
            page.set_viewport_size({"width": width, "height": height})
    finally:
        context.close()


def test_a_javascript_link_in_the_projects_table_opens_nothing(browser, poisoned_url):
    """Clicks across the rows of the Projects table, scrolled to its Link column: the web
    address of PZ-4 opens (so the clicks do reach the links), nothing else does."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        check_page(page, poisoned_url, "projects")
        grid = page.locator("[data-testid='stDataFrame']").first
        box = grid.bounding_box()
        opened: list[str] = []
        for scroll in range(0, 4000, 450):  # column after column comes into view
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 100)
            page.mouse.wheel(450 if scroll else 0, 0)
            page.wait_for_timeout(150)
            for row in range(4):  # PZ-1 … PZ-4, one row of 35 px each under the header
                y = box["y"] + 35 + 35 * row + 17
                for x in range(int(box["x"]) + 60, int(box["x"] + box["width"]) - 4, 16):
                    page.mouse.click(x, y)
            opened = page.evaluate("window.__opened")
            if SAFE_LINK in opened:
                break
        assert SAFE_LINK in opened, "the clicks never reached the Link column"
        assert all(url == SAFE_LINK for url in opened), opened
        assert page.evaluate("window.__alerts") == []
        assert page.url.startswith(poisoned_url)
    finally:
        context.close()

"""Each person their own language, in a real browser: a shared `?lang=ru&theme=…` link opens in
Russian with its filter, switching to Vietnamese keeps the filter, and a viewer in Moscow sees
the load time on their own clock too. Screenshots of every page in Vietnamese, Russian and
Korean, laptop and phone sized, go to artifacts/screenshots/languages/ for people to look at.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from lib.i18n import t, tc, using
from tests.e2e import harness
from tests.e2e.harness import CHROMIUM, IDLE, SIZES

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SHOTS = harness.SHOTS / "languages"
# url path → the page's English title (its catalogue source text)
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
THEME = "Culture & heritage"
# The numbers of the caption under each title ("**5** из 26 проектов", "**5** trên 26 dự án").
NUMBERS = re.compile(r"\d+")


def settle(page) -> None:
    page.wait_for_timeout(250)  # let the rerun start before waiting for it to end
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")
    harness.wait_for_charts(page)  # a first visit shows placeholders, then charts draw


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=20_000)
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def heading(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text().strip()


def counts(page) -> list[int]:
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    return [int(n) for n in NUMBERS.findall(caption.inner_text())]


def sidebar_text(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def test_a_russian_link_opens_in_russian_with_its_filter_and_vietnamese_keeps_it(browser, demo_url):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, timezone_id="Europe/Moscow", locale="ru-RU"
    )
    try:
        page = context.new_page()
        open_page(page, f"{demo_url}/?lang=ru")
        everything = counts(page)
        open_page(page, f"{demo_url}/?lang=ru&theme={quote(THEME)}")
        with using("ru"):
            assert heading(page) == t("Overview") == "Обзор"
            theme_ru = tc("theme", THEME)
            moscow = t("Moscow time")
        chip = page.locator(".st-key-theme").get_by_text(theme_ru)
        chip.first.wait_for(state="attached", timeout=15_000)
        shown = counts(page)
        assert shown[0] < everything[0] and shown[1] == everything[1]
        assert "из" in page.locator("[data-testid='stMain']").inner_text()
        # The demo's sheet keeps Hanoi time; this viewer's browser is in Moscow.
        assert moscow in sidebar_text(page)

        page.locator(".st-key-language_picker input").click()
        page.get_by_role("option", name="Tiếng Việt").click()
        settle(page)
        page.wait_for_function(
            "document.querySelector('[data-testid=stMain] h1')?.innerText.trim() === 'Tổng quan'",
            timeout=20_000,
        )
        query = parse_qs(urlsplit(page.url).query)
        assert query["lang"] == ["vi"] and query["theme"] == [THEME]
        with using("vi"):
            chip = page.locator(".st-key-theme").get_by_text(tc("theme", THEME))
        chip.first.wait_for(state="attached", timeout=15_000)
        assert counts(page) == shown
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["vi", "ru", "ko"])
def test_every_page_renders_in_each_language_at_laptop_and_phone_size(browser, demo_url, lang):
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            for path, english in PAGES.items():
                open_page(page, f"{demo_url}/{path}?lang={lang}")
                with using(lang):
                    translated = t(english)
                assert translated != english
                assert heading(page) == translated, (lang, path)
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=SHOTS / f"{lang}-{size}-{path or 'overview'}.png", full_page=True
                )
        finally:
            context.close()

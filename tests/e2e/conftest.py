"""Fixtures the browser tests share: one Chromium per test module, and the app served on the
demo data — once per module, or once per test for the tests that edit the demo's copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, streamlit_server


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium (never a downloaded one), shared by a module's tests: each test opens
    contexts of its own in it, so no cookie or session carries from one test to the next."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on the demo data for a module's tests, its private data thrown away."""
    folder = tmp_path_factory.mktemp("e2e-demo")
    with streamlit_server(folder / "data", folder / "streamlit.log") as url:
        yield url


@pytest.fixture
def fresh_demo_url(tmp_path: Path) -> Iterator[str]:
    """The app on a demo copy of its own, for a test that edits it."""
    with streamlit_server(tmp_path / "data", tmp_path / "streamlit.log") as url:
        yield url

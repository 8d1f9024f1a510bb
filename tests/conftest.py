"""Shared fixtures: workbooks written from code, and settings isolated from the developer's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apptest_routing import route_through_app
from tests.fixtures.messy import write_messy_csv, write_messy_workbook

route_through_app()

TEST_CACHE_TTL_SECONDS = 2
TRACKER_VARIABLES = (
    "TRACKER_SPREADSHEET",
    "TRACKER_WORKBOOK",
    "TRACKER_SHEETS_API_BASE",
    "TRACKER_AS_OF",
    "TRACKER_CACHE_TTL_SECONDS",
    "GOOGLE_APPLICATION_CREDENTIALS",
)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> None:
    """Tests never see the developer's TRACKER_* variables or write outside a temp folder."""
    for variable in TRACKER_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    # lib.ui fixes its cache period when first imported; a short one keeps the tests of
    # expiry and background refresh quick. Tests that need a long period use a subprocess.
    monkeypatch.setenv("TRACKER_CACHE_TTL_SECONDS", str(TEST_CACHE_TTL_SECONDS))
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path_factory.mktemp("tracker-data")))


@pytest.fixture
def messy_xlsx(tmp_path: Path) -> Path:
    return write_messy_workbook(tmp_path / "messy.xlsx")


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    return write_messy_csv(tmp_path / "messy.csv")

"""Running the app headless for the benchmark: its pages, its settings, its errors.

The app reads its settings from TRACKER_* variables when lib.ui is first imported, so every
configuration runs in a process of its own with the variables set before Streamlit starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGES_DIR = ROOT / "pages"
# A long cache period: the benchmark measures warm reruns and one shared load, never expiry.
CACHE_TTL_SECONDS = 3600
SOURCE_VARIABLES = ("TRACKER_SPREADSHEET", "TRACKER_SHEETS_API_BASE", "TRACKER_WORKBOOK")


def page_files() -> list[str]:
    """Every page file, as `pages/x.py` relative to app.py; found now, since pages come and go."""
    return [f"pages/{p.name}" for p in sorted(PAGES_DIR.glob("*.py")) if p.name != "__init__.py"]


def configure(variables: dict[str, str]) -> None:
    """Point the app at one source: the given variables win, other sources are cleared."""
    for name in SOURCE_VARIABLES:
        os.environ.pop(name, None)
    os.environ["TRACKER_CACHE_TTL_SECONDS"] = str(CACHE_TTL_SECONDS)
    os.environ.update(variables)


def errors(at: Any) -> list[str]:
    """What the last run raised, one line each (AppTest keeps exceptions as elements)."""
    return [f"{e.message}".splitlines()[0][:200] for e in at.exception]


def alerts(at: Any) -> list[str]:
    """The st.error boxes on the page: a page that cannot load its data is fast but wrong."""
    return [f"st.error: {e.value}".splitlines()[0][:200] for e in at.error]


def secrets_file_warning() -> str:
    """A local secrets file could point the app at another source than the benchmark's."""
    if (ROOT / ".streamlit" / "secrets.toml").is_file():
        return ".streamlit/secrets.toml exists: its [tracker] settings may override the benchmark's"
    return ""

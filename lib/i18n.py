"""The one translation function every user-facing string passes through.

English is the source language; adding Vietnamese or Russian means adding a catalogue below
(English text → translation), not touching the pages. Placeholders use str.format names.
"""

from __future__ import annotations

import os

CATALOGUES: dict[str, dict[str, str]] = {
    "en": {},
    # "vi": {"Projects": "Dự án", ...}, "ru": {"Projects": "Проекты", ...}
}
DEFAULT_LANGUAGE = "en"


def language() -> str:
    chosen = os.environ.get("TRACKER_LANGUAGE", DEFAULT_LANGUAGE)
    return chosen if chosen in CATALOGUES else DEFAULT_LANGUAGE


def t(text: str, /, **values: object) -> str:
    """`text` in the interface language, with `{name}` placeholders filled from `values`."""
    translated = CATALOGUES[language()].get(text, text)
    return translated.format(**values) if values else translated

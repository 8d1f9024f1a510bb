"""A pybabel extractor for lib/schema.py: its vocabularies and field names become catalogue
entries with a context (stage, theme, format, partner, field), next to its ordinary t() calls.

The names are defined once, in the schema; pages show them through `tc(context, name)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from babel.messages.extract import extract_python

# schema attribute → the context its names are translated in
VOCABULARIES = {
    "STAGES": "stage",
    "THEMES": "theme",
    "FORMATS": "format",
    "PARTNERS": "partner",
    "PROJECT_FIELDS": "field",
}


def extract_vocabulary(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    yield from extract_python(fileobj, keywords, comment_tags, options)
    from lib import schema

    for attribute, context in VOCABULARIES.items():
        for entry in getattr(schema, attribute):
            yield 0, "tc", (context, entry.name), [f"{attribute} in lib/schema.py"]
    for code in schema.ISSUE_CODES:  # shown by lib.formatting.issue_label
        label = code.replace("_", " ").capitalize()
        yield 0, "tc", ("issue", label), [f"issue code {code} in lib/schema.py"]

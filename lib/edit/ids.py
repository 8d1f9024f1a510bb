"""New project IDs that follow the sheet's own pattern, e.g. `VT-2026-014` after `VT-2026-013`.

The pattern is learnt from the IDs already in the sheet: a prefix per partner (VT for TASS, VK
for KCNA in the demo), an optional year, separators and the width of the running number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lib.schema import Vocabulary
from lib.text import fold

_ID = re.compile(
    r"^(?P<prefix>[A-Za-z][A-Za-z0-9]*?)(?P<sep1>[-_/. ]?)"
    r"(?:(?P<year>(?:19|20)\d{2})(?P<sep2>[-_/. ]?))?(?P<number>\d+)$"
)
DEFAULT_PREFIX = "P"


@dataclass(frozen=True)
class ParsedId:
    prefix: str
    sep1: str
    year: int | None
    sep2: str
    number: int
    width: int


@dataclass(frozen=True)
class IdStyle:
    """How IDs are written: `<prefix><sep1><year><sep2><number>` or `<prefix><sep1><number>`."""

    sep1: str = "-"
    with_year: bool = True
    sep2: str = "-"
    width: int = 3

    def format(self, prefix: str, year: int, number: int) -> str:
        digits = f"{number:0{self.width}d}"
        if self.with_year:
            return f"{prefix}{self.sep1}{year}{self.sep2}{digits}"
        return f"{prefix}{self.sep1}{digits}"


def parse_id(text: str) -> ParsedId | None:
    match = _ID.match(text.strip())
    if match is None:
        return None
    year = int(match["year"]) if match["year"] else None
    return ParsedId(
        match["prefix"].upper(),
        match["sep1"],
        year,
        match["sep2"] or "",
        int(match["number"]),
        len(match["number"]),
    )


def learn_style(ids: Iterable[str]) -> IdStyle:
    """The most common way the sheet writes its IDs (the default when it has none)."""
    parsed = [p for p in map(parse_id, ids) if p is not None]
    if not parsed:
        return IdStyle()
    shapes = Counter((p.sep1, p.year is not None, p.sep2) for p in parsed)
    (sep1, with_year, sep2), _ = shapes.most_common(1)[0]
    width = max(
        p.width for p in parsed if (p.sep1, p.year is not None, p.sep2) == (sep1, with_year, sep2)
    )
    return IdStyle(sep1, with_year, sep2, width)


def prefix_for(
    partners: Sequence[str], known: Iterable[tuple[str, Sequence[str]]], vocabulary: Vocabulary
) -> str:
    """The ID prefix for a project with these partners.

    The prefix most used by earlier projects of the first partner; for a partner new to the
    sheet, the sheet's common stem plus the partner's initial (V + T for TASS when the sheet
    has VK, VT…), or the partner's first letters.
    """
    known = list(known)
    partner = _canonical(partners[0], vocabulary) if partners else ""
    by_partner: Counter[str] = Counter()
    prefixes: Counter[str] = Counter()
    for project_id, project_partners in known:
        parsed = parse_id(project_id)
        if parsed is None:
            continue
        prefixes[parsed.prefix] += 1
        if partner and partner in {_canonical(p, vocabulary) for p in project_partners}:
            by_partner[parsed.prefix] += 1
    if by_partner:
        return by_partner.most_common(1)[0][0]
    letters = _ascii_letters(partner)
    if not letters:
        return prefixes.most_common(1)[0][0] if prefixes else DEFAULT_PREFIX
    taken = set(prefixes)
    stem = _common_stem(taken)
    candidates = [stem + letters[:n] for n in (1, 2, 3)] if stem else []
    candidates += [letters[:n] for n in (2, 3, 4)]
    return next((c for c in candidates if c not in taken), letters[:4] + "X")


def next_id(existing: Iterable[str], prefix: str, year: int, style: IdStyle) -> str:
    """The next free ID for `prefix` (and `year`, when IDs carry one)."""
    numbers = [
        p.number
        for p in map(parse_id, existing)
        if p is not None and p.prefix == prefix.upper() and (not style.with_year or p.year == year)
    ]
    return style.format(prefix, year, max(numbers, default=0) + 1)


def _canonical(partner: str, vocabulary: Vocabulary) -> str:
    return fold(vocabulary.resolve(partner) or partner)


def _ascii_letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain if ch.isascii() and ch.isalpha()).upper()


def _common_stem(prefixes: set[str]) -> str:
    """`V` for {VT, VK, VX}: the shared first letters, when every prefix is stem + one letter."""
    if len(prefixes) < 2:
        return ""
    if len({len(p) for p in prefixes}) != 1:
        return ""
    stem = next(iter(prefixes))[:-1]
    return stem if stem and all(p.startswith(stem) for p in prefixes) else ""

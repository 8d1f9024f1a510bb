"""One language's blocks, or two languages' side by side: what the writers lay out."""

from __future__ import annotations

from dataclasses import dataclass

from lib.report.document import Block, Chart, Heading, Paragraph, Table


@dataclass(frozen=True)
class Side:
    """A heading or paragraph in each language (left: the first language)."""

    texts: tuple[str, ...]
    level: int | None  # a heading's level; None for a paragraph


Item = Side | Table | Chart


def _both(a: str, b: str) -> str:
    return a if a == b else f"{a}\n{b}"


def merged(sequences: list[list[Block]]) -> list[Item]:
    """Blocks of one or two languages as items: texts side by side, tables with each header
    and each translated cell in both languages, the chart once."""
    items: list[Item] = []
    for parts in zip(*sequences, strict=True):
        first = parts[0]
        if isinstance(first, Heading):
            items.append(Side(tuple(p.text for p in parts), first.level))  # type: ignore[union-attr]
        elif isinstance(first, Paragraph):
            items.append(Side(tuple(p.text for p in parts), None))  # type: ignore[union-attr]
        elif isinstance(first, Table):
            if len(parts) == 1:
                items.append(first)
                continue
            other = parts[1]
            assert isinstance(other, Table)
            if not first.rows:
                items.append(Side((first.empty, other.empty), None))
                continue
            items.append(
                Table(
                    tuple(_both(a, b) for a, b in zip(first.header, other.header, strict=True)),
                    tuple(
                        tuple(_both(a, b) for a, b in zip(ra, rb, strict=True))
                        for ra, rb in zip(first.rows, other.rows, strict=True)
                    ),
                    first.widths,
                    _both(first.empty, other.empty),
                )
            )
        else:  # the chart: drawn once, its caption in each language
            alts = dict.fromkeys(p.alt for p in parts)  # type: ignore[union-attr]
            items.append(Chart(" / ".join(alts)))
    return items

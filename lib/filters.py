"""The sidebar filters as data: what a filtered view asks for, and the projects it leaves.

Pure and vectorised; the widgets that fill a `FilterSpec` live in `lib.ui.filter_bar`. The keys
below are also the URL's query parameters, so a filtered view can be shared as a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import pandas as pd

from lib.formatting import dmy
from lib.i18n import tc
from lib.metrics import contains_any
from lib.schema import ISSUE_CODES, Severity, Vocabularies, Vocabulary
from lib.text import fold, fold_series

# Widget key and URL query parameter of each filter, in sidebar order.
PARTNER, THEME, FORMAT, STAGE = "partner", "theme", "format", "stage"
PRODUCER, LEAD, DATES, SEARCH = "producer", "lead", "dates", "q"
FILTER_KEYS: tuple[str, ...] = (PARTNER, THEME, FORMAT, STAGE, PRODUCER, LEAD, DATES, SEARCH)
# Which list filter reads which column; list-valued columns match when any item is chosen.
LIST_FILTER_COLUMNS: dict[str, str] = {
    PARTNER: "Partner",
    THEME: "Theme",
    FORMAT: "Format",
    STAGE: "Stage",
    PRODUCER: "Producer",
    LEAD: "Lead",
}
SEARCHED_COLUMNS: tuple[str, ...] = (
    "ID",
    "Title",
    "Partner",
    "Producer",
    "Lead",
    "Occasion",
    "Notes",
)
DATE_COLUMNS: tuple[str, ...] = ("Start", "Due", "Published")


@dataclass(frozen=True)
class FilterSpec:
    """What the user filtered on; an empty tuple or None means "any"."""

    partner: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()
    producer: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == FilterSpec()

    def chosen(self, key: str) -> tuple[str, ...]:
        """The values chosen for one list filter (`partner`, `theme`, ...)."""
        return getattr(self, key)

    @property
    def active_count(self) -> int:
        """How many filters narrow the view (the date range counts once)."""
        lists = sum(bool(self.chosen(key)) for key in LIST_FILTER_COLUMNS)
        return lists + bool(self.start or self.end) + bool(self.text.strip())


@dataclass(frozen=True)
class FilterOptions:
    """The choices each filter offers, from the whole (unfiltered) portfolio."""

    partner: tuple[str, ...]
    theme: tuple[str, ...]
    format: tuple[str, ...]
    stage: tuple[str, ...]
    producer: tuple[str, ...]
    lead: tuple[str, ...]
    first_date: date | None
    last_date: date | None

    def for_key(self, key: str) -> tuple[str, ...]:
        return getattr(self, key)


def _values(column: pd.Series) -> pd.Series:
    """Non-blank distinct values of a column, list columns flattened."""
    flat = column.explode() if column.dtype == object else column
    flat = flat.dropna().astype("str").str.strip()
    return flat[flat.ne("")].drop_duplicates()


def _vocabulary_order(found: pd.Series, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Vocabulary terms in their order (whether used or not), then values outside it."""
    names = vocabulary.names
    extra = sorted(set(found) - set(names), key=fold)
    return (*names, *extra)


def filter_options(projects: pd.DataFrame, vocab: Vocabularies) -> FilterOptions:
    partners = _values(projects["Partner"])
    known = [name for name in vocab.partners.names if name in set(partners)]
    others = sorted(set(partners) - set(known), key=fold)
    dates = pd.concat([projects[c] for c in DATE_COLUMNS]).dropna()
    return FilterOptions(
        partner=(*known, *others),
        theme=_vocabulary_order(_values(projects["Theme"]), vocab.themes),
        format=_vocabulary_order(_values(projects["Format"]), vocab.formats),
        stage=_vocabulary_order(_values(projects["Stage"]), vocab.stages),
        producer=tuple(sorted(_values(projects["Producer"]), key=fold)),
        lead=tuple(sorted(_values(projects["Lead"]), key=fold)),
        first_date=dates.min().date() if len(dates) else None,
        last_date=dates.max().date() if len(dates) else None,
    )


def spec_from_state(state: Mapping[str, Any]) -> FilterSpec:
    """A FilterSpec from widget values keyed by FILTER_KEYS (missing keys mean "any")."""
    lists = {key: _strings(state.get(key)) for key in LIST_FILTER_COLUMNS}
    dates = state.get(DATES) or ()
    if isinstance(dates, date | datetime | str):  # a single date, not a range
        dates = (dates,)
    start = _as_date(dates[0]) if len(dates) > 0 else None
    end = _as_date(dates[1]) if len(dates) > 1 else None
    search = state.get(SEARCH) or ""
    if not isinstance(search, str):  # repeated in a URL: the first one
        search = search[0] if search else ""
    return FilterSpec(**lists, start=start, end=end, text=search.strip())


def _strings(values: Any) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values if str(v))


def _as_date(value: Any) -> date | None:
    """A date from a widget (date) or from the URL (YYYY-MM-DD); None when neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _any_chosen(column: pd.Series, chosen: tuple[str, ...]) -> pd.Series:
    """Plain cells: one of the chosen values; list cells (tuples): any item chosen."""
    return contains_any(column, chosen) if column.dtype == object else column.isin(chosen)


def search_text(projects: pd.DataFrame) -> pd.Series:
    """The folded text that search matches against, one string per project."""
    parts = []
    for name in SEARCHED_COLUMNS:
        column = projects[name]
        column = column.str.join(" ") if column.dtype == object else column
        parts.append(column.fillna("").astype("str"))
    return fold_series(parts[0].str.cat(parts[1:], sep=" "))


def _in_period(projects: pd.DataFrame, start: date | None, end: date | None) -> pd.Series:
    """Projects whose span (earliest to latest of Start, Due, Published) meets the period."""
    dates = projects[list(DATE_COLUMNS)]
    first, last = dates.min(axis=1), dates.max(axis=1)
    mask = first.notna()
    if start is not None:
        mask &= last >= pd.Timestamp(start)
    if end is not None:
        mask &= first <= pd.Timestamp(end)
    return mask


def apply_filters(projects: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The projects the spec leaves, in their sheet order."""
    if spec.is_empty or projects.empty:
        return projects
    mask = pd.Series(True, index=projects.index)
    for key, column in LIST_FILTER_COLUMNS.items():
        chosen = spec.chosen(key)
        if chosen:
            mask &= _any_chosen(projects[column], chosen)
    if spec.start is not None or spec.end is not None:
        mask &= _in_period(projects, spec.start, spec.end)
    needle = fold_series(pd.Series([spec.text])).iloc[0]
    if needle:
        mask &= search_text(projects).str.contains(needle, regex=False)
    return projects[mask]


# The vocabulary a list filter offers is shown in the reader's language; the value (and the URL)
# stays the sheet's own name, so a shared link filters the same in every language.
VOCABULARY_CONTEXT = {PARTNER: "partner", THEME: "theme", FORMAT: "format", STAGE: "stage"}


def shown_value(key: str, value: str) -> str:
    """A filter value as the reader sees it: a stage, theme, format or partner translated."""
    context = VOCABULARY_CONTEXT.get(key)
    return tc(context, value) if context else value


def describe(spec: FilterSpec) -> list[tuple[str, str]]:
    """(filter key, chosen values as text) for each filter in use, for a one-line summary."""
    out = []
    for item in fields(FilterSpec):
        value = getattr(spec, item.name)
        if item.name in LIST_FILTER_COLUMNS and value:
            out.append((item.name, ", ".join(shown_value(item.name, v) for v in value)))
    if spec.start or spec.end:
        out.append((DATES, f"{dmy(spec.start) or '…'} – {dmy(spec.end) or '…'}"))
    if spec.text:
        out.append((SEARCH, spec.text))
    return out


def filter_commitments(commitments: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """Commitments the partner, format and theme filters concern.

    A commitment without a format (or theme) filter of its own concerns every format (theme).
    Its progress is still counted over all projects: a filter chooses which commitments to
    show, it does not change what an agreement promised.
    """
    if commitments.empty:
        return commitments
    mask = pd.Series(True, index=commitments.index)
    if spec.partner:
        mask &= _any_chosen(commitments["Partner"], spec.partner)
    for key, column in ((FORMAT, "Format"), (THEME, "Theme")):
        chosen = spec.chosen(key)
        if chosen:
            mask &= commitments[column].eq("") | commitments[column].isin(chosen)
    return commitments[mask]


def filter_issues(
    issues: pd.DataFrame, severities: tuple[str, ...] = (), codes: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Data-quality issues of the chosen severities and codes (none chosen: all)."""
    mask = pd.Series(True, index=issues.index)
    if severities:
        mask &= issues["severity"].isin(severities)
    if codes:
        mask &= issues["code"].isin(codes)
    return issues[mask]


def issue_codes(issues: pd.DataFrame) -> list[str]:
    """The codes of the issues found, in the order of `ISSUE_CODES` (the Problem filter's list)."""
    found = set(issues["code"].unique())
    return [code for code in ISSUE_CODES if code in found]


def severity_counts(issues: pd.DataFrame) -> dict[str, int]:
    counts = issues["severity"].value_counts()
    return {str(severity): int(counts.get(str(severity), 0)) for severity in Severity}

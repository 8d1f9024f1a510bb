"""Raw cell values in, typed projects plus data-quality issues out. Pure: no I/O, no Streamlit.

Each column is read by factorising it and parsing each *distinct* value once, so a 100,000-row
sheet with a few hundred distinct dates costs a few hundred parses, not 100,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib import cells, issue_text
from lib.cells import Reading
from lib.columns import ColumnRead, RawColumn, blank_series, read_column
from lib.i18n import N_, Nn_, Phrase
from lib.metrics import link_occasions
from lib.model import (
    ISSUE_COLUMNS,
    Dataset,
    RawWorkbook,
    ReadNote,
    ReadOptions,
    RowCounts,
    SheetColumn,
    TabLayout,
)
from lib.schema import (
    COMMITMENT_FIELDS,
    DONE_STAGES,
    DUPLICATE_ROWS_LISTED,
    HEADER_MIN_MATCHES,
    HEADER_SEARCH_ROWS,
    ISSUE_CODES,
    MILESTONE_SUFFIX,
    OCCASION_FIELDS,
    PEOPLE_FIELDS,
    PROJECT_FIELDS,
    PUBLISHED,
    REQUIRED_PROJECT_FIELDS,
    REQUIRED_SIDE_FIELDS,
    RESERVED_COLUMNS,
    VOCAB_TAB_FIELDS,
    Field,
    Kind,
    Term,
    Vocabularies,
    default_vocabularies,
    header_lookup,
    tab_lookup,
)
from lib.text import column_letter, fold

_UNKNOWN_CODE = {"stages": "unknown_stage", "themes": "unknown_theme", "formats": "unknown_format"}


@dataclass
class _IssueLog:
    """Collects issues column by column; turned into one DataFrame at the end."""

    sheet_url: str | None
    gids: dict[str, int]
    columns: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in ISSUE_COLUMNS}
    )

    def add(
        self,
        code: str,
        *,
        tab: str,
        row: int,
        column: str = "",
        header: str = "",
        field_name: str = "",
        value: str = "",
        detail: Phrase | None = None,
        project: str = "",
        cell: str = "",
    ) -> None:
        """Log one issue."""
        self.add_rows(
            code,
            tab=tab,
            rows=[row],
            projects=[project],
            column=column,
            header=header,
            field_name=field_name,
            value=value,
            detail=detail,
            cell=cell,
        )

    def add_rows(
        self,
        code: str,
        *,
        tab: str,
        rows: Sequence[int],
        projects: Sequence[str],
        column: str = "",
        header: str = "",
        field_name: str = "",
        value: str = "",
        detail: Phrase | None = None,
        cell: str = "",
    ) -> None:
        """Log the same issue (one code, value and detail) at each of `rows`. Its words are
        kept as `params` so each reader sees them in their own language (lib.issue_text);
        `message` is the same text in the language of the load. Both are worked out once for
        all the rows: a value repeated down a column is one problem met many times."""
        count = len(rows)
        params = issue_text.params(
            header=header or field_name, value=value, tab=tab, detail=detail, cell=cell
        )
        numbers = [int(row) for row in rows]
        if self.sheet_url and tab in self.gids:
            base = f"{self.sheet_url}#gid={self.gids[tab]}&range={column or 'A'}"
            links = [f"{base}{row}" if row else "" for row in numbers]
        else:
            links = [""] * count
        constant = {
            "tab": tab,
            "column": column,
            "header": header,
            "field": field_name,
            "code": code,
            "severity": str(ISSUE_CODES[code][0]),
            "message": issue_text.message(code, params),
            "params": params,
        }
        for name, value_of_all in constant.items():
            self.columns[name].extend([value_of_all] * count)
        self.columns["row"].extend(numbers)
        self.columns["project"].extend(projects)
        self.columns["link"].extend(links)

    def cells_of(self, tab: str) -> set[tuple[int, str]]:
        """(row, field) of every issue logged so far in `tab`."""
        columns = self.columns
        return {
            (row, name)
            for logged, row, name in zip(
                columns["tab"], columns["row"], columns["field"], strict=True
            )
            if logged == tab
        }

    def frame(self) -> pd.DataFrame:
        """Every issue, by tab, row and column. Sorted before the frame is built, so the
        texts are converted once and not copied again by a sort."""
        columns = self.columns
        if not columns["tab"]:
            return pd.DataFrame(columns, columns=list(ISSUE_COLUMNS)).astype({"row": "int64"})
        ranks = {c: len(c) * 100 + _letters_rank(c) for c in set(columns["column"])}
        tab_codes, _ = pd.factorize(np.array(columns["tab"], dtype=object), sort=True)
        order = np.lexsort(
            (np.array([ranks[c] for c in columns["column"]]), np.array(columns["row"]), tab_codes)
        )  # stable: issues of one cell keep the order they were found in
        ordered = {name: [values[i] for i in order] for name, values in columns.items()}
        return pd.DataFrame(ordered, columns=list(ISSUE_COLUMNS)).astype({"row": "int64"})


def _letters_rank(letters: str) -> int:
    return sum(ord(ch) for ch in letters)


@dataclass
class _Table:
    """A tab's data rows as an object frame, with its header mapping and row numbers."""

    tab: str
    header_index: int  # 0-based index of the header row in the tab; -1 when not found
    headers: list[str]  # header text per column (may be "")
    columns: list[RawColumn]  # raw values of the non-blank data rows, per sheet column
    sheet_rows: np.ndarray  # 1-based sheet row number of each kept row
    read: int
    blank: int
    unread: int = 0  # non-blank rows of a tab whose header row was not found


def _find_header(
    rows: list[list[Any]], lookup: dict[str, str], min_matches: int, required: tuple[str, ...]
) -> int:
    """The first row (of the first few) naming `required` columns, or `min_matches` known ones."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matched = {lookup[f] for f in map(fold, row) if f in lookup}
        if (required and matched.issuperset(required)) or len(matched) >= min_matches:
            return index
    return -1


def _has_value(row: list[Any]) -> bool:
    """Whether any cell of the row is not blank (cells.is_blank, inlined: it runs on every row
    of the sheet, and stops at the first value, most often the row's first cell)."""
    for cell in row:
        if cell is None:
            continue
        if isinstance(cell, str):
            if cell and not cell.isspace():
                return True
            continue
        if isinstance(cell, float) and cell != cell:  # NaN
            continue
        return True
    return False


def _read_table(
    tab: str,
    rows: list[list[Any]],
    fields: tuple[Field, ...],
    min_matches: int,
    required: tuple[str, ...] = (),
    keep: frozenset[int] = frozenset(),
) -> _Table:
    """A tab's table under its header row. `keep`: 0-based rows that count as non-blank even
    when every cell reads blank (the reader met a cell it could not read there)."""
    lookup = header_lookup(fields)
    header_index = _find_header(rows, lookup, min_matches, required)
    width = max((len(r) for r in rows), default=0)
    if header_index < 0:
        # No header: nothing can be read as a row of this tab, and nothing is invented from a
        # banner or a header; the non-blank rows are counted as unread.
        filled = [i for i, row in enumerate(rows) if i in keep or _has_value(row)]
        read = filled[-1] + 1 if filled else 0
        empty = [RawColumn(np.array([], dtype=object)) for _ in range(width)]
        table = _Table(tab, -1, [""] * width, empty, np.array([], int), read, read - len(filled))
        table.unread = len(filled)
        return table
    body = rows[header_index + 1 :]
    headers = [cells.as_text(h) for h in rows[header_index]]
    headers += [""] * (width - len(headers))
    if not body or width == 0:
        empty = [RawColumn(np.array([], dtype=object)) for _ in range(width)]
        return _Table(tab, header_index, headers, empty, np.array([], int), 0, 0)
    # Blank rows are left out before the grid is built, so nothing is built twice. A row is
    # kept at its first non-blank cell, most often the first: cheap even at 100,000 rows.
    forced = {i - header_index - 1 for i in keep if header_index < i < len(rows)}
    filled = [index for index, row in enumerate(body) if _has_value(row) or index in forced]
    # Google omits trailing blank cells, so rows are ragged: the grid's cells past a row's end
    # stay None. Filling it row by row costs a third of padding each row to the widest first.
    grid = np.full((len(filled), width), None, dtype=object)
    for index, position in enumerate(filled):
        row = body[position]
        grid[index, : len(row)] = row
    textual = _textual_columns(headers, lookup, {f.name: f for f in fields})
    columns = [RawColumn(grid[:, c], c in textual) for c in range(width)]
    read = filled[-1] + 1 if filled else 0
    sheet_rows = np.array(filled, dtype=int) + header_index + 2
    return _Table(tab, header_index, headers, columns, sheet_rows, read, read - len(filled))


def _textual_columns(
    headers: list[str], lookup: dict[str, str], by_name: dict[str, Field]
) -> set[int]:
    """The columns `_type_table` will read as plain text: a text field's, or one naming no
    field (kept as an extra column). A milestone column ("Shooting due") holds dates."""
    textual = set()
    for index, header in enumerate(headers):
        folded = fold(header)
        name = lookup.get(folded)
        if name is None and folded.endswith(MILESTONE_SUFFIX):
            continue
        if name is None or by_name[name].kind is Kind.TEXT:
            textual.add(index)
    return textual


def _reader_for(f: Field, vocab: Vocabularies, options: ReadOptions) -> Callable[[Any], Reading]:
    if f.kind is Kind.DATE:
        return partial(cells.read_date, date_order=options.date_order)
    if f.kind is Kind.INTEGER:
        return cells.read_integer
    if f.kind is Kind.NUMBER:
        return cells.read_number
    if f.kind is Kind.VOCAB:
        return partial(cells.read_term, vocabulary=vocab.get(f.vocabulary or ""))
    if f.kind in (Kind.LIST, Kind.VOCAB_LIST):
        vocabulary = vocab.get(f.vocabulary) if f.vocabulary else None
        return partial(cells.read_list, vocabulary=vocabulary)
    return cells.read_text


@dataclass
class _TypedTable:
    columns: dict[str, pd.Series]
    layout: list[SheetColumn]
    sheet_rows: np.ndarray
    table: _Table


class _ProjectLabels:
    """How issues name their projects: the ID as typed (issues are logged while reading), or
    "row 12" where there is none. Worked out once for the whole column when it is plain text."""

    def __init__(self, table: _Table, id_column: int | None) -> None:
        self._rows = table.sheet_rows
        # A copy of the ID column: a view would keep the whole raw grid alive past typing.
        self._ids = None if id_column is None else RawColumn(table.columns[id_column].values.copy())

    @cached_property
    def _trimmed(self) -> pa.StringArray | None:
        """The IDs as Arrow text (a few bytes each, no Python string per row)."""
        if self._ids is None or (text := self._ids.text) is None:
            return None
        return pc.fill_null(pc.utf8_trim_whitespace(text), "")

    def __call__(self, positions: np.ndarray) -> list[str]:
        rows = self._rows[positions]
        if self._ids is None:
            return [f"row {row}" for row in rows]
        if (trimmed := self._trimmed) is not None:
            ids = trimmed.take(positions).to_pylist()
        else:
            ids = [cells.as_text(value) for value in self._ids.values[positions]]
        return [text or f"row {row}" for text, row in zip(ids, rows, strict=True)]


def _type_table(
    table: _Table,
    fields: tuple[Field, ...],
    vocab: Vocabularies,
    options: ReadOptions,
    log: _IssueLog,
    *,
    milestones: bool = False,
    labels: Callable[[np.ndarray], list[str]] = lambda positions: [""] * len(positions),
) -> _TypedTable:
    """Map a table's columns to fields, read every cell, and log cell-level issues."""
    lookup = header_lookup(fields)
    by_name = {f.name: f for f in fields}
    stage_vocab = vocab.stages
    columns: dict[str, pd.Series] = {}
    layout: list[SheetColumn] = []
    length = len(table.sheet_rows)
    for index, header in enumerate(table.headers):
        letter = column_letter(index)
        folded = fold(header)
        field_name = lookup.get(folded)
        f = by_name.get(field_name) if field_name else None
        if f is None and milestones and folded.endswith(MILESTONE_SUFFIX):
            stage = stage_vocab.resolve(folded[: -len(MILESTONE_SUFFIX)])
            if stage:
                field_name = f"{stage} due"
                f = Field(field_name, Kind.DATE)
        if f is not None and f.name in columns:
            log.add(
                "duplicate_header",
                tab=table.tab,
                row=table.header_index + 1,
                column=letter,
                header=f.name,
                value=header,
            )
            f = None
        raw = table.columns[index]
        if f is None:
            if not header and raw.blank().all():
                continue  # a blank spacer column with no header holds nothing to keep
            name = _extra_name(header or f"Column {letter}", letter, columns)
            extra = Field(name, Kind.TEXT)
            read = read_column(raw, extra, cells.read_text)
            columns[name] = read.series(extra.kind)
            layout.append(SheetColumn(index, letter, header, name, None))
            _log_cells(log, table, read, letter, header, "", labels)
            raw.release()
            continue
        read = read_column(raw, f, _reader_for(f, vocab, options), options.date_order)
        columns[f.name] = read.series(f.kind)
        layout.append(SheetColumn(index, letter, header, f.name, f.name))
        _log_cells(log, table, read, letter, header, f.name, labels, f.vocabulary)
        raw.release()
    for f in fields:
        columns.setdefault(f.name, blank_series(f, length))
    return _TypedTable(columns, layout, table.sheet_rows, table)


def _extra_name(header: str, letter: str, taken: dict[str, pd.Series]) -> str:
    if header in taken or header in RESERVED_COLUMNS:
        return f"{header} ({letter})"
    return header


def _log_cells(
    log: _IssueLog,
    table: _Table,
    read: ColumnRead,
    letter: str,
    header: str,
    field_name: str,
    labels: Callable[[np.ndarray], list[str]],
    vocabulary: str | None = None,
) -> None:
    groups = []
    for reading, positions in read.issue_groups():
        code = reading.code
        if code == "unknown":
            code = _UNKNOWN_CODE.get(vocabulary or "")
            if code is None:
                continue
        groups.append((code, reading, positions))
    if not groups:
        return
    # The projects' labels for every issue of the column at once, then shared out by group:
    # a sheet of mistyped dates has thousands of distinct problems in one column.
    every = np.concatenate([positions for _, _, positions in groups])
    named = labels(every)
    start = 0
    for code, reading, positions in groups:
        log.add_rows(
            code,
            tab=table.tab,
            rows=table.sheet_rows[positions],
            projects=named[start : start + len(positions)],
            column=letter,
            header=header,
            field_name=field_name,
            value=reading.shown,
            detail=reading.detail,
        )
        start += len(positions)


def _find_tabs(raw: RawWorkbook) -> dict[str, str]:
    """Canonical tab name → the tab's title in this workbook (first match wins)."""
    lookup = tab_lookup()
    found: dict[str, str] = {}
    for title in raw.tabs:
        canonical = lookup.get(fold(title))
        if canonical and canonical not in found:
            found[canonical] = title
    return found


def _vocabularies(
    raw: RawWorkbook, tabs: dict[str, str], options: ReadOptions, log: _IssueLog
) -> Vocabularies:
    """Built-in vocabularies extended by the optional Stages / Themes / Partners tabs."""
    base = default_vocabularies()
    extended: dict[str, Any] = {}
    scratch = _IssueLog(None, {})  # a vocabulary tab's cells are names: nothing to report
    for tab, attr in (("Stages", "stages"), ("Themes", "themes"), ("Partners", "partners")):
        if tab not in tabs:
            continue
        table = _side_read(raw, tabs[tab], tab, VOCAB_TAB_FIELDS, log)
        typed = _type_table(table, VOCAB_TAB_FIELDS, base, options, scratch)
        names, aliases = typed.columns["Name"], typed.columns["Aliases"]
        colours, orders = typed.columns["Colour"], typed.columns["Order"]
        terms = [
            Term(name, tuple(cells.split_list(alias)), colour or Term("").colour)
            for name, alias, colour in zip(names, aliases, colours, strict=True)
            if name
        ]
        order = {n: int(o) for n, o in zip(names, orders, strict=True) if n and pd.notna(o)}
        extended[attr] = base.get(attr).extended(terms, orders=order or None)
    return Vocabularies(
        **{a: extended.get(a, base.get(a)) for a in ("stages", "themes", "formats", "partners")}
    )


def _kept_rows(raw: RawWorkbook, title: str) -> frozenset[int]:
    return frozenset(note.row - 1 for note in raw.notes if note.tab == title)


def _side_read(
    raw: RawWorkbook, title: str, name: str, fields: tuple[Field, ...], log: _IssueLog
) -> _Table:
    """A side tab's table, found by its required columns; a tab without them is reported."""
    required = REQUIRED_SIDE_FIELDS[name]
    rows = raw.tabs[title]
    table = _read_table(title, rows, fields, len(fields) + 1, required, _kept_rows(raw, title))
    if table.header_index < 0 and table.unread:
        log.add(
            "no_header_row",
            tab=title,
            row=1,
            detail=Phrase.counted(
                Nn_(
                    " (it needs a row naming the columns {columns}); its {n} row is not read",
                    " (it needs a row naming the columns {columns}); its {n} rows are not read",
                ),
                {"columns": ", ".join(required), "n": table.unread},
            ),
        )
    return table


def _side_table(
    raw: RawWorkbook,
    tabs: dict[str, str],
    name: str,
    fields: tuple[Field, ...],
    vocab: Vocabularies,
    options: ReadOptions,
    log: _IssueLog,
) -> pd.DataFrame:
    if name not in tabs:
        return pd.DataFrame({f.name: blank_series(f, 0) for f in fields} | {"row": []})
    table = _side_read(raw, tabs[name], name, fields, log)
    typed = _type_table(table, fields, vocab, options, log)
    frame = pd.DataFrame({f.name: typed.columns[f.name] for f in fields})
    frame.insert(0, "row", pd.Series(table.sheet_rows, dtype="int64"))
    return frame


def normalize(raw: RawWorkbook, options: ReadOptions) -> Dataset:
    """Turn a workbook's raw cells into the typed dataset every page and the CLI use."""
    tabs = _find_tabs(raw)
    log = _IssueLog(raw.sheet_url, raw.gids)
    vocab = _vocabularies(raw, tabs, options, log)
    occasions = _side_table(raw, tabs, "Occasions", OCCASION_FIELDS, vocab, options, log)
    commitments = _side_table(raw, tabs, "Commitments", COMMITMENT_FIELDS, vocab, options, log)
    people = _side_table(raw, tabs, "People", PEOPLE_FIELDS, vocab, options, log)
    tab = tabs.get("Projects", "Projects")
    rows = raw.tabs.get(tab, [])
    table = _read_table(tab, rows, PROJECT_FIELDS, HEADER_MIN_MATCHES, keep=_kept_rows(raw, tab))
    if table.header_index < 0 and table.unread:
        log.add(
            "no_header_row",
            tab=tab,
            row=1,
            detail=Phrase.counted(
                Nn_(
                    " (a header row names at least {known} known columns, such as {columns}); "
                    "its {n} non-blank row is not read as a project. Add that header row above "
                    "the data",
                    " (a header row names at least {known} known columns, such as {columns}); "
                    "its {n} non-blank rows are not read as projects. Add that header row above "
                    "the data",
                ),
                {
                    "known": HEADER_MIN_MATCHES,
                    "columns": ", ".join(REQUIRED_PROJECT_FIELDS),
                    "n": table.unread,
                },
            ),
        )
    id_column = _column_of(table, "ID")

    labels = _ProjectLabels(table, id_column)
    typed = _type_table(table, PROJECT_FIELDS, vocab, options, log, milestones=True, labels=labels)
    # The raw grid (a pointer per cell) is not needed past typing: free it before the checks.
    table.columns.clear()
    projects = _projects_frame(typed)
    if table.header_index >= 0:
        present = {c.field for c in typed.layout}
        for required in REQUIRED_PROJECT_FIELDS:
            if required not in present:
                log.add(
                    "missing_required_column",
                    tab=tab,
                    row=table.header_index + 1,
                    header=required,
                    detail=Phrase(N_("; add a column with that header")),
                )
    layout = TabLayout(tab, table.header_index + 1, tuple(typed.layout))
    _log_notes(raw.notes, {tab: layout}, log)
    _check_projects(projects, occasions, layout, options, log)
    issues = log.frame()
    project_issue_rows = issues.loc[issues["tab"] == tab, "row"]
    with_issues = int(project_issue_rows[project_issue_rows.isin(projects["row"])].nunique())
    milestones = tuple(c.field for c in typed.layout if c.field and c.field.endswith(" due"))
    known = {f.name for f in PROJECT_FIELDS} | set(milestones)
    return Dataset(
        projects=projects,
        issues=issues,
        commitments=commitments,
        occasions=occasions,
        vocab=vocab,
        rows=RowCounts(table.read, len(projects), table.blank, with_issues, table.unread),
        layout=layout,
        milestones=tuple(m.removesuffix(" due") for m in milestones),
        extras=tuple(c for c in projects.columns if c not in known and c != "row"),
        source_kind=raw.kind,
        source_label=raw.label,
        people=people,
    )


def _log_notes(notes: tuple[ReadNote, ...], layouts: dict[str, TabLayout], log: _IssueLog) -> None:
    """Cells the file reader could not read, at their row and column, under their header."""
    for note in notes:
        letter = column_letter(note.column)
        layout = layouts.get(note.tab)
        column = None
        if layout is not None and note.row > layout.header_row > 0:
            column = next((c for c in layout.columns if c.index == note.column), None)
        log.add(
            note.code,
            tab=note.tab,
            row=note.row,
            column=letter,
            header=column.header if column else "",
            cell="" if column else f"{letter}{note.row}",
            field_name=(column.field or "") if column else "",
            detail=note.detail,
        )


def _column_of(table: _Table, field_name: str) -> int | None:
    lookup = header_lookup(PROJECT_FIELDS)
    for index, header in enumerate(table.headers):
        if lookup.get(fold(header)) == field_name:
            return index
    return None


def _projects_frame(typed: _TypedTable) -> pd.DataFrame:
    ordered = {"row": pd.Series(typed.sheet_rows, dtype="int64")}
    ordered |= {f.name: typed.columns[f.name] for f in PROJECT_FIELDS}
    ordered |= {name: series for name, series in typed.columns.items() if name not in ordered}
    return pd.DataFrame(ordered)


_CHECKED_COLUMNS = ["row", "ID", "Start", "Due", "Published"]


def _check_projects(
    projects: pd.DataFrame,
    occasions: pd.DataFrame,
    layout: TabLayout,
    options: ReadOptions,
    log: _IssueLog,
) -> None:
    """Row-level rules that look at more than one cell (SPEC §2.5)."""
    if projects.empty:
        return
    active = ~projects["Stage"].isin(DONE_STAGES)
    unreadable = log.cells_of(layout.tab)
    checked = projects[_CHECKED_COLUMNS]  # the few columns the rules read, not every column

    def report(
        code: str,
        mask: pd.Series,
        field_name: str,
        value: Callable[[pd.DataFrame], pd.Series],
        detail: Callable[[pd.DataFrame], pd.Series] | None = None,
    ) -> None:
        """Log `code` for the flagged projects; texts are built for those rows only.
        `detail` gives a Phrase (or None) per flagged project."""
        rows = np.flatnonzero(mask.fillna(False).to_numpy(bool))
        if not len(rows):
            return  # most rules flag nothing: no frame is sliced for them
        flagged = checked.iloc[rows]
        column = layout.column_for(field_name)
        letter, header = (column.letter, column.header) if column else ("", field_name)
        values = value(flagged).astype(str).to_numpy()
        details = list(detail(flagged)) if detail else [None] * len(flagged)
        for row, label, text, extra in zip(
            flagged["row"], label_of(flagged), values, details, strict=True
        ):
            if (row, field_name) in unreadable and code != "duplicate_id":
                continue  # the cell itself is already reported as unreadable
            log.add(
                code,
                tab=layout.tab,
                row=int(row),
                column=letter,
                header=header,
                field_name=field_name,
                value=text,
                detail=extra,
                project=label,
            )

    def label_of(frame: pd.DataFrame) -> pd.Series:
        return frame["ID"].where(frame["ID"] != "", "row " + frame["row"].astype(str))

    def due_of(frame: pd.DataFrame) -> pd.Series:
        return frame["Due"].map(_dmy)

    if layout.column_for("ID") is not None:
        report("missing_id", projects["ID"] == "", "ID", label_of)
        duplicated = projects["ID"].ne("") & projects["ID"].duplicated(keep=False)
        report(
            "duplicate_id",
            duplicated,
            "ID",
            lambda f: f["ID"],
            lambda f: _other_rows(f["ID"], f["row"]),
        )
    if layout.column_for("Title") is not None:
        report("missing_title", projects["Title"] == "", "Title", label_of)
    if layout.column_for("Due") is not None:
        report("missing_due", active & projects["Due"].isna(), "Due", label_of)
    report(
        "due_before_start",
        projects["Due"] < projects["Start"],
        "Due",
        due_of,
        lambda f: f["Start"].map(lambda start: Phrase(" ({date})", {"date": _dmy(start)})),
    )
    if layout.column_for("Published") is not None:
        missing = projects["Stage"].eq(PUBLISHED) & projects["Published"].isna()
        report("published_without_date", missing, "Published", label_of)
    future = projects["Published"] > pd.Timestamp(options.today)
    report("published_in_future", future, "Published", lambda f: f["Published"].map(_dmy))
    linked = link_occasions(projects, occasions)
    late = linked["occasion_date"].notna() & (projects["Due"] > linked["occasion_date"])
    report(
        "due_after_occasion",
        late,
        "Due",
        due_of,
        lambda f: pd.Series(
            [
                Phrase(N_(" “{occasion}” on {date}"), {"occasion": name, "date": _dmy(day)})
                for name, day in zip(
                    linked.loc[f.index, "occasion_name"],
                    linked.loc[f.index, "occasion_date"],
                    strict=True,
                )
            ],
            index=f.index,
        ),
    )


def _other_rows(ids: pd.Series, rows: pd.Series) -> pd.Series:
    """For each row of a repeated ID, a few of the other rows holding it and how many more:
    the text stays short however often an ID repeats, so the cost grows with the rows."""
    listed = DUPLICATE_ROWS_LISTED
    keys, numbers = ids.tolist(), [int(r) for r in rows.tolist()]
    counts = ids.value_counts().to_dict()
    first: dict[str, list[int]] = {}
    for key, row in zip(keys, numbers, strict=True):
        kept = first.setdefault(key, [])
        if len(kept) <= listed:
            kept.append(row)
    details = []
    for key, row in zip(keys, numbers, strict=True):
        others = [r for r in first[key] if r != row][:listed]
        more = counts[key] - 1 - len(others)
        shown = ", ".join(map(str, others))
        if more:
            text = N_(" (also rows {rows} and {more} more)")
        else:
            text = N_(" (also row {rows})") if len(others) == 1 else N_(" (also rows {rows})")
        details.append(Phrase(text, {"rows": shown, "more": more}))
    return pd.Series(details, index=ids.index, dtype=object)


def _dmy(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp | date):
        return value.strftime("%d/%m/%Y")
    return str(value)

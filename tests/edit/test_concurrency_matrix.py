"""Nobody's edit is lost, misplaced or duplicated: many editors saving at once against the real
gspread client and the Sheets stand-in, while another client sorts, inserts and deletes rows.

After each scenario the Projects and Log tabs are read back and every answer an editor got is
checked against the cells: 0 lost edits, 0 wrong-row writes, 0 duplicate IDs, 0 duplicate or
forked Log rows, and every "Saved" true.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from lib.edit import Change, EditError, NewProject, SaveResult, writer_for
from lib.edit.google_sheet import SheetWriter
from standin import SheetsStandIn
from tests.edit.conftest import HEADER, GoogleBackend, context, started

HEADER_ROW = 3  # banner, blank row, header (1-based)
PROJECT_COUNT = 12
EDITABLE = [
    ("Title", lambda k: f"Title by editor {k}"),
    ("Notes", lambda k: f"Note by editor {k}"),
    ("Producer", lambda k: f"Producer {k}"),
    ("Photos", lambda k: 100 + k),
    ("Video minutes", lambda k: 10.5 + k),
    ("Stage", lambda k: "Editing"),
    ("Format", lambda k: "Video"),
    ("Theme", lambda k: "Economy & trade"),
    ("Start", lambda k: date(2026, 1, 20)),
    ("Due", lambda k: date(2026, 9, 30)),
    ("Shooting due", lambda k: date(2026, 4, 15)),
    ("Partner", lambda k: ("KCNA",)),
]
COLUMN_OF = {"Due": "Deadline"}  # a field whose sheet column goes by an alias


def tracker() -> dict[str, list[list[Any]]]:
    rows = [
        [
            f"VT-2026-{n:03d}",
            f"Project {n:02d}",
            "TASS",
            "Photo story",
            "Culture & heritage",
            "Shooting",
            "Lan",
            date(2026, 1, 5),
            date(2026, 6, n),
            n,
            None,
            f"start note {n}",
            1_000_000 * n,
            date(2026, 3, n),
        ]
        for n in range(1, PROJECT_COUNT + 1)
    ]
    return {"Projects": [["Joint productions"], [], HEADER, *rows]}


# --- another person in the sheet ----------------------------------------------------------


class Disturber:
    """Sorts the table, inserts rows of its own and deletes them, every ~0.1 s as in the
    trials, through its own gspread client as someone in Google Sheets would. Its rows carry
    IDs `ZZ-…`."""

    def __init__(self, google: GoogleBackend, seed: int) -> None:
        self.google = google
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.inserted: dict[str, list[Any]] = {}
        self.actions: Counter[str] = Counter()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Disturber:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        for step in range(2_000):  # bounded; stopped long before by the scenario's end
            if self.stop.wait(self.random.uniform(0.05, 0.15)):
                return
            action = self.random.choice(("sort", "insert", "delete"))
            try:
                getattr(self, f"_{action}")(step)
                self.actions[action] += 1
            except Exception:  # a disturbance refused (say, the row it meant is gone) is fine
                self.actions["refused"] += 1

    def _sort(self, step: int) -> None:
        column = self.random.choice((1, 8, 9))  # Title, Deadline, Photos
        self.google.sort(column, descending=self.random.random() < 0.5, from_row=HEADER_ROW)

    def _insert(self, step: int) -> None:
        height = len(self.google.standin.values("Projects"))
        at = self.random.randint(HEADER_ROW + 1, height + 1)
        row = [f"ZZ-{step:04d}", f"Inserted row {step}"]
        self.google.insert_row(at, row)
        self.inserted[row[0]] = row

    def _delete(self, step: int) -> None:
        rows = self.google.standin.values("Projects")
        ours = [i for i, r in enumerate(rows) if r and str(r[0]).startswith("ZZ-")]
        if ours:
            index = self.random.choice(ours)
            self.google.delete_row(index + 1)


# --- the editors --------------------------------------------------------------------------


@dataclass
class Answer:
    editor: int
    change: Change
    result: SaveResult | None = None
    error: str = ""


@dataclass
class Scenario:
    google: GoogleBackend
    shared_writer: bool
    answers: list[Answer] = field(default_factory=list)

    def run(self, changes: list[Callable[[Any], Change]]) -> None:
        """Each editor loads the data (or shares one load), then all save at one moment."""
        shared = writer_for(self.google.source) if self.shared_writer else None
        barrier = threading.Barrier(len(changes))
        dataset = self.google.load() if self.shared_writer else None

        def editor(k: int, make: Callable[[Any], Change]) -> None:
            data = dataset if dataset is not None else self.google.load()
            writer = shared or writer_for(self.google.source)
            answer = Answer(k, make(data))
            self.answers.append(answer)
            barrier.wait(timeout=30)
            try:
                answer.result = writer.save(answer.change, context(data, f"editor{k}@vna"))
            except EditError as error:
                answer.error = str(error)

        threads = [
            threading.Thread(target=editor, args=(k, make), daemon=True)
            for k, make in enumerate(changes)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads)


def by_id(standin: SheetsStandIn) -> dict[str, list[Any]]:
    rows = standin.values("Projects")[HEADER_ROW:]
    ids = [str(r[0]) for r in rows if r and r[0] != ""]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert duplicates == [], f"duplicate IDs: {duplicates}"
    return {str(r[0]): r for r in rows if r and r[0] != ""}


def cell(row: list[Any], name: str) -> Any:
    index = HEADER.index(COLUMN_OF.get(name, name))
    value = row[index] if index < len(row) else ""
    return "" if value is None else value


def sheet_form(value: Any) -> Any:
    """A typed value as the stand-in stores it."""
    if isinstance(value, tuple):
        return "; ".join(value)
    return value


def check(scenario: Scenario, before: dict[str, list[Any]], disturber: Disturber) -> dict:
    """Every answer against the cells; returns the counts the matrix reports."""
    standin = scenario.google.standin
    after = by_id(standin)  # asserts 0 duplicate IDs
    saved: dict[tuple[str, str], Any] = {}
    counts = Counter()
    for answer in scenario.answers:
        assert answer.result is not None, f"editor {answer.editor}: {answer.error}"
        for name in answer.result.written:
            saved[(answer.change.project_id, name)] = answer.change.fields[name][1]
            counts["saved fields"] += 1
        counts["conflicts"] += len(answer.result.conflicts)
        for conflict in answer.result.conflicts:
            row = after[answer.change.project_id]
            assert sheet_form(conflict.current) == cell(row, conflict.field)  # told the truth
    lost = [key for key, value in saved.items() if cell(after[key[0]], key[1]) != sheet_form(value)]
    assert lost == [], f"lost edits: {lost}"
    # Nothing else changed: other projects, other fields, and the disturber's own rows.
    wrong = []
    for project_id, row in before.items():
        for name in HEADER:
            if name in ("Updated", "Updated by"):
                continue
            field_name = next((f for f, c in COLUMN_OF.items() if c == name), name)
            if (project_id, field_name) in saved:
                continue
            if cell(after[project_id], field_name) != cell(row, field_name):
                wrong.append((project_id, name))
    for project_id, row in after.items():
        if project_id.startswith("ZZ-") and any(v not in ("", None) for v in row[2:]):
            wrong.append((project_id, "inserted row"))
    assert wrong == [], f"wrong-row writes: {wrong}"
    log = standin.values("Log")[1:] if "Log" in scenario.google.tabs() else []
    logged = Counter((r[2], r[3]) for r in log)
    assert all(n == 1 for n in logged.values()), f"duplicate Log rows: {logged}"
    assert set(logged) == set(saved), "Log rows without a saved change, or a change unlogged"
    for r in log:
        assert r[4] == str(cell(before[r[2]], r[3])) or isinstance(cell(before[r[2]], r[3]), date)
    counts["log rows"] = len(log)
    counts.update({f"disturber {k}": v for k, v in disturber.actions.items()})
    return dict(counts)


@pytest.fixture
def standin() -> Iterator[SheetsStandIn]:
    with SheetsStandIn(tracker(), lifetime_seconds=300) as server:
        yield server


def backend(standin: SheetsStandIn) -> GoogleBackend:
    return GoogleBackend(standin, write_settle_seconds=1.0)


def same_field(project_id: str) -> Callable[[int], Callable[[Any], Change]]:
    def for_editor(k: int) -> Callable[[Any], Change]:
        def make(data: Any) -> Change:
            was = started(data, project_id)
            return Change(project_id, {"Notes": (was["Notes"], f"Note by editor {k}")})

        return make

    return for_editor


def different_fields(project_id: str) -> Callable[[int], Callable[[Any], Change]]:
    def for_editor(k: int) -> Callable[[Any], Change]:
        name, value = EDITABLE[k]

        def make(data: Any) -> Change:
            was = started(data, project_id)
            return Change(project_id, {name: (was[name], value(k))})

        return make

    return for_editor


def different_projects() -> Callable[[int], Callable[[Any], Change]]:
    def for_editor(k: int) -> Callable[[Any], Change]:
        project_id = f"VT-2026-{k + 1:03d}"

        def make(data: Any) -> Change:
            was = started(data, project_id)
            return Change(project_id, {"Notes": (was["Notes"], f"Note by editor {k}")})

        return make

    return for_editor


KINDS = {
    "same field": lambda: same_field("VT-2026-003"),
    "different fields": lambda: different_fields("VT-2026-004"),
    "different projects": different_projects,
}


@pytest.mark.parametrize("sharing", ["own writers", "one writer"])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("editors", [2, 5, 10])
def test_simultaneous_saves_while_rows_move_lose_and_misplace_nothing(
    standin: SheetsStandIn, editors: int, kind: str, sharing: str, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="lib.edit.google_sheet")
    google = backend(standin)
    standin.delay(0.01, times=-1)  # added latency on every request
    before = by_id(standin)
    scenario = Scenario(google, shared_writer=sharing == "one writer")
    factory = KINDS[kind]()
    with Disturber(backend(standin), seed=editors * 7 + len(kind)) as disturber:
        scenario.run([factory(k) for k in range(editors)])
    standin.clear_faults()

    counts = check(scenario, before, disturber)
    if kind == "same field":
        # exactly one saved; every other editor sees the winner's value in the conflict
        assert counts["saved fields"] == 1 and counts["conflicts"] == editors - 1
    else:
        assert counts["saved fields"] == editors and counts["conflicts"] == 0
    assert counts["log rows"] == counts["saved fields"]
    # writes that reached another row after it moved in, found and put back before "Saved"
    counts["put back"] = sum("putting back" in r.getMessage() for r in caplog.records)
    print(f"{editors} editors, {kind}, {sharing}: {counts}")


# --- faults in the middle of a save -------------------------------------------------------

CELL_UPDATE = "values:batchUpdate"
PROJECT_APPEND = '"appendCells":{"sheetId":0,'
LOG_APPEND = '"fields":"userEnteredValue"}'  # the Log's appendCells (text cells only)


def save_notes(google: GoogleBackend, text: str, project_id: str = "VT-2026-005") -> SaveResult:
    dataset = google.load()
    was = started(dataset, project_id)
    return google.writer.save(
        Change(project_id, {"Notes": (was["Notes"], text)}), context(dataset, "lan@vna")
    )


FAULTS = {
    "429 mid-save": lambda s, match: s.fail(429, times=2, match=match),
    "500 before applying": lambda s, match: s.fail(500, times=1, match=match),
    "applied then 500": lambda s, match: s.fail(500, times=1, match=match, after=True),
    "applied then timeout": lambda s, match: s.delay(2.5, times=1, match=match, after=True),
    "held past the timeout": lambda s, match: s.delay(2.5, times=1, match=match),
}


@pytest.mark.parametrize("target", ["cell update", "Log append"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_in_a_save_gives_exactly_one_write_and_one_log_row(
    standin: SheetsStandIn, fault: str, target: str
):
    google = GoogleBackend(standin, request_timeout_seconds=1.0, write_settle_seconds=3.0)
    save_notes(google, "first")  # the Log exists: its appends are the ones to hit
    FAULTS[fault](standin, CELL_UPDATE if target == "cell update" else LOG_APPEND)

    result = save_notes(google, "second")

    standin.clear_faults()
    assert result.saved and result.written == ("Notes",)
    assert cell(by_id(standin)["VT-2026-005"], "Notes") == "second"
    log = [r[3:] for r in standin.values("Log")[1:]]
    assert log == [["Notes", "start note 5", "first"], ["Notes", "first", "second"]]


def test_a_late_landing_write_never_overwrites_a_colleagues_newer_value(standin: SheetsStandIn):
    google = GoogleBackend(standin, request_timeout_seconds=1.0, write_settle_seconds=3.0)
    standin.delay(2.0, times=1, match=CELL_UPDATE)  # lands 1 s after the client gave up
    result = save_notes(google, "from the app")
    # Only now, after the app said Saved, does a colleague type into the same cell.
    google.type_into("VT-2026-005", "Notes", "colleague's newer note")
    time.sleep(1.5)  # longer than any request of the save could still be in flight

    assert result.saved
    assert cell(by_id(standin)["VT-2026-005"], "Notes") == "colleague's newer note"
    assert len([r for r in standin.requests if r["path"].endswith(CELL_UPDATE)]) == 1


# --- adding projects at once --------------------------------------------------------------


def add_all(google: GoogleBackend, count: int, shared: bool) -> list[Any]:
    writer = writer_for(google.source) if shared else None
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def person(k: int) -> None:
        data = google.load()
        project = NewProject(
            {"Title": f"New project {k}", "Partner": ["TASS"], "Stage": "Proposed"}
        )
        barrier.wait(timeout=30)
        try:
            outcomes[k] = (writer or writer_for(google.source)).add(project, context(data))
        except EditError as error:
            outcomes[k] = error

    threads = [threading.Thread(target=person, args=(k,), daemon=True) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize("shared", [False, True], ids=["own writers", "one writer"])
@pytest.mark.parametrize("count", [5, 10])
def test_simultaneous_adds_get_unique_ids_and_a_failed_one_is_never_reported_added(
    standin: SheetsStandIn, count: int, shared: bool
):
    google = GoogleBackend(standin, write_settle_seconds=0.5, retry_attempts=1)
    # One add's append is refused outright (a 400 writes nothing, and is not retried).
    standin.fail(400, times=1, match=PROJECT_APPEND)
    with Disturber(backend(standin), seed=count):
        outcomes = add_all(google, count, shared)
    standin.clear_faults()

    added = [o for o in outcomes if not isinstance(o, EditError)]
    failed = [o for o in outcomes if isinstance(o, EditError)]
    assert len(failed) == 1 and len(added) == count - 1
    rows = by_id(standin)  # 0 duplicate IDs
    titles = {str(cell(r, "Title")): pid for pid, r in rows.items()}
    for result in added:  # every "Added" is true: its own row, under the ID it was told
        assert rows[result.project_id][1].startswith("New project ")
    assert sorted(r.project_id for r in added) == sorted(
        pid for title, pid in titles.items() if title.startswith("New project ")
    )
    log = standin.values("Log")[1:]
    assert Counter((r[2], r[3]) for r in log) == Counter(
        (r.project_id, name) for r in added for name in r.written
    )


@pytest.mark.parametrize(
    "fault", ["applied then 500", "applied then timeout", "held past the timeout"]
)
def test_a_new_project_whose_append_is_lost_in_flight_is_added_exactly_once(
    standin: SheetsStandIn, fault: str
):
    google = GoogleBackend(standin, request_timeout_seconds=1.0, write_settle_seconds=3.0)
    FAULTS[fault](standin, PROJECT_APPEND)
    dataset = google.load()

    result = google.writer.add(
        NewProject({"Title": "Lost in flight", "Partner": ["TASS"], "Stage": "Proposed"}),
        context(dataset),
    )

    time.sleep(0.5 if fault != "held past the timeout" else 0)
    rows = by_id(standin)
    assert [pid for pid, r in rows.items() if cell(r, "Title") == "Lost in flight"] == [
        result.project_id
    ]
    log = [tuple(r[2:4]) for r in standin.values("Log")[1:]]
    assert sorted(log) == sorted((result.project_id, name) for name in result.written)
    assert set(result.written) == {"ID", "Title", "Partner", "Stage"}


def test_a_writer_that_shares_nothing_but_the_spreadsheet_key_still_waits_its_turn(
    standin: SheetsStandIn,
):
    """The lock belongs to the spreadsheet, not to a source or writer object."""
    first, second = backend(standin), backend(standin)
    assert first.source is not second.source
    writers = [SheetWriter(first.source), SheetWriter(second.source)]
    data = first.load()
    was = started(data, "VT-2026-006")
    barrier = threading.Barrier(2)
    results: list[SaveResult] = []

    def save(k: int) -> None:
        barrier.wait(timeout=10)
        change = Change("VT-2026-006", {"Stage": (was["Stage"], ("Editing", "Partner review")[k])})
        results.append(writers[k].save(change, context(data, f"editor{k}")))

    threads = [threading.Thread(target=save, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.saved for r in results) == [False, True]

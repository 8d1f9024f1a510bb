"""Where the change history is kept: SQLite in the data folder, or PostgreSQL for several servers.

SQLAlchemy Core, so one set of statements serves both. The app creates and migrates its own
schema (`SCHEMA_VERSION`, `MIGRATIONS`); nobody has to run a tool before the first start.

A change is recorded once however many watchers look at one sheet: every record has a key that
is unique per source (insert-or-ignore), and the snapshot a load is compared with is advanced by
compare-and-set on its revision, so of two watchers that compared with the same snapshot only
one records what it found; the other starts again from the new snapshot and finds nothing new.

Every problem of the database (a corrupt or unwritable file, a lock held too long, a full disk,
a server that does not answer) comes out as `HistoryUnavailable` with a reason fit to show; the
dashboards never depend on the history.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from lib.config import ConfigError, Settings, writable_data_dir
from lib.history.compare import Snapshot

SCHEMA_VERSION = 1
DATABASE_FILE = "history.sqlite3"
SQLITE_BUSY_SECONDS = 5.0  # how long a write waits for another process's lock on the file
RECORD_ATTEMPTS = 5  # of compare-and-set, when another watcher advanced the snapshot meanwhile
BULK_RECORDS = 50  # more records than this (a first load) go in one statement

metadata = sa.MetaData()

schema_table = sa.Table(
    "history_schema",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)
snapshots_table = sa.Table(
    "history_snapshots",
    metadata,
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)
changes_table = sa.Table(
    "history_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("project_id", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("old", sa.Text, nullable=False, default=""),
    sa.Column("new", sa.Text, nullable=False, default=""),
    sa.Column("kind", sa.String(16), nullable=False),  # changed, added, vanished, baseline
    sa.Column("origin", sa.String(16), nullable=False),  # sheet, app, demo
    sa.Column("author", sa.Text, nullable=False, default=""),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("source", "key", name="history_changes_once"),
    sa.Index("history_changes_project", "source", "project_id"),
    sa.Index("history_changes_field", "source", "field", "seen_at"),
)


def _migrate_to_1(connection: Connection) -> None:
    metadata.create_all(connection, tables=[snapshots_table, changes_table])


# Version N is reached by MIGRATIONS[N - 1]; a new version appends one, never edits an old one.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_migrate_to_1,)
assert len(MIGRATIONS) == SCHEMA_VERSION


class HistoryUnavailable(RuntimeError):
    """The history cannot be read or written now; the message says why, without secrets."""


@dataclass(frozen=True)
class Record:
    """One row of the history."""

    key: str  # unique per source: what makes a change recorded once
    project_id: str
    field: str
    old: str
    new: str
    kind: str
    origin: str
    author: str
    seen_at: datetime


@dataclass(frozen=True)
class Base:
    """The snapshot the next load is compared with (None before the first load)."""

    revision: int
    started_at: datetime
    taken_at: datetime
    body: Snapshot


# (the snapshot to compare with or None, log keys already recorded) → (records, new snapshot)
Planner = Callable[[Base | None, frozenset[str]], tuple[list[Record], Snapshot]]

CHANGE_COLUMNS = ("project_id", "field", "old", "new", "kind", "origin", "author", "seen_at")


def default_url() -> str:
    folder = writable_data_dir()
    return f"sqlite:///{folder / DATABASE_FILE}"


def database_url(settings: Settings) -> str:
    return settings.history_database_url or default_url()


def is_postgresql(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


def described(url: str) -> str:
    """The database named for people: the file, or the server and database, never a password."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database or "").name or "SQLite"
    return f"PostgreSQL {parsed.host or 'local'}/{parsed.database or ''}"


_engines: dict[tuple[str, float], Engine] = {}
_engines_guard = threading.Lock()


def engine_for(url: str, *, busy_seconds: float = SQLITE_BUSY_SECONDS) -> Engine:
    """One engine (a connection pool) per database, shared by the store and the save lock."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if is_postgresql(url) and url.split(":", 1)[0] == "postgresql":
        url = "postgresql+psycopg:" + url.split(":", 1)[1]  # the pinned driver
    with _engines_guard:
        engine = _engines.get((url, busy_seconds))
        if engine is None:
            try:
                if url.startswith("sqlite"):
                    engine = sa.create_engine(
                        url, connect_args={"timeout": busy_seconds}, poolclass=sa.pool.NullPool
                    )
                else:
                    # A lock held elsewhere fails a statement after busy_seconds, as on
                    # SQLite, instead of holding the load (and every viewer) indefinitely.
                    wait = int(busy_seconds * 1000)
                    engine = sa.create_engine(
                        url,
                        pool_pre_ping=True,
                        pool_size=2,
                        connect_args={
                            "connect_timeout": 10,
                            "options": f"-c lock_timeout={wait}",
                        },
                    )
            except (SQLAlchemyError, ImportError, ValueError) as error:
                raise HistoryUnavailable(
                    f"history_database_url cannot be used ({type(error).__name__})."
                ) from None
            _engines[(url, busy_seconds)] = engine
        return engine


def _reason(error: BaseException, url: str) -> str:
    """What went wrong, in words a sheet owner can act on; driver messages can hold the URL
    (and its password), so only known phrases are kept."""
    text = str(getattr(error, "orig", error) or error).lower()
    where = described(url)
    for phrase, reason in (
        ("file is not a database", "the file is damaged (not a database)"),
        ("malformed", "the file is damaged"),
        ("database is locked", "another process holds the database locked"),
        ("lock timeout", "another process holds the database locked"),
        ("disk is full", "the disk is full"),
        ("readonly", "the file or its folder is read-only"),
        ("read-only", "the file or its folder is read-only"),
        ("unable to open", "the file cannot be opened (check the folder's permissions)"),
        ("password authentication", "the server refused the user name or password"),
        ("connection refused", "the server does not answer"),
        ("timeout", "the server did not answer in time"),
        ("does not exist", "the database does not exist"),
    ):
        if phrase in text:
            return f"{where}: {reason}"
    return f"{where}: {type(getattr(error, 'orig', error) or error).__name__}"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Store:
    """The history of every source kept in one database."""

    def __init__(self, url: str, *, busy_seconds: float = SQLITE_BUSY_SECONDS) -> None:
        self.url = url
        self.engine = engine_for(url, busy_seconds=busy_seconds)
        self._migrated = False

    @classmethod
    def configured(cls, settings: Settings) -> Store:
        try:
            return cls(database_url(settings))
        except ConfigError as error:
            raise HistoryUnavailable(str(error)) from None

    @property
    def name(self) -> str:
        return described(self.url)

    def _guard(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except HistoryUnavailable:
            raise
        except (SQLAlchemyError, OSError) as error:
            raise HistoryUnavailable(_reason(error, self.url)) from None

    # --- schema --------------------------------------------------------------------------

    def migrate(self) -> int:
        """Create the tables or bring them to SCHEMA_VERSION; the version the database is at."""
        if self._migrated:
            return SCHEMA_VERSION
        version = self._guard(self._migrate)
        self._migrated = True
        return version

    def _migrate(self) -> int:
        with self.engine.begin() as connection:
            if is_postgresql(self.url):  # two servers starting at once migrate one at a time
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(7318250001)"))
            metadata.create_all(connection, tables=[schema_table])
            row = connection.execute(sa.select(schema_table.c.version)).first()
            version = row.version if row else 0
            if version > SCHEMA_VERSION:
                raise HistoryUnavailable(
                    f"{self.name}: it was written by a newer version of the app "
                    f"(schema {version}); update the app."
                )
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](connection)
            if row is None:
                connection.execute(sa.insert(schema_table).values(id=1, version=SCHEMA_VERSION))
            elif version != SCHEMA_VERSION:
                connection.execute(sa.update(schema_table).values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION

    # --- recording -----------------------------------------------------------------------

    def record(self, source: str, plan: Planner, now: datetime) -> list[Record]:
        """Compare one load with the stored snapshot and keep what changed, exactly once.

        `plan` is called with the snapshot to compare with (and the Log keys already kept) and
        may be called again if another watcher recorded in between. Returns what this call
        added; a record another watcher already kept is not among them.
        """
        self.migrate()
        for _ in range(RECORD_ATTEMPTS):
            done = self._guard(lambda: self._record_once(source, plan, now))
            if done is not None:
                return done
        raise HistoryUnavailable(f"{self.name}: other watchers kept recording; tried again later")

    def _record_once(self, source: str, plan: Planner, now: datetime) -> list[Record] | None:
        with self.engine.begin() as connection:
            base = self._base(connection, source)
            known = frozenset(
                connection.execute(
                    sa.select(changes_table.c.key).where(
                        changes_table.c.source == source, changes_table.c.key.like("log:%")
                    )
                ).scalars()
            )
            records, body = plan(base, known)
            if not self._advance(connection, source, base, body, bool(records), now):
                connection.rollback()
                return None  # another watcher recorded this load first: compare again
            if len(records) > BULK_RECORDS:
                added = self._insert_many(connection, source, records)
            else:
                added = [r for r in records if self._insert(connection, source, r)]
        return added

    def _base(self, connection: Connection, source: str) -> Base | None:
        row = connection.execute(
            sa.select(snapshots_table).where(snapshots_table.c.source == source)
        ).first()
        if row is None:
            return None
        return Base(row.revision, _utc(row.started_at), _utc(row.taken_at), json.loads(row.body))

    def _advance(
        self,
        connection: Connection,
        source: str,
        base: Base | None,
        body: Snapshot,
        changed: bool,
        now: datetime,
    ) -> bool:
        """Move the snapshot on from `base`; False when someone else moved it first."""
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        if base is None:
            inserted = connection.execute(
                self._insert_or_ignore(snapshots_table, ["source"])
                .values(source=source, revision=1, started_at=now, taken_at=now, body=text)
                .returning(snapshots_table.c.source)
            )
            return inserted.first() is not None
        values: dict[str, Any] = {"taken_at": now}
        if changed:
            values.update(revision=base.revision + 1, body=text)
        updated = connection.execute(
            sa.update(snapshots_table)
            .where(
                snapshots_table.c.source == source,
                snapshots_table.c.revision == base.revision,
            )
            .values(**values)
        )
        return updated.rowcount == 1

    @staticmethod
    def _row(source: str, record: Record) -> dict[str, Any]:
        return {
            "source": source,
            "key": record.key[:200],
            "project_id": record.project_id,
            "field": record.field,
            "old": record.old,
            "new": record.new,
            "kind": record.kind,
            "origin": record.origin,
            "author": record.author,
            "seen_at": record.seen_at,
        }

    def _insert_many(
        self, connection: Connection, source: str, records: list[Record]
    ) -> list[Record]:
        """Many records in one statement; those already kept are skipped (as one by one)."""
        keys = [r.key[:200] for r in records]
        kept: set[str] = set()
        for start in range(0, len(keys), 500):  # bounded IN lists
            kept |= set(
                connection.execute(
                    sa.select(changes_table.c.key).where(
                        changes_table.c.source == source,
                        changes_table.c.key.in_(keys[start : start + 500]),
                    )
                ).scalars()
            )
        fresh = [r for r in records if r.key[:200] not in kept]
        if fresh:
            connection.execute(
                self._insert_or_ignore(changes_table, ["source", "key"]),
                [self._row(source, r) for r in fresh],
            )
        return fresh

    def _insert(self, connection: Connection, source: str, record: Record) -> bool:
        result = connection.execute(
            self._insert_or_ignore(changes_table, ["source", "key"])
            .values(**self._row(source, record))
            .returning(changes_table.c.id)
        )
        # RETURNING says whether the row went in: rowcount is not reliable for an insert
        # that may be ignored on every driver.
        return result.first() is not None

    def _insert_or_ignore(self, table: sa.Table, keys: Sequence[str]):
        dialect = postgresql if is_postgresql(self.url) else sqlite
        return dialect.insert(table).on_conflict_do_nothing(index_elements=list(keys))

    # --- reading -------------------------------------------------------------------------

    def changes(self, source: str, project_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Every record of a source, oldest first (one project's or a few, when asked)."""
        self.migrate()
        query = sa.select(*(changes_table.c[c] for c in CHANGE_COLUMNS)).where(
            changes_table.c.source == source
        )
        if project_ids is not None:
            query = query.where(changes_table.c.project_id.in_(list(project_ids)))
        query = query.order_by(changes_table.c.seen_at, changes_table.c.id)

        def read() -> list[Any]:
            with self.engine.connect() as connection:
                return list(connection.execute(query))

        rows = self._guard(read)
        frame = pd.DataFrame([tuple(r) for r in rows], columns=list(CHANGE_COLUMNS))
        frame["seen_at"] = pd.to_datetime(
            [_utc(v) for v in frame["seen_at"]] if len(frame) else [], utc=True
        )
        return frame

    def started_at(self, source: str) -> datetime | None:
        """When this source's history began (its first load), or None before that."""
        self.migrate()

        def read() -> datetime | None:
            with self.engine.connect() as connection:
                base = self._base(connection, source)
            return base.started_at if base else None

        return self._guard(read)

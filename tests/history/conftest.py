"""The history's databases for the tests: SQLite in a temporary folder, and a real PostgreSQL
server started for the session (skipped, saying why, only when it is not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import pytest
import sqlalchemy as sa

from tests.fixtures.postgres import binaries, postgres_server

_databases = count(1)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed and could not be (make test installs it as root)")
    with postgres_server() as url:
        yield url


def fresh_postgres_database(server_url: str) -> str:
    """A database of its own for one test, on the session's server."""
    name = f"history_{next(_databases)}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Each store test runs on both kinds of database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'history.sqlite3'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"))

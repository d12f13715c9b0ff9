"""Which database and FSM storage the suite runs on.

By default every test gets its own SQLite file. With ``TEST_POSTGRES_URL`` set (a server
login that may create databases, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``) every
test gets its own PostgreSQL database instead, copied from a template migrated once per run;
with ``TEST_REDIS_URL`` set, bot processes keep conversation state in Redis. ``.ci/run`` runs
the suite both ways.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
TEMPLATE = "mentorbot_test_template"
PREFIX = "mentorbot_t_"


def on_postgres() -> bool:
    return bool(POSTGRES_URL)


def _libpq_url(database: str) -> str:
    url = make_url(POSTGRES_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def async_url(database: str) -> str:
    url = make_url(POSTGRES_URL).set(drivername="postgresql+asyncpg", database=database)
    return url.render_as_string(hide_password=False)


@contextmanager
def _admin() -> Iterator[Any]:
    import psycopg

    with psycopg.connect(_libpq_url(make_url(POSTGRES_URL).database or "postgres")) as conn:
        conn.autocommit = True
        yield conn


def prepare_template() -> None:
    """Create the migrated template every test database is copied from (once per run)."""
    import asyncio

    from bot.infra.db import create_engine, upgrade_database

    drop_database(TEMPLATE)
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')

    async def migrate() -> None:
        engine = create_engine(async_url(TEMPLATE))
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())


SHARED = "mentorbot_test_shared"


def prepare_shared() -> None:
    """One migrated database that unit tests share, emptied before each test."""
    drop_database(SHARED)
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{SHARED}" TEMPLATE "{TEMPLATE}"')


def empty_shared() -> str:
    """TRUNCATE is ~50x faster than a new database per test, and as clean."""
    import psycopg

    from models import Base

    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with psycopg.connect(_libpq_url(SHARED)) as conn:
        conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return async_url(SHARED)


def create_database(*, migrated: bool = True) -> str:
    name = PREFIX + secrets.token_hex(6)
    template = TEMPLATE if migrated else "template0"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_leftovers() -> None:
    """Databases of an earlier run that was killed before its teardown."""
    with _admin() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",)
        ).fetchall()
    for (name,) in rows:
        drop_database(name)


def query(database: str, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Run the harness's SQLite-style SQL ("?" placeholders) against PostgreSQL."""
    import psycopg

    with psycopg.connect(_libpq_url(database)) as conn:
        # a literal % (LIKE 'carry:%') is psycopg's placeholder mark: doubled first
        return conn.execute(sql.replace("%", "%%").replace("?", "%s"), params).fetchall()

"""Migrations go up and down cleanly, and the models never drift from them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db import create_engine, dialect_filter, downgrade_database, upgrade_database
from models import Base


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "include_object": dialect_filter(connection.dialect.name)},
    )
    return list(compare_metadata(context, Base.metadata))


async def test_upgrade_downgrade_upgrade(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
        await downgrade_database(engine, "base")
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await upgrade_database(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
    finally:
        await engine.dispose()


async def test_models_match_migrations(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_busy_timeout(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite settings; PostgreSQL needs none of them")
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
            fks = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        assert mode == "wal"
        assert timeout is not None
        assert int(timeout) >= 5000
        assert fks == 1
    finally:
        await engine.dispose()

"""Migrations go up and down cleanly, and the models never drift from them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.infra.db import create_engine, dialect_filter, downgrade_database, upgrade_database
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


def _fill(connection: Connection, table_name: str, **values: object) -> int:
    """Insert a row into the table as the database has it now, filling every required column
    the test does not care about with a plain value of its type."""
    from datetime import UTC, date, datetime

    from sqlalchemy import Date, DateTime, Integer, MetaData, String, Table, Text

    table = Table(table_name, MetaData(), autoload_with=connection)
    row: dict[str, object] = {}
    for column in table.columns:
        if column.name in values:
            row[column.name] = values[column.name]
        elif column.primary_key or column.nullable:
            continue
        elif isinstance(column.type, DateTime):
            row[column.name] = datetime(2026, 9, 1, tzinfo=UTC)
        elif isinstance(column.type, Date):
            row[column.name] = date(2026, 9, 1)
        elif isinstance(column.type, Integer):
            row[column.name] = 0
        elif isinstance(column.type, String | Text):
            row[column.name] = "x"
        else:
            row[column.name] = False
    result = connection.execute(table.insert().values(row))
    key = result.inserted_primary_key
    return int(key[0]) if key and key[0] is not None else 0


def _seed_filed_pair(connection: Connection) -> None:
    org = _fill(connection, "organizations", name="Школа", kind="school", timezone="UTC")
    users = [_fill(connection, "users", telegram_id=tg, locale="ru") for tg in (1, 2)]
    mentor, mentee = (
        _fill(connection, "memberships", user_id=u, org_id=org, role=r, load=0)
        for u, r in zip(users, ("mentor", "mentee"), strict=True)
    )
    pairing = _fill(
        connection,
        "pairings",
        org_id=org,
        mentor_membership_id=mentor,
        form="teacher_teacher",
        type="traditional",
    )
    _fill(
        connection,
        "assignments",
        pairing_id=pairing,
        org_id=org,
        mentor_membership_id=mentor,
        mentee_membership_id=mentee,
        state="active",
        is_open=True,
        mentor_reply="accepted",
        mentee_reply="accepted",
    )
    for sequence in (1, 2):
        _fill(
            connection,
            "meetings",
            pairing_id=pairing,
            org_id=org,
            sequence=sequence,
            kind="organizational",
            status="planned",
        )


def _counts(connection: Connection) -> dict[str, int]:
    from sqlalchemy import text

    tables = ("users", "memberships", "pairings", "assignments", "meetings")
    return {
        t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables
    }


async def test_0007_keeps_every_pair_and_meeting_of_a_filled_database(fresh_db_url: str) -> None:
    """0007 rebuilds the memberships table on SQLite: with foreign keys on, dropping the old
    table would cascade into every pair and meeting (it did, before bot.infra.db turned them off)."""
    engine = create_engine(fresh_db_url)
    try:
        await upgrade_database(engine, "0006")
        async with engine.begin() as conn:
            await conn.run_sync(_seed_filed_pair)
            before = await conn.run_sync(_counts)
        assert before == {
            "users": 2,
            "memberships": 2,
            "pairings": 1,
            "assignments": 1,
            "meetings": 2,
        }
        await upgrade_database(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_counts) == before
            if conn.dialect.name == "sqlite":
                assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        await downgrade_database(engine, "0006")
        async with engine.connect() as conn:
            assert await conn.run_sync(_counts) == before
    finally:
        await engine.dispose()

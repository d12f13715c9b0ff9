"""Migration 0009 (the head, orders) on a database filled with today's data: every row and
column that existed before is unchanged, every school keeps the curator's confirmation, and no
pair is marked as sent for approval or fixed by an order."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bench.bench_reports import seed
from bot.infra.db import create_engine, downgrade_database, upgrade_database

BEFORE = "0008"
NEW_COLUMNS = {"organizations": {"pair_fixing"}, "assignments": {"submitted_at", "order_id"}}


def _snapshot(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    result: dict[str, list[tuple[Any, ...]]] = {}
    inspector = inspect(connection)
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        columns = [c["name"] for c in inspector.get_columns(table)]
        old = [c for c in columns if c not in NEW_COLUMNS.get(table, set())]
        names = ", ".join(f'"{c}"' for c in old)
        rows = connection.execute(text(f'SELECT {names} FROM "{table}" ORDER BY 1')).all()
        result[table] = [tuple(row) for row in rows]
    return result


@pytest.mark.timeout(300)
async def test_existing_data_survives_0009_and_keeps_the_curators_confirmation(
    fresh_db_url: str,
) -> None:
    await seed(fresh_db_url, schools=2, pairs=12)
    engine = create_engine(fresh_db_url)
    try:
        await downgrade_database(engine, BEFORE)
        async with engine.connect() as conn:
            before = await conn.run_sync(_snapshot)
        assert "orders" not in before
        assert before["assignments"]
        assert before["organizations"]
        await upgrade_database(engine, "0009")
        async with engine.connect() as conn:
            after = await conn.run_sync(_snapshot)
            modes = set(
                (await conn.execute(text("SELECT DISTINCT pair_fixing FROM organizations")))
                .scalars()
                .all()
            )
            marked = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM assignments "
                        "WHERE submitted_at IS NOT NULL OR order_id IS NOT NULL"
                    )
                )
            ).scalar_one()
        for table, rows in before.items():
            assert after[table] == rows, table
        assert set(after) - set(before) == {"orders"}
        assert modes == {"curator"}
        assert marked == 0
    finally:
        await engine.dispose()

"""Migration 0010 (personalized programs) on a filled database: down and up again, the pairs'
programs and goals keep their rows, and programs made before it are drafts."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bench.bench_reports import seed
from bot.infra.db import create_engine, downgrade_database, upgrade_database


@pytest.mark.timeout(300)
async def test_programs_survive_0010_down_and_up(fresh_db_url: str) -> None:
    await seed(fresh_db_url, schools=1, pairs=6)
    engine = create_engine(fresh_db_url)
    periods = "SELECT pairing_id, start_on, end_on FROM programs ORDER BY pairing_id"
    try:
        async with engine.connect() as conn:
            await conn.execute(
                text(
                    "UPDATE programs SET state = 'approved', version = 3, comment = 'ok', "
                    "approved_by = (SELECT min(id) FROM users), approved_at = CURRENT_TIMESTAMP "
                    "WHERE id = (SELECT min(id) FROM programs)"
                )
            )
            await conn.commit()
            before = (await conn.execute(text(periods))).all()
        assert before
        await downgrade_database(engine, "0009")
        async with engine.connect() as conn:
            assert (await conn.execute(text(periods))).all() == before
            columns = (await conn.execute(text("SELECT * FROM programs LIMIT 1"))).keys()
            assert "state" not in columns
            assert "approved_by" not in columns
        await upgrade_database(engine)
        async with engine.connect() as conn:
            assert (await conn.execute(text(periods))).all() == before
            states = (
                await conn.execute(text("SELECT DISTINCT state, version FROM programs"))
            ).all()
        assert states == [("draft", 0)]
    finally:
        await engine.dispose()

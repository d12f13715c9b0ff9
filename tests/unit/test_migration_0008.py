"""Migration 0008 (pupils, parents' consent) on a database filled with today's teacher data.

The data comes from the reports benchmark's seed: a municipal office, schools, curators, mentors
and mentees with questionnaires, pairs and groups, meeting plans with held and missed meetings,
surveys. It is written at head, brought down to 0007 (the schema before pupils) and snapshotted,
then upgraded again: every row and every column that existed before must be unchanged, and the
new columns must say "teacher" or nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bench.bench_reports import seed
from bot.infra.db import create_engine, downgrade_database, upgrade_database

BEFORE = "0007"
NEW_COLUMNS = {
    "invites": {"audience"},
    "memberships": {"audience", "grade", "mentor_kind"},
    "organizations": {"pupils_total", "enabled_forms"},
    "pairings": {"safeguarding_checked_at", "safeguarding_checked_by"},
    "users": {"age_band"},
}
NEW_TABLES = {"guardian_requests", "guardianships"}


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
async def test_teacher_data_survives_0008_unchanged(fresh_db_url: str) -> None:
    await seed(fresh_db_url, schools=2, pairs=24)
    engine = create_engine(fresh_db_url)
    try:
        await downgrade_database(engine, BEFORE)
        async with engine.connect() as conn:
            # a withdrawn participant's anonymous tombstone, as 0007 keeps them
            await conn.execute(
                text(
                    "UPDATE memberships SET user_id = NULL, withdrawn_at = CURRENT_TIMESTAMP "
                    "WHERE id = (SELECT min(id) FROM memberships WHERE role = 'mentee')"
                )
            )
            # the seed leaves out consents and the outbox: add them as 0007's flows write them
            await conn.execute(
                text(
                    "INSERT INTO consents (user_id, org_id, kind, text_version, locale, "
                    "accepted_at) SELECT m.user_id, m.org_id, 'personal_data', '2026-11-v2', "
                    "'ru', CURRENT_TIMESTAMP FROM memberships m WHERE m.user_id IS NOT NULL"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO outbox (chat_id, text, parse_mode, kind, dedupe_key, not_before, "
                    "state, attempts, next_attempt_at, created_at) SELECT u.telegram_id, "
                    "'Напоминание', 'HTML', 'reminder', 'seed:' || u.id, CURRENT_TIMESTAMP, "
                    "'pending', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM users u"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO outbox_mentions (outbox_id, user_id) "
                    "SELECT o.id, u.id FROM outbox o JOIN users u ON o.chat_id = u.telegram_id"
                )
            )
            await conn.commit()
            before = await conn.run_sync(_snapshot)
        assert not NEW_TABLES & set(before)
        filled = {table for table, rows in before.items() if rows}
        # the seed really filled today's tables, so the comparison below means something
        assert {
            "organizations",
            "users",
            "memberships",
            "consents",
            "outbox",
            "outbox_mentions",
            "questionnaire_responses",
            "answers",
            "pairings",
            "assignments",
            "programs",
            "meetings",
        } <= filled

        # to 0008 itself: later migrations add columns of their own (test_migration_0009.py)
        await upgrade_database(engine, "0008")
        async with engine.connect() as conn:
            after = await conn.run_sync(_snapshot)
            audiences = set(
                (await conn.execute(text("SELECT DISTINCT audience FROM memberships"))).scalars()
            )
            invite_audiences = set(
                (await conn.execute(text("SELECT DISTINCT audience FROM invites"))).scalars()
            )
            extras = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM memberships WHERE grade IS NOT NULL "
                        "OR mentor_kind IS NOT NULL"
                    )
                )
            ).scalar_one()
            forms = (
                await conn.execute(
                    text("SELECT count(*) FROM organizations WHERE enabled_forms IS NOT NULL")
                )
            ).scalar_one()
        for table, rows in before.items():
            assert after[table] == rows, table
        assert set(after) - set(before) == NEW_TABLES
        assert audiences == {"teacher"}
        assert invite_audiences <= {"teacher"}
        assert extras == 0
        # None means "the teacher forms", which is what these schools run today
        assert forms == 0
    finally:
        await engine.dispose()


async def test_downgrade_refuses_to_mislabel_pupils(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as conn:
            await conn.execute(
                text(
                    "INSERT INTO organizations (name, kind, timezone, created_at) "
                    "VALUES ('Школа', 'school', 'Europe/Moscow', CURRENT_TIMESTAMP)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO users (telegram_id, locale, created_at) "
                    "VALUES (5, 'ru', CURRENT_TIMESTAMP)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO memberships (user_id, org_id, role, audience, grade, load, "
                    "created_at) SELECT u.id, o.id, 'mentee', 'pupil', 7, 0, CURRENT_TIMESTAMP "
                    "FROM users u, organizations o"
                )
            )
            await conn.commit()
        with pytest.raises(RuntimeError, match="cannot downgrade below 0008"):
            await downgrade_database(engine, BEFORE)
        async with engine.connect() as conn:
            grade = (await conn.execute(text("SELECT grade FROM memberships"))).scalar_one()
        assert grade == 7
    finally:
        await engine.dispose()

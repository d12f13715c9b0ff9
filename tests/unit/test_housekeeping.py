"""Conversations of people who never consented are purged; registered people keep theirs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmRecord, User
from scheduler.housekeeping import ABANDONED_AFTER, purge_abandoned_conversations
from scheduler.setup import build_scheduler
from tests.unit.app_factory import make_deps

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value


async def _seed(session_factory: async_sessionmaker[AsyncSession]) -> None:
    old = NOW - ABANDONED_AFTER - timedelta(minutes=1)
    fresh = NOW - timedelta(minutes=5)
    async with session_factory() as session, session.begin():
        session.add(User(telegram_id=1, locale="ru", created_at=old))
        session.add_all(
            [
                FsmRecord(key="registered-old", user_id=1, state="s", data={}, updated_at=old),
                FsmRecord(
                    key="stranger-old", user_id=2, state=None, data={"locale": "en"}, updated_at=old
                ),
                FsmRecord(key="stranger-fresh", user_id=3, state="s", data={}, updated_at=fresh),
            ]
        )


async def _keys(session_factory: async_sessionmaker[AsyncSession]) -> set[str]:
    async with session_factory() as session:
        return set(await session.scalars(select(FsmRecord.key)))


async def test_purge_keeps_registered_and_recent(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory)
    assert await purge_abandoned_conversations(session_factory, FixedClock(NOW)) == 1
    assert await _keys(session_factory) == {"registered-old", "stranger-fresh"}
    assert await purge_abandoned_conversations(session_factory, FixedClock(NOW)) == 0


async def test_the_real_scheduler_runs_the_job(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory)
    scheduler = build_scheduler(make_deps(session_factory, FixedClock(NOW)))
    scheduler.start()
    try:
        job = scheduler.get_job("purge_abandoned_conversations")
        assert job is not None
        job.modify(next_run_time=datetime.now(UTC))
        for _ in range(100):
            if "stranger-old" not in await _keys(session_factory):
                break
            await asyncio.sleep(0.05)
        assert await _keys(session_factory) == {"registered-old", "stranger-fresh"}
    finally:
        scheduler.shutdown(wait=False)

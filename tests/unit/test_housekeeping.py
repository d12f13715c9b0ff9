"""Conversations of people who never consented are purged; registered people keep theirs.
Handled update ids are forgotten after the retention, in chunks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from models import FsmRecord, ProcessedUpdate, User
from scheduler.housekeeping import (
    ABANDONED_AFTER,
    forget_old_update_ids,
    purge_abandoned_conversations,
)
from scheduler.setup import HOUSEKEEPING_EVERY, HOUSEKEEPING_FIRST_RUN, build_scheduler
from services import processed_updates
from services.backup import default_backup_path
from tests.unit.app_factory import MovableClock, make_deps

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


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
    assert await purge_abandoned_conversations(session_factory, MovableClock(NOW)) == 1
    assert await _keys(session_factory) == {"registered-old", "stranger-fresh"}
    assert await purge_abandoned_conversations(session_factory, MovableClock(NOW)) == 0


async def test_the_real_scheduler_runs_the_job(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory)
    scheduler = build_scheduler(make_deps(session_factory, MovableClock(NOW)))
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


async def test_housekeeping_runs_soon_after_a_start_then_hourly(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """A bot restarted often must not wait an hour to erase an expired parent's request."""
    before = datetime.now(UTC)
    scheduler = build_scheduler(make_deps(session_factory, MovableClock(NOW)))
    scheduler.start(paused=True)
    try:
        hourly = [job for job in scheduler.get_jobs() if job.id != "meeting_tick"]
        assert {job.id for job in hourly} >= {
            "purge_abandoned_conversations",
            "expire_guardian_requests",
            "forget_old_update_ids",
            "expire_backups",
        }
        for job in hourly:
            assert before < job.next_run_time <= datetime.now(UTC) + HOUSEKEEPING_FIRST_RUN
            assert job.trigger.interval == HOUSEKEEPING_EVERY
    finally:
        scheduler.shutdown(wait=False)


KEEP = timedelta(hours=48)


async def _seed_update_ids(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session, session.begin():
        session.add_all(
            [
                # older than the retention: forgotten
                *(
                    ProcessedUpdate(update_id=n, handled_at=NOW - KEEP - timedelta(minutes=n))
                    for n in range(1, 8)
                ),
                # within it: kept, the newest of them one second short of the cutoff
                ProcessedUpdate(update_id=100, handled_at=NOW - KEEP + timedelta(seconds=1)),
                ProcessedUpdate(update_id=101, handled_at=NOW - timedelta(hours=1)),
            ]
        )


async def _update_ids(session_factory: async_sessionmaker[AsyncSession]) -> set[int]:
    async with session_factory() as session:
        return set(await session.scalars(select(ProcessedUpdate.update_id)))


async def test_old_update_ids_are_forgotten_in_chunks(
    session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(processed_updates, "PRUNE_CHUNK", 3)  # 7 old rows: 3 + 3 + 1
    await _seed_update_ids(session_factory)
    assert await forget_old_update_ids(session_factory, MovableClock(NOW), KEEP) == 7
    assert await _update_ids(session_factory) == {100, 101}
    assert await forget_old_update_ids(session_factory, MovableClock(NOW), KEEP) == 0


async def test_the_real_scheduler_forgets_update_ids_after_the_setting(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed_update_ids(session_factory)
    # a retention of 47 h (not the default 48 h): 100, just inside 48 h, is forgotten too
    deps = make_deps(session_factory, MovableClock(NOW), processed_updates_keep_hours=47)
    scheduler = build_scheduler(deps)
    scheduler.start()
    try:
        job = scheduler.get_job("forget_old_update_ids")
        assert job is not None
        job.modify(next_run_time=datetime.now(UTC))
        for _ in range(100):
            if await _update_ids(session_factory) == {101}:
                break
            await asyncio.sleep(0.05)
        assert await _update_ids(session_factory) == {101}
    finally:
        scheduler.shutdown(wait=False)


async def test_the_real_scheduler_expires_old_backups(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """BACKUP_KEEP_DAYS holds even when no backup is taken any more: housekeeping prunes."""
    db = tmp_path / "bot.sqlite3"
    local_now = NOW.astimezone().replace(tzinfo=None)
    old = default_backup_path(db, local_now - timedelta(days=20))
    fresh = default_backup_path(db, local_now - timedelta(days=2))

    def make_files() -> None:
        old.parent.mkdir(parents=True)
        old.write_bytes(b"x")
        fresh.write_bytes(b"x")

    def exists() -> tuple[bool, bool]:
        return old.exists(), fresh.exists()

    await asyncio.to_thread(make_files)
    deps = make_deps(
        session_factory,
        MovableClock(NOW),
        database_url=f"sqlite+aiosqlite:///{db}",
        backup_keep_days=14,
    )
    scheduler = build_scheduler(deps)
    scheduler.start()
    try:
        job = scheduler.get_job("expire_backups")
        assert job is not None
        job.modify(next_run_time=datetime.now(UTC))
        for _ in range(100):
            if not (await asyncio.to_thread(exists))[0]:
                break
            await asyncio.sleep(0.05)
        assert await asyncio.to_thread(exists) == (False, True)
    finally:
        scheduler.shutdown(wait=False)


def test_update_ids_are_kept_at_least_as_long_as_telegram_retries() -> None:
    assert Settings(bot_token="1:x").processed_updates_keep_hours == 48
    with pytest.raises(ValidationError, match="processed_updates_keep_hours"):
        Settings(bot_token="1:x", processed_updates_keep_hours=23)

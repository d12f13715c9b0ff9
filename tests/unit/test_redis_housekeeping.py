"""Redis housekeeping gives up quietly when Redis is away: a stop in progress closes the
connection under it, and the next hourly run retries."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.infra.storage import purge_abandoned_redis_conversations


async def test_unreachable_redis_is_one_warning_not_a_traceback(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    storage = RedisStorage.from_url("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with caplog.at_level(logging.WARNING, logger="bot.infra.storage"):
            removed = await purge_abandoned_redis_conversations(
                storage, session_factory, timedelta(hours=1)
            )
    finally:
        await storage.close()
    assert removed == 0
    assert [r.getMessage() for r in caplog.records] == [
        "Redis housekeeping skipped: ConnectionError"
    ]
    assert all(r.exc_info is None for r in caplog.records)

"""Where conversation state lives: the bot's own database, or Redis when instances share it."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.infra.fsm_storage import SqlStorage
from models import User

log = logging.getLogger(__name__)

REDIS_POOL_WAIT_SECONDS = 30


def build_storage(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[BaseStorage, BaseEventIsolation]:
    """SQL storage and in-process isolation for one instance; Redis for several.

    With several instances behind one webhook, two updates of one person may reach two
    processes: RedisEventIsolation is a lock in Redis, so they are still handled one at a time.
    """
    if settings.redis_url is None:
        return SqlStorage(session_factory), SimpleEventIsolation()
    # a blocking pool: a burst of updates waits for a free connection instead of failing with
    # "Too many connections" (redis-py's default pool refuses the 101st; found by the fuzz test)
    pool = BlockingConnectionPool.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=settings.redis_max_connections,
        timeout=REDIS_POOL_WAIT_SECONDS,
    )
    storage = RedisStorage(
        redis=Redis(connection_pool=pool),
        key_builder=DefaultKeyBuilder(
            prefix=settings.redis_key_prefix, with_bot_id=True, with_destiny=True
        ),
    )
    if not settings.webhook_url:
        # long polling has one consumer: an in-process lock keeps a person's updates in
        # arrival order, which Redis's polled lock does not (a quick toggle-then-«Готово» could
        # be handled the other way round)
        return storage, SimpleEventIsolation()
    return storage, storage.create_isolation()


async def purge_abandoned_redis_conversations(
    storage: RedisStorage,
    session_factory: async_sessionmaker[AsyncSession],
    idle_after: timedelta,
) -> int:
    """The Redis twin of ``housekeeping.purge_abandoned_conversations``.

    Redis keeps no "updated at"; ``OBJECT IDLETIME`` (seconds since the key was last touched)
    serves instead. Keys of people who never consented and went quiet are deleted.
    """
    redis = storage.redis
    prefix = (
        storage.key_builder.prefix if isinstance(storage.key_builder, DefaultKeyBuilder) else ""
    )
    idle_seconds = int(idle_after.total_seconds())
    candidates: dict[int, list[bytes]] = {}
    try:
        async for key in redis.scan_iter(match=f"{prefix}:*", count=500):
            idle = await redis.object("IDLETIME", key)
            if idle is None or int(idle) < idle_seconds:
                continue
            # {prefix}:{bot}:{chat}:{user}:{destiny}:{part}
            parts = key.decode().split(":") if isinstance(key, bytes) else str(key).split(":")
            if len(parts) >= 4 and parts[3].lstrip("-").isdigit():
                candidates.setdefault(int(parts[3]), []).append(key)
    except RedisError as exc:
        # Redis away, or closed under the job by a stop in progress: the next hour retries
        log.warning("Redis housekeeping skipped: %s", type(exc).__name__)
        return 0
    if not candidates:
        return 0
    async with session_factory() as session:
        registered = set(
            await session.scalars(
                select(User.telegram_id).where(User.telegram_id.in_(list(candidates)))
            )
        )
    doomed = [key for uid, keys in candidates.items() if uid not in registered for key in keys]
    if doomed:
        await redis.delete(*doomed)
        log.info("removed %d abandoned conversation keys from Redis", len(doomed))
    return len(doomed)

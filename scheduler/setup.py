"""The scheduler runs inside the bot process; the database stays the source of truth."""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.deps import AppDeps
from bot.storage import purge_abandoned_redis_conversations
from scheduler import meeting_jobs
from scheduler.housekeeping import ABANDONED_AFTER, purge_abandoned_conversations

HOUSEKEEPING_EVERY = timedelta(hours=1)


def build_scheduler(deps: AppDeps, storage: BaseStorage | None = None) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    if isinstance(storage, RedisStorage):
        scheduler.add_job(
            purge_abandoned_redis_conversations,
            "interval",
            seconds=HOUSEKEEPING_EVERY.total_seconds(),
            args=(storage, deps.session_factory, ABANDONED_AFTER),
            id="purge_abandoned_redis_conversations",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(HOUSEKEEPING_EVERY.total_seconds()),
        )
    scheduler.add_job(
        purge_abandoned_conversations,
        "interval",
        seconds=HOUSEKEEPING_EVERY.total_seconds(),
        args=(deps.session_factory, deps.clock),
        id="purge_abandoned_conversations",
        # a job that missed its time while the bot was down runs once, not once per missed hour
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(HOUSEKEEPING_EVERY.total_seconds()),
    )
    tick = deps.settings.scheduler_tick_seconds
    scheduler.add_job(
        meeting_jobs.tick,
        "interval",
        seconds=tick,
        args=(deps,),
        id="meeting_tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=max(int(tick), 1),
    )
    return scheduler

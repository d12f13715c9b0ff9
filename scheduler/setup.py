"""The scheduler runs inside the bot process; the database stays the source of truth."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.housekeeping import purge_abandoned_conversations
from services.clock import Clock

HOUSEKEEPING_EVERY = timedelta(hours=1)


def build_scheduler(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        purge_abandoned_conversations,
        "interval",
        seconds=HOUSEKEEPING_EVERY.total_seconds(),
        args=(session_factory, clock),
        id="purge_abandoned_conversations",
        # a job that missed its time while the bot was down runs once, not once per missed hour
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(HOUSEKEEPING_EVERY.total_seconds()),
    )
    return scheduler

"""The scheduler runs inside the bot process; the database stays the source of truth."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app.deps import AppDeps
from bot.infra.metrics import JOB_FAILURES, JOB_SECONDS
from bot.infra.storage import purge_abandoned_redis_conversations
from scheduler import meeting_jobs
from scheduler.housekeeping import (
    ABANDONED_AFTER,
    expire_backups,
    expire_guardian_requests,
    forget_old_update_ids,
    purge_abandoned_conversations,
)
from scheduler.quarterly_jobs import quarterly_reports

P = ParamSpec("P")
R = TypeVar("R")
HOUSEKEEPING_EVERY = timedelta(hours=1)
# housekeeping also runs shortly after a start: a bot that was down (or restarted every few
# minutes) must not keep an expired parent's request or an abandoned conversation for an hour
HOUSEKEEPING_FIRST_RUN = timedelta(seconds=5)
STOP_TIMEOUT = 15.0


class TrackedScheduler(AsyncIOScheduler):  # type: ignore[misc]  # APScheduler 3 is untyped
    """APScheduler cancels a running coroutine job at shutdown and logs the cancellation as a
    failure. ``stop`` pauses instead, lets the running jobs finish (each step is a transaction,
    so an interrupted one would only be redone), then shuts down."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.running_jobs: set[asyncio.Task[Any]] = set()

    def track(self, func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        name = func.__name__

        @functools.wraps(func)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            task = asyncio.current_task()
            if task is not None:
                self.running_jobs.add(task)
            started = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            except BaseException:
                JOB_FAILURES.labels(name).inc()
                raise
            finally:
                JOB_SECONDS.labels(name).observe(time.perf_counter() - started)
                if task is not None:
                    self.running_jobs.discard(task)

        return run

    async def stop(self) -> None:
        self.pause()
        if self.running_jobs:
            await asyncio.wait(set(self.running_jobs), timeout=STOP_TIMEOUT)
        self.shutdown(wait=False)


def _hourly(scheduler: TrackedScheduler, job: Callable[..., Awaitable[Any]], *args: Any) -> None:
    scheduler.add_job(
        scheduler.track(job),
        "interval",
        seconds=HOUSEKEEPING_EVERY.total_seconds(),
        args=args,
        id=job.__name__,
        next_run_time=datetime.now(UTC) + HOUSEKEEPING_FIRST_RUN,
        # a job that missed its time while the bot was down runs once, not once per missed hour
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(HOUSEKEEPING_EVERY.total_seconds()),
    )


def build_scheduler(deps: AppDeps, storage: BaseStorage | None = None) -> TrackedScheduler:
    scheduler = TrackedScheduler(timezone="UTC")
    if isinstance(storage, RedisStorage):
        scheduler.add_job(
            scheduler.track(purge_abandoned_redis_conversations),
            "interval",
            seconds=HOUSEKEEPING_EVERY.total_seconds(),
            args=(storage, deps.session_factory, ABANDONED_AFTER),
            id="purge_abandoned_redis_conversations",
            next_run_time=datetime.now(UTC) + HOUSEKEEPING_FIRST_RUN,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(HOUSEKEEPING_EVERY.total_seconds()),
        )
    _hourly(scheduler, purge_abandoned_conversations, deps.session_factory, deps.clock)
    _hourly(scheduler, expire_guardian_requests, deps.session_factory, deps.translator, deps.clock)
    _hourly(
        scheduler,
        forget_old_update_ids,
        deps.session_factory,
        deps.clock,
        timedelta(hours=deps.settings.processed_updates_keep_hours),
    )
    _hourly(
        scheduler,
        expire_backups,
        deps.settings.database_url,
        deps.settings.backup_keep_days,
        deps.clock,
    )
    _hourly(scheduler, quarterly_reports, deps)
    tick = deps.settings.scheduler_tick_seconds
    scheduler.add_job(
        scheduler.track(meeting_jobs.tick),
        "interval",
        seconds=tick,
        args=(deps,),
        id="meeting_tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=max(int(tick), 1),
    )
    return scheduler

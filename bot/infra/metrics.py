"""Prometheus metrics of one bot process, served at ``/metrics`` (bot/app/health.py).

Counters and histograms are per process (Prometheus sums the instances); the gauges of the
database's state (outbox by state, people) are read at each scrape, so every instance reports
the same shared figures. Labels never carry a person: kinds, states and job names only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, OutboxMessage, OutboxState, User

T = TypeVar("T")

UPDATES = Counter(
    "mentorbot_updates_total", "Updates handled, by kind and outcome", ["kind", "outcome"]
)
UPDATE_SECONDS = Histogram(
    "mentorbot_update_seconds",
    "Time to handle one update, by kind",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
OUTBOX_MESSAGES = Gauge("mentorbot_outbox_messages", "Outbox rows by state", ["state"])
OUTBOX_OUTCOMES = Counter(
    "mentorbot_outbox_outcomes_total",
    "Outbox sends by this process: sent, failed, blocked (403), retried, flood (429)",
    ["outcome"],
)
RETRY_AFTER_SECONDS = Counter(
    "mentorbot_telegram_retry_after_seconds_total", "Seconds Telegram asked to wait (429)"
)
JOB_SECONDS = Histogram(
    "mentorbot_job_seconds",
    "Duration of one scheduler job run",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300),
)
JOB_FAILURES = Counter("mentorbot_job_failures_total", "Scheduler job runs that raised", ["job"])
REPORT_SECONDS = Histogram(
    "mentorbot_report_build_seconds",
    "Time to build a report or document",
    ["kind"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
PEOPLE = Gauge(
    "mentorbot_people", "People with a membership: active, or unreachable (blocked)", ["state"]
)


async def build_in_thread(kind: str, build: Callable[..., T], *args: Any) -> T:
    """Build a report or a document off the event loop, timed as ``kind``."""
    started = time.perf_counter()
    try:
        return await asyncio.to_thread(build, *args)
    finally:
        REPORT_SECONDS.labels(kind).observe(time.perf_counter() - started)


class UpdateMetricsMiddleware(BaseMiddleware):
    """Counts every update and times it; an exception counts as failed and goes on up."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__.lower()
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await handler(event, data)
            outcome = "handled"
            return result
        finally:
            UPDATE_SECONDS.labels(kind).observe(time.perf_counter() - started)
            UPDATES.labels(kind, outcome).inc()


async def refresh_database_gauges(session: AsyncSession) -> None:
    """Read the shared figures once per scrape: a few indexed counts."""
    by_state = dict(
        (
            await session.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
            )
        ).all()
    )
    for state in OutboxState:
        OUTBOX_MESSAGES.labels(state.value).set(by_state.get(state, 0))
    active = await session.scalar(
        select(func.count(func.distinct(Membership.user_id))).where(
            Membership.user_id.is_not(None), Membership.withdrawn_at.is_(None)
        )
    )
    unreachable = await session.scalar(
        select(func.count()).select_from(User).where(User.unreachable_at.is_not(None))
    )
    PEOPLE.labels("active").set(active or 0)
    PEOPLE.labels("unreachable").set(unreachable or 0)

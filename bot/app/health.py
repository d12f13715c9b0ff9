"""Liveness, readiness and metrics over HTTP, in polling and in webhook mode alike.

* ``GET /healthz`` — the process answers: 200 while the event loop runs. A container
  orchestrator restarts the process when this stops answering.
* ``GET /readyz`` — the instance can do its work: the database answers, the scheduler runs,
  the outbox sender's loop turned recently and the backlog of messages already due is below
  ``READY_OUTBOX_BACKLOG``. 503 with the failing checks named otherwise; a load balancer stops
  sending webhook updates to it.
* ``GET /metrics`` — Prometheus text format (bot/infra/metrics.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.infra.metrics import refresh_database_gauges
from models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
# the sender's loop turns at least every idle sleep (0.5 s) or batch; a minute without a turn
# means it is stuck or dead
SENDER_STALE_SECONDS = 60.0


@dataclass
class Probe:
    """What readiness looks at; the parts are attached as the process starts them."""

    session_factory: async_sessionmaker[AsyncSession]
    clock_now: Callable[[], datetime]
    backlog_limit: int
    scheduler_running: Callable[[], bool] = lambda: False
    sender_last_turn: Callable[[], float | None] = lambda: None
    started: float = field(default_factory=time.monotonic)


async def _check_database(probe: Probe) -> tuple[bool, int | None]:
    try:
        async with probe.session_factory() as session:
            await session.execute(text("SELECT 1"))
            backlog = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    OutboxMessage.state == OutboxState.PENDING,
                    OutboxMessage.next_attempt_at <= probe.clock_now(),
                )
            )
    except Exception as exc:  # a probe reports, it does not raise
        log.warning("readiness: database unavailable (%s)", type(exc).__name__)
        return False, None
    return True, int(backlog or 0)


def add_routes(app: web.Application, probe: Probe) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        database, backlog = await _check_database(probe)
        last_turn = probe.sender_last_turn()
        sender = last_turn is not None and time.monotonic() - last_turn < SENDER_STALE_SECONDS
        checks = {
            "database": database,
            "scheduler": probe.scheduler_running(),
            "sender": sender,
            "outbox_backlog": backlog is not None and backlog < probe.backlog_limit,
        }
        ready = all(checks.values())
        body = {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
            "outbox_due": backlog,
        }
        return web.json_response(body, status=200 if ready else 503)

    async def metrics(_request: web.Request) -> web.Response:
        try:
            async with probe.session_factory() as session:
                await refresh_database_gauges(session)
        except Exception as exc:  # the process's own figures are still worth serving
            log.warning("metrics: database figures unavailable (%s)", type(exc).__name__)
        response = web.Response(body=generate_latest())
        response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
        response.charset = "utf-8"
        return response

    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(READY_PATH, readyz)
    app.router.add_get(METRICS_PATH, metrics)

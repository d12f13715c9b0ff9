"""Readiness names what fails: the database, the scheduler, the sender or the backlog."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from bot.app.config import Settings
from bot.app.health import SENDER_STALE_SECONDS, Probe
from bot.app.web import build_web_app
from models import OutboxMessage, OutboxState

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def _probe(factory: async_sessionmaker[AsyncSession], **overrides: object) -> Probe:
    values: dict[str, object] = {
        "backlog_limit": 2,
        "scheduler_running": lambda: True,
        "sender_last_turn": time.monotonic,
    }
    values.update(overrides)
    return Probe(factory, lambda: NOW, **values)  # type: ignore[arg-type]


@pytest.fixture
async def client_for() -> AsyncIterator[object]:
    clients: list[TestClient[web.Request, web.Application]] = []

    async def make(probe: Probe) -> TestClient[web.Request, web.Application]:
        app = build_web_app(Settings(bot_token="1:x"), None, None, probe)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def _ready(client: TestClient[web.Request, web.Application]) -> tuple[int, dict[str, str]]:
    response = await client.get("/readyz")
    body = await response.json()
    return response.status, body["checks"]


async def test_all_checks_pass(
    session_factory: async_sessionmaker[AsyncSession], client_for: object
) -> None:
    client = await client_for(_probe(session_factory))  # type: ignore[operator]
    status, checks = await _ready(client)
    assert status == 200
    assert set(checks.values()) == {"ok"}
    assert (await client.get("/healthz")).status == 200


@pytest.mark.parametrize(
    ("override", "failing"),
    [
        ({"scheduler_running": lambda: False}, "scheduler"),
        ({"sender_last_turn": lambda: None}, "sender"),
        ({"sender_last_turn": lambda: time.monotonic() - SENDER_STALE_SECONDS - 1}, "sender"),
    ],
)
async def test_a_stopped_part_fails_readiness(
    session_factory: async_sessionmaker[AsyncSession],
    client_for: object,
    override: dict[str, object],
    failing: str,
) -> None:
    client = await client_for(_probe(session_factory, **override))  # type: ignore[operator]
    status, checks = await _ready(client)
    assert status == 503
    assert [name for name, state in checks.items() if state == "failing"] == [failing]


async def test_backlog_of_due_messages_fails_readiness(
    session_factory: async_sessionmaker[AsyncSession], client_for: object
) -> None:
    async with session_factory() as session, session.begin():
        for index, due in enumerate((NOW - timedelta(minutes=5), NOW, NOW + timedelta(hours=1))):
            session.add(
                OutboxMessage(
                    chat_id=index,
                    text="x",
                    kind="test",
                    not_before=due,
                    next_attempt_at=due,
                    state=OutboxState.PENDING,
                )
            )
    client = await client_for(_probe(session_factory, backlog_limit=2))  # type: ignore[operator]
    response = await client.get("/readyz")
    body = await response.json()
    assert response.status == 503
    assert body["outbox_due"] == 2  # the one due in an hour is not a backlog
    assert body["checks"]["outbox_backlog"] == "failing"


async def test_unreachable_database_fails_readiness_but_not_liveness(
    client_for: object, tmp_path: object
) -> None:
    engine = create_async_engine("sqlite+aiosqlite:////nonexistent-dir/for/sure/db.sqlite3")
    factory = async_sessionmaker(engine)
    client = await client_for(_probe(factory))  # type: ignore[operator]
    status, checks = await _ready(client)
    assert status == 503
    assert checks["database"] == "failing"
    assert (await client.get("/healthz")).status == 200
    metrics = await client.get("/metrics")
    assert metrics.status == 200  # the process's own figures are still served
    await engine.dispose()

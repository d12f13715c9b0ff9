"""The webhook refuses a wrong secret with 401 whatever bytes the header holds.

aiogram's own check compared ``str`` with ``secrets.compare_digest``, which raises for
non-ASCII text: "секрет" in the header gave a 500 and a traceback in the log.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest
from aiogram import Dispatcher
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.app.health import Probe
from bot.app.web import build_web_app
from tests.recording import make_bot, make_message_update

SECRET = "right-secret-0123456789"
PATH = "/tg/updates"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
UPDATE = make_message_update(1, "/help").model_dump_json(exclude_none=True).encode()


def _app_client(
    session_factory: async_sessionmaker[AsyncSession],
) -> TestClient[web.Request, web.Application]:
    settings = Settings(
        bot_token="1:x", webhook_url=f"https://bot.example.test{PATH}", webhook_secret=SECRET
    )
    probe = Probe(session_factory, lambda: datetime.now(UTC), backlog_limit=1000)
    app = build_web_app(settings, Dispatcher(), make_bot(), probe)
    return TestClient(TestServer(app))


async def _raw_post(client: TestClient[web.Request, web.Application], secret: bytes) -> bytes:
    """A request written byte by byte: an HTTP client library would not send Latin-1 here."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: bot\r\n"
        b"Content-Type: application/json\r\n" + HEADER.encode() + b": " + secret + b"\r\n"
        b"Content-Length: " + str(len(UPDATE)).encode() + b"\r\nConnection: close\r\n\r\n" + UPDATE
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    return response.split(b"\r\n", 1)[0]


async def test_a_wrong_secret_is_401_whatever_it_holds(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        async with _app_client(session_factory) as client:
            for secret in ("секрет", "wrong", "", SECRET[:-1], SECRET + "Ж", "\u00e9" * 20):
                response = await client.post(PATH, data=UPDATE, headers={HEADER: secret})
                assert response.status == 401, secret
            missing = await client.post(PATH, data=UPDATE)
            assert missing.status == 401
            for raw in (b"\xe9\xff\xfe", SECRET.encode() + b"\xe9", "секрет".encode()):
                assert await _raw_post(client, raw) == b"HTTP/1.1 401 Unauthorized", raw
            right = await client.post(PATH, data=UPDATE, headers={HEADER: SECRET})
            assert right.status == 200
            assert await _raw_post(client, SECRET.encode()) == b"HTTP/1.1 200 OK"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text

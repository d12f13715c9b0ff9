"""Webhook mode: an aiohttp server that takes Telegram's updates and answers health checks."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def build_web_app(
    settings: Settings,
    dp: Dispatcher,
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    **data: Any,
) -> web.Application:
    """The webhook endpoint (secret verified by aiogram) and ``/healthz`` for load balancers.

    Telegram gets its answer when the update has been handled: if the instance dies
    mid-way, Telegram never got a 200 and delivers the update again (to another instance).
    Handlers are short (heavy reports run in threads), well inside Telegram's timeout.
    """
    assert settings.webhook_secret is not None  # the settings refuse a webhook without one
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp,
        bot=bot,
        handle_in_background=False,
        secret_token=settings.webhook_secret.get_secret_value(),
        **data,
    ).register(app, path=settings.webhook_path)

    async def health(_request: web.Request) -> web.Response:
        try:
            async with session_factory() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # a health check reports, it does not raise
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            return web.json_response({"status": "unavailable", "database": "down"}, status=503)
        return web.json_response({"status": "ok", "database": "up"})

    app.router.add_get(HEALTH_PATH, health)
    return app


async def serve(app: web.Application, settings: Settings) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port)
    await site.start()
    log.info("listening on %s:%d", settings.web_host, settings.web_port)
    return runner

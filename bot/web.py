"""Webhook mode: an aiohttp server that takes Telegram's updates and answers health checks."""

from __future__ import annotations

import hmac
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


class SecretRequestHandler(SimpleRequestHandler):
    """aiogram's handler with a secret check that cannot fail on what a client sends.

    aiogram compares the header with ``secrets.compare_digest`` on ``str``, which raises
    ``TypeError`` for non-ASCII text: a request with "секрет" or raw Latin-1 bytes in the header
    (aiohttp decodes headers as UTF-8 with surrogate escapes) got a 500 and a traceback instead
    of a 401. Bytes compare in constant time whatever they hold; "surrogatepass" encodes any
    text, and the configured secret is ASCII (bot/config.py), so nothing else can match it.
    """

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return False  # never open: the settings require a secret with a webhook
        given = telegram_secret_token.encode("utf-8", "surrogatepass")
        return hmac.compare_digest(given, self.secret_token.encode())


def build_web_app(
    settings: Settings,
    dp: Dispatcher,
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    **data: Any,
) -> web.Application:
    """The webhook endpoint (its secret checked) and ``/healthz`` for load balancers.

    Telegram gets its answer when the update has been handled: if the instance dies
    mid-way, Telegram never got a 200 and delivers the update again (to another instance).
    Handlers are short (heavy reports run in threads), well inside Telegram's timeout.
    """
    assert settings.webhook_secret is not None  # the settings refuse a webhook without one
    app = web.Application()
    SecretRequestHandler(
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

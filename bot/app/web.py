"""The bot's HTTP server: Telegram's updates in webhook mode, and in both modes the health,
readiness and metrics endpoints (bot/app/health.py)."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.app.config import Settings
from bot.app.health import Probe, add_routes

log = logging.getLogger(__name__)


class SecretRequestHandler(SimpleRequestHandler):
    """aiogram's handler with a secret check that cannot fail on what a client sends.

    aiogram compares the header with ``secrets.compare_digest`` on ``str``, which raises
    ``TypeError`` for non-ASCII text: a request with "секрет" or raw Latin-1 bytes in the header
    (aiohttp decodes headers as UTF-8 with surrogate escapes) got a 500 and a traceback instead
    of a 401. Bytes compare in constant time whatever they hold; "surrogatepass" encodes any
    text, and the configured secret is ASCII (bot/app/config.py), so nothing else can match it.
    """

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return False  # never open: the settings require a secret with a webhook
        given = telegram_secret_token.encode("utf-8", "surrogatepass")
        return hmac.compare_digest(given, self.secret_token.encode())


def build_web_app(
    settings: Settings, dp: Dispatcher | None, bot: Bot | None, probe: Probe, **data: Any
) -> web.Application:
    """``/healthz``, ``/readyz``, ``/metrics``, and with a dispatcher the webhook endpoint
    (its secret checked).

    Telegram gets its answer when the update has been handled: if the instance dies
    mid-way, Telegram never got a 200 and delivers the update again (to another instance).
    Handlers are short (heavy reports run in threads), well inside Telegram's timeout.
    """
    app = web.Application()
    if dp is not None and bot is not None:
        assert settings.webhook_secret is not None  # the settings refuse a webhook without one
        SecretRequestHandler(
            dispatcher=dp,
            bot=bot,
            handle_in_background=False,
            secret_token=settings.webhook_secret.get_secret_value(),
            **data,
        ).register(app, path=settings.webhook_path)
    add_routes(app, probe)
    return app


async def serve(app: web.Application, settings: Settings) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port)
    await site.start()
    log.info("listening on %s:%d", settings.web_host, settings.web_port)
    return runner

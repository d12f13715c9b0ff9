"""Wiring: settings → database → dispatcher → polling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation

from bot.commands import register_commands
from bot.config import Settings
from bot.db import create_engine, create_session_factory, upgrade_database
from bot.deps import AppDeps
from bot.fsm_storage import SqlStorage
from bot.i18n import LOCALES_DIR, Translator
from bot.middlewares import ContextMiddleware, DbSessionMiddleware
from handlers import build_router
from scheduler import meeting_jobs
from scheduler.sender import OutboxSender
from scheduler.setup import build_scheduler
from services.clock import Clock, OffsetClock, SystemClock
from services.questionnaire.schema import load_forms

log = logging.getLogger(__name__)


def make_clock(settings: Settings) -> Clock:
    if settings.clock_offset_seconds:
        return OffsetClock(timedelta(seconds=settings.clock_offset_seconds))
    return SystemClock()


def build_bot(settings: Settings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_dispatcher(deps: AppDeps, storage: BaseStorage) -> Dispatcher:
    # updates of one user are handled one at a time, so a double tap cannot race itself
    dp = Dispatcher(storage=storage, events_isolation=SimpleEventIsolation())
    dp["deps"] = deps
    dp.update.outer_middleware(DbSessionMiddleware(deps.session_factory))
    dp.update.outer_middleware(ContextMiddleware(deps))
    dp.include_router(build_router())
    return dp


async def run(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    session_factory = create_session_factory(engine)
    deps = AppDeps(
        settings=settings,
        translator=Translator(settings.default_locale, LOCALES_DIR),
        forms=load_forms(LOCALES_DIR / "forms"),
        clock=make_clock(settings),
        session_factory=session_factory,
    )
    bot = build_bot(settings)
    try:
        me = await bot.get_me()
        deps.bot_username = me.username or ""
        dp = build_dispatcher(deps, SqlStorage(session_factory))
        await register_commands(bot, deps.translator)
        await bot.delete_webhook(drop_pending_updates=False)
        # after downtime, reminders for meetings that already began are dropped, not sent late
        await meeting_jobs.drop_stale_reminders(deps, deps.clock.now())
        scheduler = build_scheduler(deps)
        scheduler.start()
        stop = asyncio.Event()
        sender = OutboxSender(
            bot, session_factory, deps.clock, rate_per_second=settings.outbox_rate_per_second
        )
        sending = asyncio.create_task(sender.run(stop), name="outbox-sender")
        log.info("bot @%s started (long polling)", deps.bot_username)
        try:
            await dp.start_polling(
                bot,
                polling_timeout=settings.polling_timeout,
                allowed_updates=dp.resolve_used_update_types(),
            )
        finally:
            scheduler.shutdown(wait=False)
            stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(sending, timeout=20)
    finally:
        await bot.session.close()
        await engine.dispose()

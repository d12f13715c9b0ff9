"""Wiring: settings → database → dispatcher → long polling or a webhook server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import platform
import signal
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import User
from sqlalchemy import make_url

from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.app.health import Probe
from bot.app.operator_errors import OperatorError, short_reason
from bot.app.web import build_web_app, serve
from bot.infra.db import create_engine, create_session_factory, running_lock, upgrade_database
from bot.infra.error_reporting import init_error_reporting
from bot.infra.metrics import UpdateMetricsMiddleware
from bot.infra.patches.guard import installed_version, proven
from bot.infra.patches.inline_filters import run_pure_filters_inline
from bot.infra.patches.response_types import PinResponseTypes, build_common_models
from bot.infra.storage import build_storage
from bot.notify.meetings import quiet_hours
from bot.tg.commands import ChatCommands, register_commands
from bot.tg.i18n import LOCALES_DIR, Translator
from bot.tg.middlewares import (
    ContextMiddleware,
    DbSessionMiddleware,
    FloodLimiter,
    FloodMiddleware,
    HandleOnceMiddleware,
    LogContextMiddleware,
    OpenSessionMiddleware,
    register_before_fsm,
)
from bot.tg.middlewares.chat_commands import ChatCommandsMiddleware
from bot.tg.middlewares.commit import CommitBeforeRequest
from bot.tg.middlewares.private import PrivateChatsOnly
from bot.tg.middlewares.replies import UpdateScopeMiddleware, guard_replies, register_outermost
from handlers import build_router
from scheduler import meeting_jobs
from scheduler.sender import OutboxSender
from scheduler.setup import build_scheduler
from services.clock import Clock, clock_with_offset
from services.meetings.shapes import default_plan_shapes
from services.outbox import QuietRule
from services.questionnaire.schema import load_forms

log = logging.getLogger(__name__)


def make_clock(settings: Settings) -> Clock:
    return clock_with_offset(settings.clock_offset_seconds)


def build_bot(settings: Settings) -> Bot:
    if settings.bot_token is None:
        raise OperatorError("operator-settings-token-hint", 2)
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    session.middleware(PinResponseTypes())
    session.middleware(CommitBeforeRequest())
    guard_replies(session)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_dispatcher(
    deps: AppDeps, storage: BaseStorage, isolation: BaseEventIsolation | None = None
) -> Dispatcher:
    # updates of one user are handled one at a time, so a double tap cannot race itself
    dp = Dispatcher(storage=storage, events_isolation=isolation or SimpleEventIsolation())
    dp["deps"] = deps
    # inside aiogram's errors middleware: an exception is counted as failed, then handled there
    dp.update.outer_middleware(UpdateMetricsMiddleware())
    register_outermost(dp, UpdateScopeMiddleware(deps.settings.retry_after_budget_seconds))
    limiter = FloodLimiter(deps.settings.flood_rate, deps.settings.flood_period_seconds)
    register_before_fsm(
        dp,
        LogContextMiddleware(),
        FloodMiddleware(limiter, deps.translator),
        PrivateChatsOnly(deps),
        OpenSessionMiddleware(deps.session_factory),
    )
    dp.errors.outer_middleware(LogContextMiddleware())
    # the commit inside aiogram's FSM middleware, on purpose: the update's last writes commit
    # before the per-user lock is released, so the person's next update never reads a stale state
    dp.update.outer_middleware(DbSessionMiddleware(deps.session_factory))
    dp.update.outer_middleware(HandleOnceMiddleware(deps.clock))
    dp.update.outer_middleware(ContextMiddleware(deps))
    # the person's command list follows their roles, after the handler's writes
    dp.update.outer_middleware(ChatCommandsMiddleware(deps, ChatCommands(deps.translator)))
    dp.include_router(build_router())
    if proven("inline_filters", "aiogram"):
        run_pure_filters_inline(dp)
    # in-flight updates finish before aiogram's own shutdown handler closes the storage
    dp.shutdown.handlers.clear()
    dp.shutdown.register(_finish_updates_in_flight)
    dp.shutdown.register(dp.fsm.close)
    return dp


async def who_am_i(bot: Bot, settings: Settings) -> User:
    """``getMe``, with a refused token or an unreachable Telegram said for the operator."""
    try:
        return await bot.get_me()
    except TelegramUnauthorizedError:
        raise OperatorError("operator-token-refused") from None
    except TelegramNetworkError as exc:
        raise OperatorError(
            "operator-telegram-unreachable",
            base=settings.telegram_api_base,
            reason=short_reason(exc),
        ) from None


def _describe_database(url: str) -> str:
    """Where the data is, for the start line: SQLite's absolute path, else the URL without
    its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return f"sqlite {Path(parsed.database or '').expanduser().resolve()}"
    return parsed.render_as_string(hide_password=True)


async def run(settings: Settings) -> None:
    release = installed_version("mentorbot") or "dev"
    if init_error_reporting(settings, f"mentorbot@{release}"):
        log.info("errors are reported to Sentry (personal data scrubbed)")
    log.info(
        "mentorbot %s starting: python %s, aiogram %s, sqlalchemy %s; database %s",
        release,
        platform.python_version(),
        installed_version("aiogram"),
        installed_version("sqlalchemy"),
        _describe_database(settings.database_url),
    )
    with running_lock(settings.database_url):
        try:
            await _run(settings)
        finally:
            log.info("mentorbot %s stopped", release)


async def _run(settings: Settings) -> None:
    engine = create_engine(
        settings.database_url,
        sqlite_worker_thread=settings.sqlite_worker_thread,
        **_pool_options(settings),
    )
    await upgrade_database(engine)
    session_factory = create_session_factory(engine)
    # SQLite in WAL mode: a reader never blocks the writer, nor the writer it
    reader = (
        create_engine(settings.database_url, sqlite_worker_thread=True, pool_size=1)
        if settings.is_sqlite
        else None
    )
    deps = AppDeps(
        settings=settings,
        translator=Translator(settings.default_locale, LOCALES_DIR),
        forms=load_forms(LOCALES_DIR / "forms"),
        clock=make_clock(settings),
        session_factory=session_factory,
        read_session_factory=create_session_factory(reader) if reader else None,
    )
    # a wrong plans.yaml stops the start here, not at the first pair's confirmation
    default_plan_shapes()
    build_common_models()
    bot = build_bot(settings)
    storage, isolation = build_storage(settings, session_factory)
    try:
        me = await who_am_i(bot, settings)
        deps.bot_username = me.username or ""
        dp = build_dispatcher(deps, storage, isolation)
        await register_commands(bot, deps.translator)
        # after downtime, reminders for meetings that already began are dropped, not sent late
        await meeting_jobs.drop_stale_reminders(deps, deps.clock.now())
        scheduler = build_scheduler(deps, storage)
        scheduler.start()
        stop = asyncio.Event()
        sender = OutboxSender(
            bot,
            session_factory,
            deps.clock,
            rate_per_second=settings.outbox_rate_per_second,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            quiet=QuietRule(quiet_hours(deps), settings.default_timezone),
        )
        sending = asyncio.create_task(sender.run(stop), name="outbox-sender")
        probe = Probe(
            session_factory,
            deps.clock.now,
            backlog_limit=settings.ready_outbox_backlog,
            scheduler_running=lambda: bool(scheduler.running),
            sender_last_turn=lambda: sender.last_turn,
        )
        try:
            if settings.webhook_url:
                await _serve_webhook(settings, dp, bot, probe)
            else:
                runner = await serve(build_web_app(settings, None, None, probe), settings)
                try:
                    await bot.delete_webhook(drop_pending_updates=False)
                    log.info("bot @%s started (long polling)", deps.bot_username)
                    await dp.start_polling(
                        bot,
                        polling_timeout=settings.polling_timeout,
                        allowed_updates=dp.resolve_used_update_types(),
                        handle_signals=True,
                    )
                finally:
                    await runner.cleanup()
        finally:
            await scheduler.stop()
            stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(sending, timeout=20)
    finally:
        await storage.close()
        await bot.session.close()
        await engine.dispose()
        if reader is not None:
            await reader.dispose()


UPDATES_DRAIN_SECONDS = 20.0


async def _finish_updates_in_flight(dispatcher: Dispatcher) -> None:
    """Let updates already being handled finish before their storage closes.

    On SIGTERM aiogram's polling stops and runs the shutdown handlers, the first of which closes
    the FSM storage, without waiting for the update tasks it started: closing Redis under them
    turned a graceful restart into an error for whoever was mid-answer (found by the restart
    test on Redis). This handler goes first.
    """
    pending = set(getattr(dispatcher, "_handle_update_tasks", ()))
    if pending:
        log.info("waiting for %d updates in flight", len(pending))
        await asyncio.wait(pending, timeout=UPDATES_DRAIN_SECONDS)


def _pool_options(settings: Settings) -> dict[str, Any]:
    if settings.is_sqlite:
        # One connection, handed from one unit of work to the next in turn. SQLite takes one
        # writer at a time anyway; with several connections, writers that collide sleep in
        # SQLite's busy handler (1, 2, 5 … 100 ms) and throughput collapses under load
        # (bench/bench_throughput.py). No transaction outlives a Bot API call
        # (bot/tg/middlewares/commit.py), so the connection is never held across the network.
        return {"pool_size": 1, "max_overflow": 0, "pool_timeout": 120}
    return {"pool_size": settings.db_pool_size, "max_overflow": settings.db_pool_size}


async def _serve_webhook(
    settings: Settings,
    dp: Dispatcher,
    bot: Bot,
    probe: Probe,
) -> None:
    """Serve until SIGTERM/SIGINT. Every instance sets the same webhook: the call is idempotent."""
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    app = build_web_app(settings, dp, bot, probe)
    runner = await serve(app, settings)
    try:
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        await dp.emit_startup(bot=bot, dispatcher=dp, **dp.workflow_data)
        log.info("bot started (webhook %s)", settings.webhook_path)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopping.set)
        await stopping.wait()
        log.info("stopping")
    finally:
        # the webhook stays set: the other instances keep serving it
        await runner.cleanup()
        await dp.emit_shutdown(bot=bot, dispatcher=dp, **dp.workflow_data)

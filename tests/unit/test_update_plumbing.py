"""The per-update plumbing that keeps the bot fast: no transaction spans a Bot API call, magic
filters resolve on the event loop, and aiogram's response models stay cached."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import Message
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.fsm_storage import SqlStorage, bind_update_session, update_session
from bot.magic_filters import magic_filters, resolve_magic_filters_inline
from bot.middlewares import DbSessionMiddleware
from bot.middlewares.commit import CommitBeforeRequest
from bot.response_types import pin_response_types
from models import Organization, OrgKind
from services.clock import SystemClock
from tests.recording import RecordingSession, make_bot, make_message_update
from tests.unit.app_factory import make_deps


class _Peeking(RecordingSession):
    """Counts organizations from a separate session whenever the bot calls Telegram."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self.session_factory = session_factory
        self.seen: list[int] = []

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        async with self.session_factory() as other:
            count = await other.scalar(select(func.count()).select_from(Organization))
            self.seen.append(int(count or 0))
        return await super().make_request(bot, method, timeout)


def _dispatcher(session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    dp = Dispatcher()
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    router = Router()

    @router.message(F.text == "create")
    async def create(message: Message, session: AsyncSession) -> None:
        session.add(Organization(name="Школа", kind=OrgKind.SCHOOL, timezone="Europe/Moscow"))
        await session.flush()
        await message.answer("created")

    dp.include_router(router)
    return dp


async def test_the_update_is_committed_before_telegram_is_called(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    recording = _Peeking(session_factory)
    recording.middleware(CommitBeforeRequest())
    await _dispatcher(session_factory).feed_update(
        make_bot(recording), make_message_update(1, "create")
    )
    assert recording.seen == [1]  # another connection already sees the row


async def test_without_the_middleware_the_row_is_not_yet_visible(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    recording = _Peeking(session_factory)
    await _dispatcher(session_factory).feed_update(
        make_bot(recording), make_message_update(1, "create")
    )
    assert recording.seen == [0]  # the transaction was still open during the call
    async with session_factory() as session:  # and committed after the handler
        assert await session.scalar(select(func.count()).select_from(Organization)) == 1


async def test_every_magic_filter_of_the_bot_resolves_inline(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    dp = build_dispatcher(make_deps(session_factory, SystemClock()), SqlStorage(session_factory))
    magic = list(magic_filters(dp))
    assert len(magic) > 10  # the bot's routers really use F filters
    assert all(f.awaitable for f in magic)


async def test_an_inline_magic_filter_still_filters(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    dp = _dispatcher(session_factory)
    assert resolve_magic_filters_inline(dp) == 1
    recording = RecordingSession()
    bot = make_bot(recording)
    await dp.feed_update(bot, make_message_update(1, "something else"))
    assert recording.requests_of(SendMessage) == []
    await dp.feed_update(bot, make_message_update(1, "create"))
    assert recording.last(SendMessage).text == "created"

    threads: list[str] = []
    original = asyncio.to_thread

    async def spy(func: Any, /, *args: Any, **kwargs: Any) -> Any:
        threads.append(getattr(func, "__name__", repr(func)))
        return await original(func, *args, **kwargs)

    asyncio.to_thread = spy
    try:
        await dp.feed_update(bot, make_message_update(1, "create"))
    finally:
        asyncio.to_thread = original
    assert threads == []


def test_response_models_survive_garbage_collection() -> None:
    assert pin_response_types() > 20
    first = Response[Message]
    gc.collect()
    assert Response[Message] is first


async def test_tasks_started_by_a_handler_do_not_share_its_session(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        with bind_update_session(session):
            assert update_session() is session
            # e.g. aiogram's ChatActionSender: a task that inherits the context variables
            seen = await asyncio.create_task(_session_seen())
            assert seen is None
        assert update_session() is None


async def _session_seen() -> AsyncSession | None:
    return update_session()

"""The per-update plumbing that keeps the bot fast: no transaction spans a Bot API call, magic
and state filters run on the event loop, aiogram's response models stay cached, and aiogram's
Telegram types are built on first use."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import weakref
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import GetMyShortDescription, SendMessage, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import BotDescription, BotShortDescription, Message
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage, bind_update_session, update_session
from bot.infra.patches.inline_filters import all_filters, run_pure_filters_inline
from bot.infra.patches.response_types import PinResponseTypes
from bot.tg.middlewares import DbSessionMiddleware
from bot.tg.middlewares.commit import CommitBeforeRequest
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


class _Asking(StatesGroup):
    name = State()


def _dispatcher(session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    dp = Dispatcher()
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    router = Router()

    @router.message(_Asking.name, F.text)
    async def named(message: Message) -> None:
        await message.answer(f"hello, {message.text}")

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


async def test_no_filter_of_the_bot_goes_to_a_worker_thread(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    dp = build_dispatcher(make_deps(session_factory, SystemClock()), SqlStorage(session_factory))
    filters = list(all_filters(dp))
    assert sum(f.magic is not None for f in filters) > 10  # the routers really use F filters
    assert sum(isinstance(f.callback, State) for f in filters) == 0  # wrapped, as below
    assert [f.callback for f in filters if not f.awaitable] == []


async def test_inline_magic_and_state_filters_still_filter(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    dp = _dispatcher(session_factory)
    assert run_pure_filters_inline(dp) == 3  # the state, F.text and F.text == "create"
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
        await dp.fsm.get_context(bot, chat_id=1, user_id=1).set_state(_Asking.name)
        await dp.feed_update(bot, make_message_update(1, "Anna"))
        assert recording.last(SendMessage).text == "hello, Anna"
        await dp.feed_update(bot, make_message_update(2, "Anna"))  # another person, no state
    finally:
        asyncio.to_thread = original
    assert recording.last(SendMessage).chat_id == 1
    assert threads == []


async def test_the_response_model_of_a_method_the_bot_called_survives_garbage_collection() -> None:
    async def make_request(bot: Bot, method: TelegramMethod[Any]) -> Any:
        return "sent"

    result = await PinResponseTypes()(make_request, make_bot(), GetMyShortDescription())
    assert result == "sent"
    kept = weakref.ref(Response[BotShortDescription])
    # the control: without the middleware, pydantic's cache lets the model go
    let_go = weakref.ref(Response[BotDescription])
    gc.collect()
    assert kept() is not None
    assert let_go() is None


_BUILD_EVERY_TYPE = """
import sys
import bot  # defers aiogram's schemas, as the bot does
assert "aiogram" not in sys.modules, "the hook must not import aiogram itself"
import aiogram.methods, aiogram.types
from pydantic import BaseModel
assert not aiogram.types.Message.__pydantic_complete__, "aiogram.types was built at import"
update = aiogram.types.Update.model_validate({"update_id": 1, "callback_query": {
    "id": "1", "chat_instance": "c", "data": "d", "from": {"id": 1, "is_bot": False,
    "first_name": "A"}, "message": {"message_id": 1, "date": 1, "text": "t",
    "chat": {"id": 1, "type": "private"},
    "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "d"}]]}}}})
assert update.callback_query.message.reply_markup.inline_keyboard[0][0].text == "b"
built = 0
for module in (aiogram.types, aiogram.methods):
    for name in module.__all__:
        model = getattr(module, name)
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ != "typing":
            model.model_rebuild()
            assert model.__pydantic_complete__, name
            built += 1
print(built)
"""


def test_every_aiogram_type_and_method_builds_on_first_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_EVERY_TYPE], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 500


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

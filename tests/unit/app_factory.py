"""The application under unit test: real settings, translator, forms and database, a bot whose
requests are recorded, and a clock the test sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Self

from aiogram import Bot, Dispatcher
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import Update
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage
from bot.tg.i18n import LOCALES_DIR, Translator
from models import OutboxMessage
from services.clock import Clock
from services.questionnaire.schema import Form, load_forms
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update


class MovableClock:
    """A clock standing at ``value`` until the test sets or advances it."""

    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value

    def advance(self, delta: timedelta) -> None:
        self.value += delta


def make_deps(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock,
    *,
    forms: dict[str, Form] | None = None,
    translator: Translator | None = None,
    **settings: Any,
) -> AppDeps:
    return AppDeps(
        settings=Settings(bot_token="1:x", **settings),
        translator=translator or Translator("ru"),
        forms=forms if forms is not None else load_forms(LOCALES_DIR / "forms"),
        clock=clock,
        session_factory=session_factory,
        bot_username="mentor_test_bot",
    )


@dataclass
class BotApp:
    """The dispatcher fed updates by hand; ``rec`` holds every request the bot made."""

    dp: Dispatcher
    bot: Bot
    rec: RecordingSession
    factory: async_sessionmaker[AsyncSession]
    deps: AppDeps
    clock: MovableClock
    storage: SqlStorage

    @classmethod
    def build(
        cls,
        session_factory: async_sessionmaker[AsyncSession],
        clock: MovableClock | datetime,
        *,
        forms: dict[str, Form] | None = None,
        translator: Translator | None = None,
        rec: RecordingSession | None = None,
        **settings: Any,
    ) -> Self:
        """``clock`` the test's clock, or the moment a new one stands at."""
        if isinstance(clock, datetime):
            clock = MovableClock(clock)
        deps = make_deps(session_factory, clock, forms=forms, translator=translator, **settings)
        storage = SqlStorage(session_factory)
        rec = rec or RecordingSession()
        return cls(
            build_dispatcher(deps, storage),
            make_bot(rec),
            rec,
            session_factory,
            deps,
            clock,
            storage,
        )

    async def feed(self, update: Update) -> None:
        await self.dp.feed_update(self.bot, update)

    async def press(self, user_id: int, data: str | CallbackData) -> AnswerCallbackQuery:
        """Press a button; the last answer to a press."""
        packed = data if isinstance(data, str) else data.pack()
        await self.feed(make_callback_update(user_id, packed))
        return self.rec.last(AnswerCallbackQuery)

    async def say(self, user_id: int, text: str) -> None:
        await self.feed(make_message_update(user_id, text))

    def last_text(self) -> str:
        return self.rec.last(SendMessage).text

    def documents(self) -> list[SendDocument]:
        return self.rec.requests_of(SendDocument)

    async def count(self, model: Any) -> int:
        async with self.factory() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    async def outbox(self) -> list[OutboxMessage]:
        async with self.factory() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def build_app(
    session_factory: async_sessionmaker[AsyncSession],
    clock: MovableClock | datetime,
    *,
    forms: dict[str, Form] | None = None,
    translator: Translator | None = None,
    **settings: Any,
) -> BotApp:
    return BotApp.build(session_factory, clock, forms=forms, translator=translator, **settings)

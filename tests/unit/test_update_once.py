"""An update delivered twice is handled once (bot/tg/middlewares/once.py), through the dispatcher.

Telegram re-sends an update when the instance that handled it died before answering 200, and
long polling re-offers one whose offset was not confirmed before a crash.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from aiogram.types import Update
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage
from bot.tg.middlewares.commit import CommitBeforeRequest
from models import Answer, ProcessedUpdate, QuestionnaireResponse, Role
from services.questionnaire.store import QuestionnaireStore
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import make_invite, make_org

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CURATOR = 611
NAME = "Петрова Мария Ивановна"
POSITION = "Заместитель директора по УВР"


class Bench:
    """The production dispatcher, and a Bot API session that commits before each request."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = session_factory
        self.dp: Dispatcher = build_dispatcher(
            make_deps(session_factory, MovableClock(NOW)), SqlStorage(session_factory)
        )
        self.recording = RecordingSession()
        self.recording.middleware(CommitBeforeRequest())
        self.bot: Bot = make_bot(self.recording)

    async def feed(self, update: Update) -> list[str]:
        """Feed one update; the Bot API methods it called."""
        before = len(self.recording.requests)
        await self.dp.feed_update(self.bot, update)
        return [request.__api_method__ for request in self.recording.requests[before:]]

    async def at_the_name_question(self) -> None:
        """A curator who consented: the profile asks for their name (question 1 of 2)."""
        async with self.factory() as session, session.begin():
            token = (await make_invite(session, await make_org(session), Role.CURATOR)).token
        await self.feed(make_message_update(CURATOR, f"/start {token}"))
        await self.feed(make_callback_update(CURATOR, f"cs:pd:1:{token}"))
        assert "1 из 2" in self.recording.last(SendMessage).text

    async def answers(self) -> dict[str, Any]:
        async with self.factory() as session:
            rows = await session.execute(select(Answer.question_id, Answer.value))
            return dict(rows.all())

    async def current_question(self) -> str | None:
        async with self.factory() as session:
            return await session.scalar(select(QuestionnaireResponse.current_question))


@pytest.fixture
def bench(session_factory: async_sessionmaker[AsyncSession]) -> Bench:
    return Bench(session_factory)


async def test_a_name_delivered_twice_is_saved_once_and_answered_once(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    await bench.at_the_name_question()
    name = make_message_update(CURATOR, NAME)
    first = await bench.feed(name)
    assert "sendMessage" in first
    assert "2 из 2" in bench.recording.last(SendMessage).text
    with caplog.at_level(logging.INFO, logger="bot.tg.middlewares.once"):
        again = await bench.feed(name)
    assert again == []  # no reply, no edit: the person hears nothing more
    assert await bench.answers() == {"full_name": NAME}  # the position was not filled with it
    assert await bench.current_question() == "position"
    skipped = [r for r in caplog.records if r.name == "bot.tg.middlewares.once"]
    assert [(r.levelno, r.getMessage()) for r in skipped] == [
        (logging.INFO, f"update {name.update_id} was handled already: skipped")
    ]

    # the conversation goes on as if the repeat had never come
    await bench.feed(make_message_update(CURATOR, POSITION))
    assert await bench.answers() == {"full_name": NAME, "position": POSITION}
    async with bench.factory() as session:
        recorded = await session.get(ProcessedUpdate, name.update_id)
        assert recorded is not None
        assert recorded.handled_at == NOW  # the bot's clock, as housekeeping prunes by it


async def test_an_update_whose_handling_failed_is_handled_again_when_redelivered(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bench.at_the_name_question()
    original = QuestionnaireStore.answer
    failures = [RuntimeError("the database went away mid-update")]

    async def answer_then_fail(self: QuestionnaireStore, *args: Any, **kwargs: Any) -> Any:
        step = await original(self, *args, **kwargs)  # the answer is written, then it fails
        if failures:
            raise failures.pop()
        return step

    monkeypatch.setattr(QuestionnaireStore, "answer", answer_then_fail)
    name = make_message_update(CURATOR, NAME)
    await bench.feed(name)
    assert "что-то пошло не так" in bench.recording.last(SendMessage).text
    assert await bench.answers() == {}  # rolled back, the update's record with it

    await bench.feed(name)  # Telegram re-delivers it
    assert "2 из 2" in bench.recording.last(SendMessage).text
    assert await bench.answers() == {"full_name": NAME}
    assert await bench.current_question() == "position"
    assert await bench.feed(name) == []  # and now it is a repeat


async def test_an_update_that_failed_after_a_bot_api_call_is_not_redone(bench: Bench) -> None:
    """The trade-off: the record committed with the work before the call, so never twice."""
    await bench.at_the_name_question()
    bench.recording.queue_error(SendMessage, TelegramBadRequest, "Bad Request: something odd")
    name = make_message_update(CURATOR, NAME)
    await bench.feed(name)  # the answer is saved, then showing question 2 fails
    assert "что-то пошло не так" in bench.recording.last(SendMessage).text
    assert await bench.feed(name) == []
    assert await bench.answers() == {"full_name": NAME}
    assert await bench.current_question() == "position"


async def test_updates_with_other_ids_are_all_handled(bench: Bench) -> None:
    """The control: the same text sent twice by the person is two updates, and two answers."""
    await bench.at_the_name_question()
    await bench.feed(make_message_update(CURATOR, NAME))
    await bench.feed(make_message_update(CURATOR, NAME))
    assert await bench.answers() == {"full_name": NAME, "position": NAME}

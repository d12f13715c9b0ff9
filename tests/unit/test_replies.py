"""Replies while an update is handled: a press is answered at most once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.fsm_storage import SqlStorage
from bot.middlewares.replies import (
    UpdateScopeMiddleware,
    current_scope,
    guard_replies,
    register_outermost,
)
from handlers import errors
from services.errors import DomainError
from tests.recording import RecordingSession, make_bot, make_callback_update
from tests.unit.app_factory import make_deps
from tests.unit.factories import NOW

APOLOGY = "что-то пошло не так"


class _Clock:
    def now(self) -> datetime:
        return NOW


@dataclass
class App:
    dp: Dispatcher
    bot: Bot
    rec: RecordingSession

    async def feed(self, update: Any) -> None:
        await self.dp.feed_update(self.bot, update)


def _app(session_factory: async_sessionmaker[AsyncSession], **settings: Any) -> App:
    deps = make_deps(session_factory, _Clock(), **settings)
    rec = RecordingSession()
    guard_replies(rec)  # as bot/app.py build_bot does
    return App(build_dispatcher(deps, SqlStorage(session_factory)), make_bot(rec), rec)


# ----- each press answered at most once ---------------------------------------------------
async def test_a_handler_that_answered_then_failed_gets_its_apology_as_a_message(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(session_factory)
    # choosing a language answers the press, then edits the message: make the edit fail
    app.rec.queue_error(EditMessageText, TelegramBadRequest, "Bad Request: something odd")
    with caplog.at_level(logging.ERROR):
        await app.feed(make_callback_update(601, "lg:en"))
    answers = app.rec.requests_of(AnswerCallbackQuery)
    assert len(answers) == 1
    assert answers[0].text is None  # the handler's own answer, not a second one with an alert
    apologies = app.rec.requests_of(SendMessage)
    assert len(apologies) == 1
    assert APOLOGY in apologies[0].text
    assert apologies[0].chat_id == 601
    assert "unhandled error" in caplog.text  # the failure itself is still logged


def _answering_dispatcher(
    session_factory: async_sessionmaker[AsyncSession], error: Exception
) -> Dispatcher:
    dp = Dispatcher()
    dp["deps"] = make_deps(session_factory, _Clock())
    register_outermost(dp, UpdateScopeMiddleware())
    router = Router()

    @router.callback_query()
    async def answers_then_fails(query: CallbackQuery) -> None:
        await query.answer("принято")
        raise error

    dp.include_routers(errors.build_router(), router)
    return dp


async def test_a_refusal_after_the_answer_goes_as_a_message(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    rec = RecordingSession()
    guard_replies(rec)
    dp = _answering_dispatcher(session_factory, DomainError("error-no-access"))
    await dp.feed_update(make_bot(rec), make_callback_update(602, "any"))
    assert [a.text for a in rec.requests_of(AnswerCallbackQuery)] == ["принято"]
    assert ["нет прав" in m.text for m in rec.requests_of(SendMessage)] == [True]


async def test_a_press_not_yet_answered_still_gets_the_alert(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    app = _app(session_factory)
    await app.feed(make_callback_update(603, "m:org:1"))  # nobody's organization: refused
    answers = app.rec.requests_of(AnswerCallbackQuery)
    assert len(answers) == 1
    assert answers[0].show_alert
    assert app.rec.requests_of(SendMessage) == []


async def test_the_scope_belongs_to_one_update_only(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    app = _app(session_factory)
    await app.feed(make_callback_update(604, "lg:en"))
    assert current_scope() is None  # nothing leaks out of feed_update

"""Replies while an update is handled: a press is answered at most once, and a reply Telegram
refuses with 429 is sent again after ``retry_after`` (within the update's budget, and only
inside an update)."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from aiogram import Dispatcher, Router
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.middlewares.replies import (
    UpdateScopeMiddleware,
    current_scope,
    guard_replies,
    register_outermost,
)
from handlers import errors
from services.errors import DomainError
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.app_factory import BotApp, MovableClock, make_deps
from tests.unit.factories import NOW

APOLOGY = "что-то пошло не так"


App = BotApp


def _app(session_factory: async_sessionmaker[AsyncSession], **settings: Any) -> App:
    rec = RecordingSession()
    guard_replies(rec)  # as bot/app/wiring.py build_bot does
    return App.build(session_factory, NOW, rec=rec, **settings)


def _retry_after(rec: RecordingSession, method: type[Any], times: int, seconds: int) -> None:
    for _ in range(times):
        rec.queue_error(
            method,
            TelegramRetryAfter,
            f"Too Many Requests: retry after {seconds}",
            retry_after=seconds,
        )


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
    dp["deps"] = make_deps(session_factory, MovableClock(NOW))
    register_outermost(dp, UpdateScopeMiddleware(30))
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


# ----- 429 while handling an update ------------------------------------------------------
async def test_a_reply_refused_with_429_is_sent_again_after_retry_after(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(session_factory)
    _retry_after(app.rec, SendMessage, times=2, seconds=1)
    started = time.monotonic()
    with caplog.at_level(logging.DEBUG):
        await app.feed(make_message_update(605, "/help"))
    elapsed = time.monotonic() - started
    sends = app.rec.requests_of(SendMessage)
    # two refused, then the one Telegram took: the same reply, delivered once
    assert len(sends) == 3
    assert len({s.text for s in sends}) == 1
    assert "Справка" in sends[-1].text
    assert elapsed >= 2.0  # retry_after honoured, twice
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_a_press_answered_after_a_429(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    app = _app(session_factory)
    _retry_after(app.rec, AnswerCallbackQuery, times=1, seconds=1)
    await app.feed(make_callback_update(606, "zz:garbage"))
    answers = app.rec.requests_of(AnswerCallbackQuery)
    assert len(answers) == 2
    assert "устарела" in (answers[-1].text or "")
    assert app.rec.requests_of(SendMessage) == []


async def test_when_the_budget_runs_out_one_warning_and_no_apology(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(session_factory, retry_after_budget_seconds=1.5)
    _retry_after(app.rec, SendMessage, times=3, seconds=1)
    _retry_after(app.rec, AnswerCallbackQuery, times=3, seconds=1)
    with caplog.at_level(logging.DEBUG):
        await app.feed(make_message_update(607, "/help"))
    # waited 1 s once; a second wait would pass 1.5 s: given up, and nothing else was tried
    assert len(app.rec.requests_of(SendMessage)) == 2
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert warnings[0].levelno == logging.WARNING
    assert warnings[0].exc_info is None
    assert "flood control" in warnings[0].getMessage()
    assert "Traceback" not in caplog.text
    # a press the same: no answer is attempted after giving up, and no message either
    caplog.clear()
    before = len(app.rec.requests)
    with caplog.at_level(logging.WARNING):
        await app.feed(make_callback_update(607, "zz:garbage"))
    assert [type(r).__name__ for r in app.rec.requests[before:]] == ["AnswerCallbackQuery"] * 2
    assert len(caplog.records) == 1


async def test_outside_an_update_a_429_is_not_retried(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    # the outbox sender (scheduler/sender.py) calls the bot outside any update and handles
    # 429 itself, for all its messages at once
    rec = RecordingSession()
    guard_replies(rec)
    _retry_after(rec, SendMessage, times=1, seconds=30)
    started = time.monotonic()
    with pytest.raises(TelegramRetryAfter):
        await make_bot(rec).send_message(608, "из очереди")
    assert time.monotonic() - started < 1
    assert len(rec.requests_of(SendMessage)) == 1


async def test_a_zero_budget_disables_the_retry(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    app = _app(session_factory, retry_after_budget_seconds=0)
    _retry_after(app.rec, SendMessage, times=1, seconds=1)
    await app.feed(make_message_update(609, "/help"))
    assert len(app.rec.requests_of(SendMessage)) == 1

"""Handlers through ``Dispatcher.feed_update`` with a recording session and a real database."""

from __future__ import annotations

import logging

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import Consent, Role, User
from services.questionnaire.schema import Form
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import NOW, join, make_invite, make_org

App = BotApp


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator, admin_ids="900")


async def test_start_without_invite(app: App) -> None:
    await app.feed(make_message_update(501, "/start"))
    assert "ссылку-приглашение" in app.rec.last(SendMessage).text


async def test_english_speaker_of_the_default_locale_gets_russian_until_they_choose(
    app: App,
) -> None:
    await app.feed(make_message_update(502, "/help", language_code="en"))
    assert "Справка" in app.rec.last(SendMessage).text
    await app.feed(make_callback_update(502, "lg:en", language_code="en"))
    await app.feed(make_message_update(502, "/help", language_code="en"))
    assert "Help" in app.rec.last(SendMessage).text


async def test_decline_then_accept(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        token = (await make_invite(session, org, Role.MENTEE)).token
    await app.feed(make_message_update(503, f"/start {token}"))
    consent = app.rec.last(SendMessage)
    assert "152" not in consent.text  # the text speaks plainly, not in law numbers
    assert "Согласие на обработку персональных данных" in consent.text
    await app.feed(make_callback_update(503, f"cs:pd:0:{token}"))
    assert "ничего о вас не сохранили" in (app.rec.last(EditMessageText).text or "")
    async with app.factory() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0
    await app.feed(make_callback_update(503, f"cs:pd:1:{token}"))
    assert "1 из 12" in app.rec.last(SendMessage).text
    async with app.factory() as session:
        consent_row = await session.scalar(select(Consent))
        assert consent_row is not None
        assert consent_row.accepted_at == NOW


async def test_telegram_failure_in_a_handler_gets_an_apology(app: App) -> None:
    app.rec.queue_error(SendMessage, TelegramBadRequest, "Bad Request: something odd")
    await app.feed(make_message_update(504, "/help"))
    # the failed reply raised inside the handler; the error handler still answered
    assert "что-то пошло не так" in app.rec.last(SendMessage).text


async def test_no_role_no_access(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 505, org, Role.MENTOR)
        org_id = org.id
    await app.feed(make_callback_update(505, f"m:org:{org_id}"))
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "нет прав" in answer.text
    assert answer.show_alert


async def test_unknown_button_is_outdated(app: App) -> None:
    await app.feed(make_callback_update(506, "zz:garbage"))
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "устарела" in answer.text


async def test_trial_not_a_fit_alerts_the_curator_at_once(app: App, forms: dict[str, Form]) -> None:
    from datetime import date

    from models import OutboxMessage
    from services.matching import MatchWeights
    from services.meetings.plan import PlanSettings
    from services.meetings.repository import MeetingRepository
    from services.pairing.service import PairingService
    from tests.unit.pairing_factories import add_person

    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 50, org, Role.CURATOR)
        mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        await service.confirm(offered.assignment, NOW)
        repo = MeetingRepository(session)
        await repo.ensure_program(offered.pairing, date(2026, 11, 20), PlanSettings())
        first, trial = (await repo.meetings(offered.pairing.id))[:2]
        assert trial.kind.value == "trial"
        # meetings go in order: the introduction is held first
        await repo.schedule(await repo.context(first.id), NOW, fmt="offline", place=None)
        await repo.record_log(
            await repo.context(first.id), {"duration": 30, "topics": "Знакомство"}, NOW
        )
        ctx = await repo.context(trial.id)
        await repo.schedule(ctx, NOW, fmt="offline", place=None)
        await repo.record_log(
            await repo.context(trial.id), {"duration": 40, "topics": "Задача"}, NOW
        )
        trial_id = trial.id
    await app.feed(make_callback_update(11, f"fb:u:{trial_id}:3"))
    assert "Подходит ли вам эта пара" in (app.rec.last(EditMessageText).text or "")
    await app.feed(make_callback_update(11, f"fb:fit:{trial_id}:0"))
    async with app.factory() as session:
        alerts = list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "alert"))
        )
    assert [a.chat_id for a in alerts] == [50]
    assert "не подходит" in alerts[0].text
    # someone outside the pair cannot answer for it
    await app.feed(make_callback_update(999, f"fb:fit:{trial_id}:0"))
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.text is not None
    assert "нет прав" in answer.text


async def test_a_repeated_press_that_changes_nothing_is_quietly_acknowledged(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await app.feed(make_message_update(507, "/lang"))
    await app.feed(make_callback_update(507, "lg:en"))
    # the second press edits the message into what it already shows; Telegram refuses that
    app.rec.queue_error(
        EditMessageText,
        TelegramBadRequest,
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message",
    )
    with caplog.at_level(logging.DEBUG):
        await app.feed(make_callback_update(507, "lg:en"))
    assert isinstance(app.rec.requests[-1], AnswerCallbackQuery)
    assert app.rec.last(AnswerCallbackQuery).show_alert is not True
    assert "unhandled error" not in caplog.text

"""Issue 17, friction: a typed comment retires «Пропустить →»; an office curator is pointed to
what the office menu has, not to a bank it does not show."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_dispatcher
from bot.config import Settings
from bot.deps import AppDeps
from bot.fsm_storage import SqlStorage
from bot.i18n import Translator
from models import MeetingFeedback, Role
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person
from tests.unit.test_handlers import App, FixedClock


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    deps = AppDeps(
        settings=Settings(bot_token="1:x", admin_ids="900"),
        translator=translator,
        forms=forms,
        clock=FixedClock(),
        session_factory=session_factory,
        bot_username="mentor_test_bot",
    )
    recording = RecordingSession()
    return App(
        build_dispatcher(deps, SqlStorage(session_factory)),
        make_bot(recording),
        recording,
        session_factory,
    )


async def test_a_typed_comment_takes_skip_off_the_question(
    app: App, forms: dict[str, Form]
) -> None:
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
        first = (await repo.meetings(offered.pairing.id))[0]
        await repo.schedule(await repo.context(first.id), NOW, fmt="offline", place=None)
        await repo.record_log(
            await repo.context(first.id), {"duration": 30, "topics": "Знакомство"}, NOW
        )
        meeting_id = first.id
    await app.feed(make_callback_update(11, f"fb:u:{meeting_id}:4", message_id=77))
    asked = app.session.last(EditMessageText)
    assert "комментарий" in (asked.text or "")
    assert asked.reply_markup is not None  # «Пропустить →» while no comment is typed
    assert app.session.requests_of(EditMessageReplyMarkup) == []

    await app.feed(make_message_update(11, "Очень полезно"))
    retired = app.session.requests_of(EditMessageReplyMarkup)
    assert [(r.message_id, r.reply_markup) for r in retired] == [(77, None)]
    assert "Спасибо за обратную связь" in app.session.last(SendMessage).text
    async with app.factory() as session:
        comments = list(
            await session.scalars(
                select(MeetingFeedback.comment).where(MeetingFeedback.comment.is_not(None))
            )
        )
    assert comments == ["Очень полезно"]

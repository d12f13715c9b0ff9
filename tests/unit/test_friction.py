"""Issue 17, friction: a typed comment retires «Пропустить →»; an office curator is pointed to
what the office menu has, not to a bank it does not show."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import MeetingFeedback, OrgKind, OutboxMessage, Role
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp as App
from tests.unit.app_factory import build_app
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import MENTOR_DEFAULTS, add_person


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator, admin_ids="900")


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
    asked = app.rec.last(EditMessageText)
    assert "комментарий" in (asked.text or "")
    assert asked.reply_markup is not None  # «Пропустить →» while no comment is typed
    assert app.rec.requests_of(EditMessageReplyMarkup) == []

    await app.feed(make_message_update(11, "Очень полезно"))
    retired = app.rec.requests_of(EditMessageReplyMarkup)
    assert [(r.message_id, r.reply_markup) for r in retired] == [(77, None)]
    assert "Спасибо за обратную связь" in app.rec.last(SendMessage).text
    async with app.factory() as session:
        comments = list(
            await session.scalars(
                select(MeetingFeedback.comment).where(MeetingFeedback.comment.is_not(None))
            )
        )
    assert comments == ["Очень полезно"]


async def test_an_office_curator_is_pointed_to_the_schools_not_to_a_bank(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 7", parent=office)
        store = QuestionnaireStore(session, forms)
        curator = await join(session, 60, office, Role.CURATOR)
        profile = await store.start(curator.user, curator.membership, "curator_profile", NOW)
        await store.answer(profile.response, "full_name", "Иванова Ольга Петровна", NOW)
        await store.answer(profile.response, "position", "методист", NOW)
        mentor = await join(session, 1, school, Role.MENTOR)
        intake = await store.start(mentor.user, mentor.membership, "mentor_intake", NOW)
        await store.answer(intake.response, "full_name", "Петрова Анна Сергеевна", NOW)
        for question_id, value in MENTOR_DEFAULTS.items():
            await store.answer(intake.response, question_id, value, NOW)
        profile_id, intake_id = profile.response.id, intake.response.id

    await app.feed(make_callback_update(60, f"qr:{profile_id}:ok:0"))
    thanks = [t for t in app.rec.sent_texts if "Профиль куратора сохранён" in t]
    assert len(thanks) == 1
    assert "банк наставников и наставляемых каждой школы" in thanks[0]
    assert "«🏫 Школы»" in thanks[0]

    # the school has no curator of its own: the office's hears, and is told where the bank is
    await app.feed(make_callback_update(1, f"qr:{intake_id}:ok:0"))
    async with app.factory() as session:
        notices = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [n.chat_id for n in notices] == [60]
    assert "Петрова Анна Сергеевна" in notices[0].text
    assert "«🏫 Школы» → «МБОУ СОШ № 7»" in notices[0].text
    assert "Новый участник в банке" not in notices[0].text


async def test_a_school_curator_keeps_the_bank_wording(app: App, forms: dict[str, Form]) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 7", parent=office)
        await join(session, 60, office, Role.CURATOR)
        store = QuestionnaireStore(session, forms)
        curator = await join(session, 50, school, Role.CURATOR)
        profile = await store.start(curator.user, curator.membership, "curator_profile", NOW)
        await store.answer(profile.response, "full_name", "Смирнова Ольга Николаевна", NOW)
        await store.answer(profile.response, "position", "заместитель директора", NOW)
        mentor = await join(session, 1, school, Role.MENTOR)
        intake = await store.start(mentor.user, mentor.membership, "mentor_intake", NOW)
        await store.answer(intake.response, "full_name", "Петрова Анна Сергеевна", NOW)
        for question_id, value in MENTOR_DEFAULTS.items():
            await store.answer(intake.response, question_id, value, NOW)
        profile_id, intake_id = profile.response.id, intake.response.id

    await app.feed(make_callback_update(50, f"qr:{profile_id}:ok:0"))
    assert any("В меню доступны ссылки-приглашения и банк" in t for t in app.rec.sent_texts)
    await app.feed(make_callback_update(1, f"qr:{intake_id}:ok:0"))
    async with app.factory() as session:
        notices = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [n.chat_id for n in notices] == [50]  # the school's own curator, not the office's
    assert notices[0].text.startswith("Новый участник в банке: <b>Петрова Анна Сергеевна</b>")

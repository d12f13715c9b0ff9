"""Through the dispatcher: a forged offer of a form not enabled, the curator's forms menu, the
safeguarding question before confirming, and the parents' notices."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    Assignment,
    AssignmentState,
    Organization,
    OutboxMention,
    OutboxMessage,
    Pairing,
    Role,
)
from services.matching import MatchWeights
from services.pairing.bank import load_pool
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.recording import make_callback_update
from tests.unit.app_factory import BotApp as App
from tests.unit.app_factory import build_app
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person
from tests.unit.pupil_factories import add_external, add_parent, add_pupil

CURATOR = 50


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator)


async def _outbox(app: App, chat_id: int) -> list[str]:
    async with app.factory() as session:
        rows = await session.scalars(
            select(OutboxMessage.text)
            .where(OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
        )
        return list(rows)


async def test_forged_offer_of_a_form_not_enabled_is_refused(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR, org, Role.CURATOR)
        teacher = await add_person(session, forms, org, 1, Role.MENTOR, "Учитель")
        pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
        version = (await load_pool(session, org)).fingerprint()
        org_id, e, m = org.id, pupil.id, teacher.id
    # the proposal never shows this pair; a modified client asks for it anyway
    await app.feed(make_callback_update(CURATOR, f"pp:one:{org_id}:{version}:{e}:{m}:0:0"))
    sent = app.rec.last(SendMessage).text or ""
    assert "форма наставничества не включена" in sent
    async with app.factory() as session:
        assert await session.scalar(select(func.count(Assignment.id))) == 0
        assert await session.scalar(select(func.count(Pairing.id))) == 0
    assert await _outbox(app, 1) == []


async def test_curator_toggles_the_schools_forms(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR, org, Role.CURATOR)
        org_id = org.id
    await app.feed(make_callback_update(CURATOR, f"ef:show:{org_id}:"))
    menu = app.rec.last(SendMessage)
    assert "Формы наставничества" in (menu.text or "")
    buttons = [b.text for row in menu.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert "✅ учитель – учитель" in buttons
    assert "▫️ ученик – ученик" in buttons
    await app.feed(make_callback_update(CURATOR, f"ef:t:{org_id}:pupil_pupil"))
    assert "Включено" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.feed(make_callback_update(CURATOR, f"ef:t:{org_id}:teacher_teacher"))
    async with app.factory() as session:
        stored = await session.get(Organization, org_id)
        assert stored is not None
        assert stored.enabled_forms == ["head_teacher", "pupil_pupil"]
    # someone who does not manage the school changes nothing
    await app.feed(make_callback_update(777, f"ef:t:{org_id}:employer_pupil"))
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")
    async with app.factory() as session:
        stored = await session.get(Organization, org_id)
        assert stored is not None
        assert stored.enabled_forms == ["head_teacher", "pupil_pupil"]


async def test_safeguarding_question_then_confirmation_and_parents_told(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        org.enabled_forms = ["employer_pupil"]
        await join(session, CURATOR, org, Role.CURATOR)
        employer = await add_external(session, forms, org, 1, "Иван Петрович")
        pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
        mother = await add_parent(session, org, 500, pupil, "Мама Пети")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, pupil.id, employer.id, by_user_id=None, now=NOW)
        for side in (employer.id, pupil.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        org_id, p, a = org.id, offered.pairing.id, offered.assignment.id
        mother_chat = mother.telegram_id
        pupil_user, employer_user = pupil.user_id, employer.user_id
    await app.feed(make_callback_update(CURATOR, f"pr:confirm:{org_id}:{p}:{a}:"))
    asked = app.rec.last(SendMessage)
    assert "справка об отсутствии судимости" in (asked.text or "")
    async with app.factory() as session:
        assignment = await session.get(Assignment, a)
        assert assignment is not None
        assert assignment.state is AssignmentState.AGREED
    assert await _outbox(app, mother_chat) == []

    await app.feed(make_callback_update(CURATOR, f"pr:check:{org_id}:{p}:{a}:"))
    async with app.factory() as session:
        assignment = await session.get(Assignment, a)
        pairing = await session.get(Pairing, p)
        assert assignment is not None
        assert pairing is not None
        assert assignment.state is AssignmentState.ACTIVE
        assert pairing.safeguarding_checked_at == NOW
        assert pairing.safeguarding_checked_by is not None
    card = app.rec.sent_texts[-1]
    assert "Проверка наставника школой подтверждена 20.11.2026" in card
    told = await _outbox(app, mother_chat)
    assert len(told) == 1
    assert "Иван Петрович" in told[0]
    assert "работодатель – ученик" in told[0]
    async with app.factory() as session:
        named = await session.scalars(
            select(OutboxMention.user_id)
            .join(OutboxMessage, OutboxMessage.id == OutboxMention.outbox_id)
            .where(OutboxMessage.chat_id == mother_chat)
        )
        # a withdrawal of the child or of the mentor erases the notice
        assert set(named) == {pupil_user, employer_user}

    await app.feed(make_callback_update(CURATOR, f"pr:endr:{org_id}:{p}:{a}:completed_early"))
    told = await _outbox(app, mother_chat)
    assert len(told) == 2
    assert "завершена" in told[1]


async def test_offer_to_a_pupil_with_an_outside_mentor_keeps_contacts_with_the_school(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        org.enabled_forms = ["employer_pupil"]
        await join(session, CURATOR, org, Role.CURATOR)
        employer = await add_external(session, forms, org, 1, "Иван Петрович")
        pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
        version = (await load_pool(session, org)).fingerprint()
        org_id, e, m = org.id, pupil.id, employer.id
    await app.feed(make_callback_update(CURATOR, f"pp:one:{org_id}:{version}:{e}:{m}:0:0"))
    to_pupil, to_mentor = await _outbox(app, 11), await _outbox(app, 1)
    assert len(to_pupil) == len(to_mentor) == 1
    assert "предлагает тебе наставника" in to_pupil[0]
    assert "специалист организации-партнёра" in to_pupil[0]
    assert "6 класс" in to_mentor[0]
    for text in (to_pupil[0], to_mentor[0]):
        assert "Контакты участников не передаются" in text

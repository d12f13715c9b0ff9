"""«📄 Документы» through ``Dispatcher.feed_update``: the menu from the school's menu, each
document sent as a DOCX, the reward ticks, and forged, stale or unauthorized presses."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from aiogram.methods import EditMessageText, SendDocument, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from docx import Document
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    Meeting,
    MeetingStatus,
    Membership,
    Organization,
    OrgKind,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    User,
)
from services.meetings.repository import MeetingRepository
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import join, make_org
from tests.unit.survey_factories import CURATOR_TG, Pair, active_pair

CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
MAY = datetime(2027, 5, 20, 9, 0, tzinfo=UTC)
MENTOR_TG = 1
HEAD_TG = 70
MUNICIPAL_TG = 60
OTHER_CURATOR_TG = 61


App = BotApp


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession], translator: Translator) -> App:
    return build_app(session_factory, MAY, translator=translator)


async def _school(app: App, forms: dict[str, Form], *, report: bool = True) -> Pair:
    """A school in an office: a pair with two meetings held, the mentor's report, a head."""
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        org = await make_org(session, "МБОУ СОШ № 5", parent=office)
        await join(session, CURATOR_TG, org, Role.CURATOR)
        await join(session, MUNICIPAL_TG, office, Role.CURATOR)
        # heads join by a link of their own (another part of issue 13): the row is enough here
        head = User(telegram_id=HEAD_TG, locale="ru", full_name="Петров Пётр Петрович")
        session.add(head)
        await session.flush()
        session.add(Membership(user_id=head.id, org_id=org.id, role=Role.HEAD))
        pair = await active_pair(session, forms, org=org, confirmed=CONFIRMED)
        for meeting in (await MeetingRepository(session).meetings(pair.pairing.id))[:2]:
            row = await session.get(Meeting, meeting.id)
            assert row is not None
            row.status = MeetingStatus.HELD
        if report:
            await _report(session, forms, pair)
    return pair


async def _report(session: AsyncSession, forms: dict[str, Form], pair: Pair) -> None:
    campaign = SurveyCampaign(
        org_id=pair.org.id,
        kind=SurveyKind.MENTOR_REPORT,
        key=f"program:{pair.program.id}:report",
        opens_at=MAY,
        closes_at=MAY,
    )
    session.add(campaign)
    await session.flush()
    invitation = SurveyInvitation(
        campaign_id=campaign.id,
        membership_id=pair.mentor.id,
        form_id="mentor_report",
        pairing_id=pair.pairing.id,
        invited_at=MAY,
    )
    session.add(invitation)
    await session.flush()
    store = QuestionnaireStore(session, forms)
    mentor_user = pair.mentor.user_id
    assert mentor_user is not None
    user = await session.get(User, mentor_user)
    assert user is not None
    step = await store.start(user, pair.mentor, "mentor_report", MAY, subject="report")
    for question, value in (
        ("goals_achieved", 9),
        ("done", "Провели 12 встреч и открытый урок"),
        ("results", "Уверенно ведёт уроки"),
        ("recommendations", "Продолжить работу с родителями"),
        ("continue_needed", False),
        ("suggestions", None),
    ):
        await store.save(step.response, question, value, MAY)
    await store.complete(step.response, MAY)
    invitation.response_id = step.response.id
    invitation.completed_at = MAY


def _buttons(markup: object) -> dict[str, str]:
    assert isinstance(markup, InlineKeyboardMarkup)
    return {
        b.text: str(b.callback_data)
        for row in markup.inline_keyboard
        for b in row
        if b.callback_data
    }


def _docx_text(request: SendDocument) -> str:
    file = request.document
    assert isinstance(file, BufferedInputFile)
    doc = Document(io.BytesIO(file.data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _filename(request: SendDocument) -> str:
    file = request.document
    assert isinstance(file, BufferedInputFile)
    return file.filename or ""


async def test_the_documents_menu_opens_from_the_schools_menu(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms)
    await app.press(CURATOR_TG, f"m:org:{pair.org.id}")
    buttons = _buttons(app.rec.last(SendMessage).reply_markup)
    assert buttons["📄 Документы"] == f"dcm:menu:{pair.org.id}:0:"
    await app.press(CURATOR_TG, buttons["📄 Документы"])
    assert "📄 Документы — МБОУ СОШ № 5" in app.last_text()
    assert set(_buttons(app.rec.last(SendMessage).reply_markup)) >= {
        "📝 Отчёты наставников",
        "📜 Приказ о назначении куратора",
        "✍️ Согласия для подписи",
        "🏆 Поощрение наставников",
    }


async def test_the_mentors_reports_one_and_all(app: App, forms: dict[str, Form]) -> None:
    pair = await _school(app, forms)
    org = pair.org.id
    await app.press(CURATOR_TG, f"dcm:reps:{org}:0:")
    text = app.last_text()
    assert "Сдали отчёт: 1 из 1." in text
    assert "✅ Наставник 1 — 20.05.2027" in text
    buttons = _buttons(app.rec.last(SendMessage).reply_markup)
    await app.press(CURATOR_TG, buttons["📄 Наставник 1"])
    one = app.documents()[-1]
    assert _filename(one) == "Отчёт наставника — Наставник 1 — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Провели 12 встреч и открытый урок" in _docx_text(one)
    await app.press(CURATOR_TG, buttons["📄 Все отчёты одним документом"])
    every = app.documents()[-1]
    assert _filename(every) == "Отчёты наставников — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Насколько достигнуты цели" in _docx_text(every)


async def test_a_mentor_without_a_report_is_listed_and_has_no_document(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms, report=False)
    org = pair.org.id
    await app.press(CURATOR_TG, f"dcm:reps:{org}:0:")
    assert "⏳ Наставник 1 — отчёт ещё не сдан" in app.last_text()
    assert "📄 Все отчёты одним документом" not in _buttons(app.rec.last(SendMessage).reply_markup)
    refused = await app.press(CURATOR_TG, f"dcm:rep:{org}:{pair.mentor.id}:")
    assert refused.text == "Этот наставник ещё не сдал отчёт."
    refused = await app.press(CURATOR_TG, f"dcm:rep:{org}:0:")
    assert refused.text == "Ни один наставник ещё не сдал отчёт."
    assert app.documents() == []


async def test_the_curator_order_and_a_consent_form_filled_for_the_mentor(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms)
    org = pair.org.id
    await app.press(CURATOR_TG, f"dcm:cur:{org}:0:")
    order = app.documents()[-1]
    text = _docx_text(order)
    assert "О назначении куратора внедрения целевой модели наставничества" in text
    assert "С приказом ознакомлен(а):" in text
    assert "МБОУ СОШ № 5" in text

    # a second curator: the order asks whom it is for
    async with app.factory() as session, session.begin():
        school = await session.get(Organization, org)
        assert school is not None
        second = await join(session, 52, school, Role.CURATOR)
    await app.press(CURATOR_TG, f"dcm:cur:{org}:0:")
    assert app.last_text() == "Для кого подготовить приказ о назначении куратора?"
    picks = _buttons(app.rec.last(SendMessage).reply_markup)
    assert f"dcm:cur:{org}:{second.membership.id}:" in picks.values()
    assert len(app.documents()) == 1

    await app.press(CURATOR_TG, f"dcm:cpk:{org}:0:ap")
    buttons = _buttons(app.rec.last(SendMessage).reply_markup)
    assert buttons["👤 Наставник 1"] == f"dcm:con:{org}:{pair.mentor.id}:ap"
    assert "👤 Наставляемый 11" not in buttons  # a mentee is not appointed a mentor
    await app.press(CURATOR_TG, buttons["👤 Наставник 1"])
    consent = app.documents()[-1]
    assert _filename(consent).startswith("Согласие на назначение наставником — Наставник 1 — ")
    assert "Я, Наставник 1, даю согласие на назначение меня наставником" in _docx_text(consent)
    await app.press(CURATOR_TG, buttons["📄 Пустой бланк"])
    assert "(фамилия, имя, отчество)" in _docx_text(app.documents()[-1])


async def test_rewards_are_ticked_and_turned_into_an_order_and_letters(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms)
    org = pair.org.id
    await app.press(CURATOR_TG, f"dcm:rew:{org}:0:")
    text = app.last_text()
    assert "«Наставник года»" in text
    assert "«Лучшая пара»" in text
    assert "1. Наставник 1 — встреч 2 из" in text
    assert ", цели достигнуты на 9/10" in text
    buttons = _buttons(app.rec.last(SendMessage).reply_markup)
    refused = await app.press(CURATOR_TG, buttons["📄 Сформировать приказ и письма (0)"])
    assert refused.text == "Отметьте хотя бы одного наставника или пару."

    await app.press(CURATOR_TG, f"dcm:tm:{org}:{pair.mentor.id}:")
    edited = app.rec.last(EditMessageText)
    ticked = _buttons(edited.reply_markup)
    assert "☑️ Наставник 1" in ticked
    await app.press(CURATOR_TG, f"dcm:tp:{org}:{pair.pairing.id}:")
    ticked = _buttons(app.rec.last(EditMessageText).reply_markup)
    await app.press(CURATOR_TG, ticked["📄 Сформировать приказ и письма (2)"])
    order, letters = app.documents()[-2:]
    assert _filename(order) == "Приказ о поощрении наставников — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Наставник года" in _docx_text(order)
    assert "Лучшая пара" in _docx_text(order)
    letters_text = _docx_text(letters)
    assert letters_text.count("БЛАГОДАРСТВЕННОЕ ПИСЬМО") == 2
    assert "Наставляемый 11" in letters_text

    # untick: the mentor is out again
    await app.press(CURATOR_TG, f"dcm:tm:{org}:{pair.mentor.id}:")
    assert "⬜ Наставник 1" in _buttons(app.rec.last(EditMessageText).reply_markup)


async def test_the_head_and_the_offices_curator_may_read_but_a_mentor_may_not(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms)
    org = pair.org.id
    for reader in (HEAD_TG, MUNICIPAL_TG):
        await app.press(reader, f"dcm:menu:{org}:0:")
        assert "📄 Документы — МБОУ СОШ № 5" in app.last_text()
    await app.press(HEAD_TG, f"dcm:cur:{org}:0:")
    assert len(app.documents()) == 1

    sent = len(app.rec.sent_texts)
    for act in ("menu:{org}:0:", "rew:{org}:0:", "rep:{org}:0:", "con:{org}:0:pd"):
        refused = await app.press(MENTOR_TG, "dcm:" + act.format(org=org))
        assert refused.text == "У вас нет прав на это действие."
    assert len(app.rec.sent_texts) == sent
    assert len(app.documents()) == 1


async def test_forged_and_stale_presses_get_a_polite_answer(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _school(app, forms)
    org = pair.org.id
    async with app.factory() as session, session.begin():
        other = await make_org(session, "Другая школа")
        await join(session, OTHER_CURATOR_TG, other, Role.CURATOR)
        stranger = await active_pair(
            session, forms, org=other, mentor_tg=2, mentee_tgs=(12,), confirmed=CONFIRMED
        )
    # another school's curator, on this school's buttons
    refused = await app.press(OTHER_CURATOR_TG, f"dcm:rep:{org}:{pair.mentor.id}:")
    assert refused.text == "У вас нет прав на это действие."
    # this school's curator, on another school's mentor and pair
    stale = "Эта кнопка устарела. Используйте последнее сообщение бота или /menu."
    for data in (
        f"dcm:rep:{org}:{stranger.mentor.id}:",
        f"dcm:con:{org}:{stranger.mentor.id}:ap",
        f"dcm:tm:{org}:{stranger.mentor.id}:",
        f"dcm:tp:{org}:{stranger.pairing.id}:",
        f"dcm:cur:{org}:{stranger.mentor.id}:",
        f"dcm:con:{org}:{pair.mentees[0].id}:ap",  # a mentee has no appointment to consent to
    ):
        assert (await app.press(CURATOR_TG, data)).text == stale, data
    # a municipal office files no school documents of its own
    office = pair.org.parent_id
    assert office is not None
    refused = await app.press(MUNICIPAL_TG, f"dcm:menu:{office}:0:")
    assert refused.text == "У вас нет прав на это действие."
    # a malformed button never reaches the handler
    assert (await app.press(CURATOR_TG, f"dcm:con:{org}:0:passport")).text == stale
    assert (await app.press(CURATOR_TG, f"dcm:menu:{2**40}:0:")).text == stale
    assert app.documents() == []

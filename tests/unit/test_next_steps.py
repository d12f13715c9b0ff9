"""What comes next (issue 15): each flow's final message names the next step and carries the
one button that leads there; pressing it gets there, with the presser's rights re-checked; /menu
works in the middle of a questionnaire or any other conversation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    AgeBand,
    Meeting,
    MeetingKindDb,
    OrgKind,
    OutboxMessage,
    QuestionnaireResponse,
    Role,
    User,
)
from services.matching import MatchWeights
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.unit.app_factory import BotApp
from tests.unit.factories import join, make_invite, make_org
from tests.unit.pairing_factories import MENTEE_DEFAULTS, MENTOR_DEFAULTS, add_person
from tests.unit.survey_factories import CURATOR_TG, active_pair

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


class App(BotApp):
    def last_sent(self) -> SendMessage:
        return self.rec.last(SendMessage)


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession], translator: Translator) -> App:
    return App.build(session_factory, NOW, translator=translator)


def buttons(markup: Any) -> list[tuple[str, str]]:
    """(text, callback data) of every button, row after row."""
    if markup is None:
        return []
    if isinstance(markup, dict):
        return [
            (b["text"], b.get("callback_data", ""))
            for row in markup["inline_keyboard"]
            for b in row
        ]
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


async def _intake_up_to_review(app: App, forms: dict[str, Form], tg: int, role: Role) -> int:
    """A mentor's or mentee's intake answered up to its summary; the response id."""
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
        joined = await join(session, tg, org, role)
        form_id = "mentor_intake" if role is Role.MENTOR else "mentee_intake"
        answers = MENTOR_DEFAULTS if role is Role.MENTOR else MENTEE_DEFAULTS
        store = QuestionnaireStore(session, forms)
        step = await store.start(joined.user, joined.membership, form_id, NOW)
        await store.save(step.response, "full_name", "Иванова Анна Сергеевна", NOW)
        *rest, (last_id, last_value) = answers.items()
        for question_id, value in rest:
            await store.save(step.response, question_id, value, NOW)
        await store.answer(step.response, last_id, last_value, NOW)
        return step.response.id


# ----- questionnaires --------------------------------------------------------------------------
async def test_curator_profile_offers_a_new_invite_link_and_the_press_leads_there(
    app: App,
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        token = (await make_invite(session, org, Role.CURATOR, max_uses=1)).token
        org_id = org.id
    await app.say(70, f"/start {token}")
    await app.press(70, f"cs:pd:1:{token}")
    await app.say(70, "Петрова Мария Ивановна")
    await app.say(70, "Заместитель директора")
    async with app.factory() as session:
        rid = await session.scalar(select(QuestionnaireResponse.id))
    await app.press(70, f"qr:{rid}:ok:0")
    done = app.last_sent()
    assert "Профиль куратора сохранён" in done.text
    assert "создайте ссылки-приглашения" in done.text
    assert buttons(done.reply_markup) == [("➕ Новая ссылка-приглашение", f"iv:new:{org_id}::0:0:")]
    # the flow ends on this message: no menu is pushed after it
    assert app.rec.requests_of(SendMessage)[-1] is done
    assert "Главное меню" not in done.text
    await app.press(70, f"iv:new:{org_id}::0:0:")
    assert "Для кого ссылка-приглашение" in app.last_sent().text
    # the same button pressed by someone who is not the curator is refused
    await app.press(71, f"iv:new:{org_id}::0:0:")
    assert "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")


async def test_a_municipal_curators_profile_offers_to_add_a_school(app: App) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", kind=OrgKind.MUNICIPALITY)
        token = (await make_invite(session, office, Role.CURATOR, max_uses=1)).token
        office_id = office.id
    await app.say(72, f"/start {token}")
    await app.press(72, f"cs:pd:1:{token}")
    await app.say(72, "Сидорова Елена Павловна")
    await app.say(72, "Методист")
    async with app.factory() as session:
        rid = await session.scalar(select(QuestionnaireResponse.id))
    await app.press(72, f"qr:{rid}:ok:0")
    done = app.last_sent()
    assert "добавьте школы района" in done.text
    assert buttons(done.reply_markup) == [("➕ Добавить школу", f"m:addschool:{office_id}")]
    await app.press(72, f"m:addschool:{office_id}")
    assert "название образовательной организации" in app.last_sent().text


@pytest.mark.parametrize(
    ("role", "found"),
    [(Role.MENTEE, "найдётся наставник"), (Role.MENTOR, "найдётся наставляемый")],
)
async def test_intake_done_says_the_curator_forms_pairs_and_offers_the_main_menu(
    app: App, forms: dict[str, Form], role: Role, found: str
) -> None:
    rid = await _intake_up_to_review(app, forms, 80, role)
    await app.press(80, f"qr:{rid}:ok:0")
    done = app.last_sent()
    assert "сохранена" in done.text
    assert "куратор сформирует пары" in done.text
    assert found in done.text
    assert "«Согласен(на)»" in done.text  # what they will be asked
    assert buttons(done.reply_markup) == [("← Главное меню", "m:main:0")]
    await app.press(80, "m:main:0")
    menu = app.last_sent()
    assert "Главное меню" in menu.text
    assert "МБОУ СОШ № 1" in menu.text


async def test_a_pupils_intake_done_speaks_with_ty(app: App, forms: dict[str, Form]) -> None:
    rid = await _intake_up_to_review(app, forms, 81, Role.MENTEE)
    async with app.factory() as session, session.begin():
        user = await session.scalar(select(User).where(User.telegram_id == 81))
        assert user is not None
        user.age_band = AgeBand.UNDER_14
    await app.press(81, f"qr:{rid}:ok:0")
    done = app.last_sent()
    assert "для тебя найдётся наставник" in done.text
    assert " вас " not in done.text.replace("Ваша", "")


async def _log_organizational(app: App, forms: dict[str, Form]) -> tuple[int, int]:
    """A pair whose organizational meeting is scheduled and over; (meeting, trial) ids."""
    async with app.factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=NOW - timedelta(days=10))
        repo = MeetingRepository(session)
        first, trial = (await repo.meetings(pair.pairing.id))[:2]
        assert (first.kind, trial.kind) == (MeetingKindDb.ORGANIZATIONAL, MeetingKindDb.TRIAL)
        await repo.schedule(
            await repo.context(first.id), NOW - timedelta(days=1), fmt="offline", place=None
        )
        return first.id, trial.id


async def test_a_logged_meeting_offers_to_schedule_the_next_of_the_sequence(
    app: App, forms: dict[str, Form]
) -> None:
    first, trial = await _log_organizational(app, forms)
    await app.press(1, f"mt:log:{first}:held")
    async with app.factory() as session:
        rid = await session.scalar(
            select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.subject == f"meeting:{first}"
            )
        )
    await app.say(1, "45")
    await app.say(1, "Знакомство, правила работы")
    for question in ("notes", "next_steps", "attachment"):
        await app.press(1, f"qa:{rid}:{question}:s:0")
    done = app.last_sent()
    assert "Встреча записана в журнал" in done.text
    assert "следующая встреча — «Пробная рабочая встреча»" in done.text
    assert buttons(done.reply_markup) == [
        ("📅 Назначить: Пробная рабочая встреча", f"mt:sched:{trial}:")
    ]
    await app.press(1, f"mt:sched:{trial}:")
    assert "Пробная рабочая встреча" in app.last_sent().text
    assert "Выберите дату" in app.last_sent().text
    # the mentee cannot schedule it from a forged press
    await app.press(11, f"mt:sched:{trial}:")
    assert "только наставник" in (app.rec.last(AnswerCallbackQuery).text or "")


async def test_a_scheduled_meeting_says_reminders_come_and_offers_my_meetings(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=NOW - timedelta(days=1))
        first = (await MeetingRepository(session).meetings(pair.pairing.id))[0]
        meeting_id = first.id
    await app.press(1, f"mt:sched:{meeting_id}:")
    await app.press(1, f"mt:time:{meeting_id}:202611251530")
    await app.press(1, f"mt:fmt:{meeting_id}:offline")
    await app.say(1, "каб. 214")
    done = app.last_sent()
    assert "Назначено" in done.text
    assert "после встречи бот спросит, как она прошла" in done.text
    assert buttons(done.reply_markup) == [("📅 Мои встречи", "m:meetings:0")]
    await app.press(1, "m:meetings:0")
    assert "25.11.2026 15:30" in app.last_sent().text


# ----- notices through the outbox --------------------------------------------------------------
async def test_a_fixed_pair_tells_the_mentor_to_schedule_the_first_meeting(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
        mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
        mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
        service = PairingService(session, MatchWeights())
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        ids = (org.id, offered.pairing.id, offered.assignment.id)
    await app.press(CURATOR_TG, "pr:confirm:{}:{}:{}:".format(*ids))
    assert app.rec.last(AnswerCallbackQuery).text == "Пара закреплена"
    async with app.factory() as session:
        notices = {
            row.chat_id: row
            for row in await session.scalars(
                select(OutboxMessage).where(OutboxMessage.chat_id.in_((1, 11)))
            )
        }
        organizational = await session.scalar(
            select(Meeting).where(Meeting.kind == MeetingKindDb.ORGANIZATIONAL)
        )
        assert organizational is not None
    to_mentor, to_mentee = notices[1], notices[11]
    assert "Пара закреплена" in to_mentor.text
    assert "назначьте организационную встречу" in to_mentor.text
    assert buttons(to_mentor.reply_markup) == [
        ("📅 Назначить: Организационная встреча (знакомство)", f"mt:sched:{organizational.id}:")
    ]
    assert "наставник назначит организационную встречу" in to_mentee.text
    assert buttons(to_mentee.reply_markup) == [("📅 Мои встречи", "m:meetings:0")]
    await app.press(1, f"mt:sched:{organizational.id}:")
    assert "Организационная встреча" in app.last_sent().text


async def test_an_invite_card_says_what_next_and_offers_another_link(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
        org_id = org.id
    await app.press(CURATOR_TG, f"iv:ttl:{org_id}:mentee:30:0:teacher")
    card = app.rec.last(EditMessageText)
    assert "start=" in (card.text or "")
    assert "когда кто-то по этой ссылке заполнит анкету" in (card.text or "")
    texts = [text for text, _ in buttons(card.reply_markup)]
    assert texts == ["⛔ Отозвать ссылку", "➕ Ещё ссылка"]
    await app.press(CURATOR_TG, f"iv:new:{org_id}::0:0:")
    assert "Для кого ссылка-приглашение" in app.last_sent().text


# ----- /menu in the middle of a conversation -----------------------------------------------------
async def test_menu_in_the_middle_of_a_questionnaire_pauses_it_and_says_how_to_return(
    app: App,
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        token = (await make_invite(session, org, Role.MENTEE)).token
    await app.say(90, f"/start {token}")
    await app.press(90, f"cs:pd:1:{token}")
    await app.say(90, "Иванова Анна Сергеевна")
    assert "2 из" in app.last_sent().text
    await app.say(90, "/menu")
    note, menu = app.rec.requests_of(SendMessage)[-2:]
    assert "Анкета на паузе, ответы сохранены" in note.text
    assert "Продолжить анкету" in note.text
    assert "Главное меню" in menu.text
    assert ("▶️ Продолжить анкету", "m:continue:0") in buttons(menu.reply_markup)
    # a text typed now is not taken for the answer
    await app.say(90, "что-нибудь")
    async with app.factory() as session:
        response = await session.scalar(select(QuestionnaireResponse))
        assert response is not None
        assert response.current_question == "position"
    await app.press(90, "m:continue:0")
    assert "2 из" in app.last_sent().text
    # the answers given before the menu are kept
    async with app.factory() as session:
        store = QuestionnaireStore(session, {})
        assert (await store.answers(response.id))["full_name"] == "Иванова Анна Сергеевна"


async def test_menu_while_scheduling_leaves_the_conversation(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=NOW - timedelta(days=1))
        meeting_id = (await MeetingRepository(session).meetings(pair.pairing.id))[0].id
    await app.press(1, f"mt:sched:{meeting_id}:")
    await app.say(1, "/menu")
    note, menu = app.rec.requests_of(SendMessage)[-2:]
    assert note.text == "Прежнее действие отменено."
    assert "Главное меню" in menu.text
    await app.say(1, "25.11 15:30")
    assert "Встреча" not in app.last_sent().text  # not read as the meeting's time
    async with app.factory() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        assert meeting.scheduled_at is None


async def test_menu_with_nothing_going_on_shows_only_the_menu(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
    before = len(app.rec.requests_of(SendMessage))
    await app.say(CURATOR_TG, "/menu")
    sent = app.rec.requests_of(SendMessage)[before:]
    assert [("Главное меню" in m.text) for m in sent] == [True]

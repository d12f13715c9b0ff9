"""The personalized program in chat, through Dispatcher.feed_update with a recording session:
drafting, the mentee's word, approval, the DOCX — and presses by people who may not."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import BufferedInputFile, Update
from docx import Document
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Goal, OutboxMessage, Program, ProgramState
from services.meetings.plan import add_months
from services.meetings.repository import MeetingRepository
from services.programs.rules import MAX_GOALS
from services.programs.service import ProgramService
from services.questionnaire.schema import Form
from tests.recording import make_message_update
from tests.rendered import render_docx
from tests.unit.app_factory import BotApp
from tests.unit.survey_factories import CURATOR_TG, active_pair
from tests.unit.test_programs import add_head

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
START = date(2026, 11, 20)
MENTOR, MENTEE, STRANGER = 1, 11, 99


@dataclass
class App(BotApp):
    pairing_id: int = 0
    org_id: int = 0

    def alerts(self) -> list[str]:
        return [str(a.text) for a in self.rec.requests_of(AnswerCallbackQuery) if a.text]

    async def program(self) -> Program:
        async with self.factory() as session:
            program = await session.scalar(
                select(Program).where(Program.pairing_id == self.pairing_id)
            )
            assert program is not None
            return program

    async def outbox_to(self, telegram_id: int) -> list[OutboxMessage]:
        async with self.factory() as session:
            rows = await session.scalars(
                select(OutboxMessage).where(OutboxMessage.chat_id == telegram_id)
            )
            return list(rows)


@pytest.fixture
async def app(session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]) -> App:
    async with session_factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=NOW, start=START)
    app = App.build(session_factory, NOW)
    app.pairing_id, app.org_id = pair.pairing.id, pair.org.id
    return app


async def _add_goal(app: App, title: str, result: str | None) -> None:
    p = app.pairing_id
    await app.press(MENTOR, f"prg:gadd:{p}:0:0:0:")
    assert "Напишите цель" in app.rec.last(SendMessage).text
    await app.say(MENTOR, title)
    ask = app.rec.last(SendMessage)
    assert "Какие затруднения" in ask.text
    assert "Дисциплина и управление классом" in str(ask.reply_markup)
    await app.press(MENTOR, f"prg:gnext:{p}:0:0:0:")
    assert "хотя бы одно затруднение" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:gdif:{p}:0:0:0:classroom_management")
    await app.press(MENTOR, f"prg:gnext:{p}:0:0:0:")
    assert "Какой результат" in app.rec.last(SendMessage).text
    if result is None:
        await app.press(MENTOR, f"prg:gskip:{p}:0:0:0:")
    else:
        await app.say(MENTOR, result)
    assert "Цель добавлена" in " ".join(app.rec.sent_texts[-2:])


async def test_mentor_drafts_mentee_comments_curator_approves_and_gets_the_docx(app: App) -> None:
    p = app.pairing_id
    await app.press(MENTOR, f"prg:show:{p}:0:0:0:")
    card = app.rec.last(SendMessage)
    assert "Персонализированная программа наставничества" in card.text
    assert "с 20.11.2026 по 31.05.2027" in card.text
    await _add_goal(app, "Удерживать внимание 7 класса", "Проведён открытый урок")
    await _add_goal(app, "Освоить разбор урока", None)

    await app.press(MENTOR, f"prg:period:{p}:0:0:0:")
    assert "До конца учебного года (31.05.2027)" in str(app.rec.last(SendMessage).reply_markup)
    await app.press(MENTOR, f"prg:setm:{p}:0:6:0:")
    end = add_months(START, 6)
    assert "План встреч пересчитан" in " ".join(app.rec.sent_texts[-2:])
    assert "по 20.05.2027" in app.rec.last(SendMessage).text

    # the mentee is shown the draft and asks for a change: the mentor hears it via the outbox
    await app.press(MENTOR, f"prg:share:{p}:0:0:0:")
    assert any("составил(а) проект" in m.text for m in await app.outbox_to(MENTEE))
    version = (await app.program()).version
    await app.press(MENTEE, f"prg:change:{p}:0:0:{version}:")
    await app.say(MENTEE, "Добавьте цель про родителей")
    assert "отправлен наставнику" in app.rec.last(SendMessage).text
    notices = [m.text for m in await app.outbox_to(MENTOR)]
    assert any("Добавьте цель про родителей" in text for text in notices)
    await app.press(MENTEE, f"prg:agree:{p}:0:0:{version}:")
    assert (await app.program()).mentee_agreed_at is not None

    await app.press(MENTOR, f"prg:submit:{p}:0:0:0:")
    assert "куратору" in app.alerts()[-1]
    program = await app.program()
    assert program.state is ProgramState.SUBMITTED
    assert any("ждёт вашего утверждения" in m.text for m in await app.outbox_to(CURATOR_TG))

    # the mentee may not approve; an older version's button is stale
    await app.press(MENTEE, f"prg:approve:{p}:0:0:{program.version}:")
    assert "Утвердить программу может" in app.alerts()[-1]
    await app.press(CURATOR_TG, f"prg:approve:{p}:0:0:{program.version - 1}:")
    assert "уже изменилась" in app.alerts()[-1]
    assert (await app.program()).state is ProgramState.SUBMITTED

    await app.press(CURATOR_TG, f"prg:approve:{p}:0:0:{program.version}:")
    approved = await app.program()
    assert approved.state is ProgramState.APPROVED
    assert approved.end_on == end
    document = app.rec.last(SendDocument)
    assert document.chat_id == CURATOR_TG
    file = document.document
    assert isinstance(file, BufferedInputFile)
    assert (file.filename or "").startswith("Персонализированная программа наставничества — ")
    for side in (MENTOR, MENTEE):
        assert any("утверждена" in m.text for m in await app.outbox_to(side))

    # read back: the goals, the period and one row per planned meeting
    doc = Document(io.BytesIO(file.data))
    text = "\n".join(paragraph.text for paragraph in doc.paragraphs)
    assert "УТВЕРЖДАЮ" in text
    assert "Срок реализации: с 20.11.2026 по 20.05.2027" in text
    goals_table, meetings_table = doc.tables
    goal_rows = [[c.text for c in row.cells] for row in goals_table.rows[1:]]
    assert goal_rows == [
        ["1", "Удерживать внимание 7 класса", "Дисциплина и управление классом",
         "Проведён открытый урок"],
        ["2", "Освоить разбор урока", "Дисциплина и управление классом", "—"],
    ]  # fmt: skip
    async with app.factory() as session:
        meetings = await MeetingRepository(session).meetings(p)
    meeting_rows = [[c.text for c in row.cells] for row in meetings_table.rows[1:]]
    assert len(meeting_rows) == len(meetings) > 5
    assert meeting_rows[0][1] == "Организационная встреча (знакомство)"
    assert meeting_rows[-1][1:3] == ["Заключительная встреча", "20.05.2027"]
    page = render_docx(file.data)
    assert len(page.pages) == 1
    rendered = page.squashed()
    assert "Персонализированная программа наставничества" in rendered
    assert "с 20.11.2026 по 20.05.2027" in rendered
    assert "Удерживать внимание 7" in rendered
    assert "Освоить разбор урока" in rendered
    assert "Регулярная встреча 30.04.2027" in rendered
    assert "Заключительная встреча 20.05.2027" in rendered

    # afterwards: fixed, and the DOCX from the card for the mentee too
    await app.press(MENTOR, f"prg:setm:{p}:0:3:0:")
    assert "уже утверждена" in app.alerts()[-1]
    await app.press(MENTEE, f"prg:docx:{p}:0:0:0:")
    assert app.rec.last(SendDocument).chat_id == MENTEE


async def test_presses_by_the_wrong_people_and_forged_buttons(app: App) -> None:
    p = app.pairing_id
    await app.press(STRANGER, f"prg:show:{p}:0:0:0:")
    assert "нет прав" in app.alerts()[-1]
    before = len(app.rec.requests_of(SendMessage))
    await app.press(MENTEE, f"prg:gadd:{p}:0:0:0:")
    assert "только наставник" in app.alerts()[-1]
    await app.press(MENTEE, f"prg:setm:{p}:0:6:0:")
    assert "только наставник" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:submit:{p}:0:0:0:")
    assert "хотя бы одну цель" in app.alerts()[-1]
    # forged: 13 months, a difficulty the mentee never named, another pair's goal
    await app.press(MENTOR, f"prg:setm:{p}:0:13:0:")
    assert "устарела" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:docx:{p}:0:0:0:")
    assert "после утверждения" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:gadd:{p}:0:0:0:")
    await app.say(MENTOR, "Цель")
    await app.press(MENTOR, f"prg:gdif:{p}:0:0:0:parents")
    assert "устарела" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:gdel:{p}:999:0:0:")
    assert "устарела" in app.alerts()[-1]
    await app.press(MENTOR, f"prg:gnext:{p}:0:0:0:")  # nothing ticked
    await app.press(MENTOR, f"prg:gdif:{p}:0:0:0:classroom_management")
    await app.press(MENTOR, f"prg:gnext:{p}:0:0:0:")
    await app.say(MENTOR, "x" * 501)
    assert "501" in app.rec.last(SendMessage).text
    await app.say(MENTOR, "Результат")
    async with app.factory() as session:
        goals = list(await session.scalars(select(Goal).where(Goal.pairing_id == p)))
    assert [(g.title, g.difficulties, g.expected_result) for g in goals] == [
        ("Цель", ["classroom_management"], "Результат")
    ]
    assert len(app.rec.requests_of(SendMessage)) > before
    # the curator no longer approves once the organization's head uses the bot
    async with app.factory() as session, session.begin():
        head = await add_head(session, app.org_id, 70)
    await app.press(MENTOR, f"prg:submit:{p}:0:0:0:")
    assert "руководителю" in app.alerts()[-1]
    assert any("ждёт вашего утверждения" in m.text for m in await app.outbox_to(70))
    assert not any("ждёт вашего утверждения" in m.text for m in await app.outbox_to(CURATOR_TG))
    version = (await app.program()).version
    await app.press(CURATOR_TG, f"prg:approve:{p}:0:0:{version}:")
    assert "Утвердить программу может" in app.alerts()[-1]
    await app.press(70, f"prg:ret:{p}:0:0:{version}:")
    await app.say(70, "Уточните сроки")
    program = await app.program()
    assert (program.state, program.comment) == (ProgramState.RETURNED, "Уточните сроки")
    assert any("Уточните сроки" in m.text for m in await app.outbox_to(MENTOR))
    assert head.id != program.approved_by


def _photo_update(user_id: int) -> Update:
    base = make_message_update(user_id, "x").model_dump(exclude_none=True)
    message = base["message"]
    del message["text"]
    message["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}]
    return Update.model_validate(base)


async def test_a_photo_or_a_forgotten_conversation_gets_a_polite_word(app: App) -> None:
    p = app.pairing_id
    await app.press(MENTOR, f"prg:gadd:{p}:0:0:0:")
    await app.feed(_photo_update(MENTOR))
    assert "нужен текст" in app.rec.last(SendMessage).text
    await app.say(MENTOR, "   ")
    assert "Напишите текст" in app.rec.last(SendMessage).text
    # the conversation is still there after the noise; the goal is written as usual
    await app.say(MENTOR, "Цель после фото")
    assert "Какие затруднения" in app.rec.last(SendMessage).text
    # a press of «Далее» from an older goal after this one is saved: stale, nothing added
    await app.press(MENTOR, f"prg:gdif:{p}:0:0:0:classroom_management")
    await app.press(MENTOR, f"prg:gnext:{p}:0:0:0:")
    await app.press(MENTOR, f"prg:gskip:{p}:0:0:0:")
    await app.press(MENTOR, f"prg:gskip:{p}:0:0:0:")
    assert "устарела" in app.alerts()[-1]
    async with app.factory() as session:
        titles = list(await session.scalars(select(Goal.title).where(Goal.pairing_id == p)))
    assert titles == ["Цель после фото"]


async def test_a_full_program_is_split_into_messages_telegram_accepts(app: App) -> None:
    async with app.factory() as session, session.begin():
        programs = ProgramService(session)
        program = await programs.of_pairing(app.pairing_id)
        for number in range(MAX_GOALS):
            await programs.add_goal(
                program, f"{number} " + "ц" * 297, ["classroom_management"], "р" * 500, NOW
            )
    await app.press(MENTOR, f"prg:show:{app.pairing_id}:0:0:0:")
    sent = app.rec.requests_of(SendMessage)
    card = [m for m in sent if m.text.startswith("📋") or "ц" * 297 in m.text]
    assert len(card) >= 2
    assert all(len(m.text) <= 4096 for m in card)
    assert card[-1].reply_markup is not None
    assert all(m.reply_markup is None for m in card[:-1])
    assert all(f"{n} " + "ц" * 297 in "".join(m.text for m in card) for n in range(MAX_GOALS))

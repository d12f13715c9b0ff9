"""«📄 Документы» end to end: a mentor holds a meeting through the chat, and the curator gets
a thank-you letter for them as a DOCX from the rewards the bot proposes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from tests.e2e.flows import QUESTION, confirmed_pair
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram, SentMessage
from tests.rendered import render_docx

SCHOOL = "МБОУ СОШ № 21"
MENTOR = "Смирнов Алексей Петрович"  # tests/e2e/flows.py: fill_mentor's default name
# a Wednesday afternoon in Moscow, half a minute before the meeting at 15:30
BOT_TIME = datetime(2026, 11, 25, 12, 29, 20, tzinfo=UTC)
FAST = {"REMINDER_LEADS": "15s", "LOG_PROMPT_AFTER": "2s", "SCHEDULER_TICK_SECONDS": "1"}


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


async def test_a_curator_gets_a_thank_you_letter_for_a_mentor_who_held_a_meeting(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator, mentor, _ = await confirmed_pair(fake, bot, SCHOOL)
    bot.extra_env.update(
        FAST, CLOCK_OFFSET_SECONDS=str((BOT_TIME - datetime.now(UTC)).total_seconds())
    )
    await bot.restart(kill=False)

    # the mentor schedules the first meeting and logs it as held
    meetings = await mentor.say("/meetings", "Пара:", "Организационная встреча")
    await mentor.press(meetings, "Назначить", "Выберите дату")
    fmt = await mentor.say("25.11 15:30", "Как она пройдёт?")
    place = await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    cursor = fake.mark()
    await mentor.say("каб. 214", "Назначено")
    assert place.text
    prompt = await mentor.expect("Как прошла встреча", after=cursor, buttons=True, timeout=60)
    q = await mentor.press(prompt, "Встреча состоялась", QUESTION, "1 из 5")
    q = await mentor.say("45", QUESTION, "2 из 5")
    q = await mentor.say("Знакомство, ожидания", QUESTION, "3 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "4 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "5 из 5")
    await mentor.press(q, "Пропустить", "Встреча записана")
    await bot.query_until(
        "SELECT status FROM meetings WHERE sequence = 1", lambda r: r == [("held",)]
    )

    # the curator: school → documents → rewards; the mentor is proposed and ticked
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    documents = await curator.press(org, "Документы", f"Документы — {SCHOOL}")
    rewards = await curator.press(documents, "Поощрение наставников", "«Наставник года»")
    assert f"1. {MENTOR} — встреч 1 из" in (rewards.text or "")
    cursor = fake.mark()
    fake.press_button(curator.id, rewards, f"⬜ {MENTOR}")
    # the list is redrawn in place with the tick
    ticked = await fake.wait_for_message(
        curator.id, lambda m: f"☑️ {MENTOR}" in m.button_texts, after=cursor
    )
    cursor = fake.mark()
    fake.press_button(curator.id, ticked, "Сформировать приказ и письма (1)")
    letters: SentMessage = await fake.wait_for_message(
        curator.id,
        lambda m: m.method == "sendDocument" and "Благодарственные письма" in (m.text or ""),
        after=cursor,
        timeout=30,
    )
    assert letters.file_name == f"Благодарственные письма — {SCHOOL} — 25.11.2026.docx"
    assert letters.file_bytes is not None
    text = _text(letters.file_bytes)
    assert MENTOR in text
    assert "в номинации «Наставник года»" in text
    pages = render_docx(letters.file_bytes).pages
    assert len(pages) == 1
    assert SCHOOL in pages[0]
    order = [m for m in fake.messages_to(curator.id) if m.method == "sendDocument"][-2]
    assert order.file_name == f"Приказ о поощрении наставников — {SCHOOL} — 25.11.2026.docx"
    assert order.file_bytes is not None
    assert "О поощрении участников наставнической деятельности" in _text(order.file_bytes)

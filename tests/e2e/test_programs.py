"""A pair's personalized program end to end: the mentor drafts it in chat with two goals tied to
the mentee's difficulties, moves its period from the school year to six months, submits it; the
curator (the school has no head in the bot) approves it, and the DOCX carries the new end."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from services.meetings.plan import add_months
from tests.e2e.flows import confirmed_pair
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 21"
CARD = "Персонализированная программа наставничества"


async def _add_goal(mentor: Person, card: SentMessage, goal: str, result: str) -> SentMessage:
    await mentor.press(card, "Добавить цель", "Напишите цель")
    pick = await mentor.say(goal, "Какие затруднения")
    ticked = await mentor.press(pick, "Дисциплина", "Какие затруднения")
    assert any(text.startswith("✅") for text in ticked.button_texts)
    await mentor.press(ticked, "Далее", "Какой результат")
    cursor = mentor.fake.mark()
    mentor.fake.send_text(mentor.id, result)
    return await mentor.expect(CARD, goal, result, after=cursor, buttons=True)


async def test_mentor_drafts_curator_approves_six_months(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    ((start_text,),) = bot.query("SELECT start_on FROM programs")
    start = date.fromisoformat(str(start_text))
    six = add_months(start, 6)

    meetings = await mentor.say("/meetings", "Пара:")
    card = await mentor.press(meetings, "Программа наставничества", CARD, "черновик")
    await _add_goal(mentor, card, "Удерживать внимание 7 класса", "Проведён открытый урок")
    card = await _add_goal(mentor, card, "Освоить разбор урока", "Самоанализ урока")

    periods = await mentor.press(card, "Изменить срок", "Выберите срок")
    cursor = fake.mark()
    fake.press_button(mentor.id, periods, "6 мес.")
    await mentor.expect("План встреч пересчитан", after=cursor)
    card = await mentor.expect(CARD, f"по {six:%d.%m.%Y}", after=cursor, buttons=True)
    ((end_text, final_due),) = bot.query(
        "SELECT p.end_on, m.due_on FROM programs p JOIN meetings m ON m.pairing_id = p.pairing_id"
        " WHERE m.kind = 'final'"
    )
    assert str(end_text) == str(final_due) == six.isoformat()

    cursor = fake.mark()
    await mentor.press(card, "Отправить на утверждение", "отправлена на утверждение")
    notice = await curator.expect("ждёт вашего утверждения", after=cursor, buttons=True)
    review = await curator.press(notice, "Программа наставничества", CARD, "на утверждение")
    assert "✅ Утвердить" in review.button_texts
    assert "Удерживать внимание 7 класса" in (review.text or "")
    # the mentee may not approve: the press names the version the curator saw
    approve = next(d for row in review.buttons for t, d in row if "Утвердить" in t)
    own = mentee.last()
    refusal = await mentee.alert(lambda: fake.forge_callback(mentee.id, own.message_id, approve))
    assert "Утвердить программу может" in refusal

    cursor = fake.mark()
    fake.press_button(curator.id, review, "Утвердить")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert (document.file_name or "").startswith(f"{CARD} — {SCHOOL}")
    assert document.file_bytes is not None
    doc = Document(io.BytesIO(document.file_bytes))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Срок реализации: с {start:%d.%m.%Y} по {six:%d.%m.%Y}" in text
    goals = [[c.text for c in row.cells][1:3] for row in doc.tables[0].rows[1:]]
    assert goals == [
        ["Удерживать внимание 7 класса", "Дисциплина и управление классом"],
        ["Освоить разбор урока", "Дисциплина и управление классом"],
    ]
    last = [c.text for c in doc.tables[1].rows[-1].cells]
    assert last[1:3] == ["Заключительная встреча", f"{six:%d.%m.%Y}"]
    for person in (mentor, mentee):
        await person.expect("утверждена", f"{six:%d.%m.%Y}", after=cursor, buttons=True)
    assert bot.query("SELECT state FROM programs") == [("approved",)]

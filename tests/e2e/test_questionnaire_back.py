"""«Назад» then forward again walks through the answers given, never past one (issue 17, 9)."""

from __future__ import annotations

import json

from tests.e2e.flows import (
    QUESTION,
    SUMMARY,
    accept_consent,
    create_school,
    curator_invite,
    pick_many,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5"
DIFFICULTY = "Сложно держать внимание 7 класса"


async def test_back_twice_then_forward_asks_each_answered_question_again(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    mentee = Person(fake, 300)
    await accept_consent(mentee, await curator_invite(curator, SCHOOL, "Наставляемый"))
    q = await mentee.say("Иванова Анна Сергеевна", QUESTION, "2 из")
    q = await mentee.press(q, "Учитель", QUESTION, "3 из")
    q = await pick_many(mentee, q, ["Математика"], "4 из")
    q = await mentee.say("1", QUESTION, "5 из")
    q = await mentee.press(q, "Молодой педагог", QUESTION, "6 из")
    q = await pick_many(mentee, q, ["Дисциплина"], "7 из")
    q = await mentee.say(DIFFICULTY, QUESTION, "8 из")

    # back three times: to 7 (its answer shown), 6, then 5
    q = await mentee.press(q, "Назад", "7 из", f"Сейчас: {DIFFICULTY}")
    assert "Оставить как есть →" in q.button_texts
    q = await mentee.press(q, "Назад", "6 из")
    q = await mentee.press(q, "Назад", "5 из", "Сейчас: Молодой педагог")

    # answering 5 goes on to 6 and then 7, both answered, not straight to the first gap (8)
    q = await mentee.press(q, "Молодой педагог", QUESTION, "6 из")
    q = await mentee.press(q, "Готово", QUESTION, "7 из", f"Сейчас: {DIFFICULTY}")
    assert "Пропустить →" not in q.button_texts  # the answer is kept, not skipped by mistake
    q = await mentee.press(q, "Оставить как есть", QUESTION, "8 из")

    q = await mentee.say("Научиться выстраивать урок", QUESTION, "9 из")
    q = await mentee.press(q, "Дистанционно", QUESTION, "10 из")
    q = await pick_many(mentee, q, ["Будни, вечером"], "11 из")
    q = await mentee.say("01.12.2026", QUESTION, "12 из")
    summary = await mentee.press(q, "Да", SUMMARY)
    assert DIFFICULTY in (summary.text or "")
    assert "пропущено" not in (summary.text or "")
    ((stored,),) = bot.query(
        "SELECT value FROM answers WHERE question_id = ?", "difficulties_other"
    )
    # SQLite hands back the JSON text, PostgreSQL the decoded value
    assert (json.loads(stored) if stored.startswith('"') else stored) == DIFFICULTY

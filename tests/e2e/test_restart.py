"""Killing the bot in the middle of a questionnaire loses nothing, and repeats nothing."""

from __future__ import annotations

import asyncio

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

SCHOOL = "МБОУ СОШ № 7"


async def test_kill_and_restart_mid_questionnaire(fake: FakeTelegram, bot: BotProcess) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    token = await curator_invite(curator, SCHOOL, "Наставляемый")
    mentee = Person(fake, 300)
    await accept_consent(mentee, token)
    q = await mentee.say("Кузнецова Ольга", QUESTION, "2 из")
    q = await mentee.press(q, "Учитель", QUESTION, "3 из")
    q = await pick_many(mentee, q, ["История"], "4 из")
    await bot.query_until("SELECT count(*) FROM answers", lambda rows: rows == [(3,)])

    await bot.restart(kill=True)

    # the next typed answer lands on question 4, as if nothing happened
    q = await mentee.say("4", QUESTION, "5 из")
    q = await mentee.press(q, "Молодой педагог", QUESTION, "6 из")

    # /cancel pauses; text then is not taken as an answer; /start resumes at the same question
    await mentee.say("/cancel", "Анкета приостановлена")
    await mentee.say("Работа с родителями", "приостановлена")
    cursor = fake.mark()
    await mentee.say("/start", "незаконченная анкета")
    q = await mentee.expect(QUESTION, "6 из", after=cursor, buttons=True)

    await bot.restart(kill=False)  # a graceful restart too
    q = await pick_many(mentee, q, ["Взаимодействие с родителями"], "7 из")
    q = await mentee.press(q, "Пропустить", QUESTION, "8 из")
    q = await mentee.say("Разобраться с ФГОС", QUESTION, "9 из")
    q = await mentee.press(q, "Смешанный", QUESTION, "10 из")
    q = await pick_many(mentee, q, ["Будни, днём"], "11 из")
    q = await mentee.press(q, "Пропустить", QUESTION, "12 из")
    summary = await mentee.press(q, "Да", SUMMARY)
    text = summary.text or ""
    for earlier in ("Кузнецова Ольга", "Учитель", "История", "4", "Молодой педагог"):
        assert earlier in text
    await mentee.press(summary, "Подтвердить", "Куратор программы подберёт вам наставника")
    rows = await bot.query_until(
        "SELECT status FROM questionnaire_responses r JOIN users u ON u.id = r.user_id "
        "WHERE u.telegram_id = 300",
        lambda rows: rows == [("completed",)],
    )
    assert rows == [("completed",)]
    assert bot.runs == 3


async def test_an_update_offered_again_after_a_crash_is_handled_once(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    """Long polling confirms an update with the next getUpdates' offset. A bot killed before
    that gets it again from its first poll after the restart; it must not answer it twice."""
    curator = Person(fake, 100)
    await accept_consent(curator, await create_school(bot, SCHOOL))
    cursor = fake.mark()
    name = fake.send_text(curator.id, "Петрова Мария Ивановна")
    await curator.expect(QUESTION, "2 из 2", after=cursor)
    await bot.query_until("SELECT count(*) FROM answers", lambda rows: rows == [(1,)])

    replied = fake.mark()
    fake.redeliver(name)  # as if the offset past it had never reached Telegram
    await bot.restart(kill=True)
    for _ in range(200):
        if bot.skipped(name["update_id"]):
            break
        await asyncio.sleep(0.05)
    assert bot.skipped(name["update_id"]) == 1
    assert bot.replies_to(curator.id, replied) == []
    assert bot.query("SELECT question_id FROM answers") == [("full_name",)]

    summary = await curator.say("Заместитель директора по УВР", SUMMARY)
    assert "Петрова Мария Ивановна" in (summary.text or "")
    assert "Заместитель директора по УВР" in (summary.text or "")

"""A pair's first meeting end to end: the plan, scheduling, the invitation, reminders that
survive a kill -9 and a 429 exactly once, the log prompt, the log, feedback, the digest."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.flows import QUESTION, confirmed_pair
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram, errors

SCHOOL = "МБОУ СОШ № 11"
# the bot's clock is moved to a Wednesday afternoon in Moscow, half a minute before 15:30
BOT_TIME = datetime(2026, 11, 25, 12, 29, 5, tzinfo=UTC)
FAST = {
    "REMINDER_LEADS": "30s,15s",
    "LOG_PROMPT_AFTER": "3s",
    "SCHEDULER_TICK_SECONDS": "1",
}


def _count(fake: FakeTelegram, chat_id: int, needle: str) -> int:
    return sum(1 for m in fake.messages_to(chat_id) if needle in (m.text or ""))


async def test_first_meeting_from_plan_to_feedback(fake: FakeTelegram, bot: BotProcess) -> None:
    curator, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    plan = bot.query("SELECT kind FROM meetings ORDER BY sequence")
    assert [k for (k,) in plan[:3]] == ["organizational", "trial", "planning"]
    assert plan[-1] == ("final",)
    assert {k for (k,) in plan[3:-1]} == {"regular"}

    # restart with the clock moved and the leads shortened (the settings a rehearsal would use)
    bot.extra_env.update(
        FAST, CLOCK_OFFSET_SECONDS=str((BOT_TIME - datetime.now(UTC)).total_seconds())
    )
    await bot.restart(kill=False)

    meetings = await mentor.say("/meetings", "Пара:", "Организационная встреча")
    ask = await mentor.press(meetings, "Назначить", "Выберите дату")
    assert "Ноябрь 2026" in ask.button_texts
    await mentor.say("вчера в обед", "Не удалось понять")
    fmt = await mentor.say("25.11 15:30", "Как она пройдёт?")
    place = await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    assert place.text
    cursor = fake.mark()
    done = await mentor.say("каб. 214", "Назначено", "25.11.2026 15:30")
    assert "каб. 214" in (done.text or "")
    invitation = await mentee.expect("Приглашение", "25.11.2026 15:30", after=cursor, buttons=True)
    await bot.query_until(
        "SELECT state FROM outbox WHERE kind = 'invitation'", lambda r: r == [("sent",)]
    )

    # the bot dies right after scheduling; reminders come from the database after the restart
    await bot.restart(kill=True)
    fake.fail_next("sendMessage", count=1, retry_after=1)
    cursor = fake.mark()
    await mentee.press(invitation, "Подтверждаю", "Приглашение", "Вы подтвердили встречу")
    await mentor.expect("подтвердил(а) встречу", after=cursor, timeout=15)

    for person in (mentor, mentee):
        await person.expect(
            "Напоминание", "сегодня в 15:30", after=cursor, buttons=True, timeout=40
        )
    prompt = await mentor.expect("Как прошла встреча", after=cursor, buttons=True, timeout=40)
    for person in (mentor, mentee):
        assert _count(fake, person.id, "Напоминание") == 2  # two leads, once each

    q = await mentor.press(prompt, "Встреча состоялась", QUESTION, "1 из 5")
    await mentor.say("много", "число цифрами")
    q = await mentor.say("45", QUESTION, "2 из 5")
    q = await mentor.say("Знакомство, ожидания, правила", QUESTION, "3 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "4 из 5")
    q = await mentor.press(q, "Пропустить", QUESTION, "5 из 5")
    await mentor.say("вот фото доски", "файл или фото")
    cursor = fake.mark()
    fake.send_document(mentor.id, file_name="plan.pdf")
    await mentor.expect("Встреча записана", after=cursor)

    ask_mentee = await mentee.expect("Оцените", after=cursor, buttons=True)
    ask_mentor = await mentor.expect("Оцените", after=cursor, buttons=True)
    comment = await mentee.press(ask_mentee, "4", "комментарий")
    assert comment.text
    await mentee.say("Очень полезно", "Спасибо за обратную связь")
    # the comment is typed: «Пропустить →» under the question is taken off (issue 17)
    shown_before = comment.markup_edits[-1]
    assert shown_before is not None
    assert "Пропустить" in shown_before["inline_keyboard"][0][0]["text"]
    assert comment.buttons == []
    comment = await mentor.press(ask_mentor, "5", "комментарий")
    await mentor.press(comment, "Пропустить", "Спасибо")

    rows = await bot.query_until(
        "SELECT status, duration_minutes, file_name FROM meetings WHERE sequence = 1",
        lambda r: r[0][0] == "held",
    )
    assert rows == [("held", 45, "plan.pdf")]
    scores = bot.query("SELECT usefulness, comment FROM meeting_feedback ORDER BY usefulness")
    assert scores == [(4, "Очень полезно"), (5, None)]
    assert bot.query("SELECT count(*) FROM outbox WHERE state = 'sent' AND kind = 'reminder'") == [
        (4,)
    ]

    # the curator's digest on demand counts it
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    digest = await curator.press(org, "Дайджест", "Дайджест —", "проведено 1")
    assert "пробная" in (digest.text or "")
    # issue 17.3: the bot never asked Telegram for an edit that changes nothing
    assert fake.refused(errors.NOT_MODIFIED) == []


async def test_blocked_participant_is_marked_unreachable(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    bot.extra_env.update(
        FAST, CLOCK_OFFSET_SECONDS=str((BOT_TIME - datetime.now(UTC)).total_seconds())
    )
    await bot.restart(kill=False)
    fake.block(mentee.id)
    meetings = await mentor.say("/meetings", "Пара:")
    await mentor.press(meetings, "Назначить", "Выберите дату")
    fmt = await mentor.say("25.11 15:30", "Как она пройдёт?")
    await mentor.press(fmt, "Онлайн", "ссылку")
    await mentor.say("https://meet.example/abc", "Назначено")
    rows = await bot.query_until(
        "SELECT unreachable_at IS NOT NULL FROM users WHERE telegram_id = 300",
        lambda r: r == [(1,)],
        timeout=15,
    )
    assert rows == [(1,)]
    assert bot.query("SELECT state FROM outbox WHERE kind = 'invitation'") == [("blocked",)]
    # the curator sees who cannot be reached
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    bank = await curator.press(org, "Банк наставников", "Всего: 2")
    assert any("🚫" in b for b in bank.button_texts)

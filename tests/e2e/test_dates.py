"""Issue 15, dates the way teachers type them, through the fake Bot API: a meeting scheduled
«в пятницу 15:00» and moved «через 2 дня в 16», and a day.month that has already passed this
year, which is asked about (confirmed with the button, or typed again) instead of silently
becoming next year."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.flows import confirmed_pair
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 15"


async def _set_clock(bot: BotProcess, at: datetime) -> None:
    bot.extra_env.update(CLOCK_OFFSET_SECONDS=str((at - datetime.now(UTC)).total_seconds()))
    await bot.restart(kill=False)


def _scheduled_at(bot: BotProcess) -> str:
    rows = bot.query("SELECT scheduled_at FROM meetings WHERE sequence = 1")
    return str(rows[0][0])


async def test_weekday_and_days_from_now(fake: FakeTelegram, bot: BotProcess) -> None:
    _, mentor, _ = await confirmed_pair(fake, bot, SCHOOL)
    # Wednesday 25 November 2026, 15:29 in Moscow
    await _set_clock(bot, datetime(2026, 11, 25, 12, 29, tzinfo=UTC))

    meetings = await mentor.say("/meetings", "Пара:", "Организационная встреча")
    ask = await mentor.press(meetings, "Назначить", "Выберите дату")
    # the example in the hint is tomorrow's date, never one already gone
    assert "26.11 15:30" in (ask.text or "")
    fmt = await mentor.say("в пятницу 15:00", "Как она пройдёт?", "Пт 27.11.2026 15:00")
    await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    await mentor.say("каб. 214", "Назначено", "27.11.2026 15:00")
    assert _scheduled_at(bot).startswith("2026-11-27 12:00")  # 15:00 Moscow in UTC

    meetings = await mentor.say("/meetings", "Пара:", "27.11.2026 15:00")
    await mentor.press(meetings, "Перенести", "Выберите дату")
    fmt = await mentor.say("через 2 дня в 16", "Как она пройдёт?", "Пт 27.11.2026 16:00")
    await mentor.press(fmt, "Онлайн", "ссылку")
    await mentor.say("https://meet.example/abc", "Назначено", "27.11.2026 16:00")
    assert _scheduled_at(bot).startswith("2026-11-27 13:00")


async def test_a_passed_date_is_asked_about(fake: FakeTelegram, bot: BotProcess) -> None:
    _, mentor, _ = await confirmed_pair(fake, bot, SCHOOL)
    # Saturday 28 November 2026, 12:00 in Moscow
    await _set_clock(bot, datetime(2026, 11, 28, 9, 0, tzinfo=UTC))

    meetings = await mentor.say("/meetings", "Пара:")
    ask = await mentor.press(meetings, "Назначить", "Выберите дату")
    assert "29.11 15:30" in (ask.text or "")
    question = await mentor.say("25.11 15:30", "уже прошла", "Ср 25.11.2026 15:30")
    assert question.button_texts == ["Да, Чт 25.11.2027 15:30"]
    assert _scheduled_at(bot) == "None"  # nothing was scheduled by the question itself

    # typing again works: the conversation was kept
    await mentor.say("через 2 дня в 16", "Как она пройдёт?", "Пн 30.11.2026 16:00")
    # …and so does the button, pressed after all
    fmt = await mentor.press(question, "Да,", "Как она пройдёт?", "Чт 25.11.2027 15:30")
    await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    await mentor.say("каб. 214", "Назначено", "25.11.2027 15:30")
    assert _scheduled_at(bot).startswith("2027-11-25 12:30")

    # a mistyped date gets the hint with a date still ahead
    meetings = await mentor.say("/meetings", "Пара:")
    await mentor.press(meetings, "Перенести", "Выберите дату")
    await mentor.say("позавчера", "Не удалось понять", "29.11 15:30")

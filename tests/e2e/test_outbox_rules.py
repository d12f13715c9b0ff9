"""The outbox's rules on a moved clock (issue 17): a reminder after downtime goes while its
meeting is ahead — only the most recent due one — and every message waits out the recipient's
quiet hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.flows import answer_survey, confirmed_pair, create_school, register_curator
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, errors

SCHOOL = "МБОУ СОШ № 17"
MOSCOW = ZoneInfo("Europe/Moscow")
REMINDER = "Напоминание"


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


def _reminders(fake: FakeTelegram, person: Person) -> list[str]:
    """Reminders read «завтра в 11:00» / «сегодня в 11:00», as seen when they arrive."""
    return [m.text or "" for m in fake.messages_to(person.id) if REMINDER in (m.text or "")]


async def _schedule(person: Person, button: str, when: str) -> None:
    meetings = await person.say("/meetings", "Пара:")
    await person.press(meetings, button, "Выберите дату")
    fmt = await person.say(when, "Как она пройдёт?")
    await person.press(fmt, "Очно", "Где пройдёт встреча")
    await person.say("каб. 214", "каб. 214")


@pytest.mark.timeout(300)  # four restarts
async def test_reminders_after_downtime(fake: FakeTelegram, bot: BotProcess) -> None:
    """Issue 17.1, as reported: booked on 07.12 for 10.12 11:00, the bot is down from the
    evening of 08.12 to 09.12 14:45. The 24 h reminder still goes, once, and the 1 h one at its
    time. Then the meeting moves to 11.12 11:00 and the bot is down past both of its leads: only
    the 1 h reminder goes."""
    _, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    bot.extra_env.update(
        SCHEDULER_TICK_SECONDS="1",
        CLOCK_OFFSET_SECONDS=_offset(datetime(2026, 12, 7, 10, 0, tzinfo=MOSCOW)),
    )
    await bot.restart(kill=False)
    await _schedule(mentor, "Назначить", "10.12 11:00")
    await mentee.expect("Приглашение", "10.12.2026 11:00", after=0)

    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(datetime(2026, 12, 9, 14, 45, tzinfo=MOSCOW))
    await bot.restart(kill=True)
    for person in (mentor, mentee):
        await person.expect(REMINDER, "завтра в 11:00", after=0, timeout=20)
    states = "SELECT state, count(*) FROM outbox WHERE kind = 'reminder' GROUP BY state"
    rows = await bot.query_until(states, lambda r: sorted(r) == [("pending", 2), ("sent", 2)])
    assert sorted(rows) == [("pending", 2), ("sent", 2)]

    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(
        datetime(2026, 12, 10, 9, 59, 50, tzinfo=MOSCOW)
    )
    await bot.restart(kill=False)
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND state = 'sent'",
        lambda rows: rows == [(4,)],
        timeout=30,
    )
    for person in (mentor, mentee):  # the 24 h and the 1 h
        assert [REMINDER in t and "11:00" in t for t in _reminders(fake, person)] == [True] * 2
        assert "сегодня в 11:00" in _reminders(fake, person)[-1]
    before = {person.id: len(_reminders(fake, person)) for person in (mentor, mentee)}

    # moved to tomorrow, then down past both leads of the new time
    await _schedule(mentor, "Перенести", "11.12 11:00")
    await mentee.expect("перенесена", "11.12.2026 11:00", after=0)
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(datetime(2026, 12, 11, 10, 30, tzinfo=MOSCOW))
    await bot.restart(kill=True)
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND state = 'sent'",
        lambda rows: rows == [(6,)],
        timeout=20,
    )
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND state = 'pending'",
        lambda rows: rows == [(0,)],
        timeout=15,
    )
    for person in (mentor, mentee):  # the 1 h one only, its 24 h one dropped
        new = _reminders(fake, person)[before[person.id] :]
        assert len(new) == 1, new
        assert "сегодня в 11:00" in new[0]
    assert bot.query(
        "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND last_error = 'stale'"
    ) == [(2,)]
    assert fake.refused(errors.NOT_MODIFIED) == []


async def test_quiet_hours_hold_a_nightly_message_till_the_morning(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    """Issue 17.2: the yearly calendar's reminder is queued at 00:00 of its day (17 September,
    two weeks before 1 October); the curator gets it at 08:00, not at 00:05."""
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    bot.extra_env.update(
        SCHEDULER_TICK_SECONDS="1",
        CLOCK_OFFSET_SECONDS=_offset(datetime(2027, 9, 17, 0, 5, tzinfo=MOSCOW)),
    )
    await bot.restart(kill=False)
    cursor = fake.mark()
    rows = await bot.query_until(
        "SELECT state, next_attempt_at FROM outbox WHERE kind = 'calendar'",
        lambda r: bool(r) and all(str(at).startswith("2027-09-17 05:00") for _, at in r),
        timeout=20,
    )
    assert {state for state, _ in rows} == {"pending"}
    to_curator = [
        call
        for call in fake.calls("sendMessage")[0:]
        if call.index >= cursor and call.params.get("chat_id") in (curator.id, str(curator.id))
    ]
    assert to_curator == []  # nothing at night

    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(datetime(2027, 9, 17, 7, 59, 50, tzinfo=MOSCOW))
    # marked before the restart: a start slower than the 10 s left to 08:00 must not hide the
    # message (the stopped process, at night, sent nothing; sent_at below proves the hour)
    cursor = fake.mark()
    await bot.restart(kill=False)
    await curator.expect("🗓", SCHOOL, after=cursor, timeout=30)
    (sent_at,) = bot.query("SELECT sent_at FROM outbox WHERE kind = 'calendar'")[0]
    assert str(sent_at) >= "2027-09-17 05:00"


async def test_a_new_questionnaire_after_a_finished_one_edits_nothing_in_vain(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    """Issue 17.3: the mentee confirmed her intake (its buttons went then); starting the entry
    self-assessment must not ask Telegram to take them off again (400 "message is not
    modified"), and each answered question still loses its buttons."""
    _, _, mentee = await confirmed_pair(fake, bot, SCHOOL)
    bot.extra_env["SCHEDULER_TICK_SECONDS"] = "1"  # the survey job opens the self-assessment
    await bot.restart(kill=False)
    invitation = await mentee.expect(
        "Самооценка профессиональных затруднений",
        "принимаются до",
        after=0,
        buttons=True,
        timeout=30,
    )
    await answer_survey(
        mentee, invitation, [("Планирование",), 5], done="Самооценка сохранена", review=False
    )
    assert fake.refused(errors.NOT_MODIFIED) == []
    questions = [
        m for m in fake.messages_to(mentee.id) if re.search(r"вопрос \d+ из", m.text or "")
    ]
    assert questions
    assert all(not m.buttons for m in questions), [m.text for m in questions if m.buttons]

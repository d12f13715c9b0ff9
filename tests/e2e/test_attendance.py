"""A mentee asks for another time and proposes one; the mentor moves the meeting to it with
one press (issue 17, item 8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.flows import confirmed_pair
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5"
MOSCOW = ZoneInfo("Europe/Moscow")


async def test_another_time_is_proposed_and_the_mentor_moves_the_meeting_to_it(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    _, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    today = datetime.now(UTC).astimezone(MOSCOW).date()
    first, proposed = today + timedelta(days=1), today + timedelta(days=2)

    meetings = await mentor.say("/meetings", "Пара:", "Организационная встреча")
    await mentor.press(meetings, "Назначить", "Выберите дату")
    fmt = await mentor.say("завтра 15:30", "Как она пройдёт?")
    await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    cursor = fake.mark()
    await mentor.say("каб. 214", "Назначено")
    invitation = await mentee.expect("Приглашение:", "Когда:", after=cursor, buttons=True)
    assert first.strftime("%d.%m.%Y") in (invitation.text or "")

    cursor = fake.mark()
    answered = await mentee.press(invitation, "Прошу другое время", "Вы попросили другое время")
    assert answered.message_id == invitation.message_id  # the invitation shows the answer
    assert answered.button_texts == ["✅ Подтверждаю"]  # and lets the mind change
    await mentee.expect("Когда вам удобно?", after=cursor, buttons=True)
    asked = await mentor.expect("просит другое время", after=cursor, buttons=True)
    assert "📅 Выбрать другое время" in asked.button_texts

    # a sticker is not a time: asked again, nothing lost
    cursor = fake.mark()
    fake.send_sticker(mentee.id)
    await mentee.expect("текстом", after=cursor)
    cursor = fake.mark()
    await mentee.say("послезавтра в 16:00", "Отправили наставнику ваше предложение")
    at = f"{proposed.strftime('%d.%m.%Y')} 16:00"
    proposal = await mentor.expect("предлагает перенести", at, after=cursor, buttons=True)
    fmt = await mentor.press(proposal, f"Перенести на {at}", "Как она пройдёт?")
    await mentor.press(fmt, "Очно", "Где пройдёт встреча")
    cursor = fake.mark()
    await mentor.say("каб. 214", "Назначено", at)
    await mentee.expect("Встреча перенесена", at, after=cursor, buttons=True)
    rows = bot.query("SELECT status FROM meetings WHERE sequence = 1")
    assert rows == [("scheduled",)]

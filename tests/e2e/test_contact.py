"""The pair can reach each other (issue 15): the mentee's Telegram link on the mentor's card
when the mentee said yes to «Может ли наставник написать вам…», and a message relayed through
the bot, answered with «Ответить»."""

from __future__ import annotations

from tests.e2e.flows import confirmed_pair
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 15"


def _links(message: SentMessage) -> list[str]:
    return [e["url"] for e in message.entities if e.get("type") == "text_link"]


async def test_consent_puts_the_mentees_telegram_link_on_the_mentors_card(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    # confirmed_pair's mentee (300) answers «Да» to the contact question
    _, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    card = await mentor.say("/meetings", "Пара:", "написать в Telegram")
    assert _links(card) == [f"tg://user?id={mentee.id}"]
    # the mentor never switched theirs on: the mentee writes through the bot
    mentee_card = await mentee.say("/meetings", "Пара:", "пишите через бот")
    assert _links(mentee_card) == []
    assert any("Написать через бот" in t for t in mentee_card.button_texts)
    # the mentor's toggle shows their contact; the mentee's card then links to them
    await mentor.press(card, "Показывать мой контакт паре", "контакт в Telegram паре виден")
    mentee_card = await mentee.say("/meetings", "Пара:", "написать в Telegram")
    assert _links(mentee_card) == [f"tg://user?id={mentor.id}"]


async def test_the_mentee_writes_through_the_bot_and_the_mentor_replies(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    _, mentor, mentee = await confirmed_pair(fake, bot, SCHOOL)
    card = await mentee.say("/meetings", "Пара:", "пишите через бот")
    write = next(t for t in card.button_texts if "Написать через бот" in t)
    await mentee.press(card, write, "Напишите сообщение")
    cursor = fake.mark()
    await mentee.say("Можно перенести встречу на четверг?", "передано")
    relayed = await mentor.expect(
        "пишет вам через бот", "Можно перенести встречу на четверг?", after=cursor, buttons=True
    )
    assert "Иванова Анна Сергеевна" in (relayed.text or "")
    cursor = fake.mark()
    await mentor.press(relayed, "Ответить", "Напишите сообщение")
    await mentor.say("Да, в четверг в 15:00", "передано")
    answer = await mentee.expect("пишет вам через бот", "Да, в четверг в 15:00", after=cursor)
    assert "Смирнов Алексей Петрович" in (answer.text or "")
    # a delivered relay keeps no text in the outbox
    await bot.query_until(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'relay' AND state = 'sent'",
        lambda rows: rows == [(2,)],
    )
    assert bot.query("SELECT text FROM outbox WHERE kind = 'relay'") == [("",)] * 2

"""Reaching one's pair (issue 15) through ``Dispatcher.feed_update``: the other side's Telegram
link on the card with consent, the relay through the bot without it, the mentor's toggle, and
refusals of forged, stale and withdrawn presses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram.methods import SendMessage
from aiogram.types import Update
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    AgeBand,
    Answer,
    Assignment,
    AssignmentState,
    Audience,
    ContactChoice,
    Membership,
    OutboxMention,
    QuestionnaireResponse,
    User,
)
from services.contacts import RELAY_LIMIT
from services.erasure import Erasure
from services.pairing.service import close_assignment
from services.questionnaire.schema import Form
from tests.recording import make_message_update
from tests.unit.app_factory import BotApp
from tests.unit.survey_factories import Pair, active_pair

CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
MENTOR, MENTEE = 1, 11


class App(BotApp):
    async def say(self, user_id: int, text: str) -> str:  # type: ignore[override]
        await self.dp.feed_update(self.bot, make_message_update(user_id, text))
        return self.rec.last(SendMessage).text

    async def card(self, user_id: int) -> SendMessage:
        """The person's «Мои встречи» card (one pair in these tests)."""
        await self.dp.feed_update(self.bot, make_message_update(user_id, "/meetings"))
        return self.rec.last(SendMessage)


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    return App.build(session_factory, NOW)


async def _pair(app: App, forms: dict[str, Form], *, contact_ok: bool = True) -> Pair:
    async with app.factory() as session, session.begin():
        pair = await active_pair(session, forms, confirmed=CONFIRMED)
        if not contact_ok:
            responses = select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.membership_id == pair.mentees[0].id
            )
            await session.execute(
                update(Answer)
                .where(Answer.response_id.in_(responses), Answer.question_id == "contact_ok")
                .values(value=False)
            )
        return pair


def _buttons(message: SendMessage) -> list[str]:
    markup = message.reply_markup
    assert markup is not None
    assert hasattr(markup, "inline_keyboard")
    return [b.callback_data or "" for row in markup.inline_keyboard for b in row]


def _write(pair: Pair, to: Membership) -> str:
    return f"ct:w:{pair.pairing.id}:{to.id}"


async def test_consent_yes_puts_the_mentees_link_on_the_mentors_card(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, contact_ok=True)
    mentor_card = await app.card(MENTOR)
    assert f'href="tg://user?id={MENTEE}"' in mentor_card.text
    assert _write(pair, pair.mentees[0]) not in _buttons(mentor_card)
    # the mentor never said yes: the mentee sees the relay button, not a link
    mentee_card = await app.card(MENTEE)
    assert "tg://user" not in mentee_card.text
    assert _write(pair, pair.mentor) in _buttons(mentee_card)
    assert f"ct:on:{pair.pairing.id}:0" in _buttons(mentor_card)


async def test_consent_no_gives_a_relay_button_and_no_link(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, contact_ok=False)
    mentor_card = await app.card(MENTOR)
    assert "tg://user" not in mentor_card.text
    assert _write(pair, pair.mentees[0]) in _buttons(mentor_card)
    assert "Написать через бот" in str(mentor_card.reply_markup)


async def test_the_mentors_toggle_shows_and_hides_their_contact(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    answer = await app.press(MENTOR, f"ct:on:{pair.pairing.id}:0")
    assert answer.text is not None
    assert "виден" in answer.text
    assert f'href="tg://user?id={MENTOR}"' in (await app.card(MENTEE)).text
    await app.press(MENTOR, f"ct:off:{pair.pairing.id}:0")
    assert "tg://user" not in (await app.card(MENTEE)).text
    # the mentee withdraws their intake consent with the same toggle
    await app.press(MENTEE, f"ct:off:{pair.pairing.id}:0")
    assert "tg://user" not in (await app.card(MENTOR)).text


async def test_a_relayed_message_reaches_the_other_side_only_with_a_reply_button(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, contact_ok=False)
    await app.press(MENTEE, _write(pair, pair.mentor))
    assert "Напишите сообщение" in app.rec.last(SendMessage).text
    sent = await app.say(MENTEE, "Можно перенести встречу на <четверг>?")
    assert "передано" in sent
    rows = await app.outbox()
    assert [r.chat_id for r in rows] == [MENTOR]
    relay = rows[0]
    assert relay.kind == "relay"
    assert "Наставляемый 11" in relay.text
    assert "Можно перенести встречу на &lt;четверг&gt;?" in relay.text
    assert relay.reply_markup is not None
    reply_data = relay.reply_markup["inline_keyboard"][0][0]["callback_data"]
    assert reply_data == f"ct:r:{pair.pairing.id}:{pair.mentees[0].id}"
    async with app.factory() as session:
        about = set(
            await session.scalars(
                select(OutboxMention.user_id).where(OutboxMention.outbox_id == relay.id)
            )
        )
        users = {
            u.telegram_id: u.id
            for u in await session.scalars(select(User).where(User.telegram_id.in_([1, 11])))
        }
    assert about == {users[MENTOR], users[MENTEE]}
    # the conversation is over: the next text is not relayed again
    await app.say(MENTEE, "ещё")
    assert len(await app.outbox()) == 1
    # the mentor answers with the button
    await app.press(MENTOR, reply_data)
    await app.say(MENTOR, "Да, давайте в четверг")
    rows = await app.outbox()
    assert [r.chat_id for r in rows] == [MENTOR, MENTEE]
    assert "Да, давайте в четверг" in rows[1].text
    assert "Наставник 1" in rows[1].text


async def test_too_long_or_not_text_gets_a_polite_word_and_the_step_stays(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, contact_ok=False)
    await app.press(MENTOR, _write(pair, pair.mentees[0]))
    answer = await app.say(MENTOR, "а" * (RELAY_LIMIT + 1))
    assert "слишком длинное" in answer
    assert str(RELAY_LIMIT + 1) in answer.replace("\xa0", "")
    photo = make_message_update(MENTOR, "x").model_dump(exclude_none=True)
    del photo["message"]["text"]
    photo["message"]["photo"] = [
        {"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}
    ]
    await app.dp.feed_update(app.bot, Update.model_validate(photo))
    assert "только текст" in app.rec.last(SendMessage).text
    assert await app.outbox() == []
    assert "передано" in await app.say(MENTOR, "а" * RELAY_LIMIT)
    assert [r.chat_id for r in await app.outbox()] == [MENTEE]


@pytest.mark.parametrize("who", ["stranger", "self", "other_pair"])
async def test_a_forged_press_is_refused_and_nothing_is_relayed(
    app: App, forms: dict[str, Form], who: str
) -> None:
    pair = await _pair(app, forms, contact_ok=False)
    async with app.factory() as session, session.begin():
        other = await active_pair(
            session, forms, org=pair.org, mentor_tg=2, mentee_tgs=(21,), confirmed=CONFIRMED
        )
    presser, data = {
        # a mentor of another pair names this pair
        "stranger": (2, _write(pair, pair.mentees[0])),
        # a member names themselves
        "self": (MENTEE, _write(pair, pair.mentees[0])),
        # a member names someone of another pair through their own pair
        "other_pair": (MENTEE, _write(pair, other.mentor)),
    }[who]
    answer = await app.press(presser, data)
    assert answer.text is not None
    assert "больше не участник" in answer.text
    await app.say(presser, "привет")
    assert await app.outbox() == []


async def test_an_ended_pair_or_a_withdrawn_side_refuses_the_relay(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms, contact_ok=False)
    await app.press(MENTEE, _write(pair, pair.mentor))
    async with app.factory() as session, session.begin():
        assignment = await session.scalar(
            select(Assignment).where(Assignment.pairing_id == pair.pairing.id)
        )
        assert assignment is not None
        await close_assignment(session, assignment, AssignmentState.ENDED, "completed_early", NOW)
    # the text typed after the pair ended is not delivered, and the step ends
    assert "больше не участник" in await app.say(MENTEE, "Вы тут?")
    assert await app.outbox() == []
    answer = await app.press(MENTOR, _write(pair, pair.mentees[0]))
    assert answer.text is not None
    assert "больше не участник" in answer.text


async def test_a_withdrawn_mentee_cannot_be_written_to_and_their_choice_is_erased(
    app: App, forms: dict[str, Form]
) -> None:
    pair = await _pair(app, forms)
    await app.press(MENTEE, f"ct:off:{pair.pairing.id}:0")
    async with app.factory() as session, session.begin():
        assert await session.get(ContactChoice, pair.mentees[0].id) is not None
        user = await session.scalar(select(User).where(User.telegram_id == MENTEE))
        assert user is not None
        await Erasure(session).withdraw(user, NOW)
    async with app.factory() as session:
        assert list(await session.scalars(select(ContactChoice))) == []
    answer = await app.press(MENTOR, _write(pair, pair.mentees[0]))
    assert answer.text is not None
    assert "больше не участник" in answer.text


@pytest.mark.parametrize("who", ["outside_mentor", "pupil_mentee"])
async def test_an_outside_or_pupil_pair_is_relay_only_whatever_the_consent(
    app: App, forms: dict[str, Form], who: str
) -> None:
    pair = await _pair(app, forms, contact_ok=True)
    async with app.factory() as session, session.begin():
        if who == "outside_mentor":
            await session.execute(
                update(Membership)
                .where(Membership.id == pair.mentor.id)
                .values(audience=Audience.EXTERNAL)
            )
        else:
            await session.execute(
                update(Membership)
                .where(Membership.id == pair.mentees[0].id)
                .values(audience=Audience.PUPIL)
            )
            await session.execute(
                update(User).where(User.telegram_id == MENTEE).values(age_band=AgeBand.TEEN)
            )
    for person, other in ((MENTOR, pair.mentees[0]), (MENTEE, pair.mentor)):
        card = await app.card(person)
        assert "tg://user" not in card.text
        assert "остаются у школы" in card.text
        assert _write(pair, other) in _buttons(card)
        assert not any(b.startswith("ct:on") for b in _buttons(card))
    answer = await app.press(MENTOR, f"ct:on:{pair.pairing.id}:0")
    assert answer.text is not None
    assert "остаются у школы" in answer.text
    # the relay works as between staff
    await app.press(MENTOR, _write(pair, pair.mentees[0]))
    assert "передано" in await app.say(MENTOR, "Встреча в четверг")
    assert [r.chat_id for r in await app.outbox()] == [MENTEE]


async def test_mydata_shows_the_choice(app: App, forms: dict[str, Form]) -> None:
    pair = await _pair(app, forms)
    await app.press(MENTOR, f"ct:on:{pair.pairing.id}:0")
    assert "Контакт в Telegram паре (МБОУ СОШ № 1): показывается" in await app.say(
        MENTOR, "/mydata"
    )
    assert "Контакт в Telegram паре" not in await app.say(MENTEE, "/mydata")

"""The bot answers only in private chats: in a group it refuses once, politely, in the person's
language, and reads or stores nothing of theirs; presses from other chats get an alert;
service messages are ignored."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Update
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.middlewares import FloodMiddleware, OpenSessionMiddleware
from bot.tg.middlewares.private import PrivateChatsOnly
from models import FsmRecord, Role, User
from services.questionnaire.schema import Form
from tests.recording import (
    BOT_USERNAME,
    make_callback_update,
    make_message_update,
)
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import NOW, make_invite, make_org
from tests.unit.pairing_factories import add_person

GROUP = -1001234567890
NAME = "Секретова Анна Ильинична"
ANSWER = "Хочу научиться держать дисциплину"
REFUSAL_RU = "только в личном чате"
REFUSAL_EN = "only reply in a private chat"
_ids = itertools.count(70_000)


App = BotApp


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    return build_app(session_factory, NOW)


def group_message(
    user_id: int, text: str | None = None, *, language_code: str = "ru", **content: Any
) -> Update:
    """A message in a supergroup, built from a private one (entities and all)."""
    private = make_message_update(user_id, text or "", language_code=language_code)
    assert private.message is not None
    message = private.message.model_dump(exclude_none=True, by_alias=True)
    message["chat"] = {"id": GROUP, "type": "supergroup", "title": "Учительская"}
    if text is None:
        message.pop("text")
    message.update(content)
    return Update.model_validate({"update_id": next(_ids), "message": message})


def group_press(user_id: int, data: str, language_code: str = "ru") -> Update:
    update = make_callback_update(user_id, data, language_code=language_code)
    assert update.callback_query is not None
    query = update.callback_query.model_dump(exclude_none=True, by_alias=True)
    query["message"]["chat"] = {"id": GROUP, "type": "supergroup", "title": "Учительская"}
    return Update.model_validate({"update_id": next(_ids), "callback_query": query})


async def _registered(app: App, forms: dict[str, Form], telegram_id: int) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await add_person(session, forms, org, telegram_id, Role.MENTEE, NAME, expectations=ANSWER)


@pytest.mark.parametrize("command", ["/mydata", "/menu", "/start", "/meetings", "/help"])
async def test_a_group_command_gets_one_refusal_and_no_personal_data(
    app: App, forms: dict[str, Form], command: str
) -> None:
    await _registered(app, forms, 801)
    await app.feed(group_message(801, command))
    assert [type(r).__name__ for r in app.rec.requests] == ["SendMessage"]
    refusal = app.rec.last(SendMessage)
    assert refusal.chat_id == GROUP
    assert REFUSAL_RU in refusal.text
    assert refusal.reply_markup is not None
    buttons = [b for row in refusal.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert [b.url for b in buttons] == [f"https://t.me/{BOT_USERNAME}"]
    for text in app.rec.sent_texts:
        assert NAME not in text
        assert ANSWER not in text


async def test_the_refusal_is_in_the_persons_language(app: App, forms: dict[str, Form]) -> None:
    # registered: the language they chose here wins over Telegram's
    await _registered(app, forms, 802)
    async with app.factory() as session, session.begin():
        user = await session.scalar(select(User).where(User.telegram_id == 802))
        assert user is not None
        user.locale = "en"
    await app.feed(group_message(802, "/mydata", language_code="ru"))
    assert REFUSAL_EN in app.rec.last(SendMessage).text
    # not registered: Telegram's language, if the bot speaks it
    await app.feed(group_message(803, "/menu", language_code="en-GB"))
    assert REFUSAL_EN in app.rec.last(SendMessage).text
    await app.feed(group_message(804, "/menu", language_code="de"))
    assert REFUSAL_RU in app.rec.last(SendMessage).text


async def test_nothing_is_stored_for_a_stranger_in_a_group(app: App) -> None:
    async with app.factory() as session, session.begin():
        token = (await make_invite(session, await make_org(session), Role.MENTEE)).token
    await app.feed(group_message(805, f"/start {token}"))
    await app.feed(group_message(805, "/lang"))
    await app.feed(group_press(805, "lg:en"))
    assert await app.count(User) == 0
    assert await app.count(FsmRecord) == 0
    assert REFUSAL_RU in app.rec.last(SendMessage).text


async def test_what_is_not_addressed_to_the_bot_is_ignored_in_a_group(app: App) -> None:
    await app.feed(group_message(806, "всем привет"))
    await app.feed(group_message(806, "/menu@another_bot"))
    await app.feed(group_message(806, None, sticker=_sticker()))
    assert app.rec.requests == []
    # a mention of the bot or a reply to it is addressed to it
    mention = f"@{BOT_USERNAME} покажи анкету"
    entities = [{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}]
    await app.feed(group_message(806, mention, entities=entities))
    reply_to = {
        "message_id": 5,
        "date": int(time.time()),
        "chat": {"id": GROUP, "type": "supergroup", "title": "Учительская"},
        "from": {"id": app.bot.id, "is_bot": True, "first_name": "Mentor"},
        "text": "…",
    }
    await app.feed(group_message(806, "а мои данные?", reply_to_message=reply_to))
    await app.feed(group_message(806, f"/menu@{BOT_USERNAME}"))
    assert len(app.rec.requests_of(SendMessage)) == 3
    assert all(REFUSAL_RU in m.text for m in app.rec.requests_of(SendMessage))


async def test_a_press_in_a_group_gets_an_alert_only(app: App, forms: dict[str, Form]) -> None:
    await _registered(app, forms, 807)
    await app.feed(group_press(807, "m:mydata:0"))
    assert [type(r).__name__ for r in app.rec.requests] == ["AnswerCallbackQuery"]
    answer = app.rec.last(AnswerCallbackQuery)
    assert answer.show_alert
    assert "только в личном чате" in (answer.text or "")


async def test_service_messages_are_ignored_everywhere(app: App) -> None:
    newcomer = {"id": 808, "is_bot": False, "first_name": "Новенький"}
    await app.feed(group_message(808, None, new_chat_members=[newcomer]))
    await app.feed(group_message(808, None, group_chat_created=True))
    private = make_message_update(808, "x")
    assert private.message is not None
    pinned = private.message.model_dump(exclude_none=True, by_alias=True)
    pinned.pop("text")
    pinned["pinned_message"] = {"message_id": 3, "date": 0, "chat": pinned["chat"]}
    await app.feed(Update.model_validate({"update_id": next(_ids), "message": pinned}))
    assert app.rec.requests == []


async def test_private_chats_work_as_before(app: App) -> None:
    await app.feed(make_message_update(809, "/help"))
    assert "Справка" in app.rec.last(SendMessage).text
    await app.feed(make_callback_update(809, "zz:garbage"))
    assert "устарела" in (app.rec.last(AnswerCallbackQuery).text or "")


def test_the_check_runs_after_the_flood_limit_and_before_the_database(app: App) -> None:
    kinds = [type(m) for m in app.dp.update.outer_middleware]
    position = kinds.index(PrivateChatsOnly)
    assert kinds.index(FloodMiddleware) < position < kinds.index(OpenSessionMiddleware)


def _sticker() -> dict[str, Any]:
    return {
        "file_id": "S1",
        "file_unique_id": "S1u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }

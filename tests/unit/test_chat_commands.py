"""Command lists per role (services/command_sets.py) and their upkeep in each person's chat
(bot/tg/commands.py, bot/tg/middlewares/chat_commands.py), through ``Dispatcher.feed_update``."""

from __future__ import annotations

import logging
import re

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import DeleteMyCommands, SendMessage, SetMyCommands
from aiogram.types import BotCommandScopeChat
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.callbacks import ForgetCb, LangCb
from bot.tg.commands import commands_for, register_commands
from bot.tg.i18n import SUPPORTED_LOCALES, Translator
from bot.tg.middlewares.chat_commands import ChatCommandsMiddleware
from models import FsmRecord, Role, User
from services.command_sets import ALL_COMMANDS, STRANGER, command_set
from services.questionnaire.schema import Form
from tests.fake_telegram import FakeTelegram
from tests.recording import make_callback_update, make_message_update
from tests.unit.app_factory import BotApp
from tests.unit.factories import NOW, join, make_invite, make_org
from tests.unit.test_fake_telegram import QuickCloseSession

PARTICIPANT = ("menu", "meetings", "mydata", "help", "privacy", "lang", "cancel", "forget")
ADMIN = 900


# ----- the sets --------------------------------------------------------------------------


def test_a_stranger_sees_how_to_begin_and_privacy_only() -> None:
    found = command_set((), is_admin=False, is_parent=False, locale="ru")
    assert found.names == STRANGER == ("start", "help", "privacy")
    assert found.is_stranger


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE])
def test_a_participant_sees_meetings_data_and_withdrawal(role: Role) -> None:
    found = command_set({role}, is_admin=False, is_parent=False, locale="ru")
    assert found.names == PARTICIPANT
    assert "neworg" not in found.names


def test_staff_work_from_the_menu_without_meetings_or_neworg() -> None:
    for role in (Role.CURATOR, Role.HEAD):
        names = command_set({role}, is_admin=False, is_parent=False, locale="en").names
        assert {"menu", "help", "privacy", "mydata", "forget"} <= set(names)
        assert "meetings" not in names
        assert "neworg" not in names
        assert "start" not in names


def test_an_admin_sees_neworg_and_roles_add_up_in_one_order() -> None:
    alone = command_set((), is_admin=True, is_parent=False, locale="ru").names
    assert "neworg" in alone
    assert "mydata" not in alone  # nothing is stored about an operator who holds no role
    both = command_set({Role.CURATOR, Role.MENTOR}, is_admin=True, is_parent=False, locale="ru")
    assert set(both.names) == set(PARTICIPANT) | {"neworg"}
    assert list(both.names) == sorted(both.names, key=ALL_COMMANDS.index)


def test_a_parent_sees_the_child_data_but_not_meetings() -> None:
    names = command_set((), is_admin=False, is_parent=True, locale="ru").names
    assert "mydata" in names
    assert "forget" in names
    assert "meetings" not in names


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_command_and_description_fits_telegram_limits(
    translator: Translator, locale: str
) -> None:
    for command in commands_for(translator, locale, ALL_COMMANDS):
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.command)
        assert 1 <= len(command.description) <= 256
    assert 0 < len(translator.get(locale, "bot-description")) <= 512
    assert 0 < len(translator.get(locale, "bot-short-description")) <= 120


# ----- upkeep per chat -------------------------------------------------------------------


class App(BotApp):
    def middleware(self) -> ChatCommandsMiddleware:
        return next(
            m for m in self.dp.update.outer_middleware if isinstance(m, ChatCommandsMiddleware)
        )

    def scoped(self, chat_id: int) -> list[SetMyCommands | DeleteMyCommands]:
        """The calls about this chat's own list, in call order."""
        scope = BotCommandScopeChat(chat_id=chat_id)
        return [
            call
            for call in self.rec.requests
            if isinstance(call, (SetMyCommands, DeleteMyCommands)) and call.scope == scope
        ]


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return App.build(session_factory, NOW, forms=forms, translator=translator, admin_ids=str(ADMIN))


def _names(call: SetMyCommands | DeleteMyCommands) -> tuple[str, ...]:
    assert isinstance(call, SetMyCommands)
    return tuple(c.command for c in call.commands)


def _descriptions(call: SetMyCommands | DeleteMyCommands) -> dict[str, str]:
    assert isinstance(call, SetMyCommands)
    return {c.command: c.description for c in call.commands}


async def test_a_stranger_costs_no_call_and_joining_gives_the_chat_its_set(app: App) -> None:
    await app.feed(make_message_update(503, "/help"))
    await app.feed(make_message_update(503, "/privacy"))
    assert app.scoped(503) == []
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        token = (await make_invite(session, org, Role.MENTEE)).token
    await app.feed(make_message_update(503, f"/start {token}"))
    assert app.scoped(503) == []  # nothing is stored before consent, nothing changes
    await app.feed(make_callback_update(503, f"cs:pd:1:{token}"))
    [given] = app.scoped(503)
    assert _names(given) == PARTICIPANT
    assert given.language_code is None  # the chat's list serves whatever the client's language
    assert _descriptions(given)["mydata"] == "Мои данные"

    # the next updates find it in memory: no query result changes, no call
    await app.feed(make_message_update(503, "/help"))
    await app.feed(make_message_update(503, "/menu"))
    assert len(app.scoped(503)) == 1

    # a new language is a new list
    await app.feed(make_callback_update(503, LangCb(code="en").pack()))
    latest = app.scoped(503)[-1]
    assert _names(latest) == PARTICIPANT
    assert _descriptions(latest)["mydata"] == "My data"

    # withdrawing deletes the chat's list: back to the stranger's default
    await app.feed(make_message_update(503, "/forget"))
    await app.feed(make_callback_update(503, ForgetCb(ok=True).pack()))
    assert isinstance(app.scoped(503)[-1], DeleteMyCommands)
    assert app.scoped(503)[-1].language_code is None


async def test_a_role_given_by_someone_else_arrives_after_the_recheck(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 610, org, Role.CURATOR)
    await app.feed(make_message_update(610, "/help"))
    [first] = app.scoped(610)  # first seen by this process: it cannot know the chat's list
    assert "meetings" not in _names(first)
    # made a mentor too, by another update (not theirs)
    async with app.factory() as session, session.begin():
        await join(session, 610, org, Role.MENTOR)
    await app.feed(make_message_update(610, "/help"))
    assert len(app.scoped(610)) == 1  # within the recheck interval: no query, no call
    app.middleware().chats.recheck_seconds = 0
    await app.feed(make_message_update(610, "/help"))
    [_, second] = app.scoped(610)
    assert _names(second) == PARTICIPANT  # the union of a curator's and a mentor's
    await app.feed(make_message_update(610, "/help"))
    assert len(app.scoped(610)) == 2  # rechecked, unchanged: no call


async def test_a_curator_gets_the_staff_set_and_an_admin_neworg(app: App) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 620, org, Role.CURATOR)
    await app.feed(make_message_update(620, "/menu"))
    [curator] = app.scoped(620)
    assert (
        _names(curator)
        == command_set({Role.CURATOR}, is_admin=False, is_parent=False, locale="ru").names
    )
    assert "meetings" not in _names(curator)
    await app.feed(make_message_update(ADMIN, "/help"))
    [admin] = app.scoped(ADMIN)
    assert "neworg" in _names(admin)
    assert "Администратору" in app.rec.last(SendMessage).text


async def test_a_refused_call_is_logged_and_the_update_still_answered(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 630, org, Role.MENTEE)
    app.rec.queue_error(SetMyCommands, TelegramBadRequest, "Bad Request: chat not found")
    with caplog.at_level(logging.WARNING):
        await app.feed(make_message_update(630, "/help"))
    assert "Справка" in app.rec.last(SendMessage).text
    assert "command list for a chat not updated" in caplog.text
    # not remembered as given: the next update tries again
    await app.feed(make_message_update(630, "/help"))
    assert len(app.scoped(630)) == 2


async def test_help_and_privacy_for_a_stranger_store_nothing(app: App) -> None:
    await app.feed(make_message_update(640, "/help"))
    text = app.rec.last(SendMessage).text
    assert "/privacy" in text
    assert "/start" in text
    assert "/meetings" not in text
    await app.feed(make_message_update(640, "/privacy"))
    text = app.rec.last(SendMessage).text
    assert "Оператор персональных данных" in text
    assert "/mydata" in text
    assert "/forget" in text
    assert "14 дн." in text  # BACKUP_KEEP_DAYS's default, from the settings
    async with app.factory() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0


async def test_privacy_names_the_configured_operator_and_the_person_orgs(
    app: App, session_factory: async_sessionmaker[AsyncSession], translator: Translator
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, 650, org, Role.MENTEE)
    deps = next(
        m for m in app.dp.update.outer_middleware if isinstance(m, ChatCommandsMiddleware)
    ).deps
    deps.settings.operator_name = "МБОУ <СОШ> № 5"
    deps.settings.operator_contact = "school5@example.ru"
    await app.feed(make_message_update(650, "/privacy"))
    text = app.rec.last(SendMessage).text
    assert "МБОУ &lt;СОШ&gt; № 5" in text
    assert "school5@example.ru" in text
    assert org.name in text


# ----- start-up ----------------------------------------------------------------------------


async def test_start_up_sets_descriptions_once_and_survives_a_refusal(
    translator: Translator, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeTelegram()
    await fake.start()
    session = QuickCloseSession(api=TelegramAPIServer.from_base(fake.base_url))
    bot = Bot(fake.token, session=session)
    try:
        await register_commands(bot, translator)
        assert fake.descriptions.keys() == {"", "ru", "en"}
        assert fake.short_descriptions["en"] == translator.get("en", "bot-short-description")
        assert [c["command"] for c in fake.visible_commands(1, "en")] == list(STRANGER)

        # a restart with the same texts asks, but does not set them again (Telegram allows
        # few of these calls a day)
        cursor = len(fake.requests)
        await register_commands(bot, translator)
        methods = {call.method for call in fake.requests[cursor:]}
        assert "setMyDescription" not in methods
        assert "setMyShortDescription" not in methods
        assert "getMyDescription" in methods

        # refused: logged, and the start goes on
        fake.descriptions.clear()
        fake.fail_next("setMyDescription", count=3, retry_after=5)
        with caplog.at_level(logging.WARNING):
            await register_commands(bot, translator)
        assert "bot description" in caplog.text
    finally:
        await session.close()
        await fake.stop()

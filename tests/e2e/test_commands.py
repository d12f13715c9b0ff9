"""Command lists per role and language, the bot's descriptions, /privacy and /help for a
stranger, and a report's file name — the real bot against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import create_school, curator_invite, fill_mentee, register_curator
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5 г. Энска"
STRANGER = ["start", "help", "privacy"]
MENTEE = ["menu", "meetings", "mydata", "help", "privacy", "lang", "cancel", "forget"]


async def _shown(
    fake: FakeTelegram,
    chat_id: int,
    language: str,
    until: Callable[[list[dict[str, Any]]], bool],
) -> list[dict[str, Any]]:
    """What the person's client lists, once it satisfies ``until`` (the bot sets a chat's list
    right after the update that changed it)."""
    for _ in range(200):
        shown = fake.visible_commands(chat_id, language)
        if until(shown):
            return shown
        await asyncio.sleep(0.05)
    raise AssertionError(f"chat {chat_id} lists {fake.visible_commands(chat_id, language)}")


def _names(commands: list[dict[str, Any]]) -> list[str]:
    return [c["command"] for c in commands]


async def test_strangers_members_and_withdrawal_see_their_own_commands(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    # at start-up: the stranger's list and the descriptions, in Russian, English and default
    assert _names(fake.visible_commands(700, "ru")) == STRANGER
    assert fake.visible_commands(700, "en")[2] == {
        "command": "privacy",
        "description": "How the bot handles personal data",
    }
    for language in ("", "ru", "en"):
        assert "invite" in fake.descriptions[language] or "приглаш" in fake.descriptions[language]
        assert 0 < len(fake.short_descriptions[language]) <= 120
    assert "ссылке-приглашению" in fake.short_descriptions["ru"]

    # a stranger reads /help and /privacy; nothing about them is stored
    stranger = Person(fake, 700)
    help_text = await stranger.say("/help", "/privacy", "ссылку-приглашение")
    assert "/meetings" not in (help_text.text or "")
    privacy = await stranger.say("/privacy", "Оператор персональных данных", "/mydata", "/forget")
    assert "14 дн." in (privacy.text or "")
    assert bot.query("SELECT count(*) FROM users") == [(0,)]
    assert bot.query("SELECT count(*) FROM fsm_records WHERE user_id = 700") == [(0,)]
    assert _names(fake.visible_commands(700, "ru")) == STRANGER

    token = await create_school(bot, SCHOOL)
    curator = Person(fake, 100)
    await register_curator(curator, token)
    curator_set = _names(await _shown(fake, 100, "ru", lambda s: "menu" in _names(s)))
    assert "meetings" not in curator_set
    assert "neworg" not in curator_set
    assert {"help", "privacy", "mydata", "forget"} <= set(curator_set)

    # joining as a mentee gives the chat the mentee's list, in Russian
    mentee = Person(fake, 300)
    await fill_mentee(mentee, await curator_invite(curator, SCHOOL, "Наставляемый"))
    shown = await _shown(fake, 300, "ru", lambda s: "menu" in _names(s))
    assert _names(shown) == MENTEE
    assert {c["command"]: c["description"] for c in shown}["mydata"] == "Мои данные"
    # the chat's own list serves an English client too: it is in the person's language
    assert _names(fake.visible_commands(300, "en")) == MENTEE
    assert bot.query("SELECT locale FROM users WHERE telegram_id = 300") == [("ru",)]

    # /forget deletes the chat's list: back to the stranger's
    confirm = await mentee.say("/forget", "Отозвать согласие")
    await mentee.press(confirm, "Да, удалить", "Ваши данные удалены")
    await _shown(fake, 300, "ru", lambda s: _names(s) == STRANGER)
    assert not any('"chat_id": 300' in scope for scope, _ in fake.commands_by_scope)

    # an operator in ADMIN_IDS sees /neworg, and the admin's part of /help
    admin = Person(fake, ADMIN_ID)
    await admin.say("/help", "Администратору", "/privacy")
    await _shown(fake, ADMIN_ID, "ru", lambda s: "neworg" in _names(s))


async def test_a_downloaded_report_is_named_for_the_school_and_the_day(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    menu = await curator.say("/menu", "Главное меню")
    card = await curator.press(menu, SCHOOL, "Часовой пояс")
    reports = await curator.press(card, "Отчёты и мониторинг", "По состоянию")
    cursor = fake.mark()
    fake.press_button(curator.id, reports, "Таблица XLSX")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    today = datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()
    assert document.file_name == f"Отчёт_наставничество_СОШ_5_{today}.xlsx"

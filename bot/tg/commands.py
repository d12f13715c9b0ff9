"""The command lists and descriptions Telegram shows, per person and language.

Everyone starts with the default scope: the stranger's commands (/start /help /privacy). Once a
person holds a role, their private chat gets a list of its own (``BotCommandScopeChat``) in
their language; withdrawing deletes it, so they fall back to the stranger's. A failed call is
logged and never fails the update: the list is a convenience, the commands work regardless.
"""

from __future__ import annotations

import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat

from bot.tg.i18n import SUPPORTED_LOCALES, Translator
from services.command_sets import ALL_COMMANDS, STRANGER, CommandSet

log = logging.getLogger(__name__)

COMMANDS = ALL_COMMANDS

# a role given by someone else (a curator appointing a head, a parent's consent making a pupil
# a mentee) reaches the person's list on their first update after this long; their own changes
# (joining, /lang, /forget) reach it in the same update
RECHECK_SECONDS = 600.0
# the memory holds one small entry per active person; past this it starts afresh
_MAX_REMEMBERED = 100_000


def commands_for(
    translator: Translator, locale: str, names: tuple[str, ...] = STRANGER
) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=translator.get(locale, f"cmd-{name}"))
        for name in names
    ]


async def register_commands(bot: Bot, translator: Translator) -> None:
    """At start-up: the stranger's commands and the bot's descriptions, in every language."""
    default = translator.default_locale
    await bot.set_my_commands(commands_for(translator, default))
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(commands_for(translator, locale), language_code=locale)
    for language, locale in (("", default), *((loc, loc) for loc in SUPPORTED_LOCALES)):
        await _describe(bot, translator, language, locale)


async def _describe(bot: Bot, translator: Translator, language: str, locale: str) -> None:
    """Sets the descriptions only when they differ: Telegram limits these calls to a few a
    day, and a refusal must not stop the bot from starting."""
    code = language or None
    description = translator.get(locale, "bot-description")
    short = translator.get(locale, "bot-short-description")
    try:
        if (await bot.get_my_description(language_code=code)).description != description:
            await bot.set_my_description(description, language_code=code)
        current = await bot.get_my_short_description(language_code=code)
        if current.short_description != short:
            await bot.set_my_short_description(short, language_code=code)
    except TelegramAPIError as exc:
        log.warning("bot description (%s) not set: %s", language or "default", exc)


class ChatCommands:
    """What each person's chat was last given, in this process's memory, so an update does
    not cost an API call (nor a query, within ``RECHECK_SECONDS``)."""

    def __init__(self, translator: Translator, recheck_seconds: float = RECHECK_SECONDS) -> None:
        self.translator = translator
        self.recheck_seconds = recheck_seconds
        self._given: dict[int, tuple[CommandSet, float]] = {}

    def due(self, chat_id: int) -> bool:
        entry = self._given.get(chat_id)
        return entry is None or time.monotonic() - entry[1] >= self.recheck_seconds

    async def apply(self, bot: Bot, chat_id: int, wanted: CommandSet, *, changed: bool) -> None:
        """Gives the chat ``wanted`` unless it already has it.

        ``changed``: this update changed the person's roles or language, so another instance
        may have given the chat something else meanwhile — ask Telegram even when this
        memory agrees. A stranger first seen here has the default scope: nothing to ask."""
        entry = self._given.get(chat_id)
        known = entry[0] if entry is not None else None
        if not changed and (known == wanted or (known is None and wanted.is_stranger)):
            self._remember(chat_id, wanted)
            return
        scope = BotCommandScopeChat(chat_id=chat_id)
        try:
            if wanted.is_stranger:
                await bot.delete_my_commands(scope=scope)
            else:
                await bot.set_my_commands(
                    commands_for(self.translator, wanted.locale, wanted.names), scope=scope
                )
        # a missing list must not fail the update: the commands work without it
        except Exception as exc:
            log.warning("command list for a chat not updated: %s", type(exc).__name__)
            self._given.pop(chat_id, None)
            return
        self._remember(chat_id, wanted)

    def _remember(self, chat_id: int, wanted: CommandSet) -> None:
        if len(self._given) >= _MAX_REMEMBERED and chat_id not in self._given:
            self._given.clear()
        self._given[chat_id] = (wanted, time.monotonic())

"""The command menu Telegram shows, in every supported language."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand

from bot.i18n import SUPPORTED_LOCALES, Translator

COMMANDS = ("start", "menu", "meetings", "help", "mydata", "lang", "cancel", "forget")


def commands_for(translator: Translator, locale: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=translator.get(locale, f"cmd-{name}"))
        for name in COMMANDS
    ]


async def register_commands(bot: Bot, translator: Translator) -> None:
    await bot.set_my_commands(commands_for(translator, translator.default_locale))
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(commands_for(translator, locale), language_code=locale)

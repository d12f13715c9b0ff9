"""The bot talks to people in private chats only.

Everything it says is meant for one person: their questionnaire, /mydata, their pair. Asked in a
group, it would post that for the whole group to read. So an update from any other chat never
reaches the handlers: a message addressed to the bot (a command, a mention, a reply to the bot)
gets one short refusal with a button to the private chat, a button press gets an alert, and
the rest is ignored. Nothing is stored and nothing of the person's is read on the way, since
they may never have consented: only their language, to refuse in it.

Service messages (someone joined, a pin, a new title …) are not addressed to anyone and are
dropped silently in every chat, private ones included.

Registered after the flood limit and before the database session (``register_before_fsm``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType, ContentType, MessageEntityType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
    Update,
)
from aiogram.types import User as TgUser
from sqlalchemy import select

from bot.app.deps import AppDeps
from models import User

log = logging.getLogger(__name__)

# what people send; every other kind of message is the chat's own news
USER_CONTENT = frozenset(
    {
        ContentType.TEXT,
        ContentType.AUDIO,
        ContentType.ANIMATION,
        ContentType.DOCUMENT,
        ContentType.GAME,
        ContentType.LIVE_PHOTO,
        ContentType.PHOTO,
        ContentType.STICKER,
        ContentType.VIDEO,
        ContentType.VIDEO_NOTE,
        ContentType.VOICE,
        ContentType.CHECKLIST,
        ContentType.CONTACT,
        ContentType.VENUE,
        ContentType.LOCATION,
        ContentType.INVOICE,
        ContentType.PAID_MEDIA,
        ContentType.POLL,
        ContentType.DICE,
        ContentType.GIVEAWAY,
        ContentType.STORY,
        ContentType.RICH_MESSAGE,
    }
)


def is_service(message: Message) -> bool:
    return message.content_type not in USER_CONTENT


class PrivateChatsOnly(BaseMiddleware):
    def __init__(self, deps: AppDeps) -> None:
        self.deps = deps

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        bot: Bot = data["bot"]
        if event.message is not None:
            message = event.message
            if is_service(message):
                log.debug("service message ignored")
                return None
            if message.chat.type == ChatType.PRIVATE:
                return await handler(event, data)
            if self._addressed(message, bot):
                await self._refuse(bot, message)
            return None
        if event.callback_query is not None:
            query = event.callback_query
            # a press on an inline message (no chat known) can only come from another chat too
            if query.message is not None and query.message.chat.type == ChatType.PRIVATE:
                return await handler(event, data)
            await self._alert(query)
            return None
        chat = data.get("event_chat")
        if chat is not None and chat.type != ChatType.PRIVATE:
            return None
        return await handler(event, data)

    def _addressed(self, message: Message, bot: Bot) -> bool:
        """A command, a mention of the bot, or a reply to one of its messages."""
        text = message.text or message.caption or ""
        username = self.deps.bot_username.lower()
        for entity in message.entities or message.caption_entities or []:
            word = text[entity.offset : entity.offset + entity.length].lower()
            if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
                # "/menu@other_bot" is for another bot
                _, _, target = word.partition("@")
                if not target or target == username:
                    return True
            if entity.type == MessageEntityType.MENTION and username and word == f"@{username}":
                return True
        replied = message.reply_to_message
        return (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )

    async def _refuse(self, bot: Bot, message: Message) -> None:
        i18n = self.deps.translator.bind(await self._locale(message.from_user))
        markup = None
        if self.deps.bot_username:
            url = f"https://t.me/{self.deps.bot_username}"
            markup = InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text=i18n("btn-private-chat"), url=url)]]
            )
        # the bot may have been removed from the group meanwhile, or be muted there
        with contextlib.suppress(TelegramAPIError):
            await bot.send_message(message.chat.id, i18n("private-only"), reply_markup=markup)

    async def _alert(self, query: CallbackQuery) -> None:
        i18n = self.deps.translator.bind(await self._locale(query.from_user))
        with contextlib.suppress(TelegramAPIError):
            await query.answer(i18n("private-only-alert"), show_alert=True)

    async def _locale(self, tg_user: TgUser | None) -> str:
        """The language they chose here if they are registered, else their Telegram one."""
        translator = self.deps.translator
        if tg_user is None:
            return translator.default_locale
        async with self.deps.session_factory() as session:
            chosen = await session.scalar(select(User.locale).where(User.telegram_id == tg_user.id))
        if chosen and translator.supports(chosen):
            return str(chosen)
        code = (tg_user.language_code or "").split("-")[0].lower()
        return code if translator.supports(code) else translator.default_locale

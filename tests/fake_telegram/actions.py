"""The test acting as Telegram users: building and queueing incoming updates."""

from __future__ import annotations

import time
from typing import Any

from .formatting import bot_command_entities
from .models import FakeUser, SentMessage
from .state import BotState

_DEFAULT_USER = FakeUser(id=0)


class UserActions:
    """Mixin of :class:`FakeTelegram`: everything a user can do to the bot."""

    state: BotState

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str = "ru",
        username: str | None = None,
    ) -> FakeUser:
        """Register (or return) a user; their private chat id equals ``user_id``.

        For an existing user, arguments that differ from the defaults update that field.
        """
        existing = self.state.users.get(user_id)
        if existing is None:
            user = FakeUser(user_id, first_name, language_code, username)
            self.state.users[user_id] = user
            return user
        if first_name != _DEFAULT_USER.first_name:
            existing.first_name = first_name
        if language_code != _DEFAULT_USER.language_code:
            existing.language_code = language_code
        if username is not None:
            existing.username = username
        return existing

    def group(self, chat_id: int, title: str = "Group") -> dict[str, Any]:
        """Register a supergroup the bot is a member of (ids of groups are negative)."""
        if chat_id >= 0:
            msg = f"group ids are negative, not {chat_id}"
            raise ValueError(msg)
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.state.groups[chat_id] = chat
        return chat

    def _message(self, user_id: int, chat_id: int | None = None, **content: Any) -> dict[str, Any]:
        user = self.state.ensure_user(user_id)
        chat = user.chat_dict() if chat_id is None else self.state.chat_dict(chat_id)
        return {
            "message_id": self.state.add_user_message(chat["id"]),
            "from": user.to_dict(),
            "chat": chat,
            "date": int(time.time()),
            **content,
        }

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        """A text message; ``/command`` words get ``bot_command`` entities."""
        content: dict[str, Any] = {"text": text}
        if entities := bot_command_entities(text):
            content["entities"] = entities
        return self.state.queue_update("message", self._message(user_id, **content))

    def send_group_text(self, user_id: int, chat_id: int, text: str) -> dict[str, Any]:
        """A text message from a user in a group registered with :meth:`group`."""
        if chat_id not in self.state.groups:
            msg = f"unknown group {chat_id}; register it with group()"
            raise AssertionError(msg)
        content: dict[str, Any] = {"text": text}
        if entities := bot_command_entities(text):
            content["entities"] = entities
        return self.state.queue_update("message", self._message(user_id, chat_id, **content))

    def press_in_group(
        self, user_id: int, message: SentMessage, callback_data: str
    ) -> dict[str, Any]:
        """Press a button with any data on a bot message the bot sent to a group."""
        if message.chat_id not in self.state.groups:
            msg = f"message {message.message_id} is not in a group"
            raise AssertionError(msg)
        return self._callback(user_id, self.state.message_dict(message), callback_data)

    def send_photo(
        self, user_id: int, caption: str | None = None, content: bytes = b"\xff\xd8fake-jpeg"
    ) -> dict[str, Any]:
        stored = self.state.store_file(content, "photo.jpg", "image/jpeg")
        extra: dict[str, Any] = {"photo": self.state.photo_sizes(stored)}
        if caption is not None:
            extra["caption"] = caption
        return self.state.queue_update("message", self._message(user_id, **extra))

    def send_document(
        self,
        user_id: int,
        file_name: str = "doc.pdf",
        caption: str | None = None,
        content: bytes = b"%PDF-1.4 fake document",
        mime_type: str = "application/octet-stream",
    ) -> dict[str, Any]:
        """A document; the bot can fetch ``content`` back with getFile + download."""
        stored = self.state.store_file(content, file_name, mime_type)
        extra: dict[str, Any] = {"document": self.state.document_dict(stored)}
        if caption is not None:
            extra["caption"] = caption
        return self.state.queue_update("message", self._message(user_id, **extra))

    def send_sticker(self, user_id: int) -> dict[str, Any]:
        stored = self.state.store_file(b"RIFFfake-webp", "sticker.webp", "image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": len(stored.content),
        }
        return self.state.queue_update("message", self._message(user_id, sticker=sticker))

    def _callback(
        self, user_id: int, message: dict[str, Any], callback_data: str
    ) -> dict[str, Any]:
        user = self.state.ensure_user(user_id)
        query_id = self.state.new_callback_query_id()
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(4_000_000_000_000 + user_id),
            "data": callback_data,
        }
        self.state.callback_queries[query_id] = query
        return self.state.queue_update("callback_query", query)

    def press(self, user_id: int, message: SentMessage, callback_data: str) -> dict[str, Any]:
        """Press the inline button with ``callback_data`` on a bot message in this user's chat."""
        if message.chat_id != user_id:
            msg = f"message {message.message_id} was sent to chat {message.chat_id}, not {user_id}"
            raise AssertionError(msg)
        if message.deleted:
            msg = f"message {message.message_id} in chat {user_id} was deleted"
            raise AssertionError(msg)
        if callback_data not in message.callback_datas:
            msg = (
                f"message {message.message_id} has no button with callback_data "
                f"{callback_data!r}; buttons: {message.buttons}"
            )
            raise AssertionError(msg)
        return self._callback(user_id, self.state.message_dict(message), callback_data)

    def press_button(
        self, user_id: int, message: SentMessage, text_contains: str
    ) -> dict[str, Any]:
        """Press the first inline button whose text contains ``text_contains``."""
        keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
        for row in keyboard:
            for button in row:
                if text_contains not in str(button.get("text", "")):
                    continue
                if "callback_data" not in button:
                    msg = f"button {button.get('text')!r} is not a callback button: {button}"
                    raise AssertionError(msg)
                return self.press(user_id, message, str(button["callback_data"]))
        msg = (
            f"no button containing {text_contains!r} on message {message.message_id} "
            f"({message.text!r}); available buttons: {message.button_texts}"
        )
        raise AssertionError(msg)

    def forge_callback(self, user_id: int, message_id: int, callback_data: str) -> dict[str, Any]:
        """A callback with arbitrary data, as a modified client could send it."""
        self.state.ensure_user(user_id)
        stored = self.state.bot_message(user_id, message_id)
        if stored is not None:
            message = self.state.message_dict(stored)
        else:  # what Telegram sends for a message the bot can't access: date == 0
            message = {"chat": self.state.chat_dict(user_id), "message_id": message_id, "date": 0}
        return self._callback(user_id, message, callback_data)

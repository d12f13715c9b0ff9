"""Everything the fake Bot API remembers, plus change notification for waiters."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from . import errors
from .errors import ApiError, bad_request, forbidden
from .models import ApiCall, ChatEvent, FakeUser, SentMessage, Stats, StoredFile

T = TypeVar("T")

ALL_UPDATE_TYPES_DEFAULT_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)


class Notifier:
    """Wakes every waiter whenever something changes (sync code may call ``notify``)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, check: Callable[[], T | None], seconds: float) -> T | None:
        """Re-run ``check`` on every change until it returns non-None or ``seconds`` pass."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = self._event
            result = check()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


class RateLimiter:
    """Sliding-window limit of accepted sends; ``None`` disables it."""

    def __init__(self) -> None:
        self.per_second: float | None = None
        self._accepted: deque[float] = deque()

    def configure(self, per_second: float | None) -> None:
        if per_second is not None and per_second <= 0:
            msg = "per_second must be positive or None"
            raise ValueError(msg)
        self.per_second = per_second
        self._accepted.clear()

    def allow(self) -> bool:
        now = time.monotonic()
        if self.per_second is None:
            return True
        window = max(1.0, 1.0 / self.per_second)
        capacity = self.per_second * window
        while self._accepted and now - self._accepted[0] >= window:
            self._accepted.popleft()
        if len(self._accepted) >= capacity:
            return False
        self._accepted.append(now)
        return True


class BotState:
    """The fake's memory: users, chats, messages, updates, files, settings."""

    def __init__(self, token: str, bot_username: str) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = "Mentor Test Bot"
        self.users: dict[int, FakeUser] = {}
        self.blocked: set[int] = set()
        self.groups: dict[int, dict[str, Any]] = {}  # group chats the bot is in, by (negative) id
        self.sent: list[SentMessage] = []
        self.requests: list[ApiCall] = []
        self.updates: list[dict[str, Any]] = []  # every update ever queued
        # users' actions and the bot's messages, edits and toasts in the order they happened
        # (tests/fake_telegram/transcript.py renders it)
        self.chat_log: list[ChatEvent] = []
        self.pending: list[dict[str, Any]] = []  # not yet confirmed by getUpdates offset
        self.allowed_updates: list[str] | None = None
        self.webhook_url = ""
        self.webhook_secret = ""
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.commands_by_scope: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}  # by language code, "" for the default
        self.short_descriptions: dict[str, str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.stats = Stats()
        self.rate_limiter = RateLimiter()
        self.failures: dict[str, list[int]] = {}  # method -> [remaining, retry_after]
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.answered_queries: set[str] = set()
        self.notifier = Notifier()
        self.closing = False
        self.poll_generation = 0  # a newer getUpdates ends an older pending one with 409
        self._bot_messages: dict[tuple[int, int], SentMessage] = {}
        self._user_messages: set[tuple[int, int]] = set()
        self._next_message_id: dict[int, int] = {}
        self._update_ids = itertools.count(10_001)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    # ----- identities -------------------------------------------------------------------
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def ensure_user(self, user_id: int) -> FakeUser:
        user = self.users.get(user_id)
        if user is None:
            user = self.users[user_id] = FakeUser(id=user_id)
        return user

    def chat_dict(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.groups:
            return dict(self.groups[chat_id])
        user = self.users.get(chat_id)
        if user is None:
            return {"id": chat_id, "type": "private", "first_name": "Unknown"}
        return user.chat_dict()

    def target_chat(self, chat_id: int | None, *, present: bool) -> int:
        """Validate a chat the bot writes to: known and not blocked."""
        if chat_id is None:
            raise bad_request(errors.CHAT_NOT_FOUND if present else "chat_id is empty")
        if chat_id not in self.users and chat_id not in self.groups:
            raise bad_request(errors.CHAT_NOT_FOUND)
        if chat_id in self.blocked:
            raise forbidden(errors.BOT_BLOCKED)
        return chat_id

    # ----- commands ---------------------------------------------------------------------
    def visible_commands(self, chat_id: int, language: str = "") -> list[dict[str, Any]]:
        """What a user's client lists in their private chat with the bot, resolved the way
        Telegram does: the chat's scope, then all private chats, then the default; at each
        step the user's language first, then the list without a language."""
        scopes = (
            {"type": "chat", "chat_id": chat_id},
            {"type": "all_private_chats"},
            {"type": "default"},
        )
        for scope in scopes:
            key = json.dumps(scope, sort_keys=True)
            for code in (language, "") if language else ("",):
                found = self.commands_by_scope.get((key, code))
                if found is not None:
                    return found
        return []

    # ----- messages ---------------------------------------------------------------------
    def next_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def add_user_message(self, chat_id: int) -> int:
        message_id = self.next_message_id(chat_id)
        self._user_messages.add((chat_id, message_id))
        return message_id

    def add_bot_message(self, message: SentMessage) -> None:
        self.sent.append(message)
        self._bot_messages[(message.chat_id, message.message_id)] = message
        self.log_bot_message(message, "bot_message")
        self.notifier.notify()

    def log_bot_message(self, message: SentMessage, kind: str) -> None:
        """A snapshot of the message as it is now: a sent one, or one just edited/deleted."""
        markup = message.reply_markup
        self.chat_log.append(
            ChatEvent(
                chat_id=message.chat_id,
                kind=kind,
                text=message.text,
                reply_markup=markup if markup and "inline_keyboard" in markup else None,
                file_name=message.file.file_name if message.file is not None else None,
                message_id=message.message_id,
            )
        )

    def log_toast(self, query_id: str, text: str) -> None:
        query = self.callback_queries.get(query_id, {})
        chat_id = int(query.get("message", {}).get("chat", {}).get("id", 0))
        self.chat_log.append(ChatEvent(chat_id=chat_id, kind="toast", text=text))

    def log_update(self, kind: str, payload: dict[str, Any]) -> None:
        """What the user did, as they would describe it: the text sent, the button pressed."""
        if kind == "message":
            chat_id = int(payload["chat"]["id"])
            if "document" in payload:
                name = payload["document"].get("file_name")
                event = ChatEvent(chat_id, "user_file", payload.get("caption"), file_name=name)
            elif "photo" in payload:
                event = ChatEvent(chat_id, "user_file", payload.get("caption"), file_name="photo")
            elif "sticker" in payload:
                event = ChatEvent(chat_id, "user_file", None, file_name="sticker")
            else:
                event = ChatEvent(chat_id, "user_text", payload.get("text"))
        elif kind == "callback_query":
            message = payload.get("message", {})
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            label = next(
                (
                    str(button.get("text", ""))
                    for row in rows
                    for button in row
                    if button.get("callback_data") == payload.get("data")
                ),
                None,  # a forged press: no such button
            )
            chat_id = int(message.get("chat", {}).get("id", payload["from"]["id"]))
            event = ChatEvent(chat_id, "user_press", label, message_id=message.get("message_id", 0))
        else:
            return
        self.chat_log.append(event)

    def bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        message = self._bot_messages.get((chat_id, message_id))
        return None if message is None or message.deleted else message

    def delete_message(self, chat_id: int, message_id: int) -> bool:
        if (message := self.bot_message(chat_id, message_id)) is not None:
            message.deleted = True
            self.log_bot_message(message, "bot_delete")
            self.notifier.notify()
            return True
        if (chat_id, message_id) in self._user_messages:
            self._user_messages.discard((chat_id, message_id))
            return True
        return False

    def is_user_message(self, chat_id: int, message_id: int) -> bool:
        return (chat_id, message_id) in self._user_messages

    def message_dict(self, message: SentMessage) -> dict[str, Any]:
        """The Bot API ``Message`` object for a stored bot message, as it is now."""
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.bot_user(),
            "chat": self.chat_dict(message.chat_id),
            "date": message.date,
        }
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        text_key, entities_key = (
            ("caption", "caption_entities") if message.is_media else ("text", "entities")
        )
        if message.text is not None:
            data[text_key] = message.text
            if message.entities:
                data[entities_key] = message.entities
        if message.file is not None and message.method == "sendDocument":
            data["document"] = self.document_dict(message.file)
        elif message.file is not None and message.method == "sendPhoto":
            data["photo"] = self.photo_sizes(message.file)
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    # ----- files ------------------------------------------------------------------------
    def store_file(
        self, content: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"FAKE-FILE-{number:06d}",
            file_unique_id=f"FAKEU{number:06d}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def document_dict(self, stored: StoredFile) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name is not None:
            data["file_name"] = stored.file_name
        if stored.mime_type is not None:
            data["mime_type"] = stored.mime_type
        return data

    def photo_sizes(self, stored: StoredFile) -> list[dict[str, Any]]:
        return [
            {
                "file_id": f"{stored.file_id}-thumb",
                "file_unique_id": f"{stored.file_unique_id}t",
                "width": 90,
                "height": 68,
                "file_size": min(len(stored.content), 1024),
            },
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 800,
                "height": 600,
                "file_size": len(stored.content),
            },
        ]

    def find_file(self, file_id: str) -> StoredFile | None:
        return self.files.get(file_id.removesuffix("-thumb"))

    # ----- updates ----------------------------------------------------------------------
    def queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.log_update(kind, payload)
        self.pending.append(update)
        self.notifier.notify()
        return update

    def new_callback_query_id(self) -> str:
        return f"{self.bot_id}{next(self._query_ids):08d}"

    def confirm_updates(self, offset: int) -> None:
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]

    def offer_again(self, update: dict[str, Any]) -> None:
        """Telegram did not learn that the bot took this update: it is pending again."""
        update_id = update["update_id"]
        if all(u["update_id"] != update_id for u in self.pending):
            self.pending.append(update)
            self.pending.sort(key=lambda u: int(u["update_id"]))
        self.notifier.notify()

    def withdraw(self, update_id: int) -> None:
        self.pending = [u for u in self.pending if u["update_id"] != update_id]

    def deliverable_updates(self, limit: int) -> list[dict[str, Any]]:
        allowed = self.allowed_updates
        if allowed:
            self.pending = [u for u in self.pending if any(kind in u for kind in allowed)]
        else:
            excluded = ALL_UPDATE_TYPES_DEFAULT_EXCLUDED
            self.pending = [u for u in self.pending if not any(kind in u for kind in excluded)]
        return self.pending[:limit]

    # ----- failure injection ------------------------------------------------------------
    def take_failure(self, method: str) -> ApiError | None:
        entry = self.failures.get(method.lower())
        if not entry:
            return None
        entry[0] -= 1
        if entry[0] <= 0:
            del self.failures[method.lower()]
        return errors.too_many_requests(entry[1])

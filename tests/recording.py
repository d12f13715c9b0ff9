"""An offline aiogram session for unit tests that drive ``Dispatcher.feed_update``.

``RecordingSession`` records every Bot API method the code under test calls and answers it
with a plausible result (built from the request), or with a queued result / error.
"""

from __future__ import annotations

import itertools
import re
import time
from collections import defaultdict, deque
from collections.abc import AsyncGenerator
from typing import Any, TypeVar, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, Update

from bot.infra.patches.response_types import pinned_response_type

TEST_TOKEN = "123456:TEST-token"
BOT_USERNAME = "mentor_test_bot"

M = TypeVar("M", bound=TelegramMethod[Any])

_BOT_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,64})?(?![^\s.,;:!?)])")
_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_query_ids = itertools.count(1)


class _QueuedError:
    def __init__(
        self,
        error: TelegramAPIError | type[TelegramAPIError],
        message: str,
        kwargs: dict[str, Any],
    ) -> None:
        self.error = error
        self.message = message
        self.kwargs = kwargs

    def build(self, method: TelegramMethod[Any]) -> TelegramAPIError:
        if isinstance(self.error, TelegramAPIError):
            return self.error
        return self.error(method=method, message=self.message, **self.kwargs)


class RecordingSession(BaseSession):
    """Records requests (``requests``) and answers without any network."""

    def __init__(self, bot_username: str = BOT_USERNAME) -> None:
        super().__init__()
        self.bot_username = bot_username
        self.requests: list[TelegramMethod[Any]] = []
        self.closed = False
        self._queued: defaultdict[type[Any], deque[Any]] = defaultdict(deque)
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)

    # ----- configuring responses ----------------------------------------------------------
    def queue_result(self, method_type: type[TelegramMethod[Any]], result: Any) -> None:
        """The next call of ``method_type`` returns ``result`` (a model, or raw JSON-like data
        validated into the method's return type)."""
        self._queued[method_type].append(("result", result))

    def queue_error(
        self,
        method_type: type[TelegramMethod[Any]],
        error: TelegramAPIError | type[TelegramAPIError],
        message: str = "Bad Request: error queued by the test",
        **kwargs: Any,
    ) -> None:
        """The next call of ``method_type`` raises ``error``. An exception class is instantiated
        with the actual method, ``message`` and ``kwargs`` (e.g. ``retry_after=5``)."""
        self._queued[method_type].append(("error", _QueuedError(error, message, kwargs)))

    # ----- inspecting requests ------------------------------------------------------------
    def requests_of(self, method_type: type[M]) -> list[M]:
        return [request for request in self.requests if isinstance(request, method_type)]

    def last(self, method_type: type[M]) -> M:
        found = self.requests_of(method_type)
        if not found:
            names = [type(request).__name__ for request in self.requests]
            msg = f"no {method_type.__name__} was called; calls: {names}"
            raise AssertionError(msg)
        return found[-1]

    @property
    def sent_texts(self) -> list[str]:
        """Texts of every sendMessage / editMessageText, in call order."""
        texts: list[str] = []
        for request in self.requests:
            if request.__api_method__ in {"sendMessage", "editMessageText"}:
                texts.append(str(getattr(request, "text", "")))
        return texts

    # ----- BaseSession ------------------------------------------------------------------
    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,
    ) -> TelegramType:
        self.requests.append(method)
        queue = self._queued.get(type(method))
        raw: Any
        if queue:
            kind, value = queue.popleft()
            if kind == "error":
                raise cast(_QueuedError, value).build(method)
            if not isinstance(value, (dict, list)):
                return cast(TelegramType, value)
            raw = value
        else:
            raw = self._default_result(bot, method)
        # kept alive, as the bot's PinResponseTypes does: see bot/infra/patches/response_types.py
        response_type = pinned_response_type(method.__returning__)
        response = response_type.model_validate({"ok": True, "result": raw}, context={"bot": bot})
        return cast(TelegramType, response.result)

    async def close(self) -> None:
        self.closed = True

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    # ----- default results --------------------------------------------------------------
    def _fields(
        self, bot: Bot, method: TelegramMethod[Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        files: dict[str, InputFile] = {}
        fields = {
            key: self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            for key, value in method.model_dump(warnings=False).items()
        }
        return {key: value for key, value in fields.items() if value is not None}, files

    def _bot_user(self, bot: Bot) -> dict[str, Any]:
        return {"id": bot.id, "is_bot": True, "first_name": "Mentor", "username": self.bot_username}

    def _message(self, bot: Bot, fields: dict[str, Any], message_id: int) -> dict[str, Any]:
        chat_id = fields.get("chat_id", 0)
        chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": "Test"}
        if isinstance(chat_id, int) and chat_id < 0:
            chat = {"id": chat_id, "type": "supergroup", "title": "Test group"}
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(bot),
        }
        markup = fields.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _file(self, files: dict[str, InputFile], default_name: str) -> dict[str, Any]:
        number = next(self._file_ids)
        name = next((f.filename for f in files.values() if f.filename), None) or default_name
        return {
            "file_id": f"REC-FILE-{number}",
            "file_unique_id": f"RECU{number}",
            "file_name": name,
        }

    def _default_result(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        name = method.__api_method__
        fields, files = self._fields(bot, method)
        if name == "getMe":
            return {**self._bot_user(bot), "can_join_groups": True}
        if name in {"sendMessage", "sendDocument", "sendPhoto"}:
            message = self._message(bot, fields, next(self._message_ids))
            if name == "sendMessage":
                message["text"] = fields.get("text", "")
            elif "caption" in fields:
                message["caption"] = fields["caption"]
            if name == "sendDocument":
                message["document"] = self._file(files, "document")
            elif name == "sendPhoto":
                file = self._file(files, "photo.jpg")
                del file["file_name"]
                message["photo"] = [{**file, "width": 800, "height": 600}]
            return message
        if name in {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}:
            if "inline_message_id" in fields:
                return True
            message = self._message(bot, fields, int(fields.get("message_id", 0)))
            message["edit_date"] = int(time.time())
            if "text" in fields:
                message["text"] = fields["text"]
            elif "caption" in fields:
                message["caption"] = fields["caption"]
            else:
                message["text"] = ""
            return message
        if name in {"getMyCommands", "getUpdates"}:
            return []
        if name == "getChatMenuButton":
            return {"type": "default"}
        if name == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method.__returning__ is bool:
            return True
        msg = f"RecordingSession has no default result for {name}; use queue_result()"
        raise NotImplementedError(msg)


def make_bot(session: BaseSession | None = None, token: str = TEST_TOKEN) -> Bot:
    """A Bot on a :class:`RecordingSession` (a new one unless given)."""
    return Bot(token=token, session=session if session is not None else RecordingSession())


def _user(
    user_id: int, first_name: str, language_code: str, username: str | None
) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": language_code,
    }
    if username is not None:
        user["username"] = username
    return user


def _chat(user_id: int, first_name: str) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": first_name}


def _command_entities(text: str) -> list[dict[str, Any]]:
    def utf16(value: str) -> int:
        return len(value.encode("utf-16-le")) // 2

    return [
        {"type": "bot_command", "offset": utf16(text[: m.start()]), "length": utf16(m.group(0))}
        for m in _BOT_COMMAND.finditer(text)
    ]


def make_message_update(
    user_id: int,
    text: str,
    *,
    message_id: int | None = None,
    update_id: int | None = None,
    first_name: str = "Test",
    language_code: str = "ru",
    username: str | None = None,
) -> Update:
    """A private text message from a user; ``/commands`` get ``bot_command`` entities."""
    message: dict[str, Any] = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": int(time.time()),
        "chat": _chat(user_id, first_name),
        "from": _user(user_id, first_name, language_code, username),
        "text": text,
    }
    if entities := _command_entities(text):
        message["entities"] = entities
    return Update.model_validate(
        {"update_id": update_id if update_id is not None else next(_update_ids), "message": message}
    )


def make_callback_update(
    user_id: int,
    data: str,
    *,
    message_id: int = 1,
    message_text: str = "…",
    reply_markup: dict[str, Any] | None = None,
    update_id: int | None = None,
    query_id: str | None = None,
    first_name: str = "Test",
    language_code: str = "ru",
    username: str | None = None,
    bot_id: int = 123456,
) -> Update:
    """A press of an inline button with ``data`` on bot message ``message_id``."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": _chat(user_id, first_name),
        "from": {"id": bot_id, "is_bot": True, "first_name": "Mentor", "username": BOT_USERNAME},
        "text": message_text,
    }
    if reply_markup is not None:
        message["reply_markup"] = reply_markup
    query = {
        "id": query_id if query_id is not None else f"q{next(_query_ids)}",
        "from": _user(user_id, first_name, language_code, username),
        "message": message,
        "chat_instance": str(4_000_000_000_000 + user_id),
        "data": data,
    }
    return Update.model_validate(
        {
            "update_id": update_id if update_id is not None else next(_update_ids),
            "callback_query": query,
        }
    )

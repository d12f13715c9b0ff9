"""Implementations of the Bot API methods the fake supports."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from . import errors, validation
from .errors import ApiError, bad_request
from .models import ApiCall, SentMessage, StoredFile, Upload
from .params import get_bool, get_int, get_list, get_object, get_str
from .state import BotState

Handler = Callable[[ApiCall], Awaitable[Any]]

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_LONG_POLL_CAP = 50
_CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})
_SCOPES = _CHAT_SCOPES | {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
}


def is_rate_limited(method: str) -> bool:
    return method.startswith("send") and method != "sendChatAction"


class BotApi:
    """Dispatches a recorded :class:`ApiCall` to the method implementation."""

    def __init__(self, state: BotState) -> None:
        self.state = state
        handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "getMyCommands": self.get_my_commands,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "sendMessage": self.send_message,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "sendChatAction": self.send_chat_action,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "getFile": self.get_file,
        }
        # Telegram treats method names case-insensitively.
        self._handlers = {name.lower(): (name, handler) for name, handler in handlers.items()}

    def canonical_name(self, method: str) -> str | None:
        entry = self._handlers.get(method.lower())
        return None if entry is None else entry[0]

    async def call(self, call: ApiCall) -> Any:
        entry = self._handlers.get(call.method.lower())
        if entry is None:
            raise errors.METHOD_NOT_FOUND
        return await entry[1](call)

    # ----- bot & updates ----------------------------------------------------------------
    async def get_me(self, call: ApiCall) -> Any:
        return {
            **self.state.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, call: ApiCall) -> Any:
        state = self.state
        if state.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        params = call.params
        offset = get_int(params, "offset")
        limit = min(max(get_int(params, "limit") or 100, 1), 100)
        timeout = min(max(get_int(params, "timeout") or 0, 0), _LONG_POLL_CAP)
        allowed = get_list(params, "allowed_updates")
        if allowed is not None:
            state.allowed_updates = [str(kind) for kind in allowed] or None
        if offset:
            state.confirm_updates(offset)
        state.poll_generation += 1
        generation = state.poll_generation

        def unconfirmed() -> list[dict[str, Any]]:
            # an update offered again while this poll waits is older than its offset: Telegram
            # never returns what the offset confirmed, only a later poll without it gets it
            updates = state.deliverable_updates(limit)
            return [u for u in updates if u["update_id"] >= offset] if offset else updates

        if timeout > 0:

            def ready() -> bool | None:
                done = state.closing or state.poll_generation != generation
                return True if done or unconfirmed() else None

            await state.notifier.wait_until(ready, timeout)
        if state.poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return [] if state.closing else unconfirmed()

    async def set_webhook(self, call: ApiCall) -> Any:
        url = get_str(call.params, "url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.state.webhook_url = url
        self.state.webhook_secret = get_str(call.params, "secret_token") or ""
        if get_bool(call.params, "drop_pending_updates"):
            self.state.pending.clear()
        return True

    async def delete_webhook(self, call: ApiCall) -> Any:
        self.state.webhook_url = ""
        self.state.webhook_secret = ""
        if get_bool(call.params, "drop_pending_updates"):
            self.state.pending.clear()
        return True

    async def get_webhook_info(self, call: ApiCall) -> Any:
        return {
            "url": self.state.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.pending),
        }

    # ----- commands & menu --------------------------------------------------------------
    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = get_object(params, "scope") or {"type": "default"}
        kind = scope.get("type")
        if kind not in _SCOPES:
            raise bad_request("can't parse BotCommandScope: unsupported type")
        if kind in _CHAT_SCOPES:
            chat_id = scope.get("chat_id")
            if not isinstance(chat_id, int) or isinstance(chat_id, bool):
                raise bad_request("can't parse BotCommandScope: chat_id is required")
            if chat_id not in self.state.users and chat_id not in self.state.groups:
                raise bad_request(errors.CHAT_NOT_FOUND)
            if kind == "chat_member" and not isinstance(scope.get("user_id"), int):
                raise bad_request("can't parse BotCommandScope: user_id is required")
        return json.dumps(scope, sort_keys=True), self._language(params)

    async def set_my_commands(self, call: ApiCall) -> Any:
        commands = get_list(call.params, "commands")
        if commands is None:
            raise bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise bad_request("too many commands")
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand")
            if not _COMMAND_NAME.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description is empty or too long")
        scope_key, language = self._commands_key(call.params)
        stored = [dict(command) for command in commands]
        self.state.commands_by_scope[(scope_key, language)] = stored
        if json.loads(scope_key)["type"] == "default":
            self.state.commands[language] = stored
        return True

    async def delete_my_commands(self, call: ApiCall) -> Any:
        scope_key, language = self._commands_key(call.params)
        self.state.commands_by_scope.pop((scope_key, language), None)
        if json.loads(scope_key)["type"] == "default":
            self.state.commands.pop(language, None)
        return True

    async def get_my_commands(self, call: ApiCall) -> Any:
        return self.state.commands_by_scope.get(self._commands_key(call.params), [])

    def _language(self, params: dict[str, Any]) -> str:
        language = get_str(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return language

    async def set_my_description(self, call: ApiCall) -> Any:
        text = get_str(call.params, "description") or ""
        if len(text) > 512:
            raise bad_request("description is too long")
        language = self._language(call.params)
        if text:
            self.state.descriptions[language] = text
        else:  # an empty description removes the one for that language
            self.state.descriptions.pop(language, None)
        return True

    async def get_my_description(self, call: ApiCall) -> Any:
        # the description stored for exactly that language: "" when it has none of its own
        language = self._language(call.params)
        return {"description": self.state.descriptions.get(language, "")}

    async def set_my_short_description(self, call: ApiCall) -> Any:
        text = get_str(call.params, "short_description") or ""
        if len(text) > 120:
            raise bad_request("short description is too long")
        language = self._language(call.params)
        if text:
            self.state.short_descriptions[language] = text
        else:
            self.state.short_descriptions.pop(language, None)
        return True

    async def get_my_short_description(self, call: ApiCall) -> Any:
        language = self._language(call.params)
        return {"short_description": self.state.short_descriptions.get(language, "")}

    async def set_chat_menu_button(self, call: ApiCall) -> Any:
        chat_id = get_int(call.params, "chat_id")
        if chat_id is not None:
            self.state.target_chat(chat_id, present=True)
        button = get_object(call.params, "menu_button") or {"type": "default"}
        self.state.menu_buttons[chat_id] = button
        return True

    async def get_chat_menu_button(self, call: ApiCall) -> Any:
        chat_id = get_int(call.params, "chat_id")
        buttons = self.state.menu_buttons
        return buttons.get(chat_id) or buttons.get(None) or {"type": "default"}

    # ----- sending ----------------------------------------------------------------------
    def _chat(self, call: ApiCall) -> int:
        return self.state.target_chat(
            get_int(call.params, "chat_id"), present="chat_id" in call.params
        )

    def _accept_send(self, call: ApiCall) -> None:
        if is_rate_limited(call.method) and not self.state.rate_limiter.allow():
            raise errors.too_many_requests(1)
        if is_rate_limited(call.method):
            self.state.stats.accepted_sends += 1

    def _store(
        self,
        call: ApiCall,
        chat_id: int,
        rendered: validation.RenderedText,
        markup: dict[str, Any] | None,
        file: StoredFile | None = None,
    ) -> dict[str, Any]:
        message = SentMessage(
            message_id=self.state.next_message_id(chat_id),
            chat_id=chat_id,
            text=rendered.plain,
            reply_markup=markup,
            method=call.method,
            index=len(self.state.sent),
            date=int(time.time()),
            seq=call.index,
            raw_text=rendered.raw,
            parse_mode=rendered.parse_mode,
            entities=rendered.entities,
            file_name=file.file_name if file else None,
            file_bytes=file.content if file else None,
            file=file,
            changed_seq=call.index,
        )
        self.state.add_bot_message(message)
        return self.state.message_dict(message)

    async def send_message(self, call: ApiCall) -> Any:
        chat_id = self._chat(call)
        rendered = validation.message_text(call.params)
        markup = validation.reply_markup(call.params)
        self._accept_send(call)
        return self._store(call, chat_id, rendered, markup)

    def _input_file(self, call: ApiCall, field: str, default_name: str) -> StoredFile:
        value = call.params.get(field)
        upload: Upload | None = call.files.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"wrong file identifier/HTTP URL specified for {field}")
        if upload is not None:
            if not upload.content:
                raise bad_request("file must be non-empty")
            return self.state.store_file(
                upload.content, upload.filename or default_name, upload.content_type
            )
        if isinstance(value, str) and value:
            if value.startswith(("http://", "https://")):
                name = value.rstrip("/").rsplit("/", 1)[-1] or default_name
                return self.state.store_file(b"", name)
            known = self.state.find_file(value)
            if known is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return known
        raise bad_request(f"there is no {field} in the request")

    async def send_document(self, call: ApiCall) -> Any:
        chat_id = self._chat(call)
        rendered = validation.caption(call.params)
        markup = validation.reply_markup(call.params)
        file = self._input_file(call, "document", "document")
        self._accept_send(call)
        return self._store(call, chat_id, rendered, markup, file)

    async def send_photo(self, call: ApiCall) -> Any:
        chat_id = self._chat(call)
        rendered = validation.caption(call.params)
        markup = validation.reply_markup(call.params)
        file = self._input_file(call, "photo", "photo.jpg")
        self._accept_send(call)
        return self._store(call, chat_id, rendered, markup, file)

    async def send_chat_action(self, call: ApiCall) -> Any:
        self._chat(call)
        if get_str(call.params, "action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # ----- editing ----------------------------------------------------------------------
    def _message_to_edit(self, call: ApiCall) -> SentMessage:
        if "inline_message_id" in call.params:
            raise bad_request(errors.EDIT_NOT_FOUND)
        chat_id = self._chat(call)
        message_id = get_int(call.params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self.state.bot_message(chat_id, message_id)
        if message is None:
            if self.state.is_user_message(chat_id, message_id):
                raise bad_request("message can't be edited")
            raise bad_request(errors.EDIT_NOT_FOUND)
        return message

    @staticmethod
    def _inline_markup(message: SentMessage) -> dict[str, Any] | None:
        markup = message.reply_markup
        return markup if markup and "inline_keyboard" in markup else None

    def _apply_edit(
        self,
        call: ApiCall,
        message: SentMessage,
        rendered: validation.RenderedText | None,
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        same_text = rendered is None or (
            rendered.plain == message.text and rendered.entities == message.entities
        )
        old_markup = self._inline_markup(message)
        if same_text and markup == old_markup:
            raise bad_request(errors.NOT_MODIFIED)
        if rendered is not None and not same_text:
            message.edits.append(message.text)
            message.text = rendered.plain
            message.raw_text = rendered.raw
            message.parse_mode = rendered.parse_mode
            message.entities = rendered.entities
        if markup != old_markup:
            message.markup_edits.append(message.reply_markup)
            message.reply_markup = markup
        message.edit_date = int(time.time())
        if same_text and markup is None:
            # only the keyboard taken off an old message (the bot retires old menus so): no
            # news for the person, so waiting for a reply must not find it
            message.retired_seq = call.index
        else:
            message.changed_seq = call.index
        self.state.log_bot_message(message, "bot_edit")
        self.state.notifier.notify()
        return self.state.message_dict(message)

    def _edit_markup(self, call: ApiCall) -> dict[str, Any] | None:
        markup = validation.reply_markup(call.params)
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        return markup

    async def edit_message_text(self, call: ApiCall) -> Any:
        message = self._message_to_edit(call)
        if message.is_media:
            raise bad_request("there is no text in the message to edit")
        rendered = validation.message_text(call.params)
        return self._apply_edit(call, message, rendered, self._edit_markup(call))

    async def edit_message_caption(self, call: ApiCall) -> Any:
        message = self._message_to_edit(call)
        if not message.is_media:
            raise bad_request("there is no caption in the message to edit")
        rendered = validation.caption(call.params)
        return self._apply_edit(call, message, rendered, self._edit_markup(call))

    async def edit_message_reply_markup(self, call: ApiCall) -> Any:
        message = self._message_to_edit(call)
        return self._apply_edit(call, message, None, self._edit_markup(call))

    async def delete_message(self, call: ApiCall) -> Any:
        chat_id = get_int(call.params, "chat_id")
        message_id = get_int(call.params, "message_id")
        if chat_id is None or chat_id not in self.state.users:
            raise bad_request(errors.CHAT_NOT_FOUND)
        if message_id is None or not self.state.delete_message(chat_id, message_id):
            raise bad_request(errors.DELETE_NOT_FOUND)
        return True

    # ----- callbacks & files ------------------------------------------------------------
    async def answer_callback_query(self, call: ApiCall) -> Any:
        query_id = get_str(call.params, "callback_query_id") or ""
        state = self.state
        if query_id not in state.callback_queries or query_id in state.answered_queries:
            raise bad_request(errors.QUERY_TOO_OLD)
        if len(get_str(call.params, "text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        state.answered_queries.add(query_id)
        if text := get_str(call.params, "text"):
            state.log_toast(query_id, text)
        return True

    async def get_file(self, call: ApiCall) -> Any:
        stored = self.state.find_file(get_str(call.params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

"""The fake Telegram Bot API HTTP server and its test-facing API."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import errors
from .actions import UserActions
from .errors import ApiError
from .methods import BotApi
from .models import ApiCall, ChatEvent, SentMessage
from .params import read_params
from .state import BotState
from .webhook import WebhookRouter

logger = logging.getLogger(__name__)

_SHUTDOWN_TIMEOUT = 2.0
_MAX_BODY = 64 * 1024 * 1024


class FakeTelegram(UserActions):
    """An in-process fake of the Telegram Bot API for end-to-end tests.

    Point aiogram at it with ``TelegramAPIServer.from_base(fake.base_url)``.

    Cursors: :meth:`mark` returns the number of API calls received so far. ``after=`` of
    :meth:`wait_for_message` and :meth:`wait_for_call` takes such a cursor: only calls made
    (and messages sent or edited by calls made) at or after it count. Take the mark *before*
    acting as the user, and no reply can be missed.
    """

    def __init__(
        self, token: str = "123456:TEST-token", bot_username: str = "mentor_test_bot"
    ) -> None:
        self.state = BotState(token, bot_username)
        self.api = BotApi(self.state)
        self.token = token
        self.bot_id = self.state.bot_id
        self.bot_username = bot_username
        # Live views into the state (mutated in place, never replaced).
        self.sent: list[SentMessage] = self.state.sent
        self.requests: list[ApiCall] = self.state.requests
        self.updates: list[dict[str, Any]] = self.state.updates
        self.commands: dict[str, list[dict[str, Any]]] = self.state.commands
        self.commands_by_scope = self.state.commands_by_scope
        self.descriptions = self.state.descriptions
        self.short_descriptions = self.state.short_descriptions
        self.visible_commands = self.state.visible_commands
        self.menu_buttons = self.state.menu_buttons
        self.files = self.state.files
        self.stats = self.state.stats
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.webhook = WebhookRouter(self.state)

    # ----- lifecycle --------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self.state.closing = False
        bound_host, bound_port = runner.addresses[0][:2]
        self.base_url = f"http://{bound_host}:{bound_port}"

    def route_webhook(self, targets: list[str], *, max_connections: int = 40) -> None:
        """Deliver updates to these instances (``http://host:port``) once a webhook is set."""
        self.webhook.targets = list(targets)
        self.webhook.max_connections = max_connections
        self.webhook.start()
        self.state.notifier.notify()

    def redeliver(self, update: dict[str, Any]) -> None:
        """Offer an update again, as Telegram does when it did not learn that the bot took it.

        Long polling: a crash before the next ``getUpdates`` confirmed the offset; the
        restarted bot's first poll, which has no offset yet, gets it again (a running bot's
        poll, past it, does not). Webhook: an instance died before answering 200; the round
        robin posts it again to the next target."""
        self.state.offer_again(update)

    async def deliver_at_once(self, update: dict[str, Any], targets: list[str]) -> list[int]:
        """Webhook: post ``update`` to each of ``targets`` (``http://host:port``) at the same
        moment, whether or not it was delivered before; the HTTP statuses, in order."""
        return await self.webhook.post_at_once(update, targets)

    async def stop(self) -> None:
        await self.webhook.stop()
        if self._runner is None:
            return
        self.state.closing = True  # pending long polls return [] right away
        self.state.notifier.notify()
        await asyncio.sleep(0)
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ----- HTTP -------------------------------------------------------------------------
    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params, uploads = await read_params(request)
        except ApiError as error:
            return web.json_response(error.to_response(), status=error.error_code)
        call = ApiCall(
            index=len(self.requests),
            method=self.api.canonical_name(method) or method,
            params=params,
            time=time.time(),
            files=uploads,
        )
        self.requests.append(call)
        self.state.notifier.notify()
        try:
            if request.match_info["token"] != self.token:
                raise errors.UNAUTHORIZED
            if (failure := self.state.take_failure(call.method)) is not None:
                raise failure
            body: dict[str, Any] = {"ok": True, "result": await self.api.call(call)}
            status = 200
        except ApiError as error:
            body, status = error.to_response(), error.error_code
            if status == 429:
                self.stats.rejected_429 += 1
        except Exception as error:  # a bug in the fake: make it visible to the test
            logger.exception("fake Telegram failed on %s", call.method)
            description = f"Internal Server Error: fake failed: {error!r}"
            body = {"ok": False, "error_code": 500, "description": description}
            status = 500
        call.status, call.response = status, body
        self.state.notifier.notify()
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(errors.UNAUTHORIZED.to_response(), status=401)
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    # ----- reading what the bot did -----------------------------------------------------
    def mark(self) -> int:
        """A cursor for ``after=``: the number of API calls received so far."""
        return len(self.requests)

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [message for message in self.sent if message.chat_id == chat_id]

    def conversation(self, chat_id: int, start: int = 0) -> list[ChatEvent]:
        """The chat's events from ``chat_log[start:]`` in order: the user's messages and
        presses, the bot's messages, edits, deletions and toasts (see :meth:`log_mark`)."""
        return [e for e in self.state.chat_log[start:] if e.chat_id == chat_id]

    def log_note(self, chat_id: int, text: str) -> None:
        """Put the test's own remark (e.g. "the bot's clock moves") into the chat log."""
        self.state.chat_log.append(ChatEvent(chat_id, "note", text))

    def log_mark(self) -> int:
        """A position in the chat log, for :meth:`conversation`'s ``start``."""
        return len(self.state.chat_log)

    def calls(self, method: str) -> list[ApiCall]:
        return [call for call in self.requests if call.method.lower() == method.lower()]

    def refused(self, description: str) -> list[ApiCall]:
        """Calls answered with an error whose description contains ``description`` (e.g.
        :data:`errors.NOT_MODIFIED`: an edit that changed nothing, which the bot should not make)."""
        return [
            call
            for call in self.requests
            if call.status is not None
            and call.status != 200
            and description in str((call.response or {}).get("description", ""))
        ]

    def _describe_chat(self, chat_id: int, last: int = 5) -> str:
        lines = [
            f"  #{m.index} id={m.message_id} {m.method} text={m.text!r:.300} "
            f"buttons={m.button_texts} edits={len(m.edits)} deleted={m.deleted}"
            for m in self.messages_to(chat_id)[-last:]
        ]
        failed = [
            f"  {c.method} -> {c.status} {(c.response or {}).get('description')}"
            for c in self.requests
            if c.status not in (None, 200)
        ][-last:]
        return (
            f"last messages to chat {chat_id}:\n"
            + ("\n".join(lines) or "  (none)")
            + "\nlast failed API calls:\n"
            + ("\n".join(failed) or "  (none)")
        )

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 10.0,
        after: int | None = None,
    ) -> SentMessage:
        """Wait for a message sent to ``chat_id`` -- or an edit of one -- by a call made at or
        after the cursor ``after`` (default: now), matching ``predicate``; earliest first."""
        cursor = self.mark() if after is None else after

        def find() -> SentMessage | None:
            matches = [
                m
                for m in self.sent
                if m.chat_id == chat_id
                and not m.deleted
                and m.changed_seq >= cursor
                and (predicate is None or predicate(m))
            ]
            return min(matches, key=lambda m: m.changed_seq, default=None)

        found = await self.state.notifier.wait_until(find, timeout)
        if found is None:
            msg = f"no matching message to chat {chat_id} within {timeout}s; "
            raise AssertionError(msg + self._describe_chat(chat_id))
        return found

    async def wait_for_retired(
        self, chat_id: int, message_id: int, timeout: float = 10.0, after: int | None = None
    ) -> SentMessage:
        """Wait until the bot took the keyboard off message ``message_id`` (an edit that only
        removes buttons is no news for the person, so :meth:`wait_for_message` skips it)."""
        cursor = self.mark() if after is None else after

        def find() -> SentMessage | None:
            return next(
                (
                    m
                    for m in self.sent
                    if m.chat_id == chat_id
                    and m.message_id == message_id
                    and not m.button_texts
                    and max(m.retired_seq, m.changed_seq) >= cursor
                ),
                None,
            )

        found = await self.state.notifier.wait_until(find, timeout)
        if found is None:
            msg = f"message {message_id} in chat {chat_id} kept its keyboard for {timeout}s; "
            raise AssertionError(msg + self._describe_chat(chat_id))
        return found

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 10.0,
        after: int | None = None,
    ) -> ApiCall:
        """Wait for an API call of ``method`` (case-insensitive) received at or after ``after``
        (default: now). Returned as soon as it arrives; ``status`` is set once answered."""
        cursor = self.mark() if after is None else after

        def find() -> ApiCall | None:
            return next(
                (
                    call
                    for call in self.requests[cursor:]
                    if call.method.lower() == method.lower()
                    and (predicate is None or predicate(call))
                ),
                None,
            )

        found = await self.state.notifier.wait_until(find, timeout)
        if found is None:
            recent = [f"{c.method}->{c.status}" for c in self.requests[-10:]]
            msg = f"no {method} call within {timeout}s; last calls: {recent}"
            raise AssertionError(msg)
        return found

    async def wait_for_polling(self, timeout: float = 10.0) -> ApiCall:
        """Wait until the bot has called getUpdates at least once (it is ready for updates).

        Act as a user only after this: a bot may drop pending updates when it starts.
        """
        return await self.wait_for_call("getUpdates", timeout=timeout, after=0)

    async def wait_for_callback_answer(
        self,
        callback_query_id: str,
        timeout: float = 10.0,
    ) -> ApiCall:
        """Wait for answerCallbackQuery of that query (looks at all calls, past ones included)."""
        return await self.wait_for_call(
            "answerCallbackQuery",
            lambda call: str(call.params.get("callback_query_id")) == callback_query_id,
            timeout=timeout,
            after=0,
        )

    # ----- failure injection ------------------------------------------------------------
    def block(self, user_id: int) -> None:
        """The user blocked the bot: sends/edits to their chat get 403."""
        self.state.ensure_user(user_id)
        self.state.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.state.blocked.discard(user_id)

    def fail_next(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """The next ``count`` calls of ``method`` get 429 with ``retry_after``."""
        self.state.failures[method.lower()] = [count, retry_after]

    def set_rate_limit(self, per_second: float | None) -> None:
        """Global flood limit on send* methods (sendChatAction excluded), sliding 1 s window."""
        self.state.rate_limiter.configure(per_second)

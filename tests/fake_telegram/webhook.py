"""Webhook delivery: the fake posts updates to the bot the way Telegram does.

Telegram only posts to a public HTTPS URL; in a deployment a proxy or load balancer terminates
TLS and forwards to the instances. ``FakeTelegram.route_webhook`` plays that part: the public
URL's path is posted to each target in turn (round robin), and a target that does not answer
200 gets the update again later, on the next target, as Telegram retries. ``post_at_once``
delivers an update again on purpose, to chosen targets at the same moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .state import BotState

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY = 0.3
POST_TIMEOUT = 30.0


@dataclass
class Delivery:
    update_id: int
    target: str
    status: int  # HTTP status, or 0 when the connection failed


@dataclass
class WebhookRouter:
    state: BotState
    targets: list[str] = field(default_factory=list)
    max_connections: int = 40
    deliveries: list[Delivery] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _in_flight: set[int] = field(default_factory=set)  # update ids
    _busy_chats: set[int] = field(default_factory=set)
    _next_target: itertools.count[int] = field(default_factory=itertools.count)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="fake-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _ready(self) -> list[dict[str, Any]] | None:
        state = self.state
        if state.closing or not state.webhook_url or not self.targets:
            return None
        room = self.max_connections - len(self._in_flight)
        chosen: list[dict[str, Any]] = []
        chats = set(self._busy_chats)
        for update in state.deliverable_updates(100):
            if room <= 0:
                break
            chat = _chat_of(update)
            # one update per chat at a time keeps each person's updates in order
            if update["update_id"] in self._in_flight or chat in chats:
                continue
            chats.add(chat)
            chosen.append(update)
            room -= 1
        return chosen or None

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=POST_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            tasks: set[asyncio.Task[None]] = set()
            while True:
                batch = await self.state.notifier.wait_until(self._ready, 1.0)
                for update in batch or ():
                    self._in_flight.add(update["update_id"])
                    self._busy_chats.add(_chat_of(update))
                    task = asyncio.create_task(self._post(http, update))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)

    async def post_at_once(self, update: dict[str, Any], targets: list[str]) -> list[int]:
        """Post one update to each target at the same moment; their HTTP statuses.

        What Telegram does when it retries an update whose first delivery is still being
        handled: the retry may reach another instance, or the same one again. The update
        leaves the queue first, so the round robin does not deliver it too; if no target
        answers 200 it goes back, as Telegram keeps it.
        """
        self.state.withdraw(update["update_id"])
        timeout = aiohttp.ClientTimeout(total=POST_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            statuses = await asyncio.gather(
                *(self._send(http, update, target) for target in targets)
            )
        if 200 not in statuses:
            self.state.offer_again(update)
        return list(statuses)

    async def _post(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        state = self.state
        target = self.targets[next(self._next_target) % len(self.targets)]
        status = await self._send(http, update, target)
        if status == 200:
            state.withdraw(update["update_id"])
        else:
            await asyncio.sleep(RETRY_DELAY)
        self._in_flight.discard(update["update_id"])
        self._busy_chats.discard(_chat_of(update))
        state.notifier.notify()

    async def _send(self, http: aiohttp.ClientSession, update: dict[str, Any], target: str) -> int:
        state = self.state
        url = target.rstrip("/") + (urlsplit(state.webhook_url).path or "/")
        headers = {SECRET_HEADER: state.webhook_secret} if state.webhook_secret else {}
        status = 0
        try:
            async with http.post(url, json=update, headers=headers) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            logger.info("webhook %s: %s", url, type(exc).__name__)
        self.deliveries.append(Delivery(update["update_id"], target, status))
        return status


def _chat_of(update: dict[str, Any]) -> int:
    for kind, payload in update.items():
        if kind == "update_id" or not isinstance(payload, dict):
            continue
        user = payload.get("from") or {}
        if "id" in user:
            return int(user["id"])
        chat = payload.get("chat") or {}
        if "id" in chat:
            return int(chat["id"])
    return 0

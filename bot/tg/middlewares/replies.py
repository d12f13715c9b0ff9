"""What the bot says back while it handles an update: each press answered once, and replies
that wait out Telegram's 429 instead of being lost.

``UpdateScopeMiddleware`` opens a scope for every update, outermost, so that aiogram's error
handlers (run by its own outermost middleware) are still inside it. Two request middlewares on
the Bot API session read the scope from a context variable:

- ``RecordAnswers`` notes when the update's own callback query has been answered, so the error
  handler does not answer it a second time (Telegram refuses that with "query is too old").
- ``RetryAfterWithinUpdate`` sleeps ``retry_after`` and sends again when Telegram answers 429,
  for at most the scope's budget in total (``RETRY_AFTER_BUDGET_SECONDS``). Outside an update
  it does nothing: the outbox sender (scheduler/sender.py) paces itself and pauses as a whole
  on a 429, and a retry here would only hold one of its messages back from that.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.dispatcher.middlewares.base import BaseMiddleware
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update

log = logging.getLogger(__name__)

# a retry_after of 0 (never seen from Telegram, possible from a proxy) must not spin
MIN_RETRY_DELAY = 0.5


@dataclass
class UpdateScope:
    """One update being handled: its callback query, and how long it has waited on 429s."""

    query_id: str | None
    retry_budget: float
    waited: float = 0.0
    answered: bool = False
    gave_up: bool = False  # a 429 came back once the budget was spent

    def try_wait(self, delay: float) -> bool:
        """Whether ``delay`` still fits the budget; if it does, it is counted."""
        if self.waited + delay > self.retry_budget:
            self.gave_up = True
            return False
        self.waited += delay
        return True


_scope: ContextVar[UpdateScope | None] = ContextVar("update_scope", default=None)


def current_scope() -> UpdateScope | None:
    return _scope.get()


@contextmanager
def update_scope(scope: UpdateScope) -> Iterator[UpdateScope]:
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


class UpdateScopeMiddleware(BaseMiddleware):
    """The outermost update middleware (``register_outermost``): one scope per update."""

    def __init__(self, retry_budget: float) -> None:
        self.retry_budget = retry_budget

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        query = event.callback_query if isinstance(event, Update) else None
        scope = UpdateScope(query.id if query else None, self.retry_budget)
        with update_scope(scope):
            return await handler(event, data)


def register_outermost(dp: Dispatcher, middleware: BaseMiddleware) -> None:
    """Put ``middleware`` before aiogram's own errors middleware, so error handlers run in it."""
    outer = dp.update.outer_middleware
    registered = list(outer)
    for existing in registered:
        outer.unregister(existing)
    outer.register(middleware)
    for existing in registered:
        outer.register(existing)


class RecordAnswers(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        result = await make_request(bot, method)
        scope = current_scope()
        if (
            scope is not None
            and isinstance(method, AnswerCallbackQuery)
            and method.callback_query_id == scope.query_id
        ):
            scope.answered = True
        return result


Sleep = Callable[[float], Awaitable[None]]


class RetryAfterWithinUpdate(BaseRequestMiddleware):
    def __init__(self, sleep: Sleep = asyncio.sleep) -> None:
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        scope = current_scope()
        if scope is None:
            return await make_request(bot, method)
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                # a 429 means Telegram did nothing: sending again cannot duplicate
                delay = max(float(error.retry_after), MIN_RETRY_DELAY)
                if not scope.try_wait(delay):
                    raise
                log.debug("429 on %s: sending again in %.1f s", method.__api_method__, delay)
                await self.sleep(delay)


def guard_replies(session: BaseSession) -> None:
    """The two request middlewares above, on the bot's session (innermost, after the commit)."""
    session.middleware(RetryAfterWithinUpdate())
    session.middleware(RecordAnswers())

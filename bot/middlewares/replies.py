"""What the bot says back while it handles an update: each press answered once.

``UpdateScopeMiddleware`` opens a scope for every update, outermost, so that aiogram's error
handlers (run by its own outermost middleware) are still inside it. ``RecordAnswers``, a request
middleware on the Bot API session, reads the scope from a context variable and notes when the
update's own callback query has been answered, so the error handler does not answer it a second
time (Telegram refuses that with "query is too old").
"""

from __future__ import annotations

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
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update

log = logging.getLogger(__name__)


@dataclass
class UpdateScope:
    """One update being handled, and whether its callback query was answered."""

    query_id: str | None
    answered: bool = False


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

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        query = event.callback_query if isinstance(event, Update) else None
        scope = UpdateScope(query.id if query else None)
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


def guard_replies(session: BaseSession) -> None:
    """The request middleware above, on the bot's session (innermost, after the commit)."""
    session.middleware(RecordAnswers())

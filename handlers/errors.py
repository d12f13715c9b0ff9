"""Errors: a domain refusal is answered politely; anything else is logged and apologised for.

A press is answered once: when the handler already answered it (bot/tg/middlewares/replies.py
records that), the refusal or apology goes as a message instead, because Telegram refuses a
second answer. When Telegram kept answering 429 past the update's retry budget, nothing is sent
at all: it would be refused the same way.
"""

from __future__ import annotations

import contextlib
import logging
import re

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter
from aiogram.filters import ExceptionMessageFilter, ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.app.deps import AppDeps
from bot.tg.i18n import I18n
from bot.tg.middlewares.replies import current_scope
from services.errors import DomainError
from services.people import PeopleService

log = logging.getLogger(__name__)


def _already_answered() -> bool:
    scope = current_scope()
    return scope is not None and scope.answered


async def _tell_user(event: ErrorEvent, bot: Bot, text: str) -> None:
    update = event.update
    with contextlib.suppress(TelegramAPIError):
        if update.callback_query is not None and _already_answered():
            await bot.send_message(update.callback_query.from_user.id, text)
        elif update.callback_query is not None:
            try:
                await update.callback_query.answer(text, show_alert=True)
            except TelegramAPIError:
                await bot.send_message(update.callback_query.from_user.id, text)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, text)


async def domain_error(event: ErrorEvent, bot: Bot, deps: AppDeps) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    i18n = await _user_i18n(event, deps)
    await _tell_user(event, bot, i18n(error.key, **error.params))


async def not_modified(event: ErrorEvent) -> None:
    """A repeated press asked to edit a message into what it already shows: nothing to do.

    The work before the edit was already committed (bot/tg/middlewares/commit.py); only the button's
    spinner is left to stop."""
    log.debug("message not modified in update %s", event.update.update_id)
    if event.update.callback_query is not None and not _already_answered():
        with contextlib.suppress(TelegramAPIError):
            await event.update.callback_query.answer()


async def rate_limited(event: ErrorEvent) -> None:
    """Telegram kept refusing with 429 for longer than the update may wait: give up quietly.

    One line, no traceback: this is Telegram's load, not a bug, and an apology would be refused
    too."""
    error = event.exception
    assert isinstance(error, TelegramRetryAfter)
    scope = current_scope()
    log.warning(
        "Telegram flood control: gave up on %s after waiting %.0f s (retry after %s s)",
        type(error.method).__name__,
        scope.waited if scope else 0.0,
        error.retry_after,
    )


async def unexpected_error(event: ErrorEvent, bot: Bot, deps: AppDeps) -> None:
    log.exception("unhandled error in update %s", event.update.update_id, exc_info=event.exception)
    i18n = await _user_i18n(event, deps)
    await _tell_user(event, bot, i18n("error-internal"))


async def _user_i18n(event: ErrorEvent, deps: AppDeps) -> I18n:
    """Look the person up in a fresh session: the update's own session was rolled back."""
    translator = deps.translator
    update = event.update
    source = update.message or update.callback_query
    if source is None or source.from_user is None:
        return translator.bind(deps.settings.default_locale)
    try:
        async with deps.session_factory() as session:
            user = await PeopleService(session).by_telegram_id(source.from_user.id)
    except Exception:  # the database itself may be what failed
        log.warning("could not read the user's language after an error", exc_info=True)
        return translator.bind(deps.settings.default_locale)
    return translator.for_user(user) if user else translator.bind(deps.settings.default_locale)


def build_router() -> Router:
    router = Router(name="errors")
    router.errors.register(domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(rate_limited, ExceptionTypeFilter(TelegramRetryAfter))
    router.errors.register(
        not_modified,
        ExceptionTypeFilter(TelegramBadRequest),
        ExceptionMessageFilter(re.compile(r".*message is not modified", re.DOTALL)),
    )
    router.errors.register(unexpected_error)
    return router

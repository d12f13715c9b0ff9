from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import ErrorEvent, TelegramObject, Update

from bot.infra.logging_setup import update_context

log = logging.getLogger(__name__)


def _ids(event: TelegramObject) -> tuple[int | None, int | None]:
    update = event.update if isinstance(event, ErrorEvent) else event
    if not isinstance(update, Update):
        return None, None
    sender = getattr(update.event, "from_user", None)
    return update.update_id, getattr(sender, "id", None)


class LogContextMiddleware(BaseMiddleware):
    """Binds the update id and the Telegram user id to every log line written while handling it.

    Registered first on ``dp.update`` and also on ``dp.errors``: aiogram runs error handlers
    from its own outermost middleware, after this one has left, so they need it bound again.
    """

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        update_id, user_id = _ids(event)
        with update_context(update_id=update_id, user_id=user_id):
            if isinstance(event, Update):
                # the kind of update only: its content may be personal data
                log.debug("handling %s", event.event_type)
            return await handler(event, data)

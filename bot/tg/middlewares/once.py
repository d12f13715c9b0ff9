"""Each update is handled once, however often Telegram delivers it (why it may come again:
services/processed_updates.py).

Registered right inside ``DbSessionMiddleware``, so the update id is recorded in the update's
own transaction, before any handler runs:
- a repeat finds the id and is skipped; an update whose handling failed was rolled back with
  its record, so its re-delivery is handled as new;
- it runs inside aiogram's per-user lock (event isolation, taken by the FSM middleware
  further out), so two deliveries of one person's update wait for each other and the second
  sees the first one's record; across instances the lock is Redis's, and where there is no lock
  at all (an update without a user) PostgreSQL makes the second INSERT wait for the first
  transaction.

The record commits with the update's first partial work: ``bot/tg/middlewares/commit.py`` commits
before every Bot API request. So an update that failed after telling the person something is
not handled again either. That is the trade-off chosen: never twice, rather than a half-handled
update redone on top of what the person was already told.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import Clock
from services.processed_updates import record_update

log = logging.getLogger(__name__)


class HandleOnceMiddleware(BaseMiddleware):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        # registered where the update's session is open: without one this must fail, not let
        # repeats through unnoticed
        session: AsyncSession = data["session"]
        if not await record_update(session, event.update_id, self.clock.now()):
            log.info("update %d was handled already: skipped", event.update_id)
            return None
        return await handler(event, data)

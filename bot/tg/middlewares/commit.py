"""Never hold a database transaction open across a call to Telegram.

A handler typically writes (an answer, a state) and then sends the next message. If the update's
transaction stayed open until the handler returned, it would hold SQLite's single write lock
(PostgreSQL: row locks) for a whole network round trip, and every other update would queue
behind it: measured with ``bench/bench_throughput.py``, 19 updates/s instead of hundreds.
So the update's work so far is committed right before each Bot API request. That also means
nothing is announced to the person that is not yet durable.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.infra.fsm_storage import update_session


class CommitBeforeRequest(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        session = update_session()
        if session is not None and session.in_transaction():
            await session.commit()
        return await make_request(bot, method)

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm_storage import bind_update_session


class DbSessionMiddleware(BaseMiddleware):
    """One session per update: committed when the handler returns, rolled back if it raises."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            try:
                with bind_update_session(session):
                    result = await handler(event, data)
            except BaseException:
                await session.rollback()
                raise
            await session.commit()
            return result

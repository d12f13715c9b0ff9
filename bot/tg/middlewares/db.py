"""One database session per update, in two parts around aiogram's FSM middleware.

The session is opened and bound before the FSM middleware, so that the conversation state it
reads (inside the per-user lock) comes through the update's own transaction: one read of the
conversation's row serves the whole update, instead of a separate session just for the state
(bench/bench_throughput.py). It is committed inside the lock, before the person's next update
may read it. Right inside the commit, the update's id is recorded in the same transaction, so
an update delivered again is skipped (bot/tg/middlewares/once.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.infra.fsm_storage import bind_update_session

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OpenSessionMiddleware(BaseMiddleware):
    """Before the FSM middleware (``register_before_fsm``): opens and binds the session."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            with bind_update_session(session):
                return await handler(event, data)


class DbSessionMiddleware(BaseMiddleware):
    """Inside the per-user lock: commits when the handler returns, rolls back if it raises.

    Opens the session itself where no ``OpenSessionMiddleware`` did."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session = data.get("session")
        if isinstance(session, AsyncSession):
            return await _commit_after(handler, event, data, session)
        async with self.session_factory() as session:
            data["session"] = session
            with bind_update_session(session):
                return await _commit_after(handler, event, data, session)


async def _commit_after(
    handler: Handler, event: TelegramObject, data: dict[str, Any], session: AsyncSession
) -> Any:
    try:
        result = await handler(event, data)
    except BaseException:
        await session.rollback()
        raise
    await session.commit()
    return result

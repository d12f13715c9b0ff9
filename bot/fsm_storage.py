"""aiogram FSM storage in the project's own database, so conversations survive a restart.

aiogram ships memory, Redis and Mongo storages only; the embedded deployment has none of those
servers, so this small SQLAlchemy storage keeps the state beside everything else.

Inside an update the storage writes through the update's own session (bound by the database
middleware): the conversation state and the data it points at commit together or not at all,
and SQLite never sees two writers from one update waiting on each other.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmRecord
from models.base import utcnow

# the session, and the task that handles the update: tasks started from a handler (aiogram's
# ChatActionSender, say) inherit context variables, but must not use a session concurrently
_update_session: ContextVar[tuple[AsyncSession, asyncio.Task[Any] | None] | None] = ContextVar(
    "fsm_update_session", default=None
)


@contextlib.contextmanager
def bind_update_session(session: AsyncSession) -> Iterator[None]:
    token = _update_session.set((session, asyncio.current_task()))
    try:
        yield
    finally:
        _update_session.reset(token)


def update_session() -> AsyncSession | None:
    """The session of the update being handled in this very task, if any."""
    bound = _update_session.get()
    if bound is None or bound[1] is not asyncio.current_task():
        return None
    return bound[0]


class SqlStorage(BaseStorage):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        bound = update_session()
        if bound is not None:
            yield bound
            await bound.flush()
            return
        async with self.session_factory() as session, session.begin():
            yield session

    async def _write(
        self, key: StorageKey, *, state: Any = ..., data: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        async with self._session() as session:
            record = await session.get(FsmRecord, self._key(key), with_for_update=True)
            new_state = (record.state if record else None) if state is ... else state
            new_data = dict(data) if data is not None else dict(record.data if record else {})
            if new_state is None and not new_data:
                # an empty conversation carries nothing worth keeping
                if record is not None:
                    await session.delete(record)
                return {}
            if record is None:
                record = FsmRecord(key=self._key(key), user_id=key.user_id)
                session.add(record)
            record.state = new_state
            record.data = new_data
            record.updated_at = utcnow()
            return new_data

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            return await session.scalar(
                select(FsmRecord.state).where(FsmRecord.key == self._key(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            data = await session.scalar(
                select(FsmRecord.data).where(FsmRecord.key == self._key(key))
            )
        return dict(data) if data else {}

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        merged = {**await self.get_data(key), **data}
        return await self._write(key, data=merged)

    async def close(self) -> None:
        """The engine belongs to the application, which disposes of it."""

"""aiogram FSM storage in the project's own database, so conversations survive a restart.

aiogram ships memory, Redis and Mongo storages only; the embedded deployment has none of those
servers, so this small SQLAlchemy storage keeps the state beside everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmRecord
from models.base import utcnow


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

    async def _upsert(self, key: StorageKey, **values: Any) -> None:
        async with self.session_factory() as session, session.begin():
            record = await session.get(FsmRecord, self._key(key), with_for_update=True)
            state = values.get("state", record.state if record else None)
            data = values.get("data", record.data if record else {})
            if state is None and not data:
                # an empty conversation carries nothing worth keeping
                if record is not None:
                    await session.delete(record)
                return
            if record is None:
                record = FsmRecord(key=self._key(key), user_id=key.user_id)
                session.add(record)
            record.state = state
            record.data = dict(data)
            record.updated_at = utcnow()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.session_factory() as session:
            return await session.scalar(
                select(FsmRecord.state).where(FsmRecord.key == self._key(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._upsert(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.session_factory() as session:
            data = await session.scalar(
                select(FsmRecord.data).where(FsmRecord.key == self._key(key))
            )
        return dict(data) if data else {}

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        async with self.session_factory() as session, session.begin():
            record = await session.get(FsmRecord, self._key(key), with_for_update=True)
            merged = {**(record.data if record else {}), **data}
            if record is None:
                if not merged:
                    return {}
                record = FsmRecord(key=self._key(key), user_id=key.user_id, state=None)
                session.add(record)
            record.data = merged
            record.updated_at = utcnow()
        return dict(merged)

    async def forget_user(self, user_id: int) -> None:
        async with self.session_factory() as session, session.begin():
            await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))

    async def close(self) -> None:
        """The engine belongs to the application, which disposes of it."""

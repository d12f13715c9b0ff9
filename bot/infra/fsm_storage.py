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
import copy
from collections.abc import AsyncIterator, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import SessionTransaction

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


_RECORDS = "fsm_records"  # session.info key


@dataclass
class _ReadRows:
    """The conversation rows one transaction has read: key → row (None: there is none)."""

    transaction: SessionTransaction | None
    rows: dict[str, FsmRecord | None] = field(default_factory=dict)


def _read_rows(session: AsyncSession) -> _ReadRows | None:
    cached: _ReadRows | None = session.info.get(_RECORDS)
    transaction = session.sync_session.get_transaction()
    if cached is None or transaction is None or cached.transaction is not transaction:
        return None
    return cached


def _remember(session: AsyncSession, key: str, record: FsmRecord | None) -> None:
    cached = _read_rows(session)
    if cached is None:
        cached = session.info[_RECORDS] = _ReadRows(session.sync_session.get_transaction())
    cached.rows[key] = record


def _deleted(session: AsyncSession, record: FsmRecord) -> bool:
    state = inspect(record)
    return state.deleted or state.was_deleted or state.detached or record in session.deleted


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
            # the update's writes flush with its next query or its commit, together
            yield bound
            return
        async with self.session_factory() as session, session.begin():
            yield session

    @staticmethod
    async def _record(session: AsyncSession, key: str) -> FsmRecord | None:
        """The conversation's row, read (and locked, on PostgreSQL) once per transaction.

        A questionnaire step reads the data, sets the state and updates the data: reading the
        row once instead of every time saved four of the update's fourteen statements
        (bench/bench_throughput.py). After a commit the next access reads it again.
        """
        cached = _read_rows(session)
        if cached is not None and key in cached.rows:
            record = cached.rows[key]
            if record is not None and _deleted(session, record):
                # someone else in this update deleted it (a withdrawal erases every
                # conversation of the person): deleting it again would find no row
                cached.rows[key] = None
                return None
            return record
        record = await session.get(FsmRecord, key, with_for_update=True, populate_existing=True)
        _remember(session, key, record)
        return record

    async def _write(
        self, key: StorageKey, *, state: Any = ..., data: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        record_key = self._key(key)
        async with self._session() as session:
            record = await self._record(session, record_key)
            new_state = (record.state if record else None) if state is ... else state
            # copies in and out, as aiogram's MemoryStorage does: the row is kept for the whole
            # transaction, and a handler that changes a nested value of what it read must not
            # change the row behind the storage's back (it would then look unchanged)
            new_data = (
                copy.deepcopy(dict(data))
                if data is not None
                else copy.deepcopy(dict(record.data if record else {}))
            )
            if new_state is None and not new_data:
                # an empty conversation carries nothing worth keeping
                if record is not None:
                    await session.delete(record)
                    _remember(session, record_key, None)
                return {}
            if record is None:
                # every column set, even to None: if this update deleted the row a moment ago,
                # SQLAlchemy turns delete + insert into one UPDATE of the columns set here
                record = FsmRecord(
                    key=record_key, user_id=key.user_id, state=new_state, data=new_data
                )
                session.add(record)
                _remember(session, record_key, record)
            else:
                if record.state != new_state:
                    record.state = new_state
                if record.data != new_data:
                    record.data = new_data
            record.updated_at = utcnow()
            return new_data

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._write(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            if session is update_session():
                record = await self._record(session, self._key(key))
                return record.state if record else None
            return await session.scalar(
                select(FsmRecord.state).where(FsmRecord.key == self._key(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            if session is update_session():
                record = await self._record(session, self._key(key))
                data = record.data if record else None
            else:
                data = await session.scalar(
                    select(FsmRecord.data).where(FsmRecord.key == self._key(key))
                )
        return copy.deepcopy(dict(data)) if data else {}

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        merged = {**await self.get_data(key), **data}
        return await self._write(key, data=merged)

    async def close(self) -> None:
        """The engine belongs to the application, which disposes of it."""

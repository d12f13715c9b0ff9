"""The SQL FSM storage keeps aiogram's storage contract and survives a restart."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.infra.db import create_engine, create_session_factory
from bot.infra.fsm_storage import SqlStorage, bind_update_session
from models import FsmRecord


class Form(StatesGroup):
    waiting = State()


@pytest.fixture
def storage(session_factory: async_sessionmaker[AsyncSession]) -> SqlStorage:
    return SqlStorage(session_factory)


@pytest.fixture
def key() -> StorageKey:
    return StorageKey(bot_id=42, chat_id=-1, user_id=-2)


async def test_set_state(storage: SqlStorage, key: StorageKey) -> None:
    assert await storage.get_state(key) is None
    await storage.set_state(key, "state")
    assert await storage.get_state(key) == "state"
    await storage.set_state(key, Form.waiting)
    assert await storage.get_state(key) == "Form:waiting"
    await storage.set_state(key, None)
    assert await storage.get_state(key) is None


async def test_set_data(storage: SqlStorage, key: StorageKey) -> None:
    assert await storage.get_data(key) == {}
    await storage.set_data(key, {"foo": "bar"})
    assert await storage.get_data(key) == {"foo": "bar"}
    await storage.set_data(key, {})
    assert await storage.get_data(key) == {}


async def test_update_data(storage: SqlStorage, key: StorageKey) -> None:
    assert await storage.get_data(key) == {}
    assert await storage.update_data(key, {"foo": "bar"}) == {"foo": "bar"}
    assert await storage.update_data(key, {}) == {"foo": "bar"}
    assert await storage.get_data(key) == {"foo": "bar"}
    assert await storage.update_data(key, {"baz": "spam"}) == {"foo": "bar", "baz": "spam"}
    assert await storage.update_data(key, {"baz": "test"}) == {"foo": "bar", "baz": "test"}
    assert await storage.get_data(key) == {"foo": "bar", "baz": "test"}


async def test_get_value(storage: SqlStorage, key: StorageKey) -> None:
    await storage.set_data(key, {"hello": "world"})
    assert await storage.get_value(key, "hello") == "world"
    assert await storage.get_value(key, "missing") is None
    assert await storage.get_value(key, "missing", 7) == 7


async def test_state_and_data_are_independent(storage: SqlStorage, key: StorageKey) -> None:
    await storage.set_state(key, "s")
    await storage.set_data(key, {"a": 1})
    await storage.set_state(key, None)
    assert await storage.get_data(key) == {"a": 1}
    await storage.set_state(key, "s2")
    await storage.set_data(key, {})
    assert await storage.get_state(key) == "s2"


async def test_keys_do_not_mix(storage: SqlStorage) -> None:
    one = StorageKey(bot_id=1, chat_id=10, user_id=10)
    other = StorageKey(bot_id=1, chat_id=11, user_id=11)
    await storage.set_state(one, "a")
    await storage.set_data(one, {"x": 1})
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}


async def test_empty_conversation_leaves_no_row(
    storage: SqlStorage, key: StorageKey, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await storage.set_state(key, "s")
    await storage.set_data(key, {"a": 1})
    await storage.set_state(key, None)
    await storage.set_data(key, {})
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0


async def test_survives_restart(db_url: str, storage: SqlStorage, key: StorageKey) -> None:
    await storage.set_state(key, Form.waiting)
    await storage.update_data(key, {"response_id": 5})
    engine = create_engine(db_url)
    try:
        fresh = SqlStorage(create_session_factory(engine))
        assert await fresh.get_state(key) == "Form:waiting"
        assert await fresh.get_data(key) == {"response_id": 5}
    finally:
        await engine.dispose()


async def test_an_update_reads_the_conversation_once_and_again_after_a_commit(
    engine: AsyncEngine, storage: SqlStorage, key: StorageKey
) -> None:
    await storage.set_data(key, {"step": 1})
    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "fsm_records" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with storage.session_factory() as session:
            with bind_update_session(session):
                # what a questionnaire step does: state, data, a new state, more data
                assert await storage.get_state(key) is None
                assert await storage.get_data(key) == {"step": 1}
                await storage.set_state(key, Form.waiting)
                assert await storage.update_data(key, {"step": 2}) == {"step": 2}
                assert len(reads) == 1
                await session.commit()  # as before a Bot API call
                async with storage.session_factory() as other, other.begin():
                    row = await other.get(FsmRecord, storage._key(key))
                    assert row is not None
                    row.data = {"step": 3}  # someone else changed it in between
                assert await storage.get_data(key) == {"step": 3}
                assert len(reads) == 3  # the other session's, and one again after the commit
                await session.commit()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert await storage.get_state(key) == "Form:waiting"
    assert await storage.get_data(key) == {"step": 3}


async def test_an_update_that_clears_the_conversation_leaves_no_row(
    session_factory: async_sessionmaker[AsyncSession], storage: SqlStorage, key: StorageKey
) -> None:
    await storage.set_state(key, Form.waiting)
    async with session_factory() as session:
        with bind_update_session(session):
            assert await storage.get_state(key) == "Form:waiting"
            await storage.set_state(key, None)
            assert await storage.get_state(key) is None
            await storage.set_data(key, {"again": True})  # a new row in the same update
            assert await storage.get_data(key) == {"again": True}
            await session.commit()
    assert await storage.get_data(key) == {"again": True}
    assert await storage.get_state(key) is None


async def test_changing_what_was_read_does_not_change_the_conversation_behind_its_back(
    session_factory: async_sessionmaker[AsyncSession], storage: SqlStorage, key: StorageKey
) -> None:
    await storage.set_data(key, {"draft": {"roles": ["mentor"]}})
    async with session_factory() as session:
        with bind_update_session(session):
            draft = (await storage.get_data(key))["draft"]
            draft["roles"].append("mentee")  # a handler edits the draft it read…
            assert (await storage.get_data(key))["draft"] == {"roles": ["mentor"]}
            await storage.update_data(key, {"draft": draft})  # …and stores it: a real change
            draft["roles"].clear()  # changing it after storing it changes nothing
            await session.commit()
    assert await storage.get_data(key) == {"draft": {"roles": ["mentor", "mentee"]}}

"""SQLite through aiosqlite on the event loop (bot/infra/patches/sqlite_loop.py), and aiosqlite's own thread
when asked for: same results, errors and transactions."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.infra.db import create_engine
from bot.infra.patches.sqlite_loop import EventLoopConnection


async def _driver(engine: AsyncEngine) -> object:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        return raw.driver_connection


@pytest.fixture(params=[False, True], ids=["event-loop", "worker-thread"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}", sqlite_worker_thread=request.param
    )
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_the_bot_runs_sqlite_on_the_event_loop_unless_told_otherwise(
    tmp_path: Path,
) -> None:
    threads = threading.active_count()
    inline = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.sqlite3'}")
    assert isinstance(await _driver(inline), EventLoopConnection)
    assert threading.active_count() == threads  # no worker thread was started
    threaded = create_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'b.sqlite3'}", sqlite_worker_thread=True
    )
    assert not isinstance(await _driver(threaded), EventLoopConnection)
    assert threading.active_count() == threads + 1
    await inline.dispose()
    await threaded.dispose()


async def test_writes_reads_and_rollbacks(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('kept')"))
    async with engine.connect() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('dropped')"))
        await connection.rollback()
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [("kept",)]
        many = await connection.execute(text("SELECT value FROM json_each('[1,2,3]')"))
        assert list(many.scalars()) == [1, 2, 3]


async def test_errors_reach_the_caller_and_the_connection_stays_usable(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        with pytest.raises(OperationalError):
            await connection.execute(text("SELECT * FROM no_such_table"))
        await connection.rollback()
        await connection.execute(text("INSERT INTO t (v) VALUES ('x')"))
        with pytest.raises(IntegrityError):
            await connection.execute(text("INSERT INTO t (v) VALUES ('x')"))
        await connection.rollback()
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 0


async def test_autocommit_isolation(engine: AsyncEngine) -> None:
    # SQLAlchemy sets the driver's isolation level through aiosqlite's call queue
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('auto')"))
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT v FROM t")) == "auto"

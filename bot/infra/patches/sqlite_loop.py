"""aiosqlite with its calls run on the event loop thread instead of a worker thread.

aiosqlite hands every call (create a cursor, execute, fetch, close, commit) to its own thread and
wakes the event loop with the result. SQLAlchemy makes three or four such calls per statement, and
each hand-off costs a thread switch and the GIL: measured with ``bench/bench_sqlite_driver.py``,
about 0.9 ms of CPU per statement under load, which capped the bot at ~75 transactions of 14
statements per second whatever else it did. A statement on a local SQLite file takes
microseconds, so the bot runs it where it is: the same statements then cost ~0.2 ms each.

Everything else is aiosqlite's (connection, cursors, errors, and SQLAlchemy's ``sqlite+aiosqlite``
dialect): only its call queue is replaced by one that runs the call at once, so the future an
``await`` waits for is already resolved and the event loop is not involved.

What it gives up: a statement that waits for SQLite's lock (another *process* writing the same
file) blocks the event loop for that wait, not only the connection. The bot keeps one connection
per process and commits before every Bot API call, so inside one process nothing waits; two
processes on one file are a rehearsal of scale-out, not a deployment (use PostgreSQL). Set
``SQLITE_WORKER_THREAD=true`` to get aiosqlite's thread back.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import aiosqlite


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: runs each call when it is put."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class EventLoopConnection(aiosqlite.Connection):
    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        # aiosqlite starts its worker thread here; this connection has none
        return self._connect().__await__()


def connect(
    database: str | Path, *, iter_chunk_size: int = 64, **kwargs: Any
) -> EventLoopConnection:
    """Same signature as ``aiosqlite.connect``; SQLAlchemy calls it through ``async_creator_fn``."""

    def connector() -> sqlite3.Connection:
        connection: sqlite3.Connection = sqlite3.connect(str(database), **kwargs)
        return connection

    return EventLoopConnection(connector, iter_chunk_size)

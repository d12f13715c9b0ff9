"""Telegram update ids already handled, so that a re-delivered update is handled once.

Telegram delivers an update again whenever it did not learn that the bot took it: a webhook
instance that died after its commit but before answering 200, a long-polling offset that was
not confirmed before a crash. Without a record, the repeat is handled as new: a typed name was
saved as the name and then again as the answer to the next question.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.outbox import ProcessedUpdate

# rows deleted per transaction: on SQLite the bot's updates share one connection with the
# housekeeping job, so a long backlog is pruned in short transactions they can slip between
PRUNE_CHUNK = 5_000


_TABLE = cast(Table, ProcessedUpdate.__table__)


def _record(insert: Callable[[Table], Any]) -> Any:
    return (
        insert(_TABLE)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(_TABLE.c.update_id)
    )


# Built once, on the table rather than the ORM class, with the values as parameters: every
# update runs it, and building the statement and the ORM's insert path cost about twice as
# much as executing it (0.45-0.75 ms of CPU against 0.2 ms on SQLite)
_RECORD = {"postgresql": _record(postgresql.insert), "sqlite": _record(sqlite.insert)}


async def record_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record the update in the caller's transaction; False when it was recorded before.

    A concurrent transaction that recorded the same id first makes this INSERT wait on
    PostgreSQL until that transaction ends: it then does nothing if the other committed, and
    inserts if it rolled back. Nothing here commits.
    """
    stmt = _RECORD[session.get_bind().dialect.name]
    result = await session.execute(stmt, {"update_id": update_id, "handled_at": now})
    return result.first() is not None


async def prune_processed_updates(
    session_factory: async_sessionmaker[AsyncSession], before: datetime
) -> int:
    """Forget update ids handled before ``before``; returns how many were removed."""
    removed = 0
    while True:
        oldest = (
            select(ProcessedUpdate.update_id)
            .where(ProcessedUpdate.handled_at < before)
            .limit(PRUNE_CHUNK)
        )
        async with session_factory() as session, session.begin():
            result = await session.execute(
                delete(ProcessedUpdate)
                .where(ProcessedUpdate.update_id.in_(oldest))
                .returning(ProcessedUpdate.update_id)
            )
            chunk = len(result.all())
        removed += chunk
        if chunk < PRUNE_CHUNK:
            return removed

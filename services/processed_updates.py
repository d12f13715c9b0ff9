"""Telegram update ids already handled, so that a re-delivered update is handled once.

Telegram delivers an update again whenever it did not learn that the bot took it: a webhook
instance that died after its commit but before answering 200, a long-polling offset that was
not confirmed before a crash. Without a record, the repeat is handled as new: a typed name was
saved as the name and then again as the answer to the next question.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.outbox import ProcessedUpdate
from services.outbox import _insert_for

# rows deleted per transaction: on SQLite the bot's updates share one connection with the
# housekeeping job, so a long backlog is pruned in short transactions they can slip between
PRUNE_CHUNK = 5_000


async def record_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record the update in the caller's transaction; False when it was recorded before.

    A concurrent transaction that recorded the same id first makes this INSERT wait on
    PostgreSQL until that transaction ends: it then does nothing if the other committed, and
    inserts if it rolled back. Nothing here commits.
    """
    stmt = (
        _insert_for(session)(ProcessedUpdate)
        .values(update_id=update_id, handled_at=now)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(ProcessedUpdate.update_id)
    )
    return (await session.execute(stmt)).first() is not None


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

"""Data minimisation: conversations of people who never consented are not kept for long.

Before consent the only trace of a person is their conversation state (a language choice, a
half-typed organization name). If they walk away, it is deleted after ``ABANDONED_AFTER``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import FsmRecord, User
from services.clock import Clock

log = logging.getLogger(__name__)

ABANDONED_AFTER = timedelta(hours=24)


async def purge_abandoned_conversations(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock
) -> int:
    cutoff = clock.now() - ABANDONED_AFTER
    registered = select(User.telegram_id)
    async with session_factory() as session, session.begin():
        result = await session.execute(
            delete(FsmRecord)
            .where(FsmRecord.updated_at < cutoff)
            .where(FsmRecord.user_id.is_(None) | FsmRecord.user_id.not_in(registered))
            .returning(FsmRecord.key)
        )
        removed = len(result.all())
    if removed:
        log.info("removed %d abandoned conversations", removed)
    return removed

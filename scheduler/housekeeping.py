"""Housekeeping: what is kept only for a while.

Data minimisation: before consent the only trace of a person is their conversation state (a
language choice, a half-typed organization name). If they walk away, it is deleted after
``ABANDONED_AFTER``.

A pupil's request for a parent's consent is kept until ``PARENT_REQUEST_DAYS`` pass; then it is
deleted and the pupil told how to start again.

Handled update ids (bot/tg/middlewares/once.py) are needed only while Telegram may still deliver
an update again; older ones are pruned.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from bot.tg.views.common import esc
from models import FsmRecord, Organization, User
from services.backup import prune, sqlite_path
from services.clock import Clock
from services.guardians.requests import GuardianRequests
from services.outbox import STRANGER_KIND, Outbox
from services.processed_updates import prune_processed_updates

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


async def forget_old_update_ids(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, keep: timedelta
) -> int:
    removed = await prune_processed_updates(session_factory, clock.now() - keep)
    if removed:
        log.info("forgot %d handled update ids", removed)
    return removed


async def expire_backups(database_url: str, keep_days: int, clock: Clock) -> int:
    """The retention promised for withdrawn people holds even when backups stop being taken
    (``backup`` prunes too): copies older than BACKUP_KEEP_DAYS go."""
    db_path = sqlite_path(database_url)
    if db_path is None:
        return 0
    # backup names carry the local time of the machine that took them
    now = clock.now().astimezone().replace(tzinfo=None)
    removed = await asyncio.to_thread(prune, db_path, keep_days, now)
    if removed:
        log.info("removed %d backups older than %d days", len(removed), keep_days)
    return len(removed)


async def expire_guardian_requests(
    session_factory: async_sessionmaker[AsyncSession], translator: Translator, clock: Clock
) -> int:
    """Requests no parent answered in time go, with everything they held about the child."""
    now = clock.now()
    async with session_factory() as session, session.begin():
        requests = GuardianRequests(session)
        expired = await requests.expired(now)
        for request in expired:
            org = await session.get(Organization, request.org_id)
            i18n = translator.bind(request.locale, pupil=True)
            await requests.decline(request)
            # the pupil has no record to address: the notice goes to their chat, naming nobody
            await Outbox(session).enqueue(
                request.child_telegram_id,
                i18n("pupil-request-expired", org=esc(org.name if org else "")),
                kind=STRANGER_KIND,
                not_before=now,
            )
    if expired:
        log.info("removed %d expired parents' consent requests", len(expired))
    return len(expired)

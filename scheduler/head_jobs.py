"""The head's periodic messages: a daily reminder of pairs waiting for approval, and a short
weekly digest. Both are keyed (services/outbox_keys.py), so a tick that runs twice, or on two
instances, queues nothing twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import quiet_hours
from bot.tg.views.common import esc
from models import Membership, Organization, OrgKind, OutboxMessage, Role
from services.heads import Approvals
from services.meetings.snapshots import org_digest
from services.meetings.timing import next_weekly, week_bounds
from services.orgs import OrgService
from services.outbox import Outbox
from services.outbox_keys import head_digest_key, head_reminder_key
from services.surveys.schedule import out_of_quiet

log = logging.getLogger(__name__)

# the submission itself told the head; the reminders start once a list has waited a day
REMIND_AFTER = timedelta(days=1)


async def tick(deps: AppDeps, now: datetime) -> None:
    try:
        await remind_heads(deps, now)
        await head_digests(deps, now)
    except Exception:  # retried on the next tick; it must not kill the scheduler's job
        log.exception("head tick failed")


async def remind_heads(deps: AppDeps, now: datetime) -> int:
    """Pairs waiting for the head's order and personalized programs waiting for approval: once
    a day, from the day after the oldest was sent, out of the quiet hours."""
    queued = 0
    async with deps.session_factory() as session, session.begin():
        approvals = Approvals(session)
        orgs = {org.id: org for org in await approvals.orgs_waiting()}
        for org in await approvals.orgs_with_programs_waiting():
            orgs.setdefault(org.id, org)
        for org in orgs.values():
            waiting = await approvals.pending(org.id)
            programs = await approvals.programs_waiting(org.id)
            sent_at = [a.submitted_at for a in waiting if a.submitted_at is not None] + programs
            if not sent_at or now - min(sent_at) < REMIND_AFTER:
                continue
            day = now.astimezone(ZoneInfo(org.timezone)).date().isoformat()
            for head in await OrgService(session).heads_of(org.id):
                i18n = deps.translator.for_user(head)
                queued += int(
                    await Outbox(session).enqueue(
                        head.telegram_id,
                        i18n(
                            "head-reminder",
                            org=esc(org.name),
                            count=len(waiting),
                            programs=len(programs),
                        ),
                        kind="notification",
                        # the day's key turns at local midnight: the message waits for morning
                        not_before=out_of_quiet(now, org.timezone, quiet_hours(deps)),
                        dedupe_key=head_reminder_key(org.id, head.id, day),
                    )
                )
    return queued


async def head_digests(deps: AppDeps, now: datetime) -> int:
    """Counts only, no names: the head reads the details in the curator's views."""
    settings = deps.settings
    queued = 0
    async with deps.session_factory() as session, session.begin():
        orgs = await session.scalars(
            select(Organization)
            .where(
                Organization.kind == OrgKind.SCHOOL,
                Organization.id.in_(
                    select(Membership.org_id).where(
                        Membership.role == Role.HEAD, Membership.user_id.is_not(None)
                    )
                ),
            )
            .order_by(Organization.id)
        )
        for org in list(orgs):
            week_start, _ = week_bounds(now, org.timezone)
            due = next_weekly(
                week_start - timedelta(seconds=1),
                org.timezone,
                settings.digest_weekday,
                settings.digest_at,
            )
            heads = await OrgService(session).heads_of(org.id)
            keys = {
                head.id: head_digest_key(org.id, head.id, _local_monday(now, org)) for head in heads
            }
            if now < due or not heads or await _all_queued(session, list(keys.values())):
                continue
            digest = await org_digest(
                session,
                org,
                now=now,
                weights=settings.matching,
                overdue_log_after=settings.log_reask_after,
            )
            totals = digest.totals
            waiting = len(await Approvals(session).pending(org.id))
            programs = len(await Approvals(session).programs_waiting(org.id))
            for head in heads:
                i18n = deps.translator.for_user(head)
                text = i18n(
                    "head-digest",
                    org=esc(org.name),
                    week=digest.week_start.strftime("%d.%m.%Y"),
                    pairs=sum(totals.pairs_by_stage.values()),
                    held=totals.held_this_week,
                    planned=totals.planned_this_week,
                    attention=totals.attention,
                    waiting=waiting,
                    programs=programs,
                )
                queued += int(
                    await Outbox(session).enqueue(
                        head.telegram_id,
                        text,
                        kind="digest",
                        not_before=now,
                        dedupe_key=head_digest_key(org.id, head.id, digest.week_start.isoformat()),
                    )
                )
    return queued


def _local_monday(now: datetime, org: Organization) -> str:
    start, _ = week_bounds(now, org.timezone)
    return start.astimezone(ZoneInfo(org.timezone)).date().isoformat()


async def _all_queued(session: AsyncSession, keys: list[str]) -> bool:
    """Every head already has this week's digest: no need to build it again each tick."""
    found = await session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.dedupe_key.in_(keys))
    )
    return (found or 0) >= len(keys)

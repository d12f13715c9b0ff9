"""Who is told about a withdrawal, queued after the person's data is gone (same transaction).

Curators learn who left, so they can update their paper records; that one message names the
person, is kind ``withdrawal``, and the sender scrubs SQLite's WAL after delivering it
(scheduler/sender.py). Partners are told their pair or group changed, without the name: they
know whom they worked with, and nothing stored may name the person any more.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.guardians import tell_guardians_ended
from bot.notify.meetings import queue_reminders
from bot.notify.notices import NOTICE_KIND, notify_curators, notify_user
from bot.tg.i18n import I18n
from bot.tg.views.common import esc
from bot.tg.views.menu import role_name
from models import Meeting, MeetingStatus, Organization, Role, User
from services.erasure import WITHDRAWAL_NOTICE_KIND, PartnerNotice, Withdrawal
from services.meetings.repository import MeetingRepository
from services.outbox import Outbox


async def queue_withdrawal_notices(
    session: AsyncSession, deps: AppDeps, withdrawal: Withdrawal, now: datetime
) -> None:
    for org_id, role in withdrawal.memberships:
        org = await session.get(Organization, org_id)
        if org is None:
            continue

        def render(i18n: I18n, org: Organization = org, role: Role = role) -> str:
            return i18n(
                "curator-member-left",
                name=esc(withdrawal.full_name or i18n("name-unknown")),
                role=role_name(i18n, role, org),
                org=esc(org.name),
            )

        await notify_curators(session, deps, org_id, render, now, kind=WITHDRAWAL_NOTICE_KIND)
    for notice in withdrawal.partners:
        await _tell_partner(session, deps, notice, now)
    # a pupil's parents: the pair the withdrawal ended (the child still in the program)
    await tell_guardians_ended(session, deps, now)
    await _requeue_reminders(session, deps, withdrawal.continuing_pairings, now)


async def _tell_partner(
    session: AsyncSession, deps: AppDeps, notice: PartnerNotice, now: datetime
) -> None:
    user = await session.get(User, notice.user_id)
    org = await session.get(Organization, notice.org_id)
    if user is None or org is None:
        return
    if notice.offer_key is not None:
        # only proposed: an offer they never saw needs no news; one they saw loses its buttons
        withdrawn = await Outbox(session).withdraw_keyboard(
            notice.offer_key, kind=NOTICE_KIND, now=now, reply_markup=None
        )
        if withdrawn:
            await notify_user(
                session,
                deps,
                user,
                lambda i18n: i18n("withdrawal-offer-off", org=esc(org.name)),
                now,
            )
        return
    if not notice.pair_ended:
        key = "withdrawal-group-mentee-left"
    elif notice.withdrawn_role is Role.MENTOR:
        key = "withdrawal-mentor-left"
    else:
        key = "withdrawal-mentee-left"
    await notify_user(session, deps, user, lambda i18n: i18n(key, org=esc(org.name)), now)


async def _requeue_reminders(
    session: AsyncSession, deps: AppDeps, pairing_ids: list[int], now: datetime
) -> None:
    """Reminders in a group that goes on named the person and were cancelled: queue them
    again for those who remain (keys still queued are left as they are)."""
    repo = MeetingRepository(session)
    for pairing_id in pairing_ids:
        for meeting in await repo.meetings(pairing_id):
            if meeting.status is MeetingStatus.SCHEDULED and _ahead(meeting, now):
                await queue_reminders(session, deps, await repo.context(meeting.id), now)


def _ahead(meeting: Meeting, now: datetime) -> bool:
    return meeting.scheduled_at is not None and meeting.scheduled_at > now

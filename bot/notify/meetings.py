"""What the bot tells the pair about a meeting, queued in the outbox in each person's language.

Every message carries a dedupe key built from the meeting's id and version, so a job or a
handler that runs twice queues nothing twice, and moving a meeting (a new version) cancels the
reminders of the old time before queueing the new ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import MeetingAct, MeetingCb, PairAct, PairCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views import meetings as mview
from bot.tg.views.common import esc, local_datetime
from services.meetings.repository import MeetingContext, Participant
from services.meetings.timing import QuietHours, reminder_times
from services.orgs import OrgService
from services.outbox import Outbox
from services.outbox_keys import (
    curator_alert_key,
    feedback_request_key,
    meeting_invite_key,
    meeting_prefix,
    meeting_reminder_key,
    meeting_unscheduled_key,
)


def markup_dict(markup: InlineKeyboardMarkup | None) -> dict[str, Any] | None:
    return markup.model_dump(mode="json", exclude_none=True) if markup is not None else None


def quiet_hours(deps: AppDeps) -> QuietHours:
    start, end = deps.settings.quiet
    return QuietHours(start=start, end=end)


async def queue_schedule_messages(
    session: AsyncSession, deps: AppDeps, ctx: MeetingContext, now: datetime, *, moved: bool
) -> None:
    """Invitations to the mentees and reminders to everyone, replacing older ones."""
    meeting = ctx.meeting
    assert meeting.scheduled_at is not None
    outbox = Outbox(session)
    await outbox.cancel_pending(meeting_prefix(meeting.id))
    mentor = ctx.mentor
    for person in ctx.mentees:
        i18n = deps.translator.for_user(person.user)
        text = i18n(
            "meeting-invitation-moved" if moved else "meeting-invitation",
            kind=mview.kind_name(i18n, meeting),
            mentor=esc((mentor.user.full_name if mentor else None) or i18n("name-unknown")),
            at=local_datetime(meeting.scheduled_at, ctx.org.timezone),
            place=mview.place_text(i18n, meeting),
        )
        await outbox.enqueue(
            person.user.telegram_id,
            text,
            kind="invitation",
            not_before=now,
            dedupe_key=meeting_invite_key(meeting.id, meeting.version, person.user.telegram_id),
            reply_markup=markup_dict(mview.invitation_keyboard(i18n, meeting.id)),
            about=[mentor.user.id] if mentor else [],
        )
    await queue_reminders(session, deps, ctx, now)


async def queue_reminders(
    session: AsyncSession, deps: AppDeps, ctx: MeetingContext, now: datetime
) -> None:
    """Reminders to everyone in the meeting. Keys already queued are kept as they are, so this
    also fills in the reminders a withdrawal cancelled in a group that goes on."""
    meeting = ctx.meeting
    assert meeting.scheduled_at is not None
    outbox = Outbox(session)
    times = reminder_times(
        meeting.scheduled_at, deps.settings.reminder_leads, ctx.org.timezone, quiet_hours(deps)
    )
    # after downtime only the most recent due reminder goes: each expires when the next one
    # is due, the last when the meeting begins
    expiries = [at for _, at in times[1:]] + [meeting.scheduled_at]
    for (lead, at), expires_at in zip(times, expiries, strict=True):
        if at <= now:
            continue  # a reminder whose moment has passed is not worth sending late
        for person in ctx.participants:
            await outbox.enqueue(
                person.user.telegram_id,
                reminder_text(deps, person, ctx, at),
                kind="reminder",
                not_before=at,
                expires_at=expires_at,
                reply_markup=markup_dict(reminder_keyboard(deps, person, ctx)),
                dedupe_key=meeting_reminder_key(
                    meeting.id, meeting.version, lead, person.user.telegram_id
                ),
                about=[p.user.id for p in ctx.participants if p is not person],
            )


def reminder_text(
    deps: AppDeps, person: Participant, ctx: MeetingContext, sent_at: datetime
) -> str:
    """«Завтра в 15:30» or «Сегодня в 15:30», as seen when the reminder arrives: the day before
    and the hour before read differently, whatever the leads and the quiet hours made them."""
    meeting = ctx.meeting
    assert meeting.scheduled_at is not None
    i18n = deps.translator.for_user(person.user)
    zone = ZoneInfo(ctx.org.timezone)
    local = meeting.scheduled_at.astimezone(zone)
    days = (local.date() - sent_at.astimezone(zone).date()).days
    others = [p.user.full_name or i18n("name-unknown") for p in ctx.participants if p is not person]
    return i18n(
        "meeting-reminder",
        when={0: "today", 1: "tomorrow"}.get(days, "other"),
        time=local.strftime("%H:%M"),
        kind=mview.kind_name(i18n, meeting),
        at=local_datetime(meeting.scheduled_at, ctx.org.timezone),
        with_whom=esc(", ".join(others)),
        place=mview.place_text(i18n, meeting),
    )


def reminder_keyboard(
    deps: AppDeps, person: Participant, ctx: MeetingContext
) -> InlineKeyboardMarkup:
    """The mentor may still move the meeting; a participant may still ask for another time."""
    i18n = deps.translator.for_user(person.user)
    if person.is_mentor:
        kb = InlineKeyboard()
        kb.button(
            text=i18n("btn-meeting-move", kind=mview.kind_name(i18n, ctx.meeting)),
            callback_data=MeetingCb(act=MeetingAct.SCHEDULE, id=ctx.meeting.id),
        )
        return kb.as_markup()
    return mview.invitation_keyboard(i18n, ctx.meeting.id)


async def queue_unscheduled(
    session: AsyncSession, deps: AppDeps, ctx: MeetingContext, now: datetime
) -> None:
    """The date was taken back: old reminders go, the mentees are told."""
    outbox = Outbox(session)
    await outbox.cancel_pending(meeting_prefix(ctx.meeting.id))
    for person in ctx.mentees:
        i18n = deps.translator.for_user(person.user)
        await outbox.enqueue(
            person.user.telegram_id,
            i18n("meeting-unscheduled-notice", kind=mview.kind_name(i18n, ctx.meeting)),
            kind="notification",
            not_before=now,
            dedupe_key=meeting_unscheduled_key(
                ctx.meeting.id, ctx.meeting.version, person.user.telegram_id
            ),
        )


async def queue_feedback_requests(
    session: AsyncSession, deps: AppDeps, ctx: MeetingContext, now: datetime
) -> None:
    outbox = Outbox(session)
    for person in ctx.participants:
        i18n = deps.translator.for_user(person.user)
        await outbox.enqueue(
            person.user.telegram_id,
            i18n("feedback-ask", kind=mview.kind_name(i18n, ctx.meeting)),
            kind="feedback",
            not_before=now,
            dedupe_key=feedback_request_key(ctx.meeting.id, person.user.telegram_id),
            reply_markup=markup_dict(mview.usefulness_keyboard(ctx.meeting.id)),
        )


async def queue_curator_alert(
    session: AsyncSession,
    deps: AppDeps,
    ctx: MeetingContext,
    now: datetime,
    *,
    key: str,
    dedupe: str,
    render: Callable[[I18n], dict[str, str]],
) -> None:
    """An alert about a pair to each curator of its school, with a button to open the pair."""
    outbox = Outbox(session)
    for curator in await OrgService(session).curators_to_notify(ctx.org.id):
        i18n = deps.translator.bind(curator.locale)
        kb = InlineKeyboard()
        kb.button(
            text=i18n("btn-open-pair"),
            callback_data=PairCb(act=PairAct.CARD, org=ctx.org.id, pairing=ctx.pairing.id),
        )
        await outbox.enqueue(
            curator.telegram_id,
            i18n(key, org=esc(ctx.org.name), **render(i18n)),
            kind="alert",
            not_before=now,
            dedupe_key=curator_alert_key(dedupe, curator.id),
            reply_markup=markup_dict(kb.as_markup()),
            about=[p.user.id for p in ctx.participants],
        )

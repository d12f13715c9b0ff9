"""What a pair's members may do with one of their meetings: the checks every press makes, and
the decisions behind the mentor's buttons and the participants' feedback
(handlers/meetings.py, handlers/attendance.py)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import MeetingFeedback, MeetingKindDb, MeetingStatus, ResponseStatus, User
from services.errors import DomainError
from services.meetings.repository import MeetingContext, MeetingRepository, Participant
from services.outbox_keys import meeting_log_subject
from services.questionnaire.store import QuestionnaireStore, Step

MEETING_LOG_FORM = "meeting_log"


class MeetingOutcome(StrEnum):
    """What the mentor says about a scheduled meeting once its time has come."""

    HELD = "held"  # the log's questionnaire follows
    MOVED = "moved"  # unscheduled: pick another time
    MISSED = "missed"  # unscheduled and counted as missed: pick another time


async def participant_context(
    session: AsyncSession, user: User | None, meeting_id: int
) -> tuple[MeetingContext, Participant]:
    """The meeting and the presser's place in it; anyone else is refused (every press)."""
    if user is None:
        raise DomainError("error-no-access")
    ctx = await MeetingRepository(session).context(meeting_id)
    me = ctx.role_of(user.id)
    if me is None:
        raise DomainError("error-no-access")
    return ctx, me


def require_mentor(me: Participant) -> None:
    if not me.is_mentor:
        raise DomainError("meeting-mentor-only")


async def mentor_context(
    session: AsyncSession, user: User | None, meeting_id: int
) -> tuple[MeetingContext, Participant]:
    """The meeting, for its pair's mentor only: scheduling and logging are theirs."""
    ctx, me = await participant_context(session, user, meeting_id)
    require_mentor(me)
    return ctx, me


def require_schedulable(ctx: MeetingContext) -> None:
    """A meeting is (re)scheduled while it is planned or scheduled, not once it is closed."""
    if ctx.meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.SCHEDULED):
        raise DomainError("meeting-closed")


def require_scheduled(ctx: MeetingContext) -> None:
    """Only a scheduled meeting has an outcome to log."""
    if ctx.meeting.status is not MeetingStatus.SCHEDULED:
        raise DomainError("meeting-not-scheduled")


def picked_time(value: str, timezone: str, now: datetime) -> datetime | None:
    """A time button's ``YYYYMMDDHHMM``, local to the organization, in UTC; None once it has
    passed (a calendar drawn yesterday still offers today's morning)."""
    zone = ZoneInfo(timezone)
    local = datetime.strptime(value, "%Y%m%d%H%M").replace(tzinfo=zone)
    if local <= now.astimezone(zone):
        return None
    return local.astimezone(ZoneInfo("UTC"))


async def open_meeting_log(
    store: QuestionnaireStore, ctx: MeetingContext, me: Participant, now: datetime
) -> Step:
    """«Состоялась»: the mentor's log of the meeting, resumed where it was left if begun."""
    subject = meeting_log_subject(ctx.meeting.id)
    existing = await store.for_subject(me.user.id, subject)
    if existing is not None and existing.status is not ResponseStatus.COMPLETED:
        return await store.step(existing)
    return await store.start(me.user, me.membership, MEETING_LOG_FORM, now, subject=subject)


async def record_not_held(
    session: AsyncSession, ctx: MeetingContext, outcome: MeetingOutcome
) -> None:
    """«Перенесли» or «Не состоялась»: the meeting goes back to be scheduled again."""
    await MeetingRepository(session).unschedule(ctx, missed=outcome is MeetingOutcome.MISSED)


async def feedback_context(
    session: AsyncSession, user: User | None, meeting_id: int
) -> tuple[MeetingContext, Participant, MeetingFeedback]:
    """The meeting, the presser's place in it and the feedback they were asked for (a press
    from someone never asked is stale)."""
    ctx, me = await participant_context(session, user, meeting_id)
    row = await MeetingRepository(session).feedback(ctx.meeting.id, me.membership.id)
    return ctx, me, row


def rate_usefulness(ctx: MeetingContext, row: MeetingFeedback, score: int, now: datetime) -> bool:
    """A participant's 1-5 for the meeting; True when the pair is asked next whether it fits
    (after the trial meeting)."""
    row.usefulness = score
    row.answered_at = now
    return ctx.meeting.kind is MeetingKindDb.TRIAL


def answer_fit(row: MeetingFeedback, fits: bool, now: datetime) -> bool:
    """Whether the pair fits, after the trial meeting; True when the curators are to hear
    at once that it does not."""
    row.fits = fits
    row.answered_at = now
    return not fits

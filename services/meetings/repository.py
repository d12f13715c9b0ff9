"""Programs and meetings in the database: plans, scheduling, attendance, logs, feedback, goals."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Assignment,
    AssignmentState,
    Attendance,
    Goal,
    Meeting,
    MeetingAttendee,
    MeetingFeedback,
    MeetingKindDb,
    MeetingStatus,
    Membership,
    Organization,
    Pairing,
    Program,
    User,
)
from services.errors import DomainError, NotFound
from services.meetings.plan import (
    PlanError,
    PlannedMeeting,
    PlanSettings,
    PlanShape,
    build_plan,
    check_period,
    default_end,
)
from services.meetings.shapes import PlanShapes, default_plan_shapes
from services.outbox import Outbox
from services.outbox_keys import meeting_prefix
from services.school_year.org_calendar import org_calendar_by_id


class Replan(StrEnum):
    """What :meth:`MeetingRepository.replan` did."""

    NO_PROGRAM = "no_program"  # not confirmed yet: the plan is made at confirmation
    SAME = "same"  # the new shape gives the same plan
    STARTED = "started"  # a meeting was scheduled already: the plan stays
    REBUILT = "rebuilt"


@dataclass(frozen=True)
class Participant:
    membership: Membership
    user: User
    is_mentor: bool


@dataclass(frozen=True)
class MeetingContext:
    meeting: Meeting
    pairing: Pairing
    org: Organization
    participants: list[Participant]

    @property
    def mentor(self) -> Participant | None:
        return next((p for p in self.participants if p.is_mentor), None)

    @property
    def mentees(self) -> list[Participant]:
        return [p for p in self.participants if not p.is_mentor]

    def role_of(self, user_id: int) -> Participant | None:
        return next((p for p in self.participants if p.user.id == user_id), None)


class MeetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- programs -----------------------------------------------------------------------
    async def ensure_program(
        self,
        pairing: Pairing,
        start: date,
        settings: PlanSettings,
        *,
        end: date | None = None,
        shapes: PlanShapes | None = None,
    ) -> Program:
        """Create the program and its meeting plan once, when the pair becomes active; the
        plan's shape is the one of the pair's mentoring type and form (``plans.yaml``)."""
        existing = await self.session.scalar(
            select(Program).where(Program.pairing_id == pairing.id)
        )
        if existing is not None:
            return existing
        shape = _shape_of(pairing, shapes)
        finish = end or default_end(
            start, shape, await org_calendar_by_id(self.session, pairing.org_id)
        )
        program = Program(
            pairing_id=pairing.id, org_id=pairing.org_id, start_on=start, end_on=finish
        )
        self.session.add(program)
        self._add_meetings(pairing, build_plan(start, finish, settings, shape))
        await self.session.flush()
        return program

    async def replan(
        self, pairing: Pairing, settings: PlanSettings, *, shapes: PlanShapes | None = None
    ) -> Replan:
        """After the curator changed the pair's type or form: the plan of the new shape, from
        the same start to the new shape's default end — only while no meeting of the plan has
        been scheduled yet (once the pair has started, its plan stays as it is)."""
        program = await self.session.scalar(select(Program).where(Program.pairing_id == pairing.id))
        if program is None:
            return Replan.NO_PROGRAM
        current = await self.meetings(pairing.id)
        shape = _shape_of(pairing, shapes)
        finish = default_end(
            program.start_on, shape, await org_calendar_by_id(self.session, pairing.org_id)
        )
        if program.version > 0:
            # the pair chose the period in its personalized program: kept while the new shape
            # allows it
            with contextlib.suppress(PlanError):
                check_period(program.start_on, program.end_on, shape)
                finish = program.end_on
        plan = build_plan(program.start_on, finish, settings, shape)
        if finish == program.end_on and [(m.kind.value, m.due_on) for m in current] == [
            (p.kind.value, p.due_on) for p in plan
        ]:
            return Replan.SAME
        if any(m.status is not MeetingStatus.PLANNED or m.version != 0 for m in current):
            return Replan.STARTED
        outbox = Outbox(self.session)
        for meeting in current:
            # a curator's nudge about a meeting that is no more must not go out
            await outbox.cancel_pending(meeting_prefix(meeting.id))
            await self.session.delete(meeting)
        await self.session.flush()  # the sequence numbers are unique per pair
        program.end_on = finish
        self._add_meetings(pairing, plan)
        await self.session.flush()
        return Replan.REBUILT

    def _add_meetings(self, pairing: Pairing, plan: list[PlannedMeeting]) -> None:
        for planned in plan:
            self.session.add(
                Meeting(
                    pairing_id=pairing.id,
                    org_id=pairing.org_id,
                    sequence=planned.sequence,
                    kind=MeetingKindDb(planned.kind.value),
                    due_on=planned.due_on,
                    status=MeetingStatus.PLANNED,
                    version=0,
                )
            )

    async def meetings(self, pairing_id: int) -> list[Meeting]:
        rows = await self.session.scalars(
            select(Meeting).where(Meeting.pairing_id == pairing_id).order_by(Meeting.sequence)
        )
        return list(rows)

    async def next_open(self, pairing_id: int) -> Meeting | None:
        """The first meeting of the plan not held yet: the sequence is done in order."""
        return await self.session.scalar(
            select(Meeting)
            .where(
                Meeting.pairing_id == pairing_id,
                Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.SCHEDULED)),
            )
            .order_by(Meeting.sequence)
            .limit(1)
        )

    async def cancel_open(self, pairing_ids: Iterable[int], now: datetime) -> int:
        """A pair or group that ended has no meetings ahead: those still to come are
        cancelled, with every message queued about them (invitations, reminders). A meeting
        already due stays as it was — planned and not held is what happened, and figures
        already reported must not change after the fact."""
        ids = list(pairing_ids)
        if not ids:
            return 0
        rows = await self.session.execute(
            select(Meeting, Organization.timezone)
            .join(Organization, Organization.id == Meeting.org_id)
            .where(
                Meeting.pairing_id.in_(ids),
                Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.SCHEDULED)),
            )
        )
        outbox = Outbox(self.session)
        cancelled = 0
        for meeting, timezone in rows:
            today = now.astimezone(ZoneInfo(timezone)).date()
            ahead = (
                meeting.scheduled_at > now
                if meeting.scheduled_at is not None
                else meeting.due_on >= today
            )
            if ahead:
                meeting.status = MeetingStatus.CANCELLED
                await outbox.cancel_pending(meeting_prefix(meeting.id))
                cancelled += 1
        await self.session.flush()
        return cancelled

    # ----- who takes part -----------------------------------------------------------------
    async def context(self, meeting_id: int) -> MeetingContext:
        meeting = await self.session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound
        pairing = await self.session.get(Pairing, meeting.pairing_id)
        org = await self.session.get(Organization, meeting.org_id)
        if pairing is None or org is None:
            raise NotFound
        return MeetingContext(meeting, pairing, org, await self.participants(pairing))

    async def participants(self, pairing: Pairing) -> list[Participant]:
        result: list[Participant] = []
        mentor = await self.session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.id == pairing.mentor_membership_id)
        )
        for membership, user in mentor:
            result.append(Participant(membership, user, is_mentor=True))
        mentees = await self.session.execute(
            select(Membership, User)
            .join(Assignment, Assignment.mentee_membership_id == Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(Assignment.pairing_id == pairing.id, Assignment.state == AssignmentState.ACTIVE)
            .order_by(Membership.id)
        )
        for membership, user in mentees:
            result.append(Participant(membership, user, is_mentor=False))
        return result

    async def pairings_of_user(self, user_id: int) -> list[tuple[Pairing, bool]]:
        """Active pairs and groups the person is in, with whether they mentor it."""
        mine = select(Membership.id).where(Membership.user_id == user_id)
        as_mentor = await self.session.scalars(
            select(Pairing)
            .where(
                Pairing.mentor_membership_id.in_(mine),
                Pairing.id.in_(
                    select(Assignment.pairing_id).where(Assignment.state == AssignmentState.ACTIVE)
                ),
            )
            .order_by(Pairing.id)
        )
        as_mentee = await self.session.scalars(
            select(Pairing)
            .join(Assignment, Assignment.pairing_id == Pairing.id)
            .where(
                Assignment.mentee_membership_id.in_(mine),
                Assignment.state == AssignmentState.ACTIVE,
            )
            .order_by(Pairing.id)
        )
        return [(p, True) for p in as_mentor] + [(p, False) for p in as_mentee]

    # ----- scheduling ---------------------------------------------------------------------
    async def schedule(
        self, ctx: MeetingContext, at: datetime, *, fmt: str, place: str | None
    ) -> Meeting:
        meeting = ctx.meeting
        if meeting.status is MeetingStatus.HELD or meeting.status is MeetingStatus.CANCELLED:
            raise DomainError("meeting-closed")
        first_open = await self.next_open(meeting.pairing_id)
        if first_open is not None and first_open.id != meeting.id:
            raise DomainError("meeting-out-of-order")
        if meeting.scheduled_at is not None:
            meeting.times_moved += 1
        meeting.status = MeetingStatus.SCHEDULED
        meeting.scheduled_at = at
        meeting.format = fmt
        meeting.place = place
        meeting.version += 1
        meeting.log_prompted_at = None
        meeting.log_reasked_at = None
        meeting.log_escalated_at = None
        for participant in ctx.mentees:
            await self._attendance(meeting.id, participant.membership.id, Attendance.PENDING, None)
        await self.session.flush()
        return meeting

    async def unschedule(self, ctx: MeetingContext, *, missed: bool = False) -> Meeting:
        meeting = ctx.meeting
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise DomainError("meeting-not-scheduled")
        meeting.status = MeetingStatus.PLANNED
        meeting.scheduled_at = None
        meeting.version += 1
        if missed:
            meeting.times_missed += 1
        await self.session.flush()
        return meeting

    async def _attendance(
        self, meeting_id: int, membership_id: int, response: Attendance, at: datetime | None
    ) -> MeetingAttendee:
        row = await self.session.scalar(
            select(MeetingAttendee).where(
                MeetingAttendee.meeting_id == meeting_id,
                MeetingAttendee.membership_id == membership_id,
            )
        )
        if row is None:
            row = MeetingAttendee(
                meeting_id=meeting_id, membership_id=membership_id, response=response
            )
            self.session.add(row)
        row.response = response
        row.responded_at = at
        return row

    async def respond(
        self, ctx: MeetingContext, participant: Participant, response: Attendance, now: datetime
    ) -> None:
        if ctx.meeting.status is not MeetingStatus.SCHEDULED or participant.is_mentor:
            raise DomainError("meeting-not-scheduled")
        await self._attendance(ctx.meeting.id, participant.membership.id, response, now)
        await self.session.flush()

    async def attendance(self, meeting_id: int) -> dict[int, Attendance]:
        rows = await self.session.scalars(
            select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id)
        )
        return {row.membership_id: row.response for row in rows}

    # ----- the log and feedback -----------------------------------------------------------
    async def record_log(
        self, ctx: MeetingContext, answers: dict[str, Any], now: datetime
    ) -> Meeting:
        meeting = ctx.meeting
        if meeting.status is not MeetingStatus.SCHEDULED:
            raise DomainError("meeting-not-scheduled")
        meeting.status = MeetingStatus.HELD
        meeting.held_at = meeting.scheduled_at or now
        duration = answers.get("duration")
        meeting.duration_minutes = duration if isinstance(duration, int) else None
        meeting.topics = _text(answers.get("topics"))
        meeting.notes = _text(answers.get("notes"))
        meeting.next_steps = _text(answers.get("next_steps"))
        attachment = answers.get("attachment")
        if isinstance(attachment, dict):
            meeting.file_id = str(attachment.get("file_id") or "") or None
            meeting.file_name = str(attachment.get("name") or "") or None
        for participant in ctx.participants:
            self.session.add(
                MeetingFeedback(
                    meeting_id=meeting.id, membership_id=participant.membership.id, requested_at=now
                )
            )
        await self.session.flush()
        return meeting

    async def feedback(self, meeting_id: int, membership_id: int) -> MeetingFeedback:
        row = await self.session.scalar(
            select(MeetingFeedback).where(
                MeetingFeedback.meeting_id == meeting_id,
                MeetingFeedback.membership_id == membership_id,
            )
        )
        if row is None:
            raise DomainError("error-stale-button")
        return row

    async def feedback_rows(self, meeting_id: int) -> list[MeetingFeedback]:
        return list(
            await self.session.scalars(
                select(MeetingFeedback).where(MeetingFeedback.meeting_id == meeting_id)
            )
        )

    # ----- the development plan -----------------------------------------------------------
    async def goals(self, pairing_id: int) -> list[Goal]:
        rows = await self.session.scalars(
            select(Goal).where(Goal.pairing_id == pairing_id).order_by(Goal.id)
        )
        return list(rows)

    async def add_goal(
        self,
        pairing: Pairing,
        title: str,
        *,
        difficulty: str | None,
        due_on: date | None,
        now: datetime,
    ) -> Goal:
        goal = Goal(
            pairing_id=pairing.id, title=title, difficulty=difficulty, due_on=due_on, created_at=now
        )
        self.session.add(goal)
        await self.session.flush()
        return goal

    async def toggle_goal(self, goal: Goal, membership_id: int, now: datetime) -> Goal:
        if goal.done_at is None:
            goal.done_at = now
            goal.done_by = membership_id
        else:
            goal.done_at = None
            goal.done_by = None
        await self.session.flush()
        return goal

    # ----- what jobs look for -------------------------------------------------------------
    async def due_for_log_prompt(self, now: datetime, after: timedelta) -> list[Meeting]:
        rows = await self.session.scalars(
            select(Meeting).where(
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.scheduled_at <= now - after,
                Meeting.log_prompted_at.is_(None),
            )
        )
        return list(rows)

    async def due_for_log_reask(self, now: datetime, after: timedelta) -> list[Meeting]:
        rows = await self.session.scalars(
            select(Meeting).where(
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.log_prompted_at <= now - after,
                Meeting.log_reasked_at.is_(None),
            )
        )
        return list(rows)

    async def due_for_log_escalation(self, now: datetime, after: timedelta) -> list[Meeting]:
        rows = await self.session.scalars(
            select(Meeting).where(
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.log_reasked_at <= now - after,
                Meeting.log_escalated_at.is_(None),
            )
        )
        return list(rows)


def _shape_of(pairing: Pairing, shapes: PlanShapes | None) -> PlanShape:
    return (shapes or default_plan_shapes()).for_pair(pairing.type, pairing.form)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None

"""Keeping a pair's meeting plan consistent with its program's period.

The plan is rebuilt for the new end, meeting by meeting (sequence numbers stay): a meeting still
only planned takes the new kind and deadline; one already scheduled or held keeps its status
and takes the new deadline only if its kind is unchanged; meetings past the new plan's end go if
they were only planned. A period that would drop or change the kind of a meeting the pair has
already scheduled or held is refused — the pair picks a longer one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from models import Meeting, MeetingKindDb, MeetingStatus, Pairing
from services.errors import DomainError
from services.meetings.plan import PlanSettings, PlanShape, build_plan
from services.meetings.repository import MeetingRepository
from services.outbox import Outbox
from services.outbox_keys import meeting_prefix


def _untouched(meeting: Meeting) -> bool:
    return meeting.status is MeetingStatus.PLANNED and meeting.version == 0


async def fit_plan(
    session: AsyncSession,
    pairing: Pairing,
    start: date,
    end: date,
    settings: PlanSettings,
    shape: PlanShape,
) -> int:
    """Make the pair's meetings the plan from ``start`` to ``end``; how many there are now.
    Raises :class:`~services.meetings.plan.PlanError` for a period the shape does not allow
    and ``DomainError("program-period-started")`` when held or scheduled meetings are in the
    way (nothing is changed then)."""
    plan = build_plan(start, end, settings, shape)
    current = {m.sequence: m for m in await MeetingRepository(session).meetings(pairing.id)}
    for planned in plan:
        meeting = current.get(planned.sequence)
        if meeting is not None and not _untouched(meeting) and meeting.kind.value != planned.kind:
            raise DomainError("program-period-started")
    extra = [m for seq, m in current.items() if seq > len(plan)]
    if any(not _untouched(m) for m in extra):
        raise DomainError("program-period-started")
    outbox = Outbox(session)
    for meeting in extra:
        await outbox.cancel_pending(meeting_prefix(meeting.id))
        await session.delete(meeting)
    await session.flush()
    for planned in plan:
        meeting = current.get(planned.sequence)
        if meeting is None:
            session.add(
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
        elif meeting.kind.value != planned.kind or meeting.due_on != planned.due_on:
            if _untouched(meeting):
                # a curator's nudge about the old deadline must not go out
                await outbox.cancel_pending(meeting_prefix(meeting.id))
            meeting.kind = MeetingKindDb(planned.kind.value)
            meeting.due_on = planned.due_on
    await session.flush()
    return len(plan)

"""Reading what the digest needs from the database, as plain snapshots."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Assignment,
    AssignmentState,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    Organization,
    Pairing,
    Program,
)
from services.matching import MatchWeights
from services.meetings.digest import (
    STAGE_FINISHED,
    Digest,
    DigestSettings,
    MeetingSnapshot,
    PairSnapshot,
    UnmatchedSnapshot,
    build_digest,
)
from services.meetings.plan import MeetingKind
from services.pairing.bank import Pool, load_pool
from services.pairing.service import PairingService


def _label(pool: Pool, pairing: Pairing, mentee_ids: list[int]) -> str:
    def name(membership_id: int) -> str:
        person = pool.people.get(membership_id)
        return person.name if person and person.name else "—"

    return f"{name(pairing.mentor_membership_id)} → {', '.join(name(m) for m in mentee_ids)}"


async def org_digest(
    session: AsyncSession,
    org: Organization,
    *,
    now: datetime,
    weights: MatchWeights,
    overdue_log_after: timedelta,
) -> Digest:
    pool = await load_pool(session, org, municipal=True)
    active = await session.execute(
        select(Pairing, Assignment.mentee_membership_id)
        .join(Assignment, Assignment.pairing_id == Pairing.id)
        .where(Pairing.org_id == org.id, Assignment.state == AssignmentState.ACTIVE)
        .order_by(Pairing.id, Assignment.id)
    )
    mentees: dict[int, list[int]] = defaultdict(list)
    pairings: dict[int, Pairing] = {}
    for pairing, mentee_id in active:
        pairings[pairing.id] = pairing
        mentees[pairing.id].append(mentee_id)
    programs = {
        p.pairing_id: p
        for p in await session.scalars(
            select(Program).where(Program.pairing_id.in_(list(pairings)))
        )
    }
    meetings = list(
        await session.scalars(
            select(Meeting).where(Meeting.pairing_id.in_(list(pairings))).order_by(Meeting.sequence)
        )
    )
    feedback: dict[int, list[MeetingFeedback]] = defaultdict(list)
    for row in await session.scalars(
        select(MeetingFeedback).where(MeetingFeedback.meeting_id.in_([m.id for m in meetings]))
    ):
        feedback[row.meeting_id].append(row)
    by_pair: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_pair[meeting.pairing_id].append(meeting)

    today = now.astimezone(ZoneInfo(org.timezone)).date()
    pair_snaps = []
    for pairing_id, pairing in pairings.items():
        program = programs.get(pairing_id)
        upcoming = next(
            (
                m
                for m in by_pair[pairing_id]
                if m.status in (MeetingStatus.PLANNED, MeetingStatus.SCHEDULED)
            ),
            None,
        )
        pair_snaps.append(
            PairSnapshot(
                pairing_id=pairing_id,
                org_id=org.id,
                label=_label(pool, pairing, mentees[pairing_id]),
                stage=upcoming.kind.value if upcoming else STAGE_FINISHED,
                # a program whose period is over has run its course: its meetings left
                # unheld are no longer overdue, and it is not a running pair any more
                active=program is None or program.end_on is None or program.end_on >= today,
                started_on=program.start_on if program else now.date(),
            )
        )
    meeting_snaps = []
    for meeting in meetings:
        rows = feedback.get(meeting.id, [])
        scores = [r.usefulness for r in rows if r.usefulness is not None]
        meeting_snaps.append(
            MeetingSnapshot(
                meeting_id=meeting.id,
                pairing_id=meeting.pairing_id,
                kind=MeetingKind(meeting.kind.value),
                due_on=meeting.due_on,
                scheduled_at=meeting.scheduled_at,
                status=meeting.status.value,
                log_requested_at=meeting.log_prompted_at,
                logged=meeting.status is MeetingStatus.HELD,
                feedback_expected=len(rows),
                feedback_received=sum(1 for r in rows if r.answered_at is not None),
                min_usefulness=min(scores) if scores else None,
            )
        )
    # mentees without a pair stay in every digest until they are matched
    unmatched: list[UnmatchedSnapshot] = []
    view = await PairingService(session, weights).proposal(org)
    for pair in view.proposal.pairs:
        person = view.pool.people.get(pair.mentee_id)
        unmatched.append(
            UnmatchedSnapshot(org_id=org.id, name=person.name if person else "—", reason="awaiting")
        )
    for item in view.proposal.unmatched:
        person = view.pool.people.get(item.mentee_id)
        reason = "declined" if item.mentee_id in view.pool.declined else item.reason.value
        unmatched.append(
            UnmatchedSnapshot(org_id=org.id, name=person.name if person else "—", reason=reason)
        )
    return build_digest(
        pair_snaps,
        meeting_snaps,
        unmatched,
        now=now,
        tz=org.timezone,
        settings=DigestSettings(overdue_log_after=overdue_log_after),
    )

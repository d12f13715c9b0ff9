"""Withdrawal of consent (152-FZ): the person's data is destroyed, what the school filed is kept
anonymously.

What goes: the user row, consents, the choice to show a contact to the pair, questionnaire
answers, conversation state, preferences,
survey invitations, the person's own meeting comments, the free text of meeting logs of their
pairs and of their pairs' personalized programs (goal texts, expected results, the approver's
comment; the approver's name is unlinked), goals they were set as a mentee, a parent's consent given for them or by them
(guardianships, pending parent requests), and every queued message to them or naming them.

What stays, with no person behind it: a membership the school already filed (one with a pair
the curator confirmed) becomes a tombstone (``user_id`` NULL, ``withdrawn_at`` set), so the pair,
its dates, its meeting statuses and counts, and the report figures built on them do not change
after the fact. Open pairs of the person end with the reason ``withdrawn``; a pair or group left
with nobody in it has its remaining meetings cancelled. Anonymous survey results were never
linked to the person and stay as they are.

Nothing here commits: the erasure is one transaction with whatever else the update does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Assignment,
    AssignmentState,
    AuditEvent,
    Consent,
    ContactChoice,
    FsmRecord,
    Goal,
    GuardianRequest,
    Guardianship,
    Invite,
    Meeting,
    MeetingFeedback,
    Membership,
    Order,
    Preference,
    Program,
    QuestionnaireResponse,
    Role,
    RosterEntry,
    SurveyInvitation,
    User,
)
from services.meetings.repository import MeetingRepository
from services.outbox import ErasedMessages, Outbox
from services.outbox_keys import meeting_log_subject, offer_key
from services.pairing.service import close_assignment

WITHDRAWN_REASON = "withdrawn"
# the curators' notice of a withdrawal names the person: the sender scrubs the journal after it
WITHDRAWAL_NOTICE_KIND = "withdrawal"


@dataclass(frozen=True)
class PartnerNotice:
    """Someone whose pair or group lost the person: they are told, without the name."""

    user_id: int
    org_id: int
    pairing_id: int
    withdrawn_role: Role  # the role of the person who left
    pair_ended: bool  # False: a group that goes on without them
    # set when the pair was only proposed: the partner's offer (outbox key) loses its buttons
    # and, if it reached them, they hear the proposal is off
    offer_key: str | None = None


@dataclass(frozen=True)
class Withdrawal:
    """What the bot needs to tell curators and partners after the person's data is gone."""

    full_name: str | None
    memberships: list[tuple[int, Role]]  # (org_id, role)
    partners: list[PartnerNotice] = field(default_factory=list)
    # pairs and groups that go on without the person: their reminders are queued again
    continuing_pairings: list[int] = field(default_factory=list)
    tombstones: int = 0
    outbox: ErasedMessages = field(default_factory=lambda: ErasedMessages(0, 0, 0))


class Erasure:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def withdraw(self, user: User, now: datetime) -> Withdrawal:
        session = self.session
        memberships = list(
            await session.scalars(
                select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
            )
        )
        mine = [m.id for m in memberships]
        for membership in memberships:
            session.add(
                AuditEvent(
                    org_id=membership.org_id,
                    kind="consent_withdrawn",
                    role=membership.role.value,
                    created_at=now,
                )
            )
        partners, ended_pairings, continuing = await self._end_open_pairs(mine, now)
        filed = await self._filed(mine)
        await self._erase_texts(mine, filed)
        await MeetingRepository(session).cancel_open(ended_pairings, now)

        outbox = await Outbox(session).erase_person(
            user.id, user.telegram_id, [user.full_name] if user.full_name else []
        )
        # through the session, not a bulk DELETE: the conversation storage may hold this very
        # row (read in this update) and delete it again; one object is deleted once
        for record in await session.scalars(
            select(FsmRecord).where(FsmRecord.user_id == user.telegram_id)
        ):
            await session.delete(record)
        responses = select(QuestionnaireResponse.id).where(QuestionnaireResponse.user_id == user.id)
        await session.execute(delete(Answer).where(Answer.response_id.in_(responses)))
        await session.execute(
            delete(QuestionnaireResponse).where(QuestionnaireResponse.user_id == user.id)
        )
        await session.execute(delete(Consent).where(Consent.user_id == user.id))
        # a tombstone keeps its membership row, never whether the person showed a contact
        await session.execute(delete(ContactChoice).where(ContactChoice.membership_id.in_(mine)))
        # a parent's consent for a child, or for this person as a child, goes with them
        await session.execute(
            delete(Guardianship).where(
                or_(Guardianship.guardian_user_id == user.id, Guardianship.child_user_id == user.id)
            )
        )
        await session.execute(
            delete(GuardianRequest).where(GuardianRequest.child_telegram_id == user.telegram_id)
        )
        await session.execute(
            update(Invite).where(Invite.created_by == user.id).values(created_by=None)
        )
        await session.execute(
            update(Program).where(Program.approved_by == user.id).values(approved_by=None)
        )
        # an order the head approved keeps its number and date, never who signed it
        await session.execute(
            update(Order).where(Order.approved_by == user.id).values(approved_by=None)
        )
        # the curator's roster line with their name, once they joined by its link
        used_links = [m.invite_id for m in memberships if m.invite_id is not None]
        await session.execute(
            delete(RosterEntry).where(
                or_(
                    RosterEntry.joined_membership_id.in_(mine),
                    RosterEntry.invite_id.in_(used_links),
                )
            )
        )
        # explicit deletes keep erasure complete even where a backend ignores ON DELETE CASCADE
        await session.execute(
            delete(Membership).where(Membership.user_id == user.id, Membership.id.not_in(filed))
        )
        if filed:
            await session.execute(
                update(Membership)
                .where(Membership.id.in_(filed))
                .values(user_id=None, withdrawn_at=now, load=0)
            )
        await session.execute(delete(User).where(User.id == user.id))
        await session.flush()
        session.expunge(user)
        return Withdrawal(
            full_name=user.full_name,
            memberships=[(m.org_id, m.role) for m in memberships],
            partners=partners,
            continuing_pairings=sorted(continuing - ended_pairings),
            tombstones=len(filed),
            outbox=outbox,
        )

    async def _filed(self, mine: Sequence[int]) -> list[int]:
        """Memberships in a pair the curator confirmed: the school has filed them."""
        if not mine:
            return []
        confirmed = exists().where(
            Assignment.confirmed_at.is_not(None),
            or_(
                Assignment.mentor_membership_id == Membership.id,
                Assignment.mentee_membership_id == Membership.id,
            ),
        )
        rows = await self.session.scalars(
            select(Membership.id).where(
                Membership.id.in_(mine),
                Membership.role.in_((Role.MENTOR, Role.MENTEE)),
                confirmed,
            )
        )
        return list(rows)

    async def _end_open_pairs(
        self, mine: Sequence[int], now: datetime
    ) -> tuple[list[PartnerNotice], set[int], set[int]]:
        """End the person's open assignments; who should hear of it, and which pairings are
        left with nobody (their meetings are cancelled) or go on (a group)."""
        session = self.session
        if not mine:
            return [], set(), set()
        touched = list(
            await session.scalars(
                select(Assignment).where(
                    Assignment.is_open,
                    or_(
                        Assignment.mentor_membership_id.in_(mine),
                        Assignment.mentee_membership_id.in_(mine),
                    ),
                )
            )
        )
        partners: list[PartnerNotice] = []
        pairings = {a.pairing_id for a in touched}
        for assignment in touched:
            left_as_mentor = assignment.mentor_membership_id in mine
            was_active = assignment.state is AssignmentState.ACTIVE
            # a mentor who leaves becomes a tombstone whose load is reset anyway
            await close_assignment(
                session, assignment, AssignmentState.ENDED, WITHDRAWN_REASON, now
            )
            assignment.declined_by = "mentor" if left_as_mentor else "mentee"
            other = (
                assignment.mentee_membership_id
                if left_as_mentor
                else assignment.mentor_membership_id
            )
            if other in mine:
                continue
            only_offered = not was_active and assignment.confirmed_at is None
            partner = await session.get(Membership, other)
            if partner is not None and partner.user_id is not None:
                partners.append(
                    PartnerNotice(
                        user_id=partner.user_id,
                        org_id=assignment.org_id,
                        pairing_id=assignment.pairing_id,
                        withdrawn_role=Role.MENTOR if left_as_mentor else Role.MENTEE,
                        pair_ended=True,
                        offer_key=(
                            offer_key(assignment.id, other, assignment.offered_at)
                            if only_offered
                            else None
                        ),
                    )
                )
        await session.flush()
        still_open = set(
            await session.scalars(
                select(Assignment.pairing_id).where(
                    Assignment.pairing_id.in_(pairings), Assignment.is_open
                )
            )
        )
        # a group that goes on: its mentor is told one mentee left, not that the pair ended
        partners = [
            replace(p, pair_ended=False)
            if p.pairing_id in still_open and p.withdrawn_role is Role.MENTEE
            else p
            for p in partners
        ]
        return partners, pairings - still_open, still_open

    async def _erase_texts(self, mine: Sequence[int], filed: Sequence[int]) -> None:
        """Free text the person wrote or that was written about them, in what is kept."""
        session = self.session
        if not mine:
            return
        await session.execute(
            delete(Preference).where(
                or_(
                    Preference.chooser_membership_id.in_(mine),
                    Preference.target_membership_id.in_(mine),
                )
            )
        )
        await session.execute(
            delete(SurveyInvitation).where(SurveyInvitation.membership_id.in_(mine))
        )
        await session.execute(delete(Goal).where(Goal.mentee_membership_id.in_(mine)))
        await session.execute(
            update(MeetingFeedback)
            .where(MeetingFeedback.membership_id.in_(filed))
            .values(comment=None)
        )
        # a meeting's log is about everyone in it: its words go, its date and status stay
        their_pairings = select(Assignment.pairing_id).where(
            or_(
                Assignment.mentor_membership_id.in_(filed),
                Assignment.mentee_membership_id.in_(filed),
            )
        )
        await session.execute(
            update(Meeting)
            .where(Meeting.pairing_id.in_(their_pairings))
            .values(
                place=None, topics=None, notes=None, next_steps=None, file_id=None, file_name=None
            )
        )
        # the pair's program: its goals' words and the approver's comment (the goals' rows,
        # difficulty codes and the approved period stay, like the meetings)
        await session.execute(
            update(Goal)
            .where(Goal.pairing_id.in_(their_pairings))
            .values(title="", expected_result=None)
        )
        await session.execute(
            update(Program).where(Program.pairing_id.in_(their_pairings)).values(comment=None)
        )
        # the mentor's log questionnaire holds the same words in its answers (its subject is
        # the meeting's, services/outbox_keys.py: meeting_log_subject): they go too
        meeting_ids = await session.scalars(
            select(Meeting.id).where(Meeting.pairing_id.in_(their_pairings))
        )
        subjects = [meeting_log_subject(meeting_id) for meeting_id in meeting_ids]
        if subjects:
            logs = select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.subject.in_(subjects)
            )
            await session.execute(delete(Answer).where(Answer.response_id.in_(logs)))

"""Offers, consent of both sides, the curator's confirmation, groups, early ends.

The database guards the two invariants that a race could break: one open assignment per
mentee (a partial unique index) and a mentor's load within capacity (a conditional update
under a CHECK constraint). Two curators confirming at once get one pair and a polite refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Assignment,
    AssignmentState,
    Consent,
    ConsentKind,
    Membership,
    MentoringForm,
    MentoringType,
    Organization,
    PairFixing,
    Pairing,
    Reply,
    Role,
    User,
)
from models.guardians import Guardianship
from models.person import Audience
from services import matching
from services.errors import DomainError, NotFound
from services.guardians.rules import is_minor
from services.matching import MatchWeights, PairScore, Proposal
from services.meetings.repository import MeetingRepository
from services.pairing.bank import Pool, bank_org_ids, intake_answers, load_pool, side_of
from services.pairing.forms import Side, allowed_form, enabled_forms, form_for, needs_safeguarding
from services.people import DUTIES_TEXT_VERSION

DECLINE_REASONS = ("format", "no_time", "other_person", "other")
END_REASONS = ("not_fit", "left", "completed_early", "other")


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    pool: Pool
    version: str


@dataclass(frozen=True)
class Offered:
    assignment: Assignment
    pairing: Pairing


@dataclass(frozen=True)
class Replied:
    assignment: Assignment
    agreed: bool
    declined: bool


def default_type(mentee_format: str | None, mentor_format: str | None) -> MentoringType:
    if mentee_format == "online" and mentor_format == "online":
        return MentoringType.VIRTUAL
    return MentoringType.TRADITIONAL


class PairingService:
    def __init__(self, session: AsyncSession, weights: MatchWeights) -> None:
        self.session = session
        self.weights = weights

    # ----- proposals ----------------------------------------------------------------------
    async def proposal(
        self, org: Organization, *, municipal: bool = False, skipped: frozenset[int] = frozenset()
    ) -> ProposalView:
        pool = await load_pool(self.session, org, municipal=municipal)
        own = [m for m in pool.mentees if m.org_id == org.id and m.id not in skipped]
        proposal = matching.propose(
            own,
            pool.mentors,
            self.weights,
            allow_other_orgs=municipal,
            enabled=enabled_forms(org.enabled_forms),
        )
        return ProposalView(proposal, pool, pool.fingerprint())

    async def candidates(
        self, org: Organization, mentee_id: int, *, municipal: bool = False, limit: int = 6
    ) -> tuple[Pool, list[tuple[int, PairScore]]]:
        pool = await load_pool(self.session, org, municipal=municipal)
        mentee = next((m for m in pool.mentees if m.id == mentee_id), None)
        if mentee is None:
            raise DomainError("pairing-mentee-taken")
        ranked = matching.candidates(
            mentee,
            pool.mentors,
            self.weights,
            allow_other_orgs=municipal,
            limit=limit,
            enabled=enabled_forms(org.enabled_forms),
        )
        return pool, ranked

    # ----- offers -------------------------------------------------------------------------
    async def offer(
        self,
        org: Organization,
        mentee_id: int,
        mentor_id: int,
        *,
        by_user_id: int | None,
        now: datetime,
        score: float | None = None,
        municipal: bool = False,
    ) -> Offered:
        mentee = await self.session.get(Membership, mentee_id)
        mentor = await self.session.get(Membership, mentor_id)
        if mentee is None or mentee.role is not Role.MENTEE or mentee.org_id != org.id:
            raise NotFound
        if mentor is None or mentor.role is not Role.MENTOR:
            raise NotFound
        if mentee.profile_completed_at is None or mentor.profile_completed_at is None:
            raise DomainError("pairing-profile-incomplete")
        allowed_orgs = await bank_org_ids(self.session, org, municipal=municipal)
        if mentor.org_id not in allowed_orgs:
            raise DomainError("error-no-access")
        previous = await self.session.scalar(
            select(Assignment.id).where(
                Assignment.mentee_membership_id == mentee_id,
                Assignment.mentor_membership_id == mentor_id,
                Assignment.is_open.is_(False),
            )
        )
        if previous is not None:
            raise DomainError("pairing-previous-mentor")
        pool = await load_pool(self.session, org, municipal=municipal)
        mentor_person, mentee_person = pool.people.get(mentor_id), pool.people.get(mentee_id)
        # whatever button asked (a stale proposal, a forged callback), the pair's form comes
        # from both sides' memberships and must be one the school runs
        form = allowed_form(
            await self.side(mentor), await self.side(mentee), enabled_forms(org.enabled_forms)
        )
        if form is None:
            raise DomainError("pairing-form-not-enabled")
        pairing = Pairing(
            org_id=org.id,
            mentor_membership_id=mentor_id,
            form=form,
            type=default_type(
                _fmt(mentee_person.answers if mentee_person else {}),
                _fmt(mentor_person.answers if mentor_person else {}),
            ),
            created_at=now,
        )
        self.session.add(pairing)
        await self.session.flush()
        # ON CONFLICT instead of catching IntegrityError: no savepoint is needed, so one lost
        # race does not abort the rest of the curator's batch
        insert = _insert_for(self.session)(Assignment).values(
            pairing_id=pairing.id,
            org_id=org.id,
            mentor_membership_id=mentor_id,
            mentee_membership_id=mentee_id,
            state=AssignmentState.OFFERED,
            is_open=True,
            mentor_reply=Reply.PENDING,
            mentee_reply=Reply.PENDING,
            score=score,
            offered_by=by_user_id,
            offered_at=now,
        )
        assignment_id = await self.session.scalar(
            insert.on_conflict_do_nothing(
                index_elements=[Assignment.mentee_membership_id], index_where=Assignment.is_open
            ).returning(Assignment.id)
        )
        if assignment_id is None:
            await self.session.delete(pairing)
            await self.session.flush()
            raise DomainError("pairing-mentee-taken")
        reserved = await self.session.scalar(
            update(Membership)
            .where(
                Membership.id == mentor_id,
                Membership.capacity.is_not(None),
                Membership.load < Membership.capacity,
            )
            .values(load=Membership.load + 1)
            .returning(Membership.load)
        )
        if reserved is None:
            await self.session.execute(delete(Assignment).where(Assignment.id == assignment_id))
            await self.session.delete(pairing)
            await self.session.flush()
            raise DomainError("pairing-mentor-full")
        assignment = await self.session.get(Assignment, assignment_id)
        assert assignment is not None
        await self.session.refresh(mentor)
        return Offered(assignment, pairing)

    async def side(self, membership: Membership) -> Side:
        """The side of a pair this membership is, from its record and its intake answers."""
        pool_answers = await intake_answers(self.session, [membership.id])
        return side_of(membership, pool_answers.get(membership.id, {}))

    async def get(self, assignment_id: int) -> Assignment:
        assignment = await self.session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFound
        return assignment

    async def membership_of(self, user_id: int | None, assignment: Assignment) -> int:
        """The membership through which this person is part of the offer (re-checked every
        press)."""
        if user_id is None:
            raise DomainError("error-no-access")
        mine = set(
            await self.session.scalars(
                select(Membership.id).where(
                    Membership.user_id == user_id,
                    Membership.id.in_(
                        (assignment.mentor_membership_id, assignment.mentee_membership_id)
                    ),
                )
            )
        )
        if not mine:
            raise DomainError("error-no-access")
        return min(mine)

    async def org_of(self, assignment: Assignment) -> Organization | None:
        return await self.session.get(Organization, assignment.org_id)

    async def reply(
        self,
        assignment: Assignment,
        membership_id: int,
        *,
        accept: bool,
        reason: str | None,
        now: datetime,
        locale: str = "ru",
    ) -> Replied:
        """A side answers the offer. A mentee's «yes» is also their consent to the program's
        duties (seed 002 §4.3.3): recorded like any consent, with time and text version."""
        if assignment.state is not AssignmentState.OFFERED:
            raise DomainError("pairing-offer-closed")
        if membership_id == assignment.mentor_membership_id:
            side = "mentor"
            if assignment.mentor_reply is not Reply.PENDING:
                raise DomainError("pairing-already-replied")
            assignment.mentor_reply = Reply.ACCEPTED if accept else Reply.DECLINED
        elif membership_id == assignment.mentee_membership_id:
            side = "mentee"
            if assignment.mentee_reply is not Reply.PENDING:
                raise DomainError("pairing-already-replied")
            assignment.mentee_reply = Reply.ACCEPTED if accept else Reply.DECLINED
            if accept:
                await self._record_duties_consent(membership_id, locale, now)
        else:
            raise DomainError("error-no-access")
        if not accept:
            await close_assignment(self.session, assignment, AssignmentState.DECLINED, reason, now)
            assignment.declined_by = side
            await self.session.flush()
            return Replied(assignment, agreed=False, declined=True)
        agreed = (
            assignment.mentor_reply is Reply.ACCEPTED and assignment.mentee_reply is Reply.ACCEPTED
        )
        if agreed:
            assignment.state = AssignmentState.AGREED
            assignment.agreed_at = now
        await self.session.flush()
        return Replied(assignment, agreed=agreed, declined=False)

    async def _record_duties_consent(self, membership_id: int, locale: str, now: datetime) -> None:
        membership = await self.session.get(Membership, membership_id)
        if membership is None or membership.user_id is None:
            raise DomainError("error-no-access")
        self.session.add(
            Consent(
                user_id=membership.user_id,
                org_id=membership.org_id,
                kind=ConsentKind.MENTEE_DUTIES,
                text_version=DUTIES_TEXT_VERSION,
                locale=locale,
                accepted_at=now,
            )
        )

    async def needs_check(self, pairing: Pairing, assignment: Assignment) -> bool:
        """An adult from outside the school with a minor, and the school's check not recorded."""
        if pairing.safeguarding_checked_at is not None:
            return False
        mentor = await self.session.get(Membership, assignment.mentor_membership_id)
        mentee = await self.session.get(Membership, assignment.mentee_membership_id)
        if mentor is None or mentee is None:
            return False
        return needs_safeguarding(await self.side(mentor), await self.is_minor(mentee))

    async def is_minor(self, membership: Membership) -> bool:
        """Pupils are minors unless their age band says 18+ (no band: a minor, to be safe)."""
        if membership.audience is not Audience.PUPIL:
            return False
        user = await self.session.get(User, membership.user_id) if membership.user_id else None
        return user is None or user.age_band is None or is_minor(user.age_band)

    async def record_check(self, pairing: Pairing, by_user_id: int | None, now: datetime) -> None:
        """The curator's «the school checked the mentor» (seed 002 §4.3.3), with its date."""
        if pairing.safeguarding_checked_at is None:
            pairing.safeguarding_checked_at = now
            pairing.safeguarding_checked_by = by_user_id
            await self.session.flush()

    async def confirm(self, assignment: Assignment, now: datetime) -> None:
        if assignment.state is not AssignmentState.AGREED:
            raise DomainError("pairing-not-agreed")
        org = await self.session.get(Organization, assignment.org_id)
        if org is not None and org.pair_fixing is PairFixing.HEAD_ORDER:
            # the head's order fixes pairs here (services/heads.py), not the curator's button
            raise DomainError("head-pairs-by-order")
        pairing = await self.session.get(Pairing, assignment.pairing_id)
        if pairing is not None and await self.needs_check(pairing, assignment):
            raise DomainError("pairing-safeguarding-needed")
        assignment.state = AssignmentState.ACTIVE
        assignment.confirmed_at = now
        await self.session.flush()

    async def end(self, assignment: Assignment, reason: str, now: datetime) -> None:
        if not assignment.is_open:
            raise DomainError("pairing-offer-closed")
        await close_assignment(self.session, assignment, AssignmentState.ENDED, reason, now)
        await self.session.flush()
        still_open = await self.session.scalar(
            select(func.count(Assignment.id)).where(
                Assignment.pairing_id == assignment.pairing_id, Assignment.is_open
            )
        )
        if not still_open:
            await MeetingRepository(self.session).cancel_open([assignment.pairing_id], now)

    # ----- pairs and groups ---------------------------------------------------------------
    async def pairing(self, pairing_id: int) -> tuple[Pairing, list[Assignment]]:
        pairing = await self.session.get(Pairing, pairing_id)
        if pairing is None:
            raise NotFound
        assignments = list(
            await self.session.scalars(
                select(Assignment)
                .where(Assignment.pairing_id == pairing_id)
                .order_by(Assignment.id)
            )
        )
        return pairing, assignments

    async def org_pairings(self, org_id: int) -> list[tuple[Pairing, list[Assignment]]]:
        """Pairs and groups with at least one open assignment, oldest first."""
        pairings = list(
            await self.session.scalars(
                select(Pairing)
                .where(
                    Pairing.org_id == org_id,
                    Pairing.id.in_(select(Assignment.pairing_id).where(Assignment.is_open)),
                )
                .order_by(Pairing.id)
            )
        )
        result = []
        for pairing in pairings:
            assignments = list(
                await self.session.scalars(
                    select(Assignment)
                    .where(Assignment.pairing_id == pairing.id, Assignment.is_open)
                    .order_by(Assignment.id)
                )
            )
            result.append((pairing, assignments))
        return result

    async def make_group(self, pairing: Pairing) -> Pairing:
        """Gather every open assignment of this pairing's mentor into one group."""
        open_ones = list(
            await self.session.scalars(
                select(Assignment).where(
                    Assignment.org_id == pairing.org_id,
                    Assignment.mentor_membership_id == pairing.mentor_membership_id,
                    Assignment.is_open,
                )
            )
        )
        if len(open_ones) < 2:
            raise DomainError("pairing-group-needs-two")
        for assignment in open_ones:
            assignment.pairing_id = pairing.id
        pairing.type = MentoringType.GROUP
        await self.session.flush()
        return pairing

    async def set_form(self, pairing: Pairing, form: MentoringForm) -> None:
        """The form follows from who the two sides are; a label against that is refused."""
        mentor = await self.session.get(Membership, pairing.mentor_membership_id)
        mentees = await self.session.scalars(
            select(Membership)
            .join(Assignment, Assignment.mentee_membership_id == Membership.id)
            .where(Assignment.pairing_id == pairing.id, Assignment.is_open)
        )
        if mentor is None:
            raise NotFound
        mentor_side = await self.side(mentor)
        for mentee in mentees:
            if form_for(mentor_side, await self.side(mentee)) is not form:
                raise DomainError("pairing-form-fixed")
        pairing.form = form
        await self.session.flush()

    async def set_type(self, pairing: Pairing, kind: MentoringType) -> None:
        pairing.type = kind
        await self.session.flush()

    async def active_rows(self, org_id: int) -> list[tuple[Pairing, list[Assignment]]]:
        """Confirmed pairs and groups, for the head's order."""
        return [
            (pairing, [a for a in assignments if a.state is AssignmentState.ACTIVE])
            for pairing, assignments in await self.org_pairings(org_id)
            if any(a.state is AssignmentState.ACTIVE for a in assignments)
        ]

    async def counts(self, org_id: int) -> dict[AssignmentState, int]:
        rows = await self.session.execute(
            select(Assignment.state, func.count())
            .where(Assignment.org_id == org_id, Assignment.is_open)
            .group_by(Assignment.state)
        )
        counts: dict[AssignmentState, int] = {}
        for state, count in rows:
            counts[state] = count
        return counts


# session.info key: pairs with pupils that ended in this update, for their parents' notices
ENDED_FOR_GUARDIANS = "pairs_ended_for_guardians"


@dataclass(frozen=True)
class GuardianEnd:
    """A parent to tell that their child's mentoring program ended."""

    guardian_user_id: int
    child_user_id: int
    org_id: int


async def close_assignment(
    session: AsyncSession,
    assignment: Assignment,
    state: AssignmentState,
    reason: str | None,
    now: datetime,
) -> None:
    """Close an offer or a pair; the place the mentee held goes back to the mentor.

    A confirmed pair with a pupil leaves a :class:`GuardianEnd` per parent in
    ``session.info[ENDED_FOR_GUARDIANS]`` (read before a withdrawal erases the child's
    guardianships); the bot queues their notices (bot/notify/guardians.py)."""
    if assignment.state is AssignmentState.ACTIVE:
        ended = session.info.setdefault(ENDED_FOR_GUARDIANS, [])
        ended.extend(await _guardians_of_pair(session, assignment))
    assignment.state = state
    assignment.is_open = False
    assignment.reason = reason
    assignment.closed_at = now
    await session.execute(
        update(Membership)
        .where(Membership.id == assignment.mentor_membership_id, Membership.load > 0)
        .values(load=Membership.load - 1)
    )


async def _guardians_of_pair(session: AsyncSession, assignment: Assignment) -> list[GuardianEnd]:
    rows = await session.execute(
        select(Guardianship.guardian_user_id, Guardianship.child_user_id)
        .join(Membership, Membership.user_id == Guardianship.child_user_id)
        .where(
            Membership.id.in_((assignment.mentee_membership_id, assignment.mentor_membership_id)),
            Membership.audience == Audience.PUPIL,
        )
        .order_by(Guardianship.id)
    )
    # a child in two schools has a guardianship in each: one notice per parent and child
    unique = dict.fromkeys((guardian, child) for guardian, child in rows)
    return [GuardianEnd(guardian, child, assignment.org_id) for guardian, child in unique]


def _insert_for(session: AsyncSession) -> Callable[[Any], Any]:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _fmt(answers: dict[str, object]) -> str | None:
    value = answers.get("format")
    return value if isinstance(value, str) else None

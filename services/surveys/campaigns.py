"""Survey campaigns in the database: open (idempotent by key), invite, what is due, close.

Everything here runs inside the caller's transaction; a job that runs twice, or on two
instances at once, finds the campaign and the invitations it already made (unique keys with
ON CONFLICT DO NOTHING) and does nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Assignment,
    AssignmentState,
    Audience,
    CampaignState,
    Membership,
    Organization,
    OutboxMessage,
    OutboxState,
    Pairing,
    Program,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    User,
)
from services.outbox import ERASED
from services.outbox_keys import SURVEY_KEY_PREFIX, invitation_id_of_key
from services.surveys.forms import (
    MENTOR_REPORT,
    final_form,
    interim_form,
    interim_key,
    program_key,
    self_assessment_form,
)
from services.surveys.schedule import local_day, reminder_due

CHUNK = 400  # rows per statement: well under SQLite's limit of bound variables
# per tick: the rest waits for the next one, so no transaction holds SQLite's lock for long
BATCH = 50  # programs (entry or final surveys)
REMIND_BATCH = 500  # reminders


@dataclass(frozen=True)
class Opened:
    campaign: SurveyCampaign
    invitations: list[SurveyInvitation]
    created: bool


@dataclass(frozen=True)
class Invited:
    """One invitation with what a message about it needs."""

    invitation: SurveyInvitation
    campaign: SurveyCampaign
    org: Organization
    user: User
    role: Role
    partners: tuple[str | None, ...]  # the other side of the pair, by name
    partner_ids: tuple[int, ...] = ()  # their users.id: a message naming them mentions them


def is_open(campaign: SurveyCampaign, now: datetime) -> bool:
    return campaign.state is CampaignState.OPEN and now < campaign.closes_at


class CampaignService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def campaign(self, org_id: int, key: str) -> SurveyCampaign | None:
        return await self.session.scalar(
            select(SurveyCampaign).where(SurveyCampaign.org_id == org_id, SurveyCampaign.key == key)
        )

    async def open_campaign(
        self,
        org_id: int,
        kind: SurveyKind,
        key: str,
        *,
        now: datetime,
        open_days: int,
        created_by: int | None = None,
    ) -> tuple[SurveyCampaign, bool]:
        """The campaign with this key, opened now unless it exists; whether it is new."""
        new_id = await self.session.scalar(
            _insert_for(self.session)(SurveyCampaign)
            .values(
                org_id=org_id,
                kind=kind,
                key=key,
                state=CampaignState.OPEN,
                opens_at=now,
                closes_at=now + timedelta(days=open_days),
                created_by=created_by,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["org_id", "key"])
            .returning(SurveyCampaign.id)
        )
        campaign = await self.campaign(org_id, key)
        assert campaign is not None
        return campaign, new_id is not None

    async def audiences(self, membership_ids: Sequence[int]) -> dict[int, Audience]:
        """Who each membership is (staff, pupil, external): it picks the survey's wording.
        A membership gone meanwhile reads as staff; the invitation then finds nobody anyway."""
        found: dict[int, Audience] = {}
        unique = sorted(set(membership_ids))
        for start in range(0, len(unique), CHUNK):
            rows = await self.session.execute(
                select(Membership.id, Membership.audience).where(
                    Membership.id.in_(unique[start : start + CHUNK])
                )
            )
            found.update((mid, audience) for mid, audience in rows)
        return {mid: found.get(mid, Audience.TEACHER) for mid in membership_ids}

    async def invite(
        self,
        campaign: SurveyCampaign,
        membership_id: int,
        form_id: str,
        *,
        now: datetime,
        pairing_id: int | None = None,
    ) -> SurveyInvitation | None:
        """A new invitation, or None when this person already has this form in the campaign."""
        made = await self.invite_many(campaign, [(membership_id, form_id, pairing_id)], now=now)
        return made[0] if made else None

    async def invite_many(
        self,
        campaign: SurveyCampaign,
        wanted: Sequence[tuple[int, str, int | None]],
        *,
        now: datetime,
    ) -> list[SurveyInvitation]:
        """Invite ``(membership, form, pairing)`` each; the new invitations (the first wins when
        one person and form come twice: a mentor of several pairs answers once)."""
        rows: dict[tuple[int, str], dict[str, Any]] = {}
        for membership_id, form_id, pairing_id in wanted:
            rows.setdefault(
                (membership_id, form_id),
                {
                    "campaign_id": campaign.id,
                    "membership_id": membership_id,
                    "form_id": form_id,
                    "pairing_id": pairing_id,
                    "invited_at": now,
                    "reminders_sent": 0,
                },
            )
        values = list(rows.values())
        new_ids: list[int] = []
        for start in range(0, len(values), CHUNK):
            result = await self.session.execute(
                _insert_for(self.session)(SurveyInvitation)
                .values(values[start : start + CHUNK])
                .on_conflict_do_nothing(index_elements=["campaign_id", "membership_id", "form_id"])
                .returning(SurveyInvitation.id)
            )
            new_ids += [row[0] for row in result]
        return await self.invitations(new_ids)

    async def invitations(self, ids: Sequence[int]) -> list[SurveyInvitation]:
        found: list[SurveyInvitation] = []
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            found += await self.session.scalars(
                select(SurveyInvitation)
                .where(SurveyInvitation.id.in_(ordered[start : start + CHUNK]))
                .order_by(SurveyInvitation.id)
            )
        return found

    async def active_pairs(self, org_id: int) -> list[tuple[Pairing, list[Assignment]]]:
        """Pairs and groups of the organization with their confirmed (active) mentees."""
        rows = await self.session.execute(
            select(Pairing, Assignment)
            .join(Assignment, Assignment.pairing_id == Pairing.id)
            .where(Pairing.org_id == org_id, Assignment.state == AssignmentState.ACTIVE)
            .order_by(Pairing.id, Assignment.id)
        )
        pairs: dict[int, tuple[Pairing, list[Assignment]]] = {}
        for pairing, assignment in rows:
            pairs.setdefault(pairing.id, (pairing, []))[1].append(assignment)
        return list(pairs.values())

    async def open_interim(
        self, org: Organization, year: int, *, now: datetime, open_days: int, created_by: int | None
    ) -> Opened | None:
        """The interim survey of the school year for everyone in an active pair; None when
        there is nobody to ask. An existing campaign is returned as it is (nobody is added)."""
        existing = await self.campaign(org.id, interim_key(year))
        if existing is not None:
            return Opened(existing, [], created=False)
        pairs = await self.active_pairs(org.id)
        if not pairs:
            return None
        campaign, created = await self.open_campaign(
            org.id,
            SurveyKind.INTERIM,
            interim_key(year),
            now=now,
            open_days=open_days,
            created_by=created_by,
        )
        if not created:  # another instance opened it a moment ago
            return Opened(campaign, [], created=False)
        audience = await self.audiences(
            [p.mentor_membership_id for p, _ in pairs]
            + [a.mentee_membership_id for _, assignments in pairs for a in assignments]
        )
        wanted: list[tuple[int, str, int | None]] = []
        for pairing, assignments in pairs:
            mentor = pairing.mentor_membership_id
            wanted.append((mentor, interim_form(Role.MENTOR, audience[mentor]), pairing.id))
            wanted += [
                (
                    a.mentee_membership_id,
                    interim_form(Role.MENTEE, audience[a.mentee_membership_id]),
                    pairing.id,
                )
                for a in assignments
            ]
        invitations = await self.invite_many(campaign, wanted, now=now)
        return Opened(campaign, invitations, created=True)

    async def open_entry(
        self, assignment: Assignment, program: Program, *, now: datetime, open_days: int
    ) -> SurveyInvitation | None:
        """The mentee's entry self-assessment when their pair is confirmed (once)."""
        campaign, created = await self.open_campaign(
            program.org_id,
            SurveyKind.ENTRY,
            program_key(program.id, SurveyKind.ENTRY),
            now=now,
            open_days=open_days,
        )
        mentee = assignment.mentee_membership_id
        invitation = await self.invite(
            campaign,
            mentee,
            self_assessment_form((await self.audiences([mentee]))[mentee]),
            now=now,
            pairing_id=assignment.pairing_id,
        )
        if invitation is not None and not created:
            # a mentee who joined the group later gets the same time to answer
            campaign.state = CampaignState.OPEN
            campaign.closed_at = None
            campaign.closes_at = max(campaign.closes_at, now + timedelta(days=open_days))
            await self.session.flush()
        return invitation

    async def open_final_stage(
        self, pairing_id: int, *, now: datetime, open_days: int
    ) -> list[SurveyInvitation]:
        """The final stage of one program: the satisfaction survey for everyone, the exit
        self-assessment for the mentees, the final report for the mentor. Repeatable."""
        program = await self.session.scalar(select(Program).where(Program.pairing_id == pairing_id))
        pairing = await self.session.get(Pairing, pairing_id)
        if program is None or pairing is None:
            return []
        mentees = list(
            await self.session.scalars(
                select(Assignment.mentee_membership_id)
                .where(
                    Assignment.pairing_id == pairing_id,
                    Assignment.state == AssignmentState.ACTIVE,
                )
                .order_by(Assignment.id)
            )
        )
        mentor = pairing.mentor_membership_id
        audience = await self.audiences([mentor, *mentees])
        plan: list[tuple[SurveyKind, list[tuple[int, str]]]] = [
            (
                SurveyKind.FINAL,
                [(mentor, final_form(Role.MENTOR, audience[mentor]))]
                + [(m, final_form(Role.MENTEE, audience[m])) for m in mentees],
            ),
            (SurveyKind.EXIT, [(m, self_assessment_form(audience[m])) for m in mentees]),
            (SurveyKind.MENTOR_REPORT, [(pairing.mentor_membership_id, MENTOR_REPORT)]),
        ]
        invitations: list[SurveyInvitation] = []
        for kind, wanted in plan:
            if not wanted:
                continue
            campaign, _ = await self.open_campaign(
                program.org_id,
                kind,
                program_key(program.id, kind),
                now=now,
                open_days=open_days,
            )
            invitations += await self.invite_many(
                campaign, [(m, form_id, pairing_id) for m, form_id in wanted], now=now
            )
        return invitations

    # ----- what the scheduler finds due ---------------------------------------------------
    async def entries_due(
        self, now: datetime, open_days: int, *, limit: int = BATCH
    ) -> list[tuple[Assignment, Program]]:
        """Pairs confirmed within the last ``open_days`` whose mentee has no entry survey
        (at most ``limit``).

        Older pairs are left alone: an "entry" self-assessment months into a program would
        measure nothing.
        """
        invited = (
            select(SurveyInvitation.id)
            .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
            .where(
                SurveyCampaign.kind == SurveyKind.ENTRY,
                SurveyInvitation.membership_id == Assignment.mentee_membership_id,
                SurveyInvitation.pairing_id == Assignment.pairing_id,
            )
        )
        rows = await self.session.execute(
            select(Assignment, Program)
            .join(Program, Program.pairing_id == Assignment.pairing_id)
            .where(
                Assignment.state == AssignmentState.ACTIVE,
                Assignment.confirmed_at >= now - timedelta(days=open_days),
                ~exists(invited),
            )
            .order_by(Assignment.id)
            .limit(limit)
        )
        return [(assignment, program) for assignment, program in rows]

    async def finals_due(
        self, now: datetime, open_days: int, *, limit: int = BATCH
    ) -> list[Program]:
        """Programs that ended (local date) without their final stage, ended at most
        ``open_days`` ago, with a mentee still in the pair; the earliest ``limit`` of them."""
        utc_today = now.date()
        active = select(Assignment.id).where(
            Assignment.pairing_id == Program.pairing_id,
            Assignment.state == AssignmentState.ACTIVE,
        )
        surveyed = (
            select(SurveyInvitation.id)
            .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
            .where(
                SurveyCampaign.kind == SurveyKind.FINAL,
                SurveyInvitation.pairing_id == Program.pairing_id,
            )
        )
        rows = await self.session.execute(
            select(Program, Organization)
            .join(Organization, Organization.id == Program.org_id)
            .where(
                # a day of slack either side: the local date decides below
                Program.end_on <= utc_today + timedelta(days=1),
                Program.end_on >= utc_today - timedelta(days=open_days + 1),
                exists(active),
                ~exists(surveyed),
            )
            # the earliest ends first: those not over yet in their own zone come last
            .order_by(Program.end_on, Program.id)
            .limit(limit)
        )
        due: list[Program] = []
        for program, org in rows:
            today = local_day(now, org.timezone)
            if program.end_on < today <= program.end_on + timedelta(days=open_days):
                due.append(program)
        return due

    async def reminders_due(
        self, now: datetime, remind_after: Sequence[timedelta], *, limit: int = REMIND_BATCH
    ) -> list[tuple[SurveyInvitation, int]]:
        """Unanswered invitations of open campaigns owed a reminder, with its number; at most
        ``limit`` (the rest on the next tick)."""
        if not remind_after:
            return []
        delays = sorted(remind_after)
        # owed the k-th reminder: fewer than k sent and the k-th delay has passed
        owed = or_(
            *(
                and_(
                    SurveyInvitation.reminders_sent < number,
                    SurveyInvitation.invited_at <= now - delay,
                )
                for number, delay in enumerate(delays, start=1)
            )
        )
        rows = await self.session.scalars(
            select(SurveyInvitation)
            .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
            .where(
                SurveyCampaign.state == CampaignState.OPEN,
                SurveyCampaign.closes_at > now,
                SurveyInvitation.completed_at.is_(None),
                owed,
            )
            .order_by(SurveyInvitation.invited_at, SurveyInvitation.id)
            .limit(limit)
        )
        due: list[tuple[SurveyInvitation, int]] = []
        for invitation in rows:
            number = reminder_due(invitation.invited_at, invitation.reminders_sent, delays, now)
            if number is not None:
                due.append((invitation, number))
        return due

    @staticmethod
    def mark_reminded(invitation: SurveyInvitation, number: int, now: datetime) -> None:
        invitation.reminders_sent = number
        invitation.last_reminded_at = now

    async def due_to_close(self, now: datetime) -> list[SurveyCampaign]:
        rows = await self.session.scalars(
            select(SurveyCampaign)
            .where(SurveyCampaign.state == CampaignState.OPEN, SurveyCampaign.closes_at <= now)
            .order_by(SurveyCampaign.id)
        )
        return list(rows)

    async def close(self, campaign: SurveyCampaign, now: datetime) -> bool:
        """Close the campaign: unfinished answers are dropped, pending reminders cancelled."""
        if campaign.state is CampaignState.CLOSED:
            return False
        campaign.state = CampaignState.CLOSED
        campaign.closed_at = now
        unanswered = list(
            await self.session.scalars(
                select(SurveyInvitation).where(
                    SurveyInvitation.campaign_id == campaign.id,
                    SurveyInvitation.completed_at.is_(None),
                )
            )
        )
        started = [i.response_id for i in unanswered if i.response_id is not None]
        if started:
            unfinished = select(QuestionnaireResponse.id).where(
                QuestionnaireResponse.id.in_(started),
                QuestionnaireResponse.status != ResponseStatus.COMPLETED,
            )
            await self.session.execute(delete(Answer).where(Answer.response_id.in_(unfinished)))
            await self.session.execute(
                delete(QuestionnaireResponse).where(
                    QuestionnaireResponse.id.in_(started),
                    QuestionnaireResponse.status != ResponseStatus.COMPLETED,
                )
            )
        for invitation in unanswered:
            invitation.response_id = None
        await self.cancel_pending({i.id for i in unanswered})
        await self.session.flush()
        return True

    async def cancel_pending(self, invitation_ids: set[int]) -> int:
        """Cancel every message still queued about these invitations (invites, reminders).

        A few statements for a whole campaign: pending messages are few (most are sent within
        seconds), so the pending survey keys are read and matched here.
        """
        if not invitation_ids:
            return 0
        rows = await self.session.execute(
            select(OutboxMessage.id, OutboxMessage.dedupe_key).where(
                OutboxMessage.state == OutboxState.PENDING,
                # substr, not LIKE: SQLite's LIKE ignores case and "_" is a wildcard
                func.substr(OutboxMessage.dedupe_key, 1, len(SURVEY_KEY_PREFIX))
                == SURVEY_KEY_PREFIX,
            )
        )
        doomed = [
            message_id
            for message_id, key in rows
            if invitation_id_of_key(key or "") in invitation_ids
        ]
        for start in range(0, len(doomed), CHUNK):
            await self.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id.in_(doomed[start : start + CHUNK]),
                    OutboxMessage.state == OutboxState.PENDING,
                )
                .values(state=OutboxState.CANCELLED, claimed_until=None, **ERASED)
            )
        return len(doomed)

    # ----- messages -----------------------------------------------------------------------
    async def contexts(self, invitation_ids: Iterable[int]) -> list[Invited]:
        ids = sorted(set(invitation_ids))
        found: list[tuple[SurveyInvitation, SurveyCampaign, Organization, Membership, User]] = []
        for start in range(0, len(ids), CHUNK):
            rows = await self.session.execute(
                select(SurveyInvitation, SurveyCampaign, Organization, Membership, User)
                .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
                .join(Organization, Organization.id == SurveyCampaign.org_id)
                .join(Membership, Membership.id == SurveyInvitation.membership_id)
                .join(User, User.id == Membership.user_id)
                .where(SurveyInvitation.id.in_(ids[start : start + CHUNK]))
                .order_by(SurveyInvitation.id)
            )
            found += [(i, c, o, m, u) for i, c, o, m, u in rows]
        people = await self._pair_people({i.pairing_id for i, *_ in found if i.pairing_id})
        result = []
        for invitation, campaign, org, membership, user in found:
            others = [
                p for p in people.get(invitation.pairing_id or 0, []) if p[0] != membership.id
            ]
            result.append(
                Invited(
                    invitation,
                    campaign,
                    org,
                    user,
                    membership.role,
                    tuple(name for _, name, _ in others),
                    tuple(user_id for _, _, user_id in others),
                )
            )
        return result

    async def _pair_people(
        self, pairing_ids: set[int]
    ) -> dict[int, list[tuple[int, str | None, int]]]:
        """Per pair: (membership id, name, user id) of the mentor and the active mentees."""
        people: dict[int, list[tuple[int, str | None, int]]] = {}
        ordered = sorted(pairing_ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            mentors = await self.session.execute(
                select(Pairing.id, Membership.id, User.full_name, User.id)
                .join(Membership, Membership.id == Pairing.mentor_membership_id)
                .join(User, User.id == Membership.user_id)
                .where(Pairing.id.in_(chunk))
            )
            mentees = await self.session.execute(
                select(Assignment.pairing_id, Membership.id, User.full_name, User.id)
                .join(Membership, Membership.id == Assignment.mentee_membership_id)
                .join(User, User.id == Membership.user_id)
                .where(Assignment.pairing_id.in_(chunk), Assignment.state == AssignmentState.ACTIVE)
                .order_by(Membership.id)
            )
            for pairing_id, member_id, name, user_id in [*mentors, *mentees]:
                people.setdefault(pairing_id, []).append((member_id, name, user_id))
        return people

    # ----- the curator's view -------------------------------------------------------------


def _insert_for(session: AsyncSession) -> Callable[[Any], Any]:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert

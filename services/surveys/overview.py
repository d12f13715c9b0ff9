"""What a curator sees of the surveys: per kind and school year, the response rate by role
and who has not answered yet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Membership,
    Organization,
    OutboxMessage,
    QuestionnaireResponse,
    Role,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    User,
)
from services.outbox_keys import again_suffix, survey_message_key
from services.school_year.calendar_file import SchoolCalendar
from services.school_year.org_calendar import calendars_of, org_calendar
from services.surveys.campaigns import is_open
from services.surveys.forms import KIND_ORDER, GroupKey
from services.surveys.schedule import local_day, school_year


def percent(done: int, total: int) -> int:
    """A whole percentage, rounded half up; 0 of 0 is 0."""
    return (done * 200 + total) // (total * 2) if total else 0


@dataclass(frozen=True)
class RoleRate:
    role: Role
    invited: int
    completed: int

    @property
    def percent(self) -> int:
        return percent(self.completed, self.invited)


@dataclass(frozen=True)
class GroupSummary:
    """One survey as the curator sees it: a kind in a school year, over its campaigns."""

    org: Organization
    key: GroupKey
    campaign_ids: tuple[int, ...]
    rates: tuple[RoleRate, ...]
    open_until: datetime | None  # the latest deadline of its open campaigns; None: all closed

    @property
    def invited(self) -> int:
        return sum(rate.invited for rate in self.rates)

    @property
    def completed(self) -> int:
        return sum(rate.completed for rate in self.rates)

    @property
    def percent(self) -> int:
        return percent(self.completed, self.invited)


@dataclass(frozen=True)
class Waiting:
    """Someone who has not answered yet (the curator's card names them)."""

    invitation_id: int
    name: str | None
    role: Role
    can_answer: bool


def group_key(
    campaign: SurveyCampaign, org: Organization, calendar: SchoolCalendar | None = None
) -> GroupKey:
    """The survey's school year is the organization's calendar's (the default when not given)."""
    day = local_day(campaign.opens_at, org.timezone)
    return GroupKey(school_year(day, calendar), campaign.kind)


class SurveyOverview:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def summaries(self, orgs: Sequence[Organization], now: datetime) -> list[GroupSummary]:
        """Every survey of the organizations, newest school year first, in the year's order."""
        by_id = {org.id: org for org in orgs}
        if not by_id:
            return []
        campaigns = list(
            await self.session.scalars(
                select(SurveyCampaign).where(SurveyCampaign.org_id.in_(by_id))
            )
        )
        counts: dict[tuple[int, Role], tuple[int, int]] = {}
        rows = await self.session.execute(
            select(
                SurveyInvitation.campaign_id,
                Membership.role,
                func.count(SurveyInvitation.id),
                func.count(SurveyInvitation.completed_at),
            )
            .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
            .join(Membership, Membership.id == SurveyInvitation.membership_id)
            .where(SurveyCampaign.org_id.in_(by_id))
            .group_by(SurveyInvitation.campaign_id, Membership.role)
        )
        for campaign_id, role, invited, completed in rows:
            counts[(campaign_id, role)] = (invited, completed)
        calendars = await calendars_of(self.session, orgs)
        groups: dict[tuple[int, GroupKey], list[SurveyCampaign]] = defaultdict(list)
        for campaign in campaigns:
            org = by_id[campaign.org_id]
            groups[(org.id, group_key(campaign, org, calendars[org.id]))].append(campaign)
        summaries: list[GroupSummary] = []
        for (org_id, key), members in groups.items():
            rates: list[RoleRate] = []
            for role in (Role.MENTOR, Role.MENTEE):
                invited = sum(counts.get((c.id, role), (0, 0))[0] for c in members)
                completed = sum(counts.get((c.id, role), (0, 0))[1] for c in members)
                if invited:
                    rates.append(RoleRate(role, invited, completed))
            deadlines = [c.closes_at for c in members if is_open(c, now)]
            summaries.append(
                GroupSummary(
                    by_id[org_id],
                    key,
                    tuple(sorted(c.id for c in members)),
                    tuple(rates),
                    max(deadlines) if deadlines else None,
                )
            )
        order = {kind: index for index, kind in enumerate(KIND_ORDER)}
        summaries.sort(key=lambda s: (-s.key.year, order[s.key.kind], s.org.name, s.org.id))
        return summaries

    async def summary(self, org: Organization, key: GroupKey, now: datetime) -> GroupSummary | None:
        return next((s for s in await self.summaries([org], now) if s.key == key), None)

    async def group_campaigns(self, org: Organization, key: GroupKey) -> list[SurveyCampaign]:
        rows = await self.session.scalars(
            select(SurveyCampaign)
            .where(SurveyCampaign.org_id == org.id, SurveyCampaign.kind == key.kind)
            .order_by(SurveyCampaign.id)
        )
        calendar = await org_calendar(self.session, org)
        return [c for c in rows if group_key(c, org, calendar) == key]

    async def waiting(self, campaigns: Sequence[SurveyCampaign], now: datetime) -> list[Waiting]:
        """Who has not answered, by name; whether they still can (the campaign is open)."""
        by_id = {c.id: c for c in campaigns}
        if not by_id:
            return []
        rows = await self.session.execute(
            select(SurveyInvitation.id, SurveyInvitation.campaign_id, Membership.role, User)
            .join(Membership, Membership.id == SurveyInvitation.membership_id)
            .join(User, User.id == Membership.user_id)
            .where(
                SurveyInvitation.campaign_id.in_(by_id),
                SurveyInvitation.completed_at.is_(None),
            )
        )
        found = [
            Waiting(invitation_id, user.full_name, role, is_open(by_id[campaign_id], now))
            for invitation_id, campaign_id, role, user in rows
        ]
        found.sort(key=lambda w: (not w.can_answer, (w.name or "").lower(), w.invitation_id))
        return found

    async def unanswered_open(
        self, campaigns: Sequence[SurveyCampaign], now: datetime
    ) -> list[int]:
        """Invitations that can still be answered and are not: whom a reminder is for."""
        open_ids = [c.id for c in campaigns if is_open(c, now)]
        if not open_ids:
            return []
        rows = await self.session.scalars(
            select(SurveyInvitation.id)
            .where(
                SurveyInvitation.campaign_id.in_(open_ids),
                SurveyInvitation.completed_at.is_(None),
            )
            .order_by(SurveyInvitation.id)
        )
        return list(rows)

    async def reminded_today(self, invitation_ids: Sequence[int], day: date) -> bool:
        """Whether the curator's reminder of ``day`` (local) already went to any of them."""
        keys = [survey_message_key(i, again_suffix(day)) for i in invitation_ids]
        found = await self.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.dedupe_key.in_(keys))
        )
        return bool(found)

    async def campaign_rate(self, campaign_id: int) -> tuple[int, int]:
        """(completed, invited) of one campaign."""
        row = (
            await self.session.execute(
                select(
                    func.count(SurveyInvitation.completed_at), func.count(SurveyInvitation.id)
                ).where(SurveyInvitation.campaign_id == campaign_id)
            )
        ).one()
        return int(row[0]), int(row[1])

    async def completed_reports(
        self, campaigns: Sequence[SurveyCampaign]
    ) -> list[tuple[int, str | None]]:
        """(invitation id, author's name) of the finished mentor reports of these campaigns."""
        ids = [c.id for c in campaigns if c.kind is SurveyKind.MENTOR_REPORT]
        if not ids:
            return []
        rows = await self.session.execute(
            select(SurveyInvitation.id, User.full_name)
            .join(Membership, Membership.id == SurveyInvitation.membership_id)
            .join(User, User.id == Membership.user_id)
            .where(
                SurveyInvitation.campaign_id.in_(ids),
                SurveyInvitation.completed_at.is_not(None),
                SurveyInvitation.response_id.is_not(None),
            )
            .order_by(SurveyInvitation.completed_at, SurveyInvitation.id)
        )
        return [(invitation_id, name) for invitation_id, name in rows]

    async def report(
        self, org: Organization, invitation_id: int
    ) -> tuple[QuestionnaireResponse, str | None] | None:
        """A finished mentor report of this organization, with its author's name."""
        row = (
            await self.session.execute(
                select(QuestionnaireResponse, User.full_name)
                .join(SurveyInvitation, SurveyInvitation.response_id == QuestionnaireResponse.id)
                .join(SurveyCampaign, SurveyCampaign.id == SurveyInvitation.campaign_id)
                .join(User, User.id == QuestionnaireResponse.user_id)
                .where(
                    SurveyInvitation.id == invitation_id,
                    SurveyCampaign.org_id == org.id,
                    SurveyCampaign.kind == SurveyKind.MENTOR_REPORT,
                    SurveyInvitation.completed_at.is_not(None),
                )
            )
        ).first()
        if row is None:
            return None
        response, name = row
        return response, name

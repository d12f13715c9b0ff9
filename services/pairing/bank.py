"""The bank as the matching engine sees it: profiles built from intake answers.

Only people whose intake questionnaire is confirmed are in the bank, and not those who said at
a year's closing that they do not continue. A mentee with an open
assignment (offered, agreed or active) is not; a mentor is while they have free places.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Assignment,
    AssignmentState,
    Membership,
    Organization,
    Preference,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)
from models.person import Audience
from services.matching import MenteeProfile, MentorProfile
from services.matching.profiles import TEACHER
from services.onboarding import INTAKE_FORMS
from services.pairing.forms import Side


@dataclass(frozen=True)
class Person:
    """What the curator sees of a bank member next to a proposal."""

    membership_id: int
    org_id: int
    name: str
    position: str | None
    answers: dict[str, Any]
    # what decides the form of a pair with this person
    side: Side = TEACHER
    user_id: int | None = None


@dataclass
class Pool:
    mentees: list[MenteeProfile] = field(default_factory=list)
    mentors: list[MentorProfile] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)
    # mentees who were declined or whose pair ended, by membership id (for "why unmatched")
    declined: set[int] = field(default_factory=set)

    def fingerprint(self) -> str:
        """Changes whenever anything the proposal depends on changes: buttons of an older
        proposal then recompute instead of applying stale data."""
        digest = hashlib.sha256()
        for profile in sorted(self.mentees, key=lambda p: p.id):
            digest.update(repr(profile).encode())
        for mentor in sorted(self.mentors, key=lambda p: p.id):
            digest.update(repr(mentor).encode())
        return digest.hexdigest()[:10]


def _strings(value: Any) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset()


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _grade(membership: Membership, answers: dict[str, Any]) -> int | None:
    if membership.grade is not None:
        return membership.grade
    value = answers.get("grade")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def side_of(membership: Membership, answers: dict[str, Any]) -> Side:
    """The side of a pair this membership is: its audience, class, kind or position."""
    audience = membership.audience or Audience.TEACHER
    if audience is Audience.PUPIL:
        return Side(audience, grade=_grade(membership, answers))
    if audience is Audience.EXTERNAL:
        kind = membership.mentor_kind or _string(answers.get("mentor_kind"))
        return Side(audience, mentor_kind=kind)
    return Side(audience, position=_string(answers.get("position")))


async def intake_answers(
    session: AsyncSession, membership_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """The confirmed intake answers of each membership."""
    if not membership_ids:
        return {}
    forms = set(INTAKE_FORMS.values())
    rows = await session.execute(
        select(QuestionnaireResponse.membership_id, Answer.question_id, Answer.value)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .where(
            QuestionnaireResponse.membership_id.in_(membership_ids),
            QuestionnaireResponse.status == ResponseStatus.COMPLETED,
            QuestionnaireResponse.form_id.in_(forms),
        )
    )
    result: dict[int, dict[str, Any]] = defaultdict(dict)
    for membership_id, question_id, value in rows:
        if membership_id is not None:
            result[membership_id][question_id] = value
    return result


async def bank_org_ids(session: AsyncSession, org: Organization, *, municipal: bool) -> list[int]:
    """The school itself, plus the other schools of its municipal office for open mentoring."""
    if not municipal or org.parent_id is None:
        return [org.id]
    siblings = await session.scalars(
        select(Organization.id).where(Organization.parent_id == org.parent_id)
    )
    return sorted(set(siblings) | {org.id})


async def load_pool(session: AsyncSession, org: Organization, *, municipal: bool = False) -> Pool:
    org_ids = await bank_org_ids(session, org, municipal=municipal)
    rows = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.org_id.in_(org_ids),
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
            Membership.profile_completed_at.is_not(None),
            # said at a year's closing they do not continue (services/school_year/closing.py)
            Membership.left_at.is_(None),
        )
        .order_by(Membership.id)
    )
    members: list[tuple[Membership, User]] = [(m, u) for m, u in rows]
    ids = [m.id for m, _ in members]
    answers = await intake_answers(session, ids)
    open_mentees = set(
        await session.scalars(
            select(Assignment.mentee_membership_id).where(
                Assignment.is_open, Assignment.mentee_membership_id.in_(ids)
            )
        )
    )
    excluded: dict[int, set[int]] = defaultdict(set)
    declined: set[int] = set()
    closed = await session.execute(
        select(
            Assignment.mentee_membership_id, Assignment.mentor_membership_id, Assignment.state
        ).where(Assignment.mentee_membership_id.in_(ids), Assignment.is_open.is_(False))
    )
    for mentee_id, mentor_id, state in closed:
        # "the previous mentor is not proposed again", whoever ended or declined it
        excluded[mentee_id].add(mentor_id)
        if state in (AssignmentState.DECLINED, AssignmentState.ENDED):
            declined.add(mentee_id)
    ranked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pref in await session.scalars(
        select(Preference).where(Preference.chooser_membership_id.in_(ids))
    ):
        ranked[pref.chooser_membership_id].append((pref.rank, pref.target_membership_id))

    pool = Pool()
    for membership, user in members:
        data = answers.get(membership.id, {})
        side = side_of(membership, data)
        pool.people[membership.id] = Person(
            membership_id=membership.id,
            org_id=membership.org_id,
            name=user.full_name or "",
            position=_string(data.get("position")),
            answers=data,
            side=side,
            user_id=user.id,
        )
        prefs = [target for _, target in sorted(ranked.get(membership.id, []))]
        if membership.role is Role.MENTEE:
            if membership.id in open_mentees:
                continue
            pool.mentees.append(
                MenteeProfile(
                    id=membership.id,
                    org_id=membership.org_id,
                    subjects=_strings(data.get("subjects")),
                    category=_string(data.get("category")),
                    difficulties=_strings(data.get("difficulties")),
                    format=_string(data.get("format")),
                    times=_strings(data.get("times")),
                    preferred_mentors=tuple(prefs[:3]),
                    excluded_mentors=frozenset(excluded.get(membership.id, set())),
                    side=side,
                )
            )
        else:
            free = max((membership.capacity or 0) - membership.load, 0)
            pool.mentors.append(
                MentorProfile(
                    id=membership.id,
                    org_id=membership.org_id,
                    subjects=_strings(data.get("subjects")),
                    competences=_strings(data.get("competences")),
                    categories=_strings(data.get("categories")),
                    format=_string(data.get("format")),
                    times=_strings(data.get("times")),
                    capacity=free,
                    open_to_other_orgs=data.get("open_to_others") is True,
                    wanted_mentees=frozenset(prefs),
                    side=side,
                )
            )
    pool.declined = declined & {p.id for p in pool.mentees}
    return pool

"""Active pairs with their programs, built straight in the database, for the survey tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import Membership, Organization, Pairing, Program, Role
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.unit.factories import join, make_org
from tests.unit.pairing_factories import add_person

CURATOR_TG = 50


@dataclass
class Pair:
    org: Organization
    pairing: Pairing
    program: Program
    mentor: Membership
    mentees: list[Membership]


async def active_pair(
    session: AsyncSession,
    forms: dict[str, Form],
    *,
    org: Organization | None = None,
    mentor_tg: int = 1,
    mentee_tgs: tuple[int, ...] = (11,),
    confirmed: datetime,
    start: date | None = None,
    end: date | None = None,
) -> Pair:
    """A confirmed pair (or a group, with several mentees) and its program."""
    if org is None:
        org = await make_org(session)
        await join(session, CURATOR_TG, org, Role.CURATOR)
    mentor = await add_person(
        session,
        forms,
        org,
        mentor_tg,
        Role.MENTOR,
        f"Наставник {mentor_tg}",
        capacity=len(mentee_tgs),
    )
    service = PairingService(session, MatchWeights())
    mentees: list[Membership] = []
    pairing: Pairing | None = None
    for tg in mentee_tgs:
        mentee = await add_person(session, forms, org, tg, Role.MENTEE, f"Наставляемый {tg}")
        offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=confirmed)
        for side in (mentor.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=confirmed)
        await service.confirm(offered.assignment, confirmed)
        mentees.append(mentee)
        pairing = pairing or offered.pairing
    assert pairing is not None
    if len(mentee_tgs) > 1:
        pairing = await service.make_group(pairing)
    program = await MeetingRepository(session).ensure_program(
        pairing, start or confirmed.date(), PlanSettings(), end=end
    )
    return Pair(org, pairing, program, mentor, mentees)

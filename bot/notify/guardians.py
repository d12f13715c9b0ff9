"""Parents hear of their child's pair: who the mentor is when the pair is confirmed, and that
the program ended. Only names, roles and the form: never a questionnaire's answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import notify_user
from bot.tg.i18n import I18n
from bot.tg.views.common import esc
from models import Assignment, Guardianship, Membership, Organization, Pairing, User
from models.person import Audience
from services.pairing.bank import side_of
from services.pairing.forms import Side
from services.pairing.service import ENDED_FOR_GUARDIANS, GuardianEnd

# the external mentors' kinds (services/pairing/forms.py: EXTERNAL_KINDS)
_KIND_KEYS = {
    "student": "guardian-role-student",
    "employer": "guardian-role-employer",
    "graduate": "guardian-role-graduate",
    "parent": "guardian-role-parent",
}


def role_label(i18n: I18n, side: Side) -> str:
    """A mentor as a parent (or a pupil) reads it: «учитель», «ученик 9 класса», «студент»…"""
    if side.audience is Audience.PUPIL:
        return i18n("guardian-role-pupil", grade=side.grade or 0)
    if side.audience is Audience.EXTERNAL:
        return i18n(_KIND_KEYS.get(side.mentor_kind or "", "guardian-role-external"))
    return i18n("guardian-role-teacher")


async def _guardians(session: AsyncSession, child_user_id: int) -> list[User]:
    rows = await session.scalars(
        select(User)
        .join(Guardianship, Guardianship.guardian_user_id == User.id)
        .where(Guardianship.child_user_id == child_user_id)
        .order_by(Guardianship.id)
    )
    return list(dict.fromkeys(rows))


async def tell_guardians_paired(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    pairing: Pairing,
    assignment: Assignment,
    now: datetime,
) -> int:
    """Each parent of a pupil in the confirmed pair (the mentee, or a peer mentor)."""
    mentor = await session.get(Membership, assignment.mentor_membership_id)
    mentee = await session.get(Membership, assignment.mentee_membership_id)
    if mentor is None or mentee is None or mentor.user_id is None or mentee.user_id is None:
        return 0
    mentor_user = await session.get(User, mentor.user_id)
    mentor_name = (mentor_user.full_name if mentor_user else None) or ""
    # the role needs no answers beyond the class, kind or position (no free text)
    mentor_side = side_of(mentor, {})
    told = 0
    for child, key in ((mentee, "guardian-paired-mentee"), (mentor, "guardian-paired-mentor")):
        if child.audience is not Audience.PUPIL or child.user_id is None:
            continue
        child_user = await session.get(User, child.user_id)
        child_name = (child_user.full_name if child_user else None) or ""

        def render(i18n: I18n, key: str = key, child_name: str = child_name) -> str:
            return i18n(
                key,
                child=esc(child_name or i18n("name-unknown")),
                mentor=esc(mentor_name or i18n("name-unknown")),
                role=role_label(i18n, mentor_side),
                form=i18n(f"form-{pairing.form.value}"),
                org=esc(org.name),
            )

        for guardian in await _guardians(session, child.user_id):
            await notify_user(
                session, deps, guardian, render, now, about=[child.user_id, mentor.user_id]
            )
            told += 1
    return told


async def tell_guardians_ended(session: AsyncSession, deps: AppDeps, now: datetime) -> int:
    """The parents of pupils whose confirmed pair closed in this update (PairingService.end,
    a withdrawal): the program ended. A child whose data was just erased is not named."""
    ended: list[GuardianEnd] = session.info.pop(ENDED_FOR_GUARDIANS, [])
    told = 0
    for item in ended:
        guardian = await session.get(User, item.guardian_user_id)
        child = await session.get(User, item.child_user_id)
        org = await session.get(Organization, item.org_id)
        if guardian is None or child is None or not child.full_name or org is None:
            continue
        child_name, org_name = child.full_name, org.name

        def render(i18n: I18n, child_name: str = child_name, org_name: str = org_name) -> str:
            return i18n("guardian-pair-ended", child=esc(child_name), org=esc(org_name))

        await notify_user(session, deps, guardian, render, now, about=[item.child_user_id])
        told += 1
    return told

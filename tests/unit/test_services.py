"""Invites, organizations and people: access rules and the 152-FZ lifecycle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import (
    Answer,
    AuditEvent,
    Consent,
    ConsentKind,
    FsmRecord,
    Membership,
    OrgKind,
    QuestionnaireResponse,
    Role,
    User,
)
from services.erasure import Erasure
from services.errors import DomainError
from services.invites import InviteService, deep_link
from services.orgs import OrgService
from services.people import CONSENT_TEXT_VERSION, PeopleService
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.unit.factories import NOW, join, make_invite, make_org


async def count(session: AsyncSession, model: type) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_invite_tokens_are_opaque_and_unique(session: AsyncSession) -> None:
    org = await make_org(session)
    tokens = {(await make_invite(session, org, Role.MENTEE)).token for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert 20 <= len(token) <= 64
        assert not token.isdigit()
        assert deep_link("bot", token) == f"https://t.me/bot?start={token}"


@pytest.mark.parametrize(
    ("setup", "key"),
    [
        ("revoked", "invite-revoked"),
        ("expired", "invite-expired"),
        ("used", "invite-used-up"),
        ("unknown", "invite-unknown"),
    ],
)
async def test_invite_refusals_say_why(session: AsyncSession, setup: str, key: str) -> None:
    org = await make_org(session)
    invites = InviteService(session)
    invite = await invites.create(org.id, Role.MENTOR, now=NOW, ttl=timedelta(days=1), max_uses=1)
    token = invite.token
    if setup == "revoked":
        await invites.revoke(invite, NOW)
    elif setup == "used":
        await invites.consume(invite)
    elif setup == "unknown":
        token = "no-such-token"
    when = NOW + timedelta(days=2) if setup == "expired" else NOW
    with pytest.raises(DomainError) as caught:
        await invites.check(token, when)
    assert caught.value.key == key


async def test_join_records_consent_with_version_and_time(session: AsyncSession) -> None:
    org = await make_org(session)
    joined = await join(session, 1001, org, Role.MENTOR)
    consents = list(await session.scalars(select(Consent).where(Consent.user_id == joined.user.id)))
    assert {c.kind for c in consents} == {ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_APPOINTMENT}
    assert all(c.text_version == CONSENT_TEXT_VERSION and c.accepted_at == NOW for c in consents)
    assert joined.membership.role is Role.MENTOR
    assert not joined.already_member


async def test_join_twice_is_idempotent(session: AsyncSession) -> None:
    org = await make_org(session)
    invite = await make_invite(session, org, Role.MENTEE)
    people = PeopleService(session)
    first = await people.join(5, "ru", invite.token, NOW)
    second = await people.join(5, "ru", invite.token, NOW)
    assert second.already_member
    assert second.membership.id == first.membership.id
    assert await count(session, Membership) == 1
    assert await count(session, Consent) == 1


async def test_single_use_invite_admits_one_person(session: AsyncSession) -> None:
    org = await make_org(session)
    invite = await make_invite(session, org, Role.CURATOR, max_uses=1)
    people = PeopleService(session)
    await people.join(1, "ru", invite.token, NOW)
    with pytest.raises(DomainError) as caught:
        await people.join(2, "ru", invite.token, NOW)
    assert caught.value.key == "invite-used-up"


async def test_municipal_curator_manages_child_schools_only(session: AsyncSession) -> None:
    office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
    school = await make_org(session, "Школа 1", parent=office)
    other = await make_org(session, "Школа 2")
    municipal = await join(session, 10, office, Role.CURATOR)
    school_curator = await join(session, 11, school, Role.CURATOR)
    orgs = OrgService(session)
    assert await orgs.can_manage(municipal.user.id, school.id)
    assert not await orgs.can_manage(municipal.user.id, other.id)
    assert await orgs.can_manage(school_curator.user.id, school.id)
    assert not await orgs.can_manage(school_curator.user.id, office.id)
    assert [o.id for o in await orgs.curated_by(municipal.user.id)] == [office.id, school.id]
    # a school without its own curator reports to the office
    assert [u.id for u in await orgs.curators_to_notify(other.id)] == []
    lonely = await make_org(session, "Школа 3", parent=office)
    assert [u.id for u in await orgs.curators_to_notify(lonely.id)] == [municipal.user.id]


async def test_mentor_and_mentee_cannot_manage(session: AsyncSession) -> None:
    org = await make_org(session)
    mentor = await join(session, 20, org, Role.MENTOR)
    assert not await OrgService(session).can_manage(mentor.user.id, org.id)


async def test_forget_deletes_everything_personal(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        joined = await join(session, 30, org, Role.MENTEE)
        other = await join(session, 31, org, Role.MENTOR)
        store = QuestionnaireStore(session, forms)
        step = await store.start(joined.user, joined.membership, "mentee_intake", NOW)
        await store.answer(step.response, "full_name", "Иванова Анна", NOW)
        session.add(FsmRecord(key="bot:30:30", user_id=30, state="x", data={}))
        # a conversation in a group chat is the same person's too
        session.add(FsmRecord(key="bot:-500:30", user_id=30, state="x", data={}))
        session.add(FsmRecord(key="bot:31:31", user_id=31, state="x", data={}))
        # a curator's invite created by the person survives, without its author
        await make_invite(session, org, Role.MENTEE)
        withdrawal = await Erasure(session).withdraw(joined.user, NOW)
        assert withdrawal.memberships == [(org.id, Role.MENTEE)]
    async with session_factory() as session:
        assert await session.scalar(select(User).where(User.telegram_id == 30)) is None
        assert await count(session, Answer) == 0
        assert await count(session, QuestionnaireResponse) == 0
        assert list(await session.scalars(select(FsmRecord.key))) == ["bot:31:31"]
        remaining = list(await session.scalars(select(Membership.user_id)))
        assert remaining == [other.user.id]
        event = await session.scalar(select(AuditEvent))
        assert event is not None
        assert event.kind == "consent_withdrawn"
        assert event.role == "mentee"
        assert event.detail is None


async def test_bank_lists_mentors_and_mentees_with_paging(session: AsyncSession) -> None:
    org = await make_org(session)
    await join(session, 40, org, Role.CURATOR)
    for telegram_id in range(41, 52):
        await join(session, telegram_id, org, Role.MENTEE if telegram_id % 2 else Role.MENTOR)
    people = PeopleService(session)
    first, total = await people.bank(org.id, offset=0, limit=8)
    second, _ = await people.bank(org.id, offset=8, limit=8)
    assert total == 11
    assert len(first) == 8
    assert len(second) == 3
    assert all(m.role is not Role.CURATOR for m, _ in first + second)
    assert len({m.id for m, _ in first + second}) == 11

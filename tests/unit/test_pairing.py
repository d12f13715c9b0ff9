"""Forming pairs: proposals from real answers, offers, both sides' consent, confirmation,
groups, early ends, and the database guarding races."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Assignment, AssignmentState, Membership, MentoringType, OrgKind, Role
from services.errors import DomainError
from services.matching import MatchWeights
from services.matching.proposal import UnmatchedReason
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from tests.unit.factories import NOW, make_org
from tests.unit.pairing_factories import add_person

W = MatchWeights()


async def test_proposal_uses_answers_and_capacity(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    math = await add_person(session, forms, org, 1, Role.MENTOR, "Математик", capacity=2)
    await add_person(
        session, forms, org, 2, Role.MENTOR, "Историк", subjects=["history"], format="online"
    )
    e1 = await add_person(session, forms, org, 11, Role.MENTEE, "Первая")
    e2 = await add_person(session, forms, org, 12, Role.MENTEE, "Вторая")
    e3 = await add_person(session, forms, org, 13, Role.MENTEE, "Третья", subjects=["history"])
    view = await PairingService(session, W).proposal(org)
    pairs = {p.mentee_id: p.mentor_id for p in view.proposal.pairs}
    assert pairs[e1.id] == math.id
    assert pairs[e2.id] == math.id
    assert pairs[e3.id] != math.id
    assert view.proposal.unmatched == ()
    assert len(view.version) == 10


async def test_offer_consent_confirm_and_group(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник", capacity=2)
    e1 = await add_person(session, forms, org, 11, Role.MENTEE, "Первая")
    e2 = await add_person(session, forms, org, 12, Role.MENTEE, "Вторая")
    service = PairingService(session, W)
    first = await service.offer(org, e1.id, mentor.id, by_user_id=None, now=NOW)
    second = await service.offer(org, e2.id, mentor.id, by_user_id=None, now=NOW)
    assert mentor.load == 2
    third = await add_person(session, forms, org, 13, Role.MENTEE, "Третья")
    with pytest.raises(DomainError) as full:
        await service.offer(org, third.id, mentor.id, by_user_id=None, now=NOW)
    assert full.value.key == "pairing-mentor-full"

    replied = await service.reply(first.assignment, mentor.id, accept=True, reason=None, now=NOW)
    assert not replied.agreed
    replied = await service.reply(first.assignment, e1.id, accept=True, reason=None, now=NOW)
    assert replied.agreed
    assert first.assignment.state is AssignmentState.AGREED
    with pytest.raises(DomainError):
        await service.reply(first.assignment, e1.id, accept=True, reason=None, now=NOW)
    await service.confirm(first.assignment, NOW)
    confirmed = await service.get(first.assignment.id)
    assert confirmed.state is AssignmentState.ACTIVE
    assert first.assignment.confirmed_at == NOW

    group = await service.make_group(first.pairing)
    assert group.type is MentoringType.GROUP
    pairing, members = await service.pairing(group.id)
    assert {a.mentee_membership_id for a in members} == {e1.id, e2.id}
    assert second.assignment.pairing_id == pairing.id


async def test_decline_returns_mentee_and_excludes_that_mentor(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    first_choice = await add_person(session, forms, org, 1, Role.MENTOR, "Первый")
    backup = await add_person(session, forms, org, 2, Role.MENTOR, "Запасной", format="online")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
    service = PairingService(session, W)
    view = await service.proposal(org)
    assert view.proposal.pairs[0].mentor_id == first_choice.id
    offered = await service.offer(org, mentee.id, first_choice.id, by_user_id=None, now=NOW)
    assert (await service.proposal(org)).proposal.pairs == ()
    await service.reply(offered.assignment, mentee.id, accept=False, reason="format", now=NOW)
    assert offered.assignment.state is AssignmentState.DECLINED
    assert offered.assignment.declined_by == "mentee"
    assert first_choice.load == 0
    again = await service.proposal(org)
    assert [(p.mentee_id, p.mentor_id) for p in again.proposal.pairs] == [(mentee.id, backup.id)]
    with pytest.raises(DomainError) as previous:
        await service.offer(org, mentee.id, first_choice.id, by_user_id=None, now=NOW)
    assert previous.value.key == "pairing-previous-mentor"


async def test_end_early_frees_the_place(session: AsyncSession, forms: dict[str, Form]) -> None:
    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
    service = PairingService(session, W)
    offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
    await service.end(offered.assignment, "not_fit", NOW)
    assert mentor.load == 0
    view = await service.proposal(org)
    assert view.proposal.pairs == ()
    assert [u.reason for u in view.proposal.unmatched] == [UnmatchedReason.NO_ELIGIBLE_MENTOR]
    assert mentee.id in view.pool.declined


async def test_municipal_bank_only_when_asked_and_open(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    office = await make_org(session, "МКУ", OrgKind.MUNICIPALITY)
    school = await make_org(session, "Школа 1", parent=office)
    other = await make_org(session, "Школа 2", parent=office)
    mentee = await add_person(session, forms, school, 11, Role.MENTEE, "Наставляемая")
    closed = await add_person(session, forms, other, 1, Role.MENTOR, "Закрытый")
    opened = await add_person(
        session, forms, other, 2, Role.MENTOR, "Открытый", open_to_others=True
    )
    service = PairingService(session, W)
    assert (await service.proposal(school)).proposal.pairs == ()
    view = await service.proposal(school, municipal=True)
    assert [(p.mentee_id, p.mentor_id) for p in view.proposal.pairs] == [(mentee.id, opened.id)]
    with pytest.raises(DomainError):
        await service.offer(school, mentee.id, closed.id, by_user_id=None, now=NOW)


async def test_the_database_refuses_a_second_open_pair_and_overload(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
    mentor_id = mentor.id
    await PairingService(session, W).offer(org, mentee.id, mentor_id, by_user_id=None, now=NOW)
    await session.commit()
    with pytest.raises(IntegrityError):
        await session.execute(
            text(
                "INSERT INTO assignments (pairing_id, org_id, mentor_membership_id, mentee_membership_id,"
                " state, is_open, mentor_reply, mentee_reply, offered_at)"
                " SELECT pairing_id, org_id, mentor_membership_id, mentee_membership_id, 'offered', TRUE,"
                " 'pending', 'pending', offered_at FROM assignments"
            )
        )
    await session.rollback()
    with pytest.raises(IntegrityError):
        await session.execute(text(f"UPDATE memberships SET load = 2 WHERE id = {mentor_id}"))


async def test_two_curators_at_once_make_one_pair(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        one = await add_person(session, forms, org, 1, Role.MENTOR, "Первый")
        two = await add_person(session, forms, org, 2, Role.MENTOR, "Второй")
        mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
        late = await add_person(session, forms, org, 12, Role.MENTEE, "Вторая")
        ids = (org.id, one.id, two.id, mentee.id, late.id)

    async def offer(mentee_id: int, mentor_id: int) -> str:
        async with session_factory() as session:
            org_row = await session.get(type(org), ids[0])
            assert org_row is not None
            try:
                await PairingService(session, W).offer(
                    org_row, mentee_id, mentor_id, by_user_id=None, now=NOW
                )
                await session.commit()
            except DomainError as error:
                await session.rollback()
                return error.key
            return "ok"

    # the same mentee to two mentors at once
    results = await asyncio.gather(offer(ids[3], ids[1]), offer(ids[3], ids[2]))
    assert sorted(results) == ["ok", "pairing-mentee-taken"]
    # two mentees to the last place of one mentor at once
    busy = ids[1] if results[0] == "ok" else ids[2]
    free = ids[2] if busy == ids[1] else ids[1]
    results = await asyncio.gather(offer(ids[4], free), offer(ids[4], free))
    assert sorted(results) == ["ok", "pairing-mentee-taken"]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Assignment)) == 2
        loads = {m.id: m.load for m in await session.scalars(select(Membership))}
        assert loads[ids[1]] == 1
        assert loads[ids[2]] == 1


async def test_full_mentor_race(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Один", capacity=1)
        a = await add_person(session, forms, org, 11, Role.MENTEE, "А")
        b = await add_person(session, forms, org, 12, Role.MENTEE, "Б")
        ids = (org.id, mentor.id, a.id, b.id)

    async def offer(mentee_id: int) -> str:
        async with session_factory() as session:
            org_row = await session.get(type(org), ids[0])
            assert org_row is not None
            try:
                await PairingService(session, W).offer(
                    org_row, mentee_id, ids[1], by_user_id=None, now=NOW
                )
                await session.commit()
            except DomainError as error:
                await session.rollback()
                return error.key
            return "ok"

    results = await asyncio.gather(offer(ids[2]), offer(ids[3]))
    assert sorted(results) == ["ok", "pairing-mentor-full"]
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Assignment)) == 1
        mentor_row = await session.get(Membership, ids[1])
        assert mentor_row is not None
        assert mentor_row.load == 1


async def test_withdrawal_frees_the_mentors_place(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    from models import User
    from services.erasure import Erasure

    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Наставник")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
    other = await add_person(session, forms, org, 12, Role.MENTEE, "Другая")
    service = PairingService(session, W)
    await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
    assert mentor.load == 1
    leaving = await session.get(User, mentee.user_id)
    assert leaving is not None
    await Erasure(session).withdraw(leaving, NOW)
    await session.refresh(mentor)
    assert mentor.load == 0
    assert await session.scalar(select(func.count()).select_from(Assignment)) == 0
    view = await service.proposal(org)
    assert [(p.mentee_id, p.mentor_id) for p in view.proposal.pairs] == [(other.id, mentor.id)]


async def test_preferences_rank_and_weigh_in(session: AsyncSession, forms: dict[str, Form]) -> None:
    from services.pairing import preferences

    org = await make_org(session)
    plain = await add_person(session, forms, org, 1, Role.MENTOR, "Первый")
    liked = await add_person(session, forms, org, 2, Role.MENTOR, "Второй", format="online")
    also = await add_person(session, forms, org, 3, Role.MENTOR, "Третий")
    extra = await add_person(session, forms, org, 4, Role.MENTOR, "Четвёртый")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Наставляемая")
    service = PairingService(session, W)
    assert (await service.proposal(org)).proposal.pairs[0].mentor_id != liked.id
    assert await preferences.toggle(session, mentee, liked, NOW) == [liked.id]
    assert await preferences.toggle(session, mentee, also, NOW) == [liked.id, also.id]
    assert await preferences.toggle(session, mentee, plain, NOW) == [liked.id, also.id, plain.id]
    with pytest.raises(DomainError) as too_many:
        await preferences.toggle(session, mentee, extra, NOW)
    assert too_many.value.key == "pref-too-many"
    # removing the first closes the gap
    assert await preferences.toggle(session, mentee, liked, NOW) == [also.id, plain.id]
    assert await preferences.toggle(session, mentee, liked, NOW) == [also.id, plain.id, liked.id]
    await preferences.toggle(session, mentee, also, NOW)
    await preferences.toggle(session, mentee, plain, NOW)
    view = await service.proposal(org)
    pair = view.proposal.pairs[0]
    assert pair.mentor_id == liked.id
    assert any(r.kind.value == "preference" and r.rank == 1 for r in pair.score.reasons)
    # a mentor cannot rank a mentor
    with pytest.raises(DomainError):
        await preferences.toggle(session, plain, liked, NOW)

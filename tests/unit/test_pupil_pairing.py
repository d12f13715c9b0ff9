"""Pairs with pupils: forms the school enabled, the derived form, safeguarding, parents' notices."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from models import AssignmentState, MentoringForm, Organization, Role
from models.person import AgeBand
from services.errors import DomainError
from services.matching import MatchWeights
from services.matching.proposal import UnmatchedReason
from services.pairing.service import ENDED_FOR_GUARDIANS, PairingService
from services.questionnaire.schema import Form
from tests.unit.factories import NOW, make_org
from tests.unit.pairing_factories import add_person
from tests.unit.pupil_factories import add_external, add_parent, add_pupil

W = MatchWeights()
PUPIL_FORMS = ["teacher_teacher", "teacher_pupil", "pupil_pupil", "employer_pupil"]


async def _enable(session: AsyncSession, org: Organization, forms: list[str]) -> None:
    org.enabled_forms = forms
    await session.flush()


async def test_offer_refuses_a_form_the_school_did_not_enable(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    teacher = await add_person(session, forms, org, 1, Role.MENTOR, "Учитель", capacity=3)
    pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
    service = PairingService(session, W)
    with pytest.raises(DomainError) as refused:
        await service.offer(org, pupil.id, teacher.id, by_user_id=None, now=NOW)
    assert refused.value.key == "pairing-form-not-enabled"
    assert teacher.load == 0
    await _enable(session, org, PUPIL_FORMS)
    offered = await service.offer(org, pupil.id, teacher.id, by_user_id=None, now=NOW)
    assert offered.pairing.form is MentoringForm.TEACHER_PUPIL


async def test_offer_refuses_a_peer_of_the_same_class_and_outsiders_for_teachers(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    await _enable(session, org, [*PUPIL_FORMS, "student_pupil"])
    peer = await add_pupil(session, forms, org, 1, Role.MENTOR, "Оля", grade=6)
    older = await add_pupil(session, forms, org, 2, Role.MENTOR, "Аня", grade=9)
    employer = await add_external(session, forms, org, 3, "Иван Петрович")
    pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
    teacher = await add_person(session, forms, org, 12, Role.MENTEE, "Молодой учитель")
    service = PairingService(session, W)
    for mentee, mentor in ((pupil, peer), (teacher, employer), (teacher, older)):
        with pytest.raises(DomainError) as refused:
            await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
        assert refused.value.key == "pairing-form-not-enabled"
    offered = await service.offer(org, pupil.id, older.id, by_user_id=None, now=NOW)
    assert offered.pairing.form is MentoringForm.PUPIL_PUPIL


async def test_proposal_pairs_pupils_only_within_enabled_forms(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    teacher = await add_person(session, forms, org, 1, Role.MENTOR, "Учитель", capacity=1)
    older = await add_pupil(session, forms, org, 2, Role.MENTOR, "Аня", grade=9)
    pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
    colleague = await add_person(session, forms, org, 12, Role.MENTEE, "Коллега")
    service = PairingService(session, W)
    view = await service.proposal(org)  # teacher forms only
    assert {(p.mentee_id, p.mentor_id) for p in view.proposal.pairs} == {(colleague.id, teacher.id)}
    assert [(u.mentee_id, u.reason) for u in view.proposal.unmatched] == [
        (pupil.id, UnmatchedReason.NO_FORM_MENTOR)
    ]
    await _enable(session, org, ["teacher_teacher", "pupil_pupil"])
    view = await service.proposal(org)
    assert {(p.mentee_id, p.mentor_id) for p in view.proposal.pairs} == {
        (colleague.id, teacher.id),
        (pupil.id, older.id),
    }
    _, ranked = await service.candidates(org, pupil.id)
    assert [mentor_id for mentor_id, _ in ranked] == [older.id]


async def test_form_label_cannot_contradict_the_participants(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    mentor = await add_person(session, forms, org, 1, Role.MENTOR, "Учитель")
    mentee = await add_person(session, forms, org, 11, Role.MENTEE, "Учитель 2")
    service = PairingService(session, W)
    offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
    assert offered.pairing.form is MentoringForm.TEACHER_TEACHER
    with pytest.raises(DomainError) as refused:
        await service.set_form(offered.pairing, MentoringForm.TEACHER_PUPIL)
    assert refused.value.key == "pairing-form-fixed"
    assert offered.pairing.form is MentoringForm.TEACHER_TEACHER
    await service.set_form(offered.pairing, MentoringForm.TEACHER_TEACHER)


async def test_outside_mentor_with_a_minor_needs_the_school_check(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    await _enable(session, org, PUPIL_FORMS)
    employer = await add_external(session, forms, org, 1, "Иван Петрович", capacity=2)
    minor = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
    adult = await add_pupil(
        session, forms, org, 12, Role.MENTEE, "Выпускница", grade=11, band=AgeBand.ADULT
    )
    service = PairingService(session, W)
    offers = []
    for mentee in (minor, adult):
        offered = await service.offer(org, mentee.id, employer.id, by_user_id=None, now=NOW)
        for side in (employer.id, mentee.id):
            await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
        offers.append(offered)
    first, second = offers
    assert await service.needs_check(first.pairing, first.assignment)
    with pytest.raises(DomainError) as refused:
        await service.confirm(first.assignment, NOW)
    assert refused.value.key == "pairing-safeguarding-needed"
    assert first.assignment.state is AssignmentState.AGREED
    await service.record_check(first.pairing, None, NOW)
    await service.confirm(first.assignment, NOW)
    assert (await service.get(first.assignment.id)).state is AssignmentState.ACTIVE
    assert first.pairing.safeguarding_checked_at == NOW
    # an adult pupil (18+) needs no check
    assert not await service.needs_check(second.pairing, second.assignment)
    await service.confirm(second.assignment, NOW)


async def test_ending_a_confirmed_pupil_pair_leaves_its_parents_to_tell(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    org = await make_org(session)
    await _enable(session, org, PUPIL_FORMS)
    older = await add_pupil(session, forms, org, 1, Role.MENTOR, "Аня", grade=9)
    pupil = await add_pupil(session, forms, org, 11, Role.MENTEE, "Петя", grade=6)
    mother = await add_parent(session, org, 500, pupil, "Мама Пети")
    peer_mother = await add_parent(session, org, 501, older, "Мама Ани")
    service = PairingService(session, W)
    offered = await service.offer(org, pupil.id, older.id, by_user_id=None, now=NOW)
    for side in (older.id, pupil.id):
        await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
    assert not session.info.get(ENDED_FOR_GUARDIANS)  # an agreed, unconfirmed pair
    await service.confirm(offered.assignment, NOW)
    await service.end(offered.assignment, "completed_early", NOW)
    ended = session.info.pop(ENDED_FOR_GUARDIANS)
    assert {(e.guardian_user_id, e.child_user_id) for e in ended} == {
        (mother.id, pupil.user_id),
        (peer_mother.id, older.user_id),
    }

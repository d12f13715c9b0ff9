"""Pupils' surveys (issue 12): a pupil mentee gets the interim and final surveys in a teenager's
words; teachers, pupil mentors and external mentors keep theirs; a pupil's 1–10 answers count
in the mentees' satisfaction like a teacher's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Assignment,
    Audience,
    Membership,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    SurveyResult,
    User,
)
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from services.reports.dataset import load_dataset, satisfaction_items
from services.surveys.answering import SurveyAnswers
from services.surveys.campaigns import CampaignService
from services.surveys.forms import subject_of
from tests.unit.survey_factories import Pair, active_pair

JAN = datetime(2027, 1, 20, 6, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


async def _group(
    session: AsyncSession, forms: dict[str, Form], mentor: Audience, *mentees: Audience
) -> Pair:
    """A group whose members came by links of these audiences."""
    pair = await active_pair(
        session, forms, confirmed=CONFIRMED, mentee_tgs=tuple(11 + i for i in range(len(mentees)))
    )
    pair.mentor.audience = mentor
    for membership, audience in zip(pair.mentees, mentees, strict=True):
        membership.audience = audience
    await session.flush()
    return pair


async def _by_kind(
    session: AsyncSession, invitations: list[SurveyInvitation]
) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for invitation in invitations:
        campaign = await session.get(SurveyCampaign, invitation.campaign_id)
        assert campaign is not None
        found.setdefault(campaign.kind.value, []).append(
            (invitation.membership_id, invitation.form_id)
        )
    return found


async def test_the_final_stage_gives_each_member_the_form_of_their_audience(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _group(session, forms, Audience.EXTERNAL, Audience.PUPIL, Audience.TEACHER)
    invitations = await CampaignService(session).open_final_stage(
        pair.pairing.id, now=JAN, open_days=14
    )
    mentor, (pupil, teacher) = pair.mentor.id, [m.id for m in pair.mentees]
    by_kind = await _by_kind(session, invitations)
    assert by_kind["final"] == [
        (mentor, "final_mentor"),  # an external mentor answers the mentor's form
        (pupil, "final_pupil"),
        (teacher, "final_mentee"),
    ]
    assert by_kind["exit"] == [(pupil, "self_assessment_pupil"), (teacher, "self_assessment")]
    assert by_kind["mentor_report"] == [(mentor, "mentor_report")]


async def test_a_pupils_entry_self_assessment_asks_the_pupils_catalogue(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _group(session, forms, Audience.TEACHER, Audience.PUPIL, Audience.TEACHER)
    service = CampaignService(session)
    assignments = list(
        await session.scalars(
            select(Assignment)
            .where(Assignment.pairing_id == pair.pairing.id)
            .order_by(Assignment.id)
        )
    )
    made = [
        await service.open_entry(a, pair.program, now=CONFIRMED, open_days=14) for a in assignments
    ]
    assert [(i.membership_id, i.form_id) for i in made if i is not None] == [
        (pair.mentees[0].id, "self_assessment_pupil"),
        (pair.mentees[1].id, "self_assessment"),
    ]


async def test_the_interim_survey_follows_the_audience_too(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _group(session, forms, Audience.PUPIL, Audience.PUPIL, Audience.TEACHER)
    opened = await CampaignService(session).open_interim(
        pair.org, 2027, now=JAN, open_days=14, created_by=None
    )
    assert opened is not None
    mentor, (pupil, teacher) = pair.mentor.id, [m.id for m in pair.mentees]
    assert sorted((i.membership_id, i.form_id) for i in opened.invitations) == sorted(
        [
            (mentor, "interim_mentor"),  # a peer mentor keeps the mentor's questions
            (pupil, "interim_pupil"),
            (teacher, "interim_mentee"),
        ]
    )


async def test_a_teachers_pair_still_gets_the_teachers_forms(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _group(session, forms, Audience.TEACHER, Audience.TEACHER)
    invitations = await CampaignService(session).open_final_stage(
        pair.pairing.id, now=JAN, open_days=14
    )
    assert (await _by_kind(session, invitations))["final"] == [
        (pair.mentor.id, "final_mentor"),
        (pair.mentees[0].id, "final_mentee"),
    ]


async def test_a_pupils_answers_count_in_the_mentees_satisfaction(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    pair = await _group(session, forms, Audience.TEACHER, Audience.PUPIL, Audience.TEACHER)
    invitations = await CampaignService(session).open_final_stage(
        pair.pairing.id, now=JAN, open_days=14
    )
    store = QuestionnaireStore(session, forms)
    scales = {
        "effectiveness": 10,
        "comfort": 10,
        "group_meetings": None,
        "individual_meetings": 10,
        "planning": 10,
        "plan_execution": 10,
        "clarity": 10,
    }
    texts = dict.fromkeys(("expectations", "expectations_met", "most_valuable", "missing"))
    finals = {i.form_id: i for i in invitations if i.form_id in ("final_pupil", "final_mentee")}
    for form_id, invitation in finals.items():
        answers = {**scales, **texts, "liked": True, "would_continue": True}
        if form_id == "final_mentee":
            answers |= {"growth_5y": True} | {k: 4 for k, v in scales.items() if v is not None}
        _, _, membership = await SurveyAnswers(session).for_taking(
            invitation.id, await _user(session, invitation.membership_id), JAN
        )
        owner = await session.get(User, membership.user_id)
        assert owner is not None
        step = await store.start(
            owner, membership, invitation.form_id, JAN, subject=subject_of(invitation.id)
        )
        for question_id, value in answers.items():
            await store.save(step.response, question_id, value, JAN)
        done = await store.complete(step.response, JAN + timedelta(minutes=5))
        await SurveyAnswers(session).complete(done.response, done.form, done.answers, JAN)
    rows = list(
        await session.scalars(select(SurveyResult).where(SurveyResult.form_id == "final_pupil"))
    )
    assert rows
    assert {(r.kind, r.role) for r in rows} == {(SurveyKind.FINAL, "mentee")}
    # the pupil's items are the mentee's items: one list, one mean per respondent
    assert satisfaction_items(forms) == satisfaction_items(
        {k: v for k, v in forms.items() if k != "final_pupil"}
    )
    dataset = await load_dataset(session, pair.org, now=JAN + timedelta(days=1), forms=forms)
    means = sorted(s.mean for s in dataset.satisfaction if s.role == "mentee")
    assert means == [4.0, 10.0]


async def _user(session: AsyncSession, membership_id: int) -> int:
    membership = await session.get(Membership, membership_id)
    assert membership is not None
    assert membership.user_id is not None
    return membership.user_id

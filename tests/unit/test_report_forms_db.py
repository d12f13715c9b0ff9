"""Pupils' programs read from a real database into the report, and `set-org --pupils`."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    Assignment,
    AssignmentState,
    Audience,
    Membership,
    MentoringForm,
    MentoringType,
    Organization,
    Pairing,
    Program,
    Role,
    SurveyCampaign,
    SurveyKind,
    SurveyResult,
)
from services.questionnaire.schema import Form, QuestionType
from services.reports.dataset import load_dataset, program_of_final_key, satisfaction_items
from services.reports.indicators import Mean, Share, compute
from services.reports.xlsx import build_workbook
from services.surveys.forms import program_key
from tests.unit.cli_runner import run_cli
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

REPORT_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _member(
    session: AsyncSession,
    org: Organization,
    telegram_id: int,
    role: Role,
    name: str,
    audience: Audience,
    grade: int | None = None,
    mentor_kind: str | None = None,
) -> Membership:
    joined = await join(session, telegram_id, org, role)
    joined.user.full_name = name
    membership = joined.membership
    membership.audience = audience
    membership.grade = grade
    membership.mentor_kind = mentor_kind
    membership.profile_completed_at = NOW
    await session.flush()
    return membership


async def _pairing(
    session: AsyncSession,
    org: Organization,
    form: MentoringForm,
    mentor: Membership,
    mentee: Membership,
    state: AssignmentState = AssignmentState.ACTIVE,
) -> Pairing:
    pairing = Pairing(
        org_id=org.id,
        mentor_membership_id=mentor.id,
        form=form,
        type=MentoringType.TRADITIONAL,
    )
    session.add(pairing)
    await session.flush()
    session.add(
        Assignment(
            pairing_id=pairing.id,
            org_id=org.id,
            mentor_membership_id=mentor.id,
            mentee_membership_id=mentee.id,
            state=state,
            is_open=state is AssignmentState.ACTIVE,
            confirmed_at=NOW,
            reason="left" if state is AssignmentState.ENDED else None,
        )
    )
    session.add(
        Program(
            pairing_id=pairing.id,
            org_id=org.id,
            start_on=date(2026, 10, 1),
            end_on=date(2027, 5, 31),
        )
    )
    await session.flush()
    return pairing


async def _final_answer(
    session: AsyncSession,
    org: Organization,
    key: str,
    role: str,
    form_id: str,
    respondent: str,
    scores: dict[str, int],
) -> None:
    campaign = await session.scalar(
        select(SurveyCampaign).where(SurveyCampaign.org_id == org.id, SurveyCampaign.key == key)
    )
    if campaign is None:
        campaign = SurveyCampaign(
            org_id=org.id,
            kind=SurveyKind.FINAL,
            key=key,
            opens_at=NOW,
            closes_at=NOW + timedelta(days=14),
        )
        session.add(campaign)
        await session.flush()
    for question, value in scores.items():
        session.add(
            SurveyResult(
                campaign_id=campaign.id,
                org_id=org.id,
                kind=SurveyKind.FINAL,
                role=role,
                form_id=form_id,
                question_id=question,
                respondent=respondent,
                value_num=value,
            )
        )
    await session.flush()


async def test_pupils_programs_from_the_database(
    session: AsyncSession, forms: dict[str, Form], translator: Translator
) -> None:
    async with session.begin():
        org = await make_org(session, "МБОУ СОШ № 12")
        org.pupils_total = 200
        teacher = await add_person(session, forms, org, 1, Role.MENTOR, "Учителева Ульяна")
        peer = await _member(session, org, 2, Role.MENTOR, "Лев", Audience.PUPIL, grade=10)
        employer = await _member(
            session, org, 3, Role.MENTOR, "Романов Роман", Audience.EXTERNAL, mentor_kind="employer"
        )
        mila = await _member(session, org, 11, Role.MENTEE, "Мила", Audience.PUPIL, grade=7)
        nikita = await _member(session, org, 12, Role.MENTEE, "Никита", Audience.PUPIL, grade=8)
        rita = await _member(session, org, 13, Role.MENTEE, "Рита", Audience.PUPIL, grade=9)
        await _member(session, org, 14, Role.MENTEE, "Оля", Audience.PUPIL, grade=6)
        peer_pair = await _pairing(session, org, MentoringForm.PUPIL_PUPIL, peer, mila)
        employer_pair = await _pairing(session, org, MentoringForm.EMPLOYER_PUPIL, employer, nikita)
        await _pairing(
            session, org, MentoringForm.TEACHER_PUPIL, teacher, rita, AssignmentState.ENDED
        )
        rows = await session.execute(select(Program.pairing_id, Program.id))
        programs = dict(rows.all())
        # pupils answer the pupils' final form; the employer the mentors' form
        peer_key = program_key(programs[peer_pair.id], SurveyKind.FINAL)
        employer_key = program_key(programs[employer_pair.id], SurveyKind.FINAL)
        await _final_answer(
            session,
            org,
            peer_key,
            "mentee",
            "final_pupil",
            "p1",
            {"effectiveness": 6, "comfort": 8},
        )
        await _final_answer(
            session, org, employer_key, "mentee", "final_pupil", "p2", {"effectiveness": 10}
        )
        await _final_answer(
            session, org, employer_key, "mentor", "final_mentor", "p3", {"effectiveness": 9}
        )
        # an organization-wide campaign: counted in the totals, under no form
        await _final_answer(
            session, org, "final:2027", "mentee", "final_pupil", "p4", {"effectiveness": 4}
        )
    data = await load_dataset(session, org, now=REPORT_AT, forms=forms)

    assert [(o.teachers_total, o.pupils_total) for o in data.orgs] == [(None, 200)]
    people = {p.name: p for p in data.people}
    assert (people["Мила"].audience, people["Мила"].grade) == ("pupil", 7)
    assert people["Романов Роман"].audience == "external"
    assert people["Учителева Ульяна"].audience == "teacher"
    assert sorted(p.form for p in data.pairs) == ["employer_pupil", "pupil_pupil", "teacher_pupil"]
    answered = sorted((s.survey_form, s.form, s.mean) for s in data.satisfaction)
    assert answered == [
        ("final_mentor", "employer_pupil", 9.0),
        ("final_pupil", "", 4.0),
        ("final_pupil", "employer_pupil", 10.0),
        ("final_pupil", "pupil_pupil", 7.0),
    ]

    ind = compute(data)
    # Лев (peer mentor), Мила and Никита; Рита's pair ended, Оля waits
    assert ind.pupils_involved == Share(3, 200)
    assert ind.pupils_without_pair == 2
    assert ind.teachers_involved == Share(1, None)
    assert ind.satisfaction_pupils == Mean(7.0, 3)
    by_form = {f.form: f for f in ind.by_form}
    assert list(by_form) == ["teacher_pupil", "pupil_pupil", "employer_pupil"]
    assert by_form["pupil_pupil"].satisfaction_mentees == Mean(7.0, 1)
    assert by_form["employer_pupil"].satisfaction_mentees == Mean(10.0, 1)
    assert by_form["employer_pupil"].satisfaction_mentors == Mean(9.0, 1)
    assert (by_form["teacher_pupil"].ended, by_form["teacher_pupil"].mentees) == (1, 1)

    book = load_workbook(io.BytesIO(build_workbook(data, translator.bind("ru"), forms)))
    sheet = book["По формам наставничества"]
    assert [sheet.cell(row, 1).value for row in (2, 3, 4)] == [
        "учитель – ученик",
        "ученик – ученик",
        "работодатель – ученик",
    ]


def test_final_campaign_keys() -> None:
    assert program_of_final_key(program_key(12, SurveyKind.FINAL)) == 12
    assert program_of_final_key(program_key(12, SurveyKind.EXIT)) is None
    assert program_of_final_key("final:2027") is None
    assert program_of_final_key("program:x:final") is None


def test_pupils_final_form_items_count_when_the_form_exists(forms: dict[str, Form]) -> None:
    # before final_pupil.yaml exists the reports read the other final forms' items
    without = {k: v for k, v in forms.items() if k != "final_pupil"}
    assert "effectiveness" in satisfaction_items(without)
    # a 1–10 item only the pupils' form has is a satisfaction item too
    mentee = forms["final_mentee"]
    scale = next(q for q in mentee.questions if q.type is QuestionType.SCALE)
    pupil_form = mentee.model_copy(
        update={
            "id": "final_pupil",
            "questions": (scale.model_copy(update={"id": "school_life"}),),
        }
    )
    assert "school_life" not in satisfaction_items(without)
    assert "school_life" in satisfaction_items({**without, "final_pupil": pupil_form})


def _set_org(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(db_url, "set-org", *args)


async def test_set_org_pupils(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        org_id = (await make_org(session, "МБОУ СОШ № 3")).id

    done = _set_org(db_url, str(org_id), "--pupils", "640")
    assert done.returncode == 0, done.stderr
    assert "teachers unknown, pupils 640" in done.stdout
    for bad in ("-5", "0", "abc", "12.5", "20001"):
        refused = _set_org(db_url, str(org_id), "--pupils", bad)
        assert refused.returncode == 2, bad
        assert "refused: --pupils: a whole number from 1 to 20000" in refused.stderr
    # a refused value leaves the number as it was, and the other settings alone
    both = _set_org(db_url, str(org_id), "--teachers", "48", "--pupils", "nope")
    assert both.returncode == 2
    async with session_factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert (org.pupils_total, org.teachers_total) == (640, None)

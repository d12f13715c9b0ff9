"""Reading a school (and a municipal office) from a real database into report records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    Organization,
    OrgKind,
    Role,
    SurveyCampaign,
    SurveyKind,
    SurveyResult,
)
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository
from services.pairing.service import Offered, PairingService
from services.questionnaire.schema import Form
from services.reports.dataset import DEFAULT_SATISFACTION_ITEMS, load_dataset, satisfaction_items
from services.reports.indicators import compute
from services.reports.records import Dataset, PairStatus
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

START = date(2026, 9, 7)
REPORT_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _pair(session: AsyncSession, org: Organization, mentee: int, mentor: int) -> Offered:
    service = PairingService(session, MatchWeights())
    offered = await service.offer(org, mentee, mentor, by_user_id=None, now=NOW)
    for side in (mentor, mentee):
        await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
    await service.confirm(offered.assignment, NOW)
    await MeetingRepository(session).ensure_program(offered.pairing, START, PlanSettings())
    return offered


async def _hold_first(session: AsyncSession, pairing_id: int, at: datetime) -> None:
    repo = MeetingRepository(session)
    first = (await repo.meetings(pairing_id))[0]
    await repo.schedule(await repo.context(first.id), at, fmt="online", place=None)
    await repo.record_log(await repo.context(first.id), {"duration": 40, "topics": "Цели"}, at)


async def _results(
    session: AsyncSession,
    org: Organization,
    kind: SurveyKind,
    role: str,
    form_id: str,
    respondent: str,
    nums: dict[str, int],
    options: dict[str, list[str]] | None = None,
) -> None:
    campaign = await session.scalar(
        select(SurveyCampaign).where(SurveyCampaign.org_id == org.id, SurveyCampaign.kind == kind)
    )
    if campaign is None:
        campaign = SurveyCampaign(
            org_id=org.id,
            kind=kind,
            key=f"{kind.value}:test",
            opens_at=NOW,
            closes_at=NOW + timedelta(days=14),
        )
        session.add(campaign)
        await session.flush()
    common = {
        "campaign_id": campaign.id,
        "org_id": org.id,
        "kind": kind,
        "role": role,
        "form_id": form_id,
        "respondent": respondent,
    }
    for question, value in nums.items():
        session.add(SurveyResult(**common, question_id=question, value_num=value))
    for question, chosen in (options or {}).items():
        for option in chosen:
            session.add(SurveyResult(**common, question_id=question, value_option=option))
    await session.flush()


async def _school(session: AsyncSession, forms: dict[str, Form]) -> Organization:
    org = await make_org(session, "МБОУ СОШ № 3")
    org.teachers_total = 30
    curator = await join(session, 50, org, Role.CURATOR)
    curator.user.full_name = "Куратова Елена"
    a = await add_person(session, forms, org, 1, Role.MENTOR, "Абрамова Анна", capacity=2)
    b = await add_person(session, forms, org, 2, Role.MENTOR, "Белов Борис")
    c = await add_person(session, forms, org, 3, Role.MENTOR, "Васильева Вера")
    d = await add_person(session, forms, org, 11, Role.MENTEE, "Данилова Дарья", experience_years=1)
    e = await add_person(
        session,
        forms,
        org,
        12,
        Role.MENTEE,
        "Егоров Егор",
        experience_years=2,
        subjects=["physics", "math"],
    )
    f = await add_person(session, forms, org, 13, Role.MENTEE, "Фомина Фаина", experience_years=10)
    g = await add_person(session, forms, org, 14, Role.MENTEE, "Гусев Глеб", experience_years=0)
    h = await add_person(session, forms, org, 15, Role.MENTEE, "Харитонова Ха", experience_years=3)
    service = PairingService(session, MatchWeights())
    # a group of A with D and F; its first meeting held
    group = await _pair(session, org, d.id, a.id)
    await _pair(session, org, f.id, a.id)
    await service.make_group(group.pairing)
    await _hold_first(session, group.pairing.id, datetime(2026, 9, 10, 12, tzinfo=UTC))
    # B with E: final meeting held → finished
    finished = await _pair(session, org, e.id, b.id)
    await session.execute(
        update(Meeting)
        .where(Meeting.pairing_id == finished.pairing.id, Meeting.kind == MeetingKindDb.FINAL)
        .values(status=MeetingStatus.HELD, held_at=datetime(2026, 11, 20, 10, tzinfo=UTC))
    )
    # C with H: ended because they did not fit
    ended = await _pair(session, org, h.id, c.id)
    await service.end(ended.assignment, "not_fit", NOW)
    # an offer nobody answered yet is not a pair
    await service.offer(org, g.id, c.id, by_user_id=None, now=NOW)

    await _results(
        session,
        org,
        SurveyKind.FINAL,
        "mentor",
        "final_mentor",
        "r1",
        {"effectiveness": 8, "comfort": 10, "liked": 1},
    )
    await _results(
        session,
        org,
        SurveyKind.FINAL,
        "mentee",
        "final_mentee",
        "r2",
        {"effectiveness": 6, "comfort": 7, "growth_5y": 0},
    )
    await _results(
        session,
        org,
        SurveyKind.ENTRY,
        "mentee",
        "self_assessment",
        "r3",
        {"confidence": 4},
        {"difficulties": ["parents", "digital"]},
    )
    await _results(
        session, org, SurveyKind.ENTRY, "mentee", "self_assessment", "r4", {"confidence": 6}
    )
    await _results(
        session,
        org,
        SurveyKind.EXIT,
        "mentee",
        "self_assessment",
        "r5",
        {"confidence": 8},
        {"difficulties": ["parents"]},
    )
    return org


async def test_school_dataset(session: AsyncSession, forms: dict[str, Form]) -> None:
    async with session.begin():
        org = await _school(session, forms)
    data = await load_dataset(session, org, now=REPORT_AT, forms=forms)

    assert (data.title, data.municipal, data.scope_id) == ("МБОУ СОШ № 3", False, org.id)
    assert [o.teachers_total for o in data.orgs] == [30]
    assert [(c.name, c.position) for c in data.curators] == [("Куратова Елена", None)]
    names = {p.name: p for p in data.people}
    assert len(data.mentors) == 3
    assert len(data.mentees) == 5
    egor = names["Егоров Егор"]
    assert (egor.role, egor.experience_years, egor.position) == ("mentee", 2, "teacher")
    assert egor.subjects == ("physics", "math")
    assert names["Абрамова Анна"].capacity == 2

    by_mentor = {names_of(data, p.mentor_id): p for p in data.pairs}
    assert len(data.pairs) == 3  # the unanswered offer is not a pair
    group = by_mentor["Абрамова Анна"]
    assert group.is_group
    assert group.type == "group"
    assert len(group.mentee_ids) == 2
    assert (group.status, group.stage) == (PairStatus.ACTIVE, "trial")
    assert group.start_on == START
    assert group.end_on == date(2027, 5, 31)
    assert group.confirmed_at == NOW
    assert (by_mentor["Белов Борис"].status, by_mentor["Белов Борис"].stage) == (
        PairStatus.FINISHED,
        "finished",
    )
    assert (by_mentor["Васильева Вера"].status, by_mentor["Васильева Вера"].stage) == (
        PairStatus.ENDED,
        "ended",
    )
    held = [m for m in data.meetings if m.status == "held"]
    assert len(held) == 2
    first = next(m for m in held if m.pairing_id == group.pairing_id)
    assert (first.kind, first.duration_minutes, first.topics, first.format) == (
        "organizational",
        40,
        "Цели",
        "online",
    )
    assert first.held_at == datetime(2026, 9, 10, 12, tzinfo=UTC)
    assert first.scheduled_at == first.held_at
    assert first.due_on == START + timedelta(weeks=1)
    # the orphan pairing left by the grouping has no meetings in the report
    assert {m.pairing_id for m in data.meetings} <= {p.pairing_id for p in data.pairs}

    sat = sorted((s.role, s.mean) for s in data.satisfaction)
    assert sat == [("mentee", 6.5), ("mentor", 9.0)]  # yes/no answers are not scores
    items = {(i.kind, i.question_id): i for i in data.items}
    assert items[("entry", "difficulties")].options == {"parents": 1, "digital": 1}
    assert items[("entry", "difficulties")].form_respondents == 2
    assert items[("entry", "confidence")].values == {4: 1, 6: 1}
    assert items[("final", "liked")].values == {1: 1}

    ind = compute(data)
    assert (ind.mentors, ind.mentees, ind.pairs, ind.groups) == (3, 5, 2, 1)
    assert (ind.active, ind.finished, ind.ended) == (1, 1, 1)
    assert ind.teachers_involved.part == 8
    assert ind.teachers_involved.whole == 30
    # young: Д (group), Е (finished), Г (none), Х (ended) → 2 of 4
    assert (ind.young_with_mentor.part, ind.young_with_mentor.whole) == (2, 4)
    assert ind.mentees_without_pair == 2
    assert ind.meetings_held == 2
    assert ind.difficulties_entry.value == 1.0  # 2 marks, 2 respondents
    assert ind.confidence_growth == 3.0  # 8 − (4 + 6) / 2


def names_of(data: Dataset, membership_id: int) -> str:
    return next(p.name for p in data.people if p.membership_id == membership_id)


async def test_municipal_dataset_covers_its_schools(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    async with session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        methodist = await join(session, 60, office, Role.CURATOR)
        methodist.user.full_name = "Методистова Мария"
        school = await make_org(session, "МБОУ СОШ № 9", parent=office)
        other = await make_org(session, "МБОУ СОШ № 4", parent=office)
        outside = await make_org(session, "Чужая школа")
        await add_person(session, forms, school, 1, Role.MENTOR, "Наставник Девятой")
        await add_person(session, forms, other, 2, Role.MENTEE, "Наставляемый Четвёртой")
        await add_person(session, forms, outside, 3, Role.MENTOR, "Посторонний")
    data = await load_dataset(session, office, now=REPORT_AT, forms=forms)
    assert data.municipal
    assert [o.name for o in data.orgs] == ["МБОУ СОШ № 4", "МБОУ СОШ № 9"]
    assert sorted(p.name for p in data.people) == ["Наставляемый Четвёртой", "Наставник Девятой"]
    assert [(c.org_id, c.name) for c in data.curators] == [(office.id, "Методистова Мария")]
    # a school's own report is the school only
    assert [o.id for o in (await load_dataset(session, school, now=REPORT_AT)).orgs] == [school.id]


def test_satisfaction_items_follow_the_forms(forms: dict[str, Form]) -> None:
    items = satisfaction_items(forms)
    assert "leadership" in items
    assert "effectiveness" in items
    assert "liked" not in items
    assert satisfaction_items(None) == DEFAULT_SATISFACTION_ITEMS

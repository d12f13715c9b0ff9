"""A small school's report data with every indicator computed by hand (see the comments)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from services.reports.records import (
    Dataset,
    ItemStats,
    MeetingRecord,
    OrgRecord,
    PairRecord,
    PairStatus,
    PersonRecord,
    Satisfaction,
)

ORG_ID = 7
# 15 March 2027, 12:00 in Moscow: the report's date is 15.03.2027
GENERATED = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
JOINED = datetime(2026, 9, 1, 21, 30, tzinfo=UTC)  # 2 September 2026 00:30 in Moscow


def utc(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def person(
    membership_id: int, user_id: int, role: str, name: str, years: int | None, org: int = ORG_ID
) -> PersonRecord:
    return PersonRecord(
        membership_id=membership_id,
        user_id=user_id,
        org_id=org,
        role=role,
        name=name,
        position="teacher",
        subjects=("math", "physics") if role == "mentor" else ("math",),
        experience_years=years,
        capacity=3 if role == "mentor" else None,
        joined_at=JOINED,
    )


# 3 mentors + 6 mentees = 9 memberships of 8 people: user 2 is a mentor and (reverse
# mentoring) a mentee
PEOPLE = (
    person(101, 1, "mentor", "Смирнова Анна Петровна", 20),
    person(102, 2, "mentor", "Кузнецов Борис Иванович", 15),
    person(103, 3, "mentor", "Орлова Вера Павловна", 10),
    person(111, 11, "mentee", "Иванова Дарья", 1),  # young, active pair
    person(112, 12, "mentee", "Петров Егор", 2),  # young, finished group
    person(113, 13, "mentee", "Сидорова Жанна", 5),  # finished group
    person(114, 14, "mentee", "Волков Захар", 0),  # young, pair ended early
    person(115, 15, "mentee", "Зайцева Инна", 3),  # young, no pair at all
    person(116, 2, "mentee", "Кузнецов Борис Иванович", 15),  # active pair
)


def pair(
    pairing_id: int,
    mentor: int,
    mentees: tuple[int, ...],
    status: PairStatus,
    stage: str,
    kind: str = "traditional",
) -> PairRecord:
    return PairRecord(
        pairing_id=pairing_id,
        org_id=ORG_ID,
        mentor_id=mentor,
        mentee_ids=mentees,
        form="teacher_teacher",
        type=kind,
        confirmed_at=utc(2026, 9, 10),
        start_on=date(2026, 9, 10),
        end_on=date(2027, 5, 31),
        status=status,
        stage=stage,
    )


# 3 pairs + 1 group; active 2, finished 1, ended 1
PAIRS = (
    pair(1, 101, (111,), PairStatus.ACTIVE, "planning"),
    pair(2, 102, (112, 113), PairStatus.FINISHED, "finished", kind="group"),
    pair(3, 101, (114,), PairStatus.ENDED, "ended"),
    pair(4, 101, (116,), PairStatus.ACTIVE, "organizational"),
)


def meeting(
    meeting_id: int,
    pairing_id: int,
    sequence: int,
    kind: str,
    due: date,
    status: str,
    held: datetime | None = None,
    scheduled: datetime | None = None,
) -> MeetingRecord:
    return MeetingRecord(
        meeting_id=meeting_id,
        pairing_id=pairing_id,
        org_id=ORG_ID,
        sequence=sequence,
        kind=kind,
        due_on=due,
        status=status,
        scheduled_at=scheduled or held,
        held_at=held,
        duration_minutes=45 if held else None,
        format="offline" if held else None,
        topics="Знакомство, ожидания" if held else None,
    )


# planned (not cancelled) 8; due by 15.03.2027 6; held 5.
# Held by Moscow month: September 2026 — 3, October 2026 — 1, February 2027 — 1.
MEETINGS = (
    meeting(1, 1, 1, "organizational", date(2026, 10, 1), "held", utc(2026, 9, 28)),
    meeting(2, 1, 2, "trial", date(2026, 10, 8), "held", utc(2026, 10, 8, 14)),
    meeting(3, 1, 3, "planning", date(2026, 10, 15), "scheduled", scheduled=utc(2026, 10, 20)),
    meeting(4, 1, 4, "regular", date(2027, 4, 1), "planned"),
    meeting(5, 2, 1, "organizational", date(2026, 9, 20), "held", utc(2026, 9, 19)),
    meeting(6, 2, 2, "final", date(2027, 3, 1), "held", utc(2027, 2, 27, 10)),
    meeting(7, 3, 1, "organizational", date(2026, 10, 1), "held", utc(2026, 9, 30)),
    meeting(8, 3, 2, "final", date(2027, 5, 31), "cancelled"),
    meeting(9, 4, 1, "organizational", date(2027, 3, 20), "planned"),
)

# mentors' respondent means 8.0 and 9.5 → 8.75; mentees' 7, 9, 10 → 26/3
SATISFACTION = (
    Satisfaction(ORG_ID, "mentor", 8.0),
    Satisfaction(ORG_ID, "mentor", 9.5),
    Satisfaction(ORG_ID, "mentee", 7.0),
    Satisfaction(ORG_ID, "mentee", 9.0),
    Satisfaction(ORG_ID, "mentee", 10.0),
)


def item(
    kind: str,
    role: str,
    form_id: str,
    question_id: str,
    base: int,
    values: dict[int, int] | None = None,
    options: dict[str, int] | None = None,
    org: int = ORG_ID,
) -> ItemStats:
    return ItemStats(
        org_id=org,
        kind=kind,
        role=role,
        form_id=form_id,
        question_id=question_id,
        values=values or {},
        options=options or {},
        form_respondents=base,
    )


# entry: 3 respondents, 6 difficulty marks (2.0 each), confidence 4, 4, 6 (mean 14/3)
# exit: 2 respondents, 1 mark (0.5 each), confidence 7, 8 (mean 7.5)
# growth: difficulties 2.0 − 0.5 = 1.5; confidence 7.5 − 14/3 = 17/6
ITEMS = (
    item("entry", "mentee", "self_assessment", "confidence", 3, values={4: 2, 6: 1}),
    item(
        "entry",
        "mentee",
        "self_assessment",
        "difficulties",
        3,
        options={"lesson_planning": 2, "parents": 3, "digital": 1},
    ),
    item("exit", "mentee", "self_assessment", "confidence", 2, values={7: 1, 8: 1}),
    item("exit", "mentee", "self_assessment", "difficulties", 2, options={"parents": 1}),
    item("final", "mentor", "final_mentor", "effectiveness", 2, values={8: 1, 10: 1}),
    item("final", "mentee", "final_mentee", "liked", 3, values={0: 1, 1: 2}),
    item("interim", "mentee", "interim_mentee", "mood", 4, values={3: 1, 4: 3}),
)

ORG = OrgRecord(ORG_ID, "МБОУ СОШ № 7", "Europe/Moscow", 40)


def school_dataset(**changes: object) -> Dataset:
    base = Dataset(
        title=ORG.name,
        municipal=False,
        timezone="Europe/Moscow",
        generated_at=GENERATED,
        orgs=(ORG,),
        curators=(),
        people=PEOPLE,
        pairs=PAIRS,
        meetings=MEETINGS,
        items=ITEMS,
        satisfaction=SATISFACTION,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def empty_dataset() -> Dataset:
    return school_dataset(people=(), pairs=(), meetings=(), items=(), satisfaction=())


# --- pupils next to the teachers: forms «ученик – ученик» and «работодатель – ученик» ----------


def pupil(
    membership_id: int,
    user_id: int,
    role: str,
    name: str,
    grade: int | None,
    audience: str = "pupil",
) -> PersonRecord:
    return replace(
        person(membership_id, user_id, role, name, None),
        position=None,
        subjects=(),
        audience=audience,
        grade=grade,
    )


# 2 mentors (a peer mentor of class 10, an employer) + 5 pupil mentees
PUPIL_PEOPLE = (
    pupil(301, 31, "mentor", "Лев (10 класс)", 10),  # peer mentor of pairs 11 and 14
    pupil(401, 41, "mentor", "Романов Роман", None, audience="external"),  # employer
    pupil(311, 32, "mentee", "Мила (7 класс)", 7),  # pupil_pupil, active
    pupil(312, 33, "mentee", "Никита (8 класс)", 8),  # employer_pupil, finished
    pupil(313, 34, "mentee", "Оля (6 класс)", 6),  # no pair at all
    pupil(314, 35, "mentee", "Паша (4 класс)", 4),  # pupil_pupil, active; class 4: not 10–18
    pupil(315, 36, "mentee", "Рита (9 класс)", 9),  # employer_pupil, ended early
)


def form_pair(
    pairing_id: int, form: str, mentor: int, mentee: int, status: PairStatus, stage: str
) -> PairRecord:
    return replace(
        pair(pairing_id, mentor, (mentee,), status, stage), form=form, start_on=date(2026, 10, 1)
    )


PUPIL_PAIRS = (
    form_pair(11, "pupil_pupil", 301, 311, PairStatus.ACTIVE, "trial"),
    form_pair(12, "employer_pupil", 401, 312, PairStatus.FINISHED, "finished"),
    form_pair(13, "employer_pupil", 401, 315, PairStatus.ENDED, "ended"),
    form_pair(14, "pupil_pupil", 301, 314, PairStatus.ACTIVE, "trial"),
)

# pupil_pupil: planned 3, due 2, held 2; employer_pupil: planned 3, due 3, held 2
PUPIL_MEETINGS = (
    meeting(21, 11, 1, "organizational", date(2026, 10, 5), "held", utc(2026, 10, 5)),
    meeting(22, 11, 2, "trial", date(2027, 4, 1), "planned"),
    meeting(23, 12, 1, "organizational", date(2026, 10, 5), "held", utc(2026, 10, 6)),
    meeting(24, 12, 2, "final", date(2027, 2, 1), "held", utc(2027, 2, 1)),
    meeting(25, 13, 1, "organizational", date(2026, 11, 1), "planned"),
    meeting(26, 13, 2, "final", date(2027, 5, 1), "cancelled"),
    meeting(27, 14, 1, "organizational", date(2027, 3, 10), "held", utc(2027, 3, 10)),
)

# pupils' final form: 9 (employer_pupil mentee), 6 (pupil_pupil mentee), 10 (the peer mentor)
# → pupils 25/3; the employer answered the mentors' form: 7
PUPIL_SATISFACTION = (
    Satisfaction(ORG_ID, "mentee", 9.0, "final_pupil", "employer_pupil"),
    Satisfaction(ORG_ID, "mentee", 6.0, "final_pupil", "pupil_pupil"),
    Satisfaction(ORG_ID, "mentor", 10.0, "final_pupil", "pupil_pupil"),
    Satisfaction(ORG_ID, "mentor", 7.0, "final_mentor", "employer_pupil"),
)

PUPILS_TOTAL = 120


def mixed_dataset(pupils_total: int | None = PUPILS_TOTAL, **changes: object) -> Dataset:
    """The teachers' school plus its pupils' programs; ``pupils_total`` None: not set."""
    mixed: dict[str, object] = {
        "orgs": (replace(ORG, pupils_total=pupils_total),),
        "people": PEOPLE + PUPIL_PEOPLE,
        "pairs": PAIRS + PUPIL_PAIRS,
        "meetings": MEETINGS + PUPIL_MEETINGS,
        "satisfaction": SATISFACTION + PUPIL_SATISFACTION,
    }
    return school_dataset(**{**mixed, **changes})

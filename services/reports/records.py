"""What a report is built from: plain, frozen records read once from the database.

Everything here is data (no database, no Telegram), so indicators, workbooks, charts and the
note are computed and tested on hand-made records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar

from models.person import Audience, Role
from services.reports.periods import Period
from services.surveys.forms import AUDIENCE_FINAL_FORMS

YOUNG_TEACHER_MAX_YEARS = 3  # «молодой педагог»: 0–3 years of experience (seed 002)

# the pupils' satisfaction form (the national 1–10 shape, its ids parallel to final_mentee);
# results of a form nobody answered yet are simply absent, and every report still works
FINAL_PUPIL_FORM = AUDIENCE_FINAL_FORMS[(Role.MENTEE, Audience.PUPIL)]

STAGE_ENDED = "ended"  # a pair that ended early; next to the meeting stages and "finished"


class PairStatus(StrEnum):
    ACTIVE = "active"  # confirmed and running
    FINISHED = "finished"  # went through the program (see ``dataset.pair_status``)
    ENDED = "ended"  # ended early: did not fit, left, other


@dataclass(frozen=True, slots=True)
class OrgRecord:
    id: int
    name: str
    timezone: str
    teachers_total: int | None  # None: the curator has not said
    pupils_total: int | None = None  # pupils aged 10–18 on the roll; None: not said


@dataclass(frozen=True, slots=True)
class CuratorRecord:
    org_id: int
    name: str
    position: str | None  # free text from the curator's profile
    since: datetime


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A mentor or mentee in the bank (intake questionnaire confirmed)."""

    membership_id: int
    user_id: int | None  # None: withdrew after the pair was filed, kept without a name
    org_id: int
    role: str  # "mentor" | "mentee"
    name: str  # "" for a withdrawn participant
    position: str | None  # catalogue option id
    subjects: tuple[str, ...]
    experience_years: int | None
    capacity: int | None  # mentors: how many mentees they can take
    joined_at: datetime
    audience: str = "teacher"  # memberships.audience: teacher | pupil | external
    grade: int | None = None  # pupils: their class (1–11)

    @property
    def is_young_teacher(self) -> bool:
        return self.experience_years is not None and (
            0 <= self.experience_years <= YOUNG_TEACHER_MAX_YEARS
        )


@dataclass(frozen=True, slots=True)
class PairRecord:
    """A confirmed pair, or a group when the mentor leads several mentees."""

    pairing_id: int
    org_id: int
    mentor_id: int  # membership
    mentee_ids: tuple[int, ...]  # every mentee confirmed into it, including those who left
    form: str
    type: str
    confirmed_at: datetime | None
    start_on: date | None  # the personalized program's period
    end_on: date | None
    status: PairStatus
    stage: str  # the next meeting's kind, "finished" or "ended"
    # when it finished (its final meeting held) or ended early; None while active
    ended_at: datetime | None = None

    @property
    def is_group(self) -> bool:
        return self.type == "group" or len(self.mentee_ids) > 1


class MeetingRecord(NamedTuple):
    """A meeting of a pair's plan; a tuple, as a municipality's year has 200,000 of them."""

    meeting_id: int
    pairing_id: int
    org_id: int
    sequence: int
    kind: str
    due_on: date
    status: str  # planned | scheduled | held | cancelled
    scheduled_at: datetime | None
    held_at: datetime | None
    duration_minutes: int | None
    format: str | None
    topics: str | None


@dataclass(frozen=True)
class ItemStats:
    """The countable answers to one question of one survey kind, role and organization."""

    org_id: int
    kind: str
    role: str
    form_id: str
    question_id: str
    values: dict[int, int] = field(default_factory=dict)  # value_num → answers
    options: dict[str, int] = field(default_factory=dict)  # value_option → answers
    form_respondents: int = 0  # who completed this form (the base of option shares)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.kind, self.role, self.form_id, self.question_id)

    @property
    def n(self) -> int:
        """Answers given: one per respondent for a number, scale or yes/no question."""
        return sum(self.values.values())

    @property
    def mean(self) -> float | None:
        n = self.n
        return sum(v * c for v, c in self.values.items()) / n if n else None


def merge_items(items: Iterable[ItemStats]) -> list[ItemStats]:
    """One entry per (kind, role, form, question) over several organizations (org_id 0)."""
    values: dict[tuple[str, str, str, str], Counter[int]] = {}
    options: dict[tuple[str, str, str, str], Counter[str]] = {}
    base: dict[tuple[str, str, str, str], dict[int, int]] = {}
    for item in items:
        values.setdefault(item.key, Counter()).update(item.values)
        options.setdefault(item.key, Counter()).update(item.options)
        # the form's respondents are counted once per organization, whatever the question
        base.setdefault(item.key, {})[item.org_id] = item.form_respondents
    return [
        ItemStats(
            org_id=0,
            kind=key[0],
            role=key[1],
            form_id=key[2],
            question_id=key[3],
            values=dict(sorted(values[key].items())),
            options=dict(options[key]),
            form_respondents=sum(base[key].values()),
        )
        for key in values
    ]


@dataclass(frozen=True, slots=True)
class Satisfaction:
    """One respondent of the final survey: the mean of their 1–10 answers."""

    org_id: int
    role: str
    mean: float
    survey_form: str = ""  # the questionnaire answered: final_mentor, final_mentee, final_pupil
    # the form of mentoring of the pair the survey was about ("" when the campaign was not one
    # program's, e.g. an organization-wide final survey)
    form: str = ""


@dataclass(frozen=True)
class Dataset:
    """One school's data, or all schools of a municipal office."""

    title: str  # the school's or the office's name
    municipal: bool
    timezone: str  # the scope's zone: the report's date and period
    generated_at: datetime  # UTC
    orgs: tuple[OrgRecord, ...]
    curators: tuple[CuratorRecord, ...]
    people: tuple[PersonRecord, ...]
    pairs: tuple[PairRecord, ...]
    meetings: tuple[MeetingRecord, ...]
    items: tuple[ItemStats, ...]
    satisfaction: tuple[Satisfaction, ...]
    scope_id: int = 0  # the school's or the office's id
    period: Period | None = None  # None: from the start to the report's date

    @property
    def mentors(self) -> list[PersonRecord]:
        return [p for p in self.people if p.role == "mentor"]

    @property
    def mentees(self) -> list[PersonRecord]:
        return [p for p in self.people if p.role == "mentee"]

    def org(self, org_id: int) -> OrgRecord | None:
        return next((o for o in self.orgs if o.id == org_id), None)

    def split(self) -> dict[int, Dataset]:
        """One data set per organization, in one pass over each list."""
        curators = _by_org(self.curators)
        people = _by_org(self.people)
        pairs = _by_org(self.pairs)
        meetings = _by_org(self.meetings)
        items = _by_org(self.items)
        satisfaction = _by_org(self.satisfaction)
        return {
            org.id: Dataset(
                title=org.name,
                municipal=False,
                timezone=org.timezone,
                generated_at=self.generated_at,
                orgs=(org,),
                curators=tuple(curators[org.id]),
                people=tuple(people[org.id]),
                pairs=tuple(pairs[org.id]),
                meetings=tuple(meetings[org.id]),
                items=tuple(items[org.id]),
                satisfaction=tuple(satisfaction[org.id]),
                scope_id=org.id,
                period=self.period,
            )
            for org in self.orgs
        }


class _HasOrg(Protocol):
    @property
    def org_id(self) -> int: ...


_R = TypeVar("_R", bound=_HasOrg)


def _by_org(rows: Iterable[_R]) -> defaultdict[int, list[_R]]:
    groups: defaultdict[int, list[_R]] = defaultdict(list)
    for row in rows:
        groups[row.org_id].append(row)
    return groups

"""Reading one school (or a municipal office's schools) into report records.

A handful of column queries, never one per pair, and no ORM objects for the big tables: the
benchmark's municipality has 10,000 pairs and 200,000 meetings.

Which pairs count, and their status (documented in the README's indicators table):

* a *pair* (or group) is a pairing with at least one assignment the curator confirmed
  (``confirmed_at`` is set); offers that were declined or never confirmed are not pairs;
* it is **finished** when its final meeting (заключительная встреча) is held, or when it was
  ended with the reason «программа завершена досрочно» (``completed_early``);
* otherwise it is **active** while one of its assignments is active, and **ended** (early)
  when all of them were ended for another reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVarTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, String, distinct, func, null, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    Answer,
    Assignment,
    AssignmentState,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    Membership,
    Organization,
    OrgKind,
    Pairing,
    Program,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    SurveyCampaign,
    SurveyKind,
    SurveyResult,
    User,
)
from models.school_year import YEAR_CLOSED_REASON
from services.meetings.digest import STAGE_FINISHED
from services.onboarding import INTAKE_FORMS
from services.questionnaire.schema import Form, QuestionType
from services.reports.in_period import period_bounds, restrict
from services.reports.periods import Period
from services.reports.records import (
    STAGE_ENDED,
    CuratorRecord,
    Dataset,
    ItemStats,
    MeetingRecord,
    OrgRecord,
    PairRecord,
    PairStatus,
    PersonRecord,
    Satisfaction,
)
from services.surveys.forms import ALL_FINAL_FORMS

FINISHED_EARLY_REASON = "completed_early"
FINAL_FORMS = ALL_FINAL_FORMS  # the staff's and the pupils' final surveys
# the 1–10 items of the national satisfaction form, used when the forms are not loaded
DEFAULT_SATISFACTION_ITEMS = (
    "effectiveness",
    "comfort",
    "group_meetings",
    "individual_meetings",
    "planning",
    "plan_execution",
    "clarity",
    "leadership",
)
_PROFILE_QUESTIONS = ("position", "subjects", "experience_years")
STREAM_BATCH = 5000
_Ts = TypeVarTuple("_Ts")


def satisfaction_items(forms: Mapping[str, Form] | None) -> tuple[str, ...]:
    """The 1–10 questions of the final forms, as the loaded forms define them."""
    found: list[str] = []
    for form_id in FINAL_FORMS:
        form = (forms or {}).get(form_id)
        if form is None:
            continue
        for question in form.questions:
            if question.type is QuestionType.SCALE and question.id not in found:
                found.append(question.id)
    return tuple(found) or DEFAULT_SATISFACTION_ITEMS


async def _batches(
    session: AsyncSession, statement: Select[*_Ts]
) -> AsyncIterator[Sequence[Row[*_Ts]]]:
    """Rows in batches, the event loop getting a turn between batches: a municipality is
    hundreds of thousands of rows, and the bot keeps answering everyone else meanwhile."""
    result = await session.stream(statement)
    async for batch in result.partitions(STREAM_BATCH):
        yield batch


def _date(value: str | date) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _utc(value: str | datetime) -> datetime:
    """A stored UTC moment: SQLite gives "2026-09-19 12:00:00.000000", PostgreSQL a datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def pair_status(
    states: Sequence[AssignmentState], reasons: Sequence[str | None], final_held: bool
) -> PairStatus:
    # a pair archived when its school year closed ran its year: finished, not ended early
    if final_held or FINISHED_EARLY_REASON in reasons or YEAR_CLOSED_REASON in reasons:
        return PairStatus.FINISHED
    if AssignmentState.ACTIVE in states:
        return PairStatus.ACTIVE
    return PairStatus.ENDED


def programs_over(
    pairs: Sequence[PairRecord], zones: Mapping[int, str], now: datetime
) -> list[PairRecord]:
    """A running pair whose program's period ended before today (the school's date) has run
    its course: finished, at the midnight after its last day. Without this a June report
    counts May's pairs as running and their unheld meetings as overdue for ever."""
    result = []
    for pair in pairs:
        zone = ZoneInfo(zones.get(pair.org_id, "UTC"))
        if (
            pair.status is PairStatus.ACTIVE
            and pair.end_on is not None
            and pair.end_on < now.astimezone(zone).date()
        ):
            over = datetime.combine(pair.end_on + timedelta(days=1), time(), zone)
            pair = replace(
                pair,
                status=PairStatus.FINISHED,
                stage=STAGE_FINISHED,
                ended_at=over.astimezone(UTC),
            )
        result.append(pair)
    return result


async def scope_orgs(session: AsyncSession, org: Organization) -> list[Organization]:
    """A school reports on itself; a municipal office on its schools."""
    if org.kind is not OrgKind.MUNICIPALITY:
        return [org]
    rows = await session.scalars(
        select(Organization).where(Organization.parent_id == org.id).order_by(Organization.name)
    )
    return list(rows)


async def load_dataset(
    session: AsyncSession,
    org: Organization,
    *,
    now: datetime,
    forms: Mapping[str, Form] | None = None,
    period: Period | None = None,
) -> Dataset:
    """Everything from the start; with a ``period``, only what happened in it (see
    ``services.reports.in_period``): surveys are filtered here, by when they were answered."""
    orgs = await scope_orgs(session, org)
    org_ids = [o.id for o in orgs]
    municipal = org.kind is OrgKind.MUNICIPALITY
    curator_orgs = [*org_ids, org.id] if municipal else org_ids
    # a municipal workbook sums meetings up by month: the journal's details are not read
    pairs, meetings = await _pairs_and_meetings(session, org_ids, details=not municipal)
    pairs = programs_over(pairs, {o.id: o.timezone for o in orgs}, now)
    answered = period_bounds(period, org.timezone) if period is not None else None
    dataset = Dataset(
        title=org.name,
        municipal=municipal,
        timezone=org.timezone,
        generated_at=now,
        orgs=tuple(
            OrgRecord(o.id, o.name, o.timezone, o.teachers_total, o.pupils_total) for o in orgs
        ),
        curators=tuple(await _curators(session, curator_orgs)),
        people=tuple(await _people(session, org_ids)),
        pairs=tuple(pairs),
        meetings=tuple(meetings),
        items=tuple(await _items(session, org_ids, answered)),
        satisfaction=tuple(
            await _satisfaction(session, org_ids, satisfaction_items(forms), pairs, answered)
        ),
        scope_id=org.id,
    )
    return restrict(dataset, period) if period is not None else dataset


async def _profile_answers(
    session: AsyncSession, org_ids: Sequence[int], role: Role, questions: Sequence[str]
) -> dict[int, dict[str, Any]]:
    batches = _batches(
        session,
        select(QuestionnaireResponse.membership_id, Answer.question_id, Answer.value)
        .join(Answer, Answer.response_id == QuestionnaireResponse.id)
        .join(Membership, Membership.id == QuestionnaireResponse.membership_id)
        .where(
            Membership.org_id.in_(org_ids),
            Membership.role == role,
            QuestionnaireResponse.status == ResponseStatus.COMPLETED,
            QuestionnaireResponse.form_id.in_(
                [form for (r, _), form in INTAKE_FORMS.items() if r is role]
            ),
            Answer.question_id.in_(questions),
        ),
    )
    result: dict[int, dict[str, Any]] = defaultdict(dict)
    async for batch in batches:
        for membership_id, question_id, value in batch:
            result[membership_id][question_id] = value
    return result


async def _curators(session: AsyncSession, org_ids: Sequence[int]) -> list[CuratorRecord]:
    answers = await _profile_answers(session, org_ids, Role.CURATOR, ("position",))
    rows = await session.execute(
        select(Membership.id, Membership.org_id, Membership.created_at, User.full_name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id.in_(org_ids), Membership.role == Role.CURATOR)
        .order_by(Membership.org_id, Membership.id)
    )
    result = []
    for membership_id, org_id, created_at, name in rows:
        position = answers.get(membership_id, {}).get("position")
        result.append(
            CuratorRecord(
                org_id=org_id,
                name=name or "",
                position=position if isinstance(position, str) else None,
                since=created_at,
            )
        )
    return result


async def _people(session: AsyncSession, org_ids: Sequence[int]) -> list[PersonRecord]:
    answers: dict[int, dict[str, Any]] = {}
    for role in (Role.MENTOR, Role.MENTEE):
        answers.update(await _profile_answers(session, org_ids, role, _PROFILE_QUESTIONS))
    rows = await session.execute(
        select(
            Membership.id,
            Membership.user_id,
            Membership.org_id,
            Membership.role,
            Membership.capacity,
            Membership.profile_completed_at,
            User.full_name,
            Membership.audience,
            Membership.grade,
        )
        # a withdrawn participant whose pair was filed stays, without a name (services/erasure)
        .outerjoin(User, User.id == Membership.user_id)
        .where(
            Membership.org_id.in_(org_ids),
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
            Membership.profile_completed_at.is_not(None),
            or_(Membership.user_id.is_(None), User.id.is_not(None)),
        )
        .order_by(User.full_name, Membership.id)
    )
    people = []
    for membership_id, user_id, org_id, role, capacity, completed_at, name, audience, grade in rows:
        if completed_at is None:  # filtered out above; keeps the type exact
            continue
        data = answers.get(membership_id, {})
        subjects = data.get("subjects")
        experience = data.get("experience_years")
        position = data.get("position")
        people.append(
            PersonRecord(
                membership_id=membership_id,
                user_id=user_id,
                org_id=org_id,
                role=role.value,
                name=name or "",
                position=position if isinstance(position, str) else None,
                subjects=tuple(str(s) for s in subjects) if isinstance(subjects, list) else (),
                experience_years=experience if isinstance(experience, int) else None,
                capacity=capacity,
                joined_at=completed_at,
                audience=audience.value,
                grade=grade,
            )
        )
    return people


@dataclass
class _Assignments:
    """The confirmed assignments of the pairs, gathered per pairing id."""

    heads: dict[int, tuple[int, int, str, str]] = field(default_factory=dict)
    mentees: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    states: defaultdict[int, list[AssignmentState]] = field(
        default_factory=lambda: defaultdict(list)
    )
    reasons: defaultdict[int, list[str | None]] = field(default_factory=lambda: defaultdict(list))
    confirmed: dict[int, datetime] = field(default_factory=dict)
    closed: dict[int, datetime] = field(default_factory=dict)


@dataclass
class _Meetings:
    """The meetings of those pairs, with what the pairs' stage and end are read from."""

    records: list[MeetingRecord] = field(default_factory=list)
    next_open: dict[int, str] = field(default_factory=dict)
    final_held: dict[int, datetime | None] = field(default_factory=dict)


async def _pairs_and_meetings(
    session: AsyncSession, org_ids: Sequence[int], *, details: bool
) -> tuple[list[PairRecord], list[MeetingRecord]]:
    found = await _assignments(session, org_ids)
    programs: dict[int, tuple[date, date]] = {
        pid: (start, end)
        for pid, start, end in await session.execute(
            select(Program.pairing_id, Program.start_on, Program.end_on).where(
                Program.org_id.in_(org_ids)
            )
        )
    }
    meetings = await _meetings(session, org_ids, found.heads, details=details)
    pairs = [
        _pair_record(pid, found, meetings, programs.get(pid, (None, None))) for pid in found.heads
    ]
    return pairs, meetings.records


async def _assignments(session: AsyncSession, org_ids: Sequence[int]) -> _Assignments:
    assignments = await session.execute(
        select(
            Pairing.id,
            Pairing.org_id,
            Pairing.mentor_membership_id,
            Pairing.form,
            Pairing.type,
            Assignment.mentee_membership_id,
            Assignment.state,
            Assignment.reason,
            Assignment.confirmed_at,
            Assignment.closed_at,
        )
        .join(Assignment, Assignment.pairing_id == Pairing.id)
        .where(Pairing.org_id.in_(org_ids), Assignment.confirmed_at.is_not(None))
        .order_by(Pairing.id, Assignment.id)
    )
    found = _Assignments()
    for (
        pid,
        org_id,
        mentor,
        form,
        mtype,
        mentee,
        state,
        reason,
        confirmed_at,
        closed_at,
    ) in assignments:
        if closed_at is not None:
            closed = found.closed
            closed[pid] = max(closed[pid], closed_at) if pid in closed else closed_at
        found.heads[pid] = (org_id, mentor, form.value, mtype.value)
        found.mentees[pid].append(mentee)
        found.states[pid].append(state)
        found.reasons[pid].append(reason)
        if confirmed_at is not None:
            earlier = found.confirmed.get(pid)
            found.confirmed[pid] = min(earlier, confirmed_at) if earlier else confirmed_at
    return found


async def _meetings(
    session: AsyncSession,
    org_ids: Sequence[int],
    heads: Mapping[int, object],
    *,
    details: bool,
) -> _Meetings:
    found = _Meetings()
    meetings, next_open, final_held = found.records, found.next_open, found.final_held
    open_states = (MeetingStatus.PLANNED.value, MeetingStatus.SCHEDULED.value)
    held_value, final_value = MeetingStatus.HELD.value, MeetingKindDb.FINAL.value
    # a year of a municipality is ~200,000 meetings: read the columns raw (no enum and
    # date objects built by the ORM types) and convert only what is there
    batches = _batches(
        session,
        select(
            Meeting.id,
            Meeting.pairing_id,
            Meeting.org_id,
            Meeting.sequence,
            type_coerce(Meeting.kind, String),
            type_coerce(Meeting.due_on, String),
            type_coerce(Meeting.status, String),
            type_coerce(Meeting.scheduled_at, String) if details else null(),
            type_coerce(Meeting.held_at, String),
            Meeting.duration_minutes if details else null(),
            Meeting.format if details else null(),
            Meeting.topics if details else null(),
        )
        .where(Meeting.org_id.in_(org_ids))
        .order_by(Meeting.pairing_id, Meeting.sequence),
    )
    record = MeetingRecord
    async for batch in batches:
        for mid, pid, org_id, seq, kind, due, status, sched, held, minutes, fmt, topics in batch:
            if pid not in heads:
                continue
            meetings.append(
                record(
                    mid,
                    pid,
                    org_id,
                    seq,
                    kind,
                    _date(due),
                    status,
                    _utc(sched) if sched is not None else None,
                    _utc(held) if held is not None else None,
                    minutes,
                    fmt,
                    topics,
                )
            )
            if status in open_states and pid not in next_open:
                next_open[pid] = kind
            elif status == held_value and kind == final_value:
                final_held[pid] = meetings[-1].held_at
    return found


def _pair_record(
    pid: int,
    found: _Assignments,
    meetings: _Meetings,
    program: tuple[date, date] | tuple[None, None],
) -> PairRecord:
    org_id, mentor, form_id, type_id = found.heads[pid]
    final_held = meetings.final_held
    pstatus = pair_status(found.states[pid], found.reasons[pid], pid in final_held)
    if pstatus is PairStatus.ACTIVE:
        stage = meetings.next_open.get(pid, STAGE_FINISHED)
    else:
        stage = STAGE_FINISHED if pstatus is PairStatus.FINISHED else STAGE_ENDED
    start, end = program
    ended_at = None
    if pstatus is not PairStatus.ACTIVE:
        ended_at = final_held.get(pid) or found.closed.get(pid)
    return PairRecord(
        pairing_id=pid,
        org_id=org_id,
        mentor_id=mentor,
        mentee_ids=tuple(found.mentees[pid]),
        form=form_id,
        type=type_id,
        confirmed_at=found.confirmed.get(pid),
        start_on=start,
        end_on=end,
        status=pstatus,
        stage=stage,
        ended_at=_utc(ended_at) if ended_at is not None else None,
    )


def _answered_in(bounds: tuple[datetime, datetime] | None) -> list[Any]:
    if bounds is None:
        return []
    return [SurveyResult.recorded_at >= bounds[0], SurveyResult.recorded_at < bounds[1]]


async def _items(
    session: AsyncSession, org_ids: Sequence[int], answered: tuple[datetime, datetime] | None
) -> list[ItemStats]:
    base: dict[tuple[int, str, str, str], int] = {
        (org_id, kind.value, role, form_id): count
        for org_id, kind, role, form_id, count in await session.execute(
            select(
                SurveyResult.org_id,
                SurveyResult.kind,
                SurveyResult.role,
                SurveyResult.form_id,
                func.count(distinct(SurveyResult.respondent)),
            )
            .where(SurveyResult.org_id.in_(org_ids), *_answered_in(answered))
            .group_by(
                SurveyResult.org_id, SurveyResult.kind, SurveyResult.role, SurveyResult.form_id
            )
        )
    }
    values: defaultdict[tuple[int, str, str, str, str], Counter[int]] = defaultdict(Counter)
    options: defaultdict[tuple[int, str, str, str, str], Counter[str]] = defaultdict(Counter)
    rows = await session.execute(
        select(
            SurveyResult.org_id,
            SurveyResult.kind,
            SurveyResult.role,
            SurveyResult.form_id,
            SurveyResult.question_id,
            SurveyResult.value_num,
            SurveyResult.value_option,
            func.count(),
        )
        .where(SurveyResult.org_id.in_(org_ids), *_answered_in(answered))
        .group_by(
            SurveyResult.org_id,
            SurveyResult.kind,
            SurveyResult.role,
            SurveyResult.form_id,
            SurveyResult.question_id,
            SurveyResult.value_num,
            SurveyResult.value_option,
        )
    )
    for org_id, kind, role, form_id, question_id, num, option, count in rows:
        key = (org_id, kind.value, role, form_id, question_id)
        if num is not None:
            values[key][num] += count
        elif option is not None:
            options[key][option] += count
        else:
            values.setdefault(key, Counter())
    keys = sorted(set(values) | set(options))
    return [
        ItemStats(
            org_id=key[0],
            kind=key[1],
            role=key[2],
            form_id=key[3],
            question_id=key[4],
            values=dict(sorted(values.get(key, Counter()).items())),
            options=dict(options.get(key, Counter())),
            form_respondents=base.get(key[:4], 0),
        )
        for key in keys
    ]


def program_of_final_key(key: str) -> int | None:
    """The program of a final campaign's key ("program:12:final", see
    ``services.surveys.forms.program_key``); None for an organization-wide campaign."""
    head, _, tail = key.partition(":")
    number, _, kind = tail.partition(":")
    if head != "program" or kind != SurveyKind.FINAL.value or not number.isdigit():
        return None
    return int(number)


async def _final_campaign_forms(
    session: AsyncSession, org_ids: Sequence[int], pairs: Sequence[PairRecord]
) -> dict[int, str]:
    """Campaign id → the form of mentoring of the pair whose final survey it was."""
    campaigns = {
        campaign_id: program
        for campaign_id, key in await session.execute(
            select(SurveyCampaign.id, SurveyCampaign.key).where(
                SurveyCampaign.org_id.in_(org_ids), SurveyCampaign.kind == SurveyKind.FINAL
            )
        )
        if (program := program_of_final_key(key)) is not None
    }
    if not campaigns:
        return {}
    form_of_pair = {p.pairing_id: p.form for p in pairs}
    programs = {
        program_id: form_of_pair.get(pairing_id, "")
        for program_id, pairing_id in await session.execute(
            select(Program.id, Program.pairing_id).where(Program.org_id.in_(org_ids))
        )
    }
    return {cid: programs.get(program, "") for cid, program in campaigns.items()}


async def _satisfaction(
    session: AsyncSession,
    org_ids: Sequence[int],
    items: Sequence[str],
    pairs: Sequence[PairRecord],
    answered: tuple[datetime, datetime] | None = None,
) -> list[Satisfaction]:
    forms = await _final_campaign_forms(session, org_ids, pairs)
    rows = await session.execute(
        select(
            SurveyResult.org_id,
            SurveyResult.role,
            SurveyResult.form_id,
            SurveyResult.campaign_id,
            func.avg(SurveyResult.value_num),
        )
        .where(
            SurveyResult.org_id.in_(org_ids),
            SurveyResult.kind == SurveyKind.FINAL,
            SurveyResult.question_id.in_(items),
            SurveyResult.value_num.is_not(None),
            *_answered_in(answered),
        )
        .group_by(
            SurveyResult.org_id,
            SurveyResult.role,
            SurveyResult.form_id,
            SurveyResult.campaign_id,
            SurveyResult.respondent,
        )
        .order_by(SurveyResult.org_id, SurveyResult.role, SurveyResult.respondent)
    )
    return [
        Satisfaction(org_id, role, float(mean), form_id, forms.get(campaign_id, ""))
        for org_id, role, form_id, campaign_id, mean in rows
    ]

"""Closing a school year and carrying participants over into the next one (issue 13).

On the calendar's ``year_closes`` day (or the first tick after it, if the bot was down) each
school's year is closed once: a :class:`YearClosure` row, unique per (organization, year),
is what makes a job running twice or on two instances close it once. Closing

* archives the pairs confirmed in that year: each active assignment is closed with the reason
  ``year_closed`` (the mentor's place comes back; the meetings still ahead are cancelled) and
  recorded in ``archived_pairs`` with its state and whether its final meeting was held, so the
  year's reports still show it (as finished) — nothing is deleted;
* asks every mentor and mentee with a confirmed profile who has not left whether they continue
  (one ``carry_overs`` row each, unique per membership and year).

An answer takes effect at once: whoever continues stays a member with their profile (a
mentor's number of places updated) and is back in the bank for matching, without a new
invitation; whoever does not is marked as left (``memberships.left_at``): kept for the record
and the reports, out of the bank, not asked again. Answering «yes» later brings them back.
Withdrawal (services/erasure.py) still erases a person whatever they answered.

A question unanswered after ``carry_over_answer_days`` is reminded once; the curators' summary
goes when everyone has answered or after twice that time (and no later than the new year's
``lists_due``), the unanswered counted as «no answer» — they stay as they were.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models import (
    ArchivedPair,
    Assignment,
    AssignmentState,
    CarryAnswer,
    CarryOver,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    Membership,
    Organization,
    Role,
    User,
    YearClosure,
)
from models.school_year import CONTINUING, YEAR_CLOSED_REASON
from services.errors import DomainError
from services.meetings.repository import MeetingRepository
from services.pairing.service import ENDED_FOR_GUARDIANS, close_assignment
from services.school_year.calendar_file import SchoolCalendar

CAPACITY_RANGE = range(1, 11)  # as the mentors' intake question allows
MENTOR_ANSWERS = frozenset({CarryAnswer.SAME, CarryAnswer.CHANGED, CarryAnswer.LEAVE})
MENTEE_ANSWERS = frozenset({CarryAnswer.CONTINUE, CarryAnswer.LEAVE})


def closing_day(calendar: SchoolCalendar, today: date) -> tuple[int, date]:
    """The school year ``today`` is in, and the day that year closes."""
    year = calendar.school_year(today)
    return year, calendar.day_in(year, calendar.year_closes)


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


def year_to_close(org: Organization, calendar: SchoolCalendar, now: datetime) -> int | None:
    """The school year whose closing day has come for the organization, if it existed then."""
    zone = ZoneInfo(org.timezone)
    today = now.astimezone(zone).date()
    year, closes = closing_day(calendar, today)
    if today < closes or org.created_at.astimezone(zone).date() > closes:
        return None
    return year


@dataclass(frozen=True)
class Deadlines:
    remind_at: datetime
    summary_at: datetime


def deadlines(calendar: SchoolCalendar, closure: YearClosure, tz: str) -> Deadlines:
    """When the unanswered are reminded, and when the summary goes whoever has not answered:
    one and two answer periods after the closing, the summary no later than the new year's
    ``lists_due`` (the lists are due then)."""
    days = timedelta(days=calendar.carry_over_answer_days)
    lists_due = local_midnight(calendar.day_in(closure.year + 1, calendar.lists_due), tz)
    return Deadlines(closure.closed_at + days, min(closure.closed_at + 2 * days, lists_due))


@dataclass(frozen=True)
class Closed:
    closure: YearClosure
    archived: int
    asked: list[CarryOver]


@dataclass(frozen=True)
class Summary:
    """Who continues, by role: answers counted, ``pending`` the unanswered."""

    year: int
    archived: int
    mentors: Counter[CarryAnswer]
    mentees: Counter[CarryAnswer]

    @property
    def mentors_continuing(self) -> int:
        return sum(self.mentors[answer] for answer in CONTINUING)

    @property
    def mentees_continuing(self) -> int:
        return sum(self.mentees[answer] for answer in CONTINUING)


@dataclass(frozen=True)
class ListRow:
    """One line of the new year's lists."""

    name: str
    role: Role
    answer: CarryAnswer
    capacity: int | None
    answered_at: datetime | None


def _insert(session: AsyncSession) -> Callable[[Any], Any]:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


class YearClosing:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----- closing --------------------------------------------------------------------------
    async def years_due(
        self, orgs: Sequence[Organization], calendars: dict[int, SchoolCalendar], now: datetime
    ) -> list[tuple[int, int]]:
        """(organization id, school year) to close now: the year's closing day has come, it is
        not closed yet, and the organization existed on that day (a school created in July has
        no year to close until the next one). One query, whatever the number of schools."""
        candidates = {
            org.id: year
            for org in orgs
            if (year := year_to_close(org, calendars[org.id], now)) is not None
        }
        if not candidates:
            return []
        rows = await self.session.execute(
            select(YearClosure.org_id, YearClosure.year).where(YearClosure.org_id.in_(candidates))
        )
        closed = {(org_id, year) for org_id, year in rows}
        return sorted(
            (org_id, year) for org_id, year in candidates.items() if (org_id, year) not in closed
        )

    async def close(
        self, org: Organization, year: int, calendar: SchoolCalendar, now: datetime
    ) -> Closed | None:
        """Close the year once; None when it is closed already (by another run)."""
        closure_id = await self.session.scalar(
            _insert(self.session)(YearClosure)
            .values(org_id=org.id, year=year, closed_at=now)
            .on_conflict_do_nothing(index_elements=["org_id", "year"])
            .returning(YearClosure.id)
        )
        if closure_id is None:
            return None
        closure = await self.session.get(YearClosure, closure_id)
        assert closure is not None
        closes = calendar.day_in(year, calendar.year_closes)
        archived = await self._archive(
            org, closure, local_midnight(closes + timedelta(days=1), org.timezone), now
        )
        asked = await self._ask(org, closure, now)
        return Closed(closure, archived, asked)

    async def _archive(
        self, org: Organization, closure: YearClosure, before: datetime, now: datetime
    ) -> int:
        rows = list(
            await self.session.scalars(
                select(Assignment)
                .where(
                    Assignment.org_id == org.id,
                    Assignment.is_open,
                    Assignment.state == AssignmentState.ACTIVE,
                    Assignment.confirmed_at < before,
                )
                .order_by(Assignment.id)
            )
        )
        if not rows:
            return 0
        pairing_ids = {a.pairing_id for a in rows}
        held_final = set(
            await self.session.scalars(
                select(Meeting.pairing_id).where(
                    Meeting.pairing_id.in_(pairing_ids),
                    Meeting.kind == MeetingKindDb.FINAL,
                    Meeting.status == MeetingStatus.HELD,
                )
            )
        )
        for assignment in rows:
            self.session.add(
                ArchivedPair(
                    closure_id=closure.id,
                    assignment_id=assignment.id,
                    pairing_id=assignment.pairing_id,
                    state=assignment.state.value,
                    final_held=assignment.pairing_id in held_final,
                )
            )
            await close_assignment(
                self.session, assignment, AssignmentState.ENDED, YEAR_CLOSED_REASON, now
            )
        # the year's end is not news for the parents the way an ended pair is
        self.session.info.pop(ENDED_FOR_GUARDIANS, None)
        await self.session.flush()
        still_open = set(
            await self.session.scalars(
                select(Assignment.pairing_id).where(
                    Assignment.pairing_id.in_(pairing_ids), Assignment.is_open
                )
            )
        )
        await MeetingRepository(self.session).cancel_open(pairing_ids - still_open, now)
        return len(rows)

    async def _ask(self, org: Organization, closure: YearClosure, now: datetime) -> list[CarryOver]:
        members = list(
            await self.session.scalars(
                select(Membership.id)
                .where(
                    Membership.org_id == org.id,
                    Membership.role.in_((Role.MENTOR, Role.MENTEE)),
                    Membership.user_id.is_not(None),
                    Membership.withdrawn_at.is_(None),
                    Membership.left_at.is_(None),
                    Membership.profile_completed_at.is_not(None),
                )
                .order_by(Membership.id)
            )
        )
        if not members:
            return []
        await self.session.execute(
            _insert(self.session)(CarryOver)
            .values(
                [
                    {
                        "closure_id": closure.id,
                        "membership_id": membership_id,
                        "year": closure.year,
                        "answer": CarryAnswer.PENDING.value,
                        "asked_at": now,
                    }
                    for membership_id in members
                ]
            )
            .on_conflict_do_nothing(index_elements=["membership_id", "year"])
        )
        return list(
            await self.session.scalars(
                select(CarryOver).where(CarryOver.closure_id == closure.id).order_by(CarryOver.id)
            )
        )

    # ----- answers --------------------------------------------------------------------------
    async def question(self, carry_id: int, user_id: int) -> tuple[CarryOver, Membership]:
        """The person's own question; a stale or someone else's one is refused."""
        carry = await self.session.get(CarryOver, carry_id)
        membership = (
            await self.session.get(Membership, carry.membership_id) if carry is not None else None
        )
        if carry is None or membership is None or membership.user_id != user_id:
            raise DomainError("error-stale-button")
        return carry, membership

    async def answer(
        self,
        carry_id: int,
        user_id: int,
        answer: CarryAnswer,
        now: datetime,
        capacity: int | None = None,
    ) -> tuple[CarryOver, Membership]:
        """Record the answer and apply it to the membership (see the module docstring)."""
        carry, membership = await self.question(carry_id, user_id)
        allowed = MENTOR_ANSWERS if membership.role is Role.MENTOR else MENTEE_ANSWERS
        if answer not in allowed:
            raise DomainError("error-stale-button")
        if answer is CarryAnswer.CHANGED:
            if capacity is None or capacity not in CAPACITY_RANGE:
                raise DomainError("error-stale-button")
            if capacity < membership.load:
                raise DomainError("carry-capacity-below-load", load=membership.load)
            membership.capacity = capacity
        carry.answer = answer
        carry.answered_at = now
        carry.capacity = membership.capacity if membership.role is Role.MENTOR else None
        if answer is CarryAnswer.LEAVE:
            # a pair offered or agreed since the closing is ended (or declined) first: a person
            # leaving the bank must not stay in an order's appendix as «name unknown»
            open_pair = await self.session.scalar(
                select(Assignment.id)
                .where(
                    Assignment.is_open,
                    or_(
                        Assignment.mentor_membership_id == membership.id,
                        Assignment.mentee_membership_id == membership.id,
                    ),
                )
                .limit(1)
            )
            if open_pair is not None:
                raise DomainError("carry-leave-open-pair")
            carry.capacity = None
            membership.left_at = membership.left_at or now
        else:
            membership.left_at = None
        await self.session.flush()
        return carry, membership

    # ----- reminders and the summary ---------------------------------------------------------
    async def open_closures(self) -> list[tuple[YearClosure, Organization]]:
        rows = await self.session.execute(
            select(YearClosure, Organization)
            .join(Organization, Organization.id == YearClosure.org_id)
            .where(YearClosure.summary_sent_at.is_(None))
            .order_by(YearClosure.id)
        )
        return [(closure, org) for closure, org in rows]

    async def to_remind(self, closure: YearClosure) -> list[CarryOver]:
        return list(
            await self.session.scalars(
                select(CarryOver)
                .where(
                    CarryOver.closure_id == closure.id,
                    CarryOver.answer == CarryAnswer.PENDING,
                    CarryOver.reminded_at.is_(None),
                )
                .order_by(CarryOver.id)
            )
        )

    async def anyone_pending(self, closure: YearClosure) -> bool:
        """Someone still to answer (a person who withdrew is no longer waited for)."""
        found = await self.session.scalar(
            select(
                exists().where(
                    CarryOver.closure_id == closure.id,
                    CarryOver.answer == CarryAnswer.PENDING,
                    CarryOver.membership_id == Membership.id,
                    Membership.user_id.is_not(None),
                )
            )
        )
        return bool(found)

    async def summary(self, closure: YearClosure) -> Summary:
        rows = await self.session.execute(
            select(Membership.role, CarryOver.answer, func.count(CarryOver.id))
            .join(Membership, Membership.id == CarryOver.membership_id)
            # a person who withdrew is gone from the counts as from the lists
            .where(CarryOver.closure_id == closure.id, Membership.user_id.is_not(None))
            .group_by(Membership.role, CarryOver.answer)
        )
        mentors: Counter[CarryAnswer] = Counter()
        mentees: Counter[CarryAnswer] = Counter()
        for role, answer, count in rows:
            (mentors if role is Role.MENTOR else mentees)[answer] += count
        archived = await self.session.scalar(
            select(func.count(ArchivedPair.id)).where(ArchivedPair.closure_id == closure.id)
        )
        return Summary(closure.year, archived or 0, mentors, mentees)

    async def closure(self, closure_id: int) -> YearClosure:
        """The closure a button names (the curator's lists), or a stale button."""
        found = await self.session.get(YearClosure, closure_id)
        if found is None:
            raise DomainError("error-stale-button")
        return found

    async def lists(self, closure: YearClosure) -> list[ListRow]:
        """Everyone asked at the closing, with their answer (a withdrawn person is gone)."""
        rows = await self.session.execute(
            select(User.full_name, Membership.role, CarryOver)
            .join(Membership, Membership.id == CarryOver.membership_id)
            .join(User, User.id == Membership.user_id)
            .where(CarryOver.closure_id == closure.id)
        )
        order = {answer: index for index, answer in enumerate(CarryAnswer)}
        found = [
            ListRow(name or "", role, carry.answer, carry.capacity, carry.answered_at)
            for name, role, carry in rows
        ]
        found.sort(key=lambda r: (r.role is not Role.MENTOR, order[r.answer], r.name))
        return found

    async def latest(self, org_id: int) -> YearClosure | None:
        return await self.session.scalar(
            select(YearClosure)
            .where(YearClosure.org_id == org_id)
            .order_by(YearClosure.year.desc())
            .limit(1)
        )

"""The meeting plan of a pair: its sequence of meetings and their deadlines.

The sequence depends on the pair's mentoring type (and, optionally, its form): a
:class:`PlanShape` says which kinds of meeting the plan has, in the methodology's order, and how
long the program may run. The shapes are data (``services/meetings/plans.yaml``, read by
:mod:`services.meetings.shapes`); :data:`YEAR_SHAPE` is the methodology's full year and the
default everywhere a shape is not given. A plan, whatever its shape, is in this order:

1. организационная встреча (``ORGANIZATIONAL``), 2. пробная рабочая встреча (``TRIAL``),
3. встреча-планирование (``PLANNING``) — each one the shape has is due ``start + d``: by
   default ``d`` comes from :class:`PlanSettings` (``first_deadlines_weeks[0..2]`` weeks for the
   three kinds respectively), or the shape gives its own ``first_deadlines_days``, one per first
   kind it has;
4. регулярные встречи (``REGULAR``), if the shape has them — due ``anchor + k·N`` weeks for
   k = 1, 2, …, where the anchor is the last of the first meetings (the start when the shape has
   none) and N is the shape's ``regular_every_weeks`` or else ``PlanSettings.regular_every_weeks``,
   **as long as the deadline is at least one week before the end** (``due_on <= end - 7 days``),
   so the final meeting always has a week of its own;
5. заключительная встреча (``FINAL``) — due on ``end``. Every shape ends with it: its log opens
   the final surveys and reports count a program as completed by it. A one-meeting program
   (скоростное наставничество) is the final meeting alone.

Edge cases, decided here:

* A "due" date is a deadline: the meeting should be held on or before it.
* The period is the shape's ``min_length`` … ``max_length`` calendar months or weeks; for the
  year shape 3 months to 1 year (the personalized program's length in the roadmaps). Months are
  calendar months with the day clamped to the month's end: 30 November + 3 months is 28 (29)
  February; 29 February + 12 months is 28 February. ``end`` exactly at either limit is allowed.
* The first meetings always fall strictly before the final one: a shape is refused unless its
  latest first deadline is shorter than its shortest period. With deadlines from
  :class:`PlanSettings`, the planning deadline is capped at 12 weeks
  (:data:`MAX_FIRST_DEADLINE_WEEKS`), so such a shape's shortest period must be longer than 84
  days (3 months from 1 February in a non-leap year is 89 days).
* If the period leaves less than ``N + 1`` weeks after the anchor, there are no regular
  meetings at all; the plan is then the first meetings plus the final one.
* With ``N = 1`` the last regular meeting may fall exactly one week before the final, keeping a
  weekly rhythm to the end; a regular meeting is never due in the last six days.
* All arithmetic is on :class:`datetime.date`, so crossing the new year (or 29 February) needs
  nothing special.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise

from services.errors import DomainError
from services.school_year.calendar_file import SchoolCalendar, calendar_by_id

MIN_PERIOD_MONTHS = 3
MAX_PERIOD_MONTHS = 12
MAX_PERIOD_WEEKS = 52
MAX_FIRST_DEADLINE_WEEKS = 12
FINAL_GAP = timedelta(weeks=1)


class MeetingKind(StrEnum):
    ORGANIZATIONAL = "organizational"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"


KIND_ORDER: tuple[MeetingKind, ...] = tuple(MeetingKind)
"""The kinds in the order they happen (a plan never goes back in this order)."""

FIRST_KINDS: tuple[MeetingKind, ...] = (
    MeetingKind.ORGANIZATIONAL,
    MeetingKind.TRIAL,
    MeetingKind.PLANNING,
)
"""The kinds held once each at the start, with deadlines counted from the start."""


class PeriodUnit(StrEnum):
    MONTHS = "months"
    WEEKS = "weeks"


class PlanError(DomainError):
    """The period of a program is not allowed; ``code`` (also the locale key) says why:
    ``plan-end-before-start``, ``plan-too-short`` or ``plan-too-long`` (the last two with the
    shape's limit as ``unit`` and ``count`` for the message)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, **params)
        self.code = code


@dataclass(frozen=True)
class PlanSettings:
    """Deadlines of the first three meetings in weeks after the start (strictly increasing,
    1 … :data:`MAX_FIRST_DEADLINE_WEEKS`), and the rhythm of regular meetings in weeks (≥ 1).
    A :class:`PlanShape` uses them unless it sets its own."""

    first_deadlines_weeks: tuple[int, int, int] = (1, 2, 3)
    regular_every_weeks: int = 2

    def __post_init__(self) -> None:
        weeks = self.first_deadlines_weeks
        if len(weeks) != 3:
            raise ValueError("first_deadlines_weeks needs exactly three deadlines")
        if weeks[0] < 1:
            raise ValueError("the first deadline must be at least one week after the start")
        if not weeks[0] < weeks[1] < weeks[2]:
            raise ValueError("first_deadlines_weeks must be strictly increasing")
        if weeks[2] > MAX_FIRST_DEADLINE_WEEKS:
            raise ValueError(
                f"the planning meeting must be due within {MAX_FIRST_DEADLINE_WEEKS} weeks"
            )
        if self.regular_every_weeks < 1:
            raise ValueError("regular_every_weeks must be at least 1")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the target month's end
    (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _add(day: date, unit: PeriodUnit, count: int) -> date:
    if unit is PeriodUnit.MONTHS:
        return add_months(day, count)
    return day + timedelta(weeks=count)


@cache
def _shortest_days(unit: PeriodUnit, count: int) -> int:
    """The fewest days ``count`` units can be, over every start day (four years hold every
    pattern of month lengths this century)."""
    if unit is PeriodUnit.WEEKS:
        return 7 * count
    day, last = date(2025, 1, 1), date(2028, 12, 31)
    shortest = 31 * count
    while day <= last:
        shortest = min(shortest, (add_months(day, count) - day).days)
        day += timedelta(days=1)
    return shortest


@dataclass(frozen=True)
class PlanShape:
    """What a plan looks like for one mentoring type (or form): the kinds of meeting it has
    (a subsequence of :data:`KIND_ORDER` ending with ``FINAL``), the allowed period
    ``min_length`` … ``max_length`` in ``unit``, the default period (``default_length``, or
    ``None``: to the end of the school year, months only), and optionally its own deadlines
    of the first meetings in days (``first_deadlines_days``, one per first kind it has) and
    rhythm of regular meetings (``regular_every_weeks``) instead of :class:`PlanSettings`."""

    kinds: tuple[MeetingKind, ...] = KIND_ORDER
    unit: PeriodUnit = PeriodUnit.MONTHS
    min_length: int = MIN_PERIOD_MONTHS
    max_length: int = MAX_PERIOD_MONTHS
    default_length: int | None = None
    first_deadlines_days: tuple[int, ...] | None = None
    regular_every_weeks: int | None = None

    def __post_init__(self) -> None:
        self._check_kinds()
        self._check_period()
        self._check_deadlines()
        if MeetingKind.REGULAR not in self.kinds and self.regular_every_weeks is not None:
            raise ValueError("regular_every_weeks is set but the plan has no regular meetings")
        if self.regular_every_weeks is not None and not 1 <= self.regular_every_weeks <= 8:
            raise ValueError("regular_every_weeks must be 1 to 8")

    def _check_kinds(self) -> None:
        if not self.kinds or self.kinds[-1] is not MeetingKind.FINAL:
            raise ValueError("a plan must end with the final meeting")
        if len(set(self.kinds)) != len(self.kinds):
            raise ValueError("each kind of meeting may appear only once")
        if list(self.kinds) != sorted(self.kinds, key=KIND_ORDER.index):
            raise ValueError(
                "meeting kinds must be in the order " + ", ".join(k.value for k in KIND_ORDER)
            )

    def _check_period(self) -> None:
        longest = MAX_PERIOD_MONTHS if self.unit is PeriodUnit.MONTHS else MAX_PERIOD_WEEKS
        if not 1 <= self.min_length <= self.max_length <= longest:
            raise ValueError(f"the period must be 1 <= min <= max <= {longest} {self.unit.value}")
        if self.default_length is None:
            if self.unit is not PeriodUnit.MONTHS:
                raise ValueError("the school year as the default period needs months")
        elif not self.min_length <= self.default_length <= self.max_length:
            raise ValueError("the default period must be within min … max")

    def _check_deadlines(self) -> None:
        shortest = _shortest_days(self.unit, self.min_length)
        first = self.first_kinds
        days = self.first_deadlines_days
        if days is None:
            if first and shortest <= MAX_FIRST_DEADLINE_WEEKS * 7:
                raise ValueError(
                    "with the first meetings' deadlines from the settings (up to "
                    f"{MAX_FIRST_DEADLINE_WEEKS} weeks) the shortest period must be over "
                    f"{MAX_FIRST_DEADLINE_WEEKS * 7} days; give first_deadlines_days instead"
                )
            return
        if len(days) != len(first):
            raise ValueError(
                f"first_deadlines_days needs one deadline per first meeting ({len(first)})"
            )
        if any(d < 1 for d in days) or any(b <= a for a, b in pairwise(days)):
            raise ValueError("first_deadlines_days must be strictly increasing from 1")
        if days and days[-1] >= shortest:
            raise ValueError(
                f"the first meetings must fall before the final one: the shortest period is "
                f"{shortest} days, the last deadline {days[-1]}"
            )

    @property
    def first_kinds(self) -> tuple[MeetingKind, ...]:
        return tuple(kind for kind in self.kinds if kind in FIRST_KINDS)


YEAR_SHAPE = PlanShape()
"""The methodology's full program: all five kinds over 3 months to a year, by default to the
end of the school year, deadlines and rhythm from :class:`PlanSettings`."""


@dataclass(frozen=True)
class PlannedMeeting:
    sequence: int  # 1-based position in the plan
    kind: MeetingKind
    due_on: date  # the deadline by which it should be held


def default_end(
    start: date, shape: PlanShape = YEAR_SHAPE, calendar: SchoolCalendar | None = None
) -> date:
    """The shape's default length after ``start``; for the school year (``default_length``
    None): the calendar's ``programs_end`` (31 May by default) of the school year containing
    ``start``, or of the next one when that day has passed (a start in June–August runs to
    next May), moved out to the shortest period when that is sooner and never beyond the
    longest."""
    if shape.default_length is not None:
        return _add(start, shape.unit, shape.default_length)
    calendar = calendar or calendar_by_id(None)
    year = calendar.school_year(start)
    end = calendar.day_in(year, calendar.programs_end)
    if end < start:
        end = calendar.day_in(year + 1, calendar.programs_end)
    shortest = _add(start, shape.unit, shape.min_length)
    longest = _add(start, shape.unit, shape.max_length)
    return min(max(end, shortest), longest)


def check_period(start: date, end: date, shape: PlanShape = YEAR_SHAPE) -> None:
    """Raise :class:`PlanError` unless ``start + min <= end <= start + max`` of the shape
    (for the year shape ``start + 3 months <= end <= start + 1 year``)."""
    if end < start:
        raise PlanError("plan-end-before-start")
    if end < _add(start, shape.unit, shape.min_length):
        raise PlanError("plan-too-short", unit=shape.unit.value, count=shape.min_length)
    if end > _add(start, shape.unit, shape.max_length):
        raise PlanError("plan-too-long", unit=shape.unit.value, count=shape.max_length)


def build_plan(
    start: date,
    end: date,
    settings: PlanSettings = PlanSettings(),
    shape: PlanShape = YEAR_SHAPE,
) -> list[PlannedMeeting]:
    """The whole plan of a pair whose program runs from ``start`` to ``end`` (see the module
    docstring for the rules). Raises :class:`PlanError` for a period that is not allowed."""
    check_period(start, end, shape)
    first = shape.first_kinds
    if shape.first_deadlines_days is None:
        weeks = dict(zip(FIRST_KINDS, settings.first_deadlines_weeks, strict=True))
        offsets = [timedelta(weeks=weeks[kind]) for kind in first]
    else:
        offsets = [timedelta(days=days) for days in shape.first_deadlines_days]
    dues = [(kind, start + offset) for kind, offset in zip(first, offsets, strict=True)]
    if MeetingKind.REGULAR in shape.kinds:
        anchor = dues[-1][1] if dues else start
        every = timedelta(weeks=shape.regular_every_weeks or settings.regular_every_weeks)
        last_regular = end - FINAL_GAP
        due = anchor + every
        while due <= last_regular:
            dues.append((MeetingKind.REGULAR, due))
            due += every
    dues.append((MeetingKind.FINAL, end))
    return [
        PlannedMeeting(sequence=number, kind=kind, due_on=due_on)
        for number, (kind, due_on) in enumerate(dues, start=1)
    ]

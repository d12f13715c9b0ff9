"""The meeting plan of a pair: the fixed sequence of meetings and their deadlines.

The methodology's sequence (DOMAIN.md, "the meeting sequence") is always, in this order:

1. организационная встреча (``ORGANIZATIONAL``) — due ``start + first_deadlines_weeks[0]`` weeks;
2. пробная рабочая встреча (``TRIAL``) — due ``start + first_deadlines_weeks[1]`` weeks;
3. встреча-планирование (``PLANNING``) — due ``start + first_deadlines_weeks[2]`` weeks;
4. регулярные встречи (``REGULAR``) — due ``planning + k·N`` weeks for k = 1, 2, …, where
   N = ``regular_every_weeks``, **as long as the deadline is at least one week before the end**
   (``due_on <= end - 7 days``), so the final meeting always has a week of its own;
5. заключительная встреча (``FINAL``) — due on ``end``.

Edge cases, decided here:

* A "due" date is a deadline: the meeting should be held on or before it.
* The period must be 3 months to 1 year (the personalized program's length in the roadmaps).
  Months are calendar months with the day clamped to the month's end: 30 November + 3 months is
  28 (29) February; 29 February + 12 months is 28 February. ``end`` exactly 3 months or exactly
  1 year after ``start`` is allowed.
* The planning deadline is capped at 12 weeks (:data:`MAX_FIRST_DEADLINE_WEEKS`): the shortest
  allowed period (3 months from 1 February in a non-leap year) is 89 days > 84, so the first
  three meetings always fit strictly before the final one.
* If the period leaves less than ``N + 1`` weeks after the planning meeting, there are no
  regular meetings at all; the plan is then the first three plus the final one.
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

from services.errors import DomainError

MIN_PERIOD_MONTHS = 3
MAX_PERIOD_MONTHS = 12
MAX_FIRST_DEADLINE_WEEKS = 12
FINAL_GAP = timedelta(weeks=1)
SCHOOL_YEAR_END = (5, 31)  # month, day: the school year ends on 31 May


class MeetingKind(StrEnum):
    ORGANIZATIONAL = "organizational"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"


KIND_ORDER: tuple[MeetingKind, ...] = tuple(MeetingKind)
"""The kinds in the order they happen (a plan never goes back in this order)."""


class PlanError(DomainError):
    """The period of a program is not allowed; ``code`` (also the locale key) says why:
    ``plan-end-before-start``, ``plan-too-short`` or ``plan-too-long``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PlanSettings:
    """Deadlines of the first three meetings in weeks after the start (strictly increasing,
    1 … :data:`MAX_FIRST_DEADLINE_WEEKS`), and the rhythm of regular meetings in weeks (≥ 1)."""

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


@dataclass(frozen=True)
class PlannedMeeting:
    sequence: int  # 1-based position in the plan
    kind: MeetingKind
    due_on: date  # the deadline by which it should be held


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the target month's end
    (31 January + 1 month = 28/29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def default_end(start: date) -> date:
    """The end of the school year containing ``start`` (31 May; a start in June–December
    belongs to the school year ending next May), moved out to ``start + 3 months`` when that is
    sooner and never beyond ``start + 1 year``."""
    month, day = SCHOOL_YEAR_END
    year = start.year + 1 if start.month > month else start.year
    end = date(year, month, day)
    shortest = add_months(start, MIN_PERIOD_MONTHS)
    longest = add_months(start, MAX_PERIOD_MONTHS)
    return min(max(end, shortest), longest)


def check_period(start: date, end: date) -> None:
    """Raise :class:`PlanError` unless ``start + 3 months <= end <= start + 1 year``."""
    if end < start:
        raise PlanError("plan-end-before-start")
    if end < add_months(start, MIN_PERIOD_MONTHS):
        raise PlanError("plan-too-short")
    if end > add_months(start, MAX_PERIOD_MONTHS):
        raise PlanError("plan-too-long")


def build_plan(
    start: date, end: date, settings: PlanSettings = PlanSettings()
) -> list[PlannedMeeting]:
    """The whole plan of a pair whose program runs from ``start`` to ``end`` (see the module
    docstring for the rules). Raises :class:`PlanError` for a period that is not allowed."""
    check_period(start, end)
    first = (MeetingKind.ORGANIZATIONAL, MeetingKind.TRIAL, MeetingKind.PLANNING)
    dues = [
        (kind, start + timedelta(weeks=weeks))
        for kind, weeks in zip(first, settings.first_deadlines_weeks, strict=True)
    ]
    planning_due = dues[-1][1]
    every = timedelta(weeks=settings.regular_every_weeks)
    last_regular = end - FINAL_GAP
    due = planning_due + every
    while due <= last_regular:
        dues.append((MeetingKind.REGULAR, due))
        due += every
    dues.append((MeetingKind.FINAL, end))
    return [
        PlannedMeeting(sequence=number, kind=kind, due_on=due_on)
        for number, (kind, due_on) in enumerate(dues, start=1)
    ]

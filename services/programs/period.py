"""The program's period the pair may pick: 3–12 months from its start, by default to the end of
the school year (clamped into 3–12 months), as the meeting plan's shapes allow."""

from __future__ import annotations

from datetime import date

from services.meetings.plan import PeriodUnit, PlanShape, add_months, default_end
from services.school_year.calendar_file import SchoolCalendar


def month_options(shape: PlanShape) -> list[int]:
    """Lengths in months the pair may choose; none for a shape counted in weeks (its period
    stays the shape's default)."""
    if shape.unit is not PeriodUnit.MONTHS:
        return []
    return list(range(shape.min_length, shape.max_length + 1))


def end_for(
    start: date, months: int | None, shape: PlanShape, calendar: SchoolCalendar | None = None
) -> date:
    """The end for ``months`` after ``start``; ``None`` is the default (the school year of the
    organization's calendar)."""
    if months is None:
        return default_end(start, shape, calendar)
    if months not in month_options(shape):
        raise ValueError(f"{months} months is not a period of this plan")
    return add_months(start, months)


def months_of(start: date, end: date) -> int | None:
    """Whole months from ``start`` to ``end`` when the end is exactly that; else None."""
    for months in range(1, 13):
        if add_months(start, months) == end:
            return months
    return None

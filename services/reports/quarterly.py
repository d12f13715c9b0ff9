"""Quarterly reports on the regional calendar's due dates (seed 003 item 17).

Each due date in ``calendar.quarterly_reports`` is for the quarter that ended before it (10
January: October–December). The school's curators are reminded ``reports_remind_days_before``
days before; on the due day, a school that enabled it sends the quarter's report to its office.
A job that missed a day (the bot was down) catches up within ``CATCH_UP_DAYS``; the outbox's
dedupe keys make every step happen once, whichever instance runs it and however often.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from services.reports.periods import Period, previous_quarter
from services.school_year.calendar_file import SchoolCalendar

CATCH_UP_DAYS = 3


class QuarterlyStep(StrEnum):
    REMIND = "remind"
    SEND = "send"


@dataclass(frozen=True, slots=True)
class QuarterlyEvent:
    step: QuarterlyStep
    on: date  # the day it is for
    due: date
    quarter: Period
    days_before: int = 0


def due_dates(calendar: SchoolCalendar, around: date) -> list[date]:
    """The due dates of the school years around a day (each «MM-DD» once a calendar year)."""
    year = calendar.school_year(around)
    days = {
        calendar.day_in(y, md)
        for y in (year - 1, year, year + 1)
        for md in calendar.quarterly_reports
    }
    return sorted(days)


def events_between(calendar: SchoolCalendar, first: date, last: date) -> list[QuarterlyEvent]:
    """Every reminder and due day that falls in [first, last]."""
    found: list[QuarterlyEvent] = []
    for due in due_dates(calendar, last):
        quarter = previous_quarter(due)
        for days in calendar.reports_remind_days_before:
            on = due - timedelta(days=days)
            if first <= on <= last:
                found.append(QuarterlyEvent(QuarterlyStep.REMIND, on, due, quarter, days))
        if first <= due <= last:
            found.append(QuarterlyEvent(QuarterlyStep.SEND, due, due, quarter))
    return sorted(found, key=lambda e: (e.on, e.step))


def events_due(calendar: SchoolCalendar, today: date) -> list[QuarterlyEvent]:
    """What a pass today does: today's steps and those of the last days it may have missed;
    a reminder is not sent once its due date has come."""
    return [
        event
        for event in events_between(calendar, today - timedelta(days=CATCH_UP_DAYS), today)
        if event.step is QuarterlyStep.SEND or event.due > today
    ]

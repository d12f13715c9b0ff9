"""The yearly duties of the roadmaps the bot reminds curators of, on the days of the
organization's calendar (calendars/*.yaml, services/school_year/calendar_file.py):

* ``LISTS_UPDATE`` — the lists of curators, mentors and mentees are updated every year by
  ``lists_due`` (1 October by default, seed 000 items 1–2); the reminders go
  ``lists_remind_days_before`` days before it (14 and 3: 17 and 28 September). The due date
  itself is not an occurrence unless 0 is among the days.
* ``INTERIM_SURVEY`` — the interim feedback questionnaires (seed 003) on the day the interim
  survey opens (the calendar's ``interim_survey``, or the school's own date).
* ``EVALUATION`` — the evaluation of the programs opens (``evaluation.starts``, 1 March).
* ``FINAL_STAGE`` — completion of the programs (``final_stage``, 15 May, seed 003).
* ``MONITORING`` — the satisfaction monitoring window opens (``monitoring.starts``, 20 May,
  seed 001).

A reminder "days before" may fall in the previous school year or calendar year (a due date of
5 January); :func:`occurrences` handles that.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from services.school_year.calendar_file import SchoolCalendar, calendar_by_id


class YearlyEvent(StrEnum):
    LISTS_UPDATE = "lists_update"
    INTERIM_SURVEY = "interim_survey"
    EVALUATION = "evaluation"
    FINAL_STAGE = "final_stage"
    MONITORING = "monitoring"


_EVENT_ORDER = {event: index for index, event in enumerate(YearlyEvent)}


def _of_year(year: int, calendar: SchoolCalendar, interim: str) -> list[tuple[date, YearlyEvent]]:
    due = calendar.day_in(year, calendar.lists_due)
    found = [
        (due - timedelta(days=before), YearlyEvent.LISTS_UPDATE)
        for before in calendar.lists_remind_days_before
    ]
    for event, month_day in (
        (YearlyEvent.INTERIM_SURVEY, interim),
        (YearlyEvent.EVALUATION, calendar.evaluation.starts),
        (YearlyEvent.FINAL_STAGE, calendar.final_stage),
        (YearlyEvent.MONITORING, calendar.monitoring.starts),
    ):
        found.append((calendar.day_in(year, month_day), event))
    return found


def occurrences(
    start: date,
    end: date,
    calendar: SchoolCalendar | None = None,
    *,
    interim: str | None = None,
) -> list[tuple[date, YearlyEvent]]:
    """Every reminder date in ``[start, end]`` (both included) of the calendar (the default
    one when not given; ``interim``: the school's own interim "MM-DD"), sorted by date; events
    of the same day in the order of :class:`YearlyEvent`. Empty when ``end < start``."""
    if end < start:
        return []
    calendar = calendar or calendar_by_id(None)
    first, last = calendar.school_year(start), calendar.school_year(end)
    found = [
        item
        # +1: a reminder before an early due date falls in the school year before it
        for year in range(first, last + 2)
        for item in _of_year(year, calendar, interim or calendar.interim_survey)
        if start <= item[0] <= end
    ]
    return sorted(set(found), key=lambda item: (item[0], _EVENT_ORDER[item[1]]))

"""The yearly calendar of the roadmaps: dates the bot reminds curators of every year.

* ``LISTS_UPDATE`` — the lists of curators, mentors and mentees are updated every year by
  1 October (seed 000, items 1–2); the reminders go ``lists_remind_days_before`` days before
  that date (by default 14 and 3 days: 17 and 28 September). The due date itself is not an
  occurrence unless 0 is among the days.
* ``INTERIM_SURVEY`` — the interim feedback questionnaires in January (seed 003): 15 January.
* ``FINAL_STAGE`` — completion of the programs in May (seed 003): 15 May.
* ``MONITORING`` — satisfaction monitoring in May–June (seed 001): 20 May.

Dates are (month, day) pairs that must exist in every year, so 29 February is refused. A
reminder "days before" may fall in the previous calendar year (e.g. a due date of 5 January);
:func:`occurrences` handles that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class YearlyEvent(StrEnum):
    LISTS_UPDATE = "lists_update"
    INTERIM_SURVEY = "interim_survey"
    FINAL_STAGE = "final_stage"
    MONITORING = "monitoring"


_EVENT_ORDER = {event: index for index, event in enumerate(YearlyEvent)}


def _check_month_day(name: str, value: tuple[int, int]) -> None:
    month, day = value
    try:
        date(2001, month, day)  # not a leap year: the date must exist every year
    except ValueError:
        raise ValueError(f"{name}: ({month}, {day}) is not a date of every year") from None


@dataclass(frozen=True)
class CalendarSettings:
    lists_due: tuple[int, int] = (10, 1)  # (month, day): lists updated by 1 October
    lists_remind_days_before: tuple[int, ...] = (14, 3)
    interim_survey: tuple[int, int] = (1, 15)
    final_stage: tuple[int, int] = (5, 15)
    monitoring: tuple[int, int] = (5, 20)

    def __post_init__(self) -> None:
        for name in ("lists_due", "interim_survey", "final_stage", "monitoring"):
            _check_month_day(name, getattr(self, name))
        days = self.lists_remind_days_before
        if any(day < 0 or day > 365 for day in days):
            raise ValueError("lists_remind_days_before: 0 … 365 days")
        if len(set(days)) != len(days):
            raise ValueError("lists_remind_days_before has duplicates")


def _of_year(year: int, settings: CalendarSettings) -> list[tuple[date, YearlyEvent]]:
    month, day = settings.lists_due
    due = date(year, month, day)
    found = [
        (due - timedelta(days=before), YearlyEvent.LISTS_UPDATE)
        for before in settings.lists_remind_days_before
    ]
    for event, (m, d) in (
        (YearlyEvent.INTERIM_SURVEY, settings.interim_survey),
        (YearlyEvent.FINAL_STAGE, settings.final_stage),
        (YearlyEvent.MONITORING, settings.monitoring),
    ):
        found.append((date(year, m, d), event))
    return found


def occurrences(
    start: date, end: date, settings: CalendarSettings = CalendarSettings()
) -> list[tuple[date, YearlyEvent]]:
    """Every reminder date in ``[start, end]`` (both included), sorted by date; events of the
    same day in the order of :class:`YearlyEvent`. Empty when ``end < start``."""
    if end < start:
        return []
    found = [
        item
        for year in range(start.year, end.year + 2)  # +1: reminders before an early due date
        for item in _of_year(year, settings)
        if start <= item[0] <= end
    ]
    return sorted(set(found), key=lambda item: (item[0], _EVENT_ORDER[item[1]]))

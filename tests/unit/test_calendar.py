"""The yearly calendar of the roadmaps."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from services.meetings.calendar import CalendarSettings, YearlyEvent, occurrences

LISTS = YearlyEvent.LISTS_UPDATE
INTERIM = YearlyEvent.INTERIM_SURVEY
FINAL = YearlyEvent.FINAL_STAGE
MONITORING = YearlyEvent.MONITORING


def test_a_school_year() -> None:
    assert occurrences(date(2025, 9, 1), date(2026, 5, 31)) == [
        (date(2025, 9, 17), LISTS),  # 14 days before 1 October
        (date(2025, 9, 28), LISTS),  # 3 days before
        (date(2026, 1, 15), INTERIM),
        (date(2026, 5, 15), FINAL),
        (date(2026, 5, 20), MONITORING),
    ]


def test_bounds_are_inclusive() -> None:
    assert occurrences(date(2025, 9, 17), date(2025, 9, 17)) == [(date(2025, 9, 17), LISTS)]
    assert occurrences(date(2025, 9, 18), date(2025, 9, 27)) == []
    assert occurrences(date(2026, 5, 15), date(2026, 5, 20)) == [
        (date(2026, 5, 15), FINAL),
        (date(2026, 5, 20), MONITORING),
    ]


def test_end_before_start_is_empty() -> None:
    assert occurrences(date(2026, 5, 31), date(2025, 9, 1)) == []


def test_two_calendar_years() -> None:
    found = occurrences(date(2025, 1, 1), date(2026, 12, 31))
    assert len(found) == 10
    assert found == sorted(found)
    assert found[:4] == [
        (date(2025, 1, 15), INTERIM),
        (date(2025, 5, 15), FINAL),
        (date(2025, 5, 20), MONITORING),
        (date(2025, 9, 17), LISTS),
    ]
    assert found[-1] == (date(2026, 9, 28), LISTS)


def test_reminders_before_a_january_due_date_fall_in_december() -> None:
    settings = CalendarSettings(lists_due=(1, 5), lists_remind_days_before=(14, 0))
    assert occurrences(date(2025, 12, 1), date(2026, 1, 31), settings) == [
        (date(2025, 12, 22), LISTS),
        (date(2026, 1, 5), LISTS),  # 0 days before: the due date itself
        (date(2026, 1, 15), INTERIM),
    ]
    # a window ending in December still sees the reminder of next January's due date
    assert occurrences(date(2025, 12, 1), date(2025, 12, 31), settings) == [
        (date(2025, 12, 22), LISTS)
    ]


def test_same_day_events_in_enum_order() -> None:
    settings = CalendarSettings(interim_survey=(5, 20), final_stage=(5, 20), monitoring=(5, 20))
    assert occurrences(date(2026, 5, 1), date(2026, 5, 31), settings) == [
        (date(2026, 5, 20), INTERIM),
        (date(2026, 5, 20), FINAL),
        (date(2026, 5, 20), MONITORING),
    ]


def test_leap_years() -> None:
    settings = CalendarSettings(lists_due=(3, 1), lists_remind_days_before=(1,))
    dates = [day for day, event in occurrences(date(2027, 1, 1), date(2028, 12, 31), settings)]
    assert date(2027, 2, 28) in dates
    assert date(2028, 2, 29) in dates


@pytest.mark.parametrize(
    "changes",
    [
        {"lists_due": (2, 29)},  # not every year has it
        {"interim_survey": (13, 1)},
        {"final_stage": (4, 31)},
        {"monitoring": (0, 1)},
        {"lists_remind_days_before": (14, -1)},
        {"lists_remind_days_before": (3, 3)},
        {"lists_remind_days_before": (400,)},
    ],
)
def test_settings_validation(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"."):
        CalendarSettings(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", range(2024, 2032))
def test_every_school_year_has_each_event_once(year: int) -> None:
    found = occurrences(date(year, 9, 1), date(year + 1, 8, 31))
    assert Counter(event for _, event in found) == {LISTS: 2, INTERIM: 1, FINAL: 1, MONITORING: 1}


def test_day_by_day_equals_the_whole_range() -> None:
    start, end = date(2025, 6, 1), date(2027, 6, 30)
    day, seen = start, []
    while day <= end:
        seen += occurrences(day, day)
        day += timedelta(days=1)
    assert seen == occurrences(start, end)
    assert len(seen) == 10  # the school years 2025/26 and 2026/27, five each

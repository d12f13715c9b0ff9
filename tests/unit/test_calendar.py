"""The yearly calendar of the roadmaps, on the days of a calendar file."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from services.meetings.calendar import YearlyEvent, occurrences
from services.school_year.calendar_file import SchoolCalendar, calendar_by_id

LISTS = YearlyEvent.LISTS_UPDATE
INTERIM = YearlyEvent.INTERIM_SURVEY
EVALUATION = YearlyEvent.EVALUATION
FINAL = YearlyEvent.FINAL_STAGE
MONITORING = YearlyEvent.MONITORING


def calendar(**changes: object) -> SchoolCalendar:
    """The default calendar with some dates changed, validated like a file."""
    return SchoolCalendar.model_validate({**calendar_by_id(None).model_dump(), **changes})


def test_a_school_year() -> None:
    assert occurrences(date(2025, 9, 1), date(2026, 5, 31)) == [
        (date(2025, 9, 17), LISTS),  # 14 days before 1 October
        (date(2025, 9, 28), LISTS),  # 3 days before
        (date(2026, 1, 20), INTERIM),
        (date(2026, 3, 1), EVALUATION),
        (date(2026, 5, 15), FINAL),
        (date(2026, 5, 20), MONITORING),
    ]


def test_the_calendar_file_moves_every_date() -> None:
    north = calendar(
        lists_due="09-20",
        lists_remind_days_before=(5,),
        interim_survey="02-03",
        evaluation={"starts": "03-15", "ends": "04-20"},
        final_stage="05-10",
        monitoring={"starts": "05-25", "ends": "06-15"},
    )
    assert occurrences(date(2025, 9, 1), date(2026, 8, 31), north) == [
        (date(2025, 9, 15), LISTS),
        (date(2026, 2, 3), INTERIM),
        (date(2026, 3, 15), EVALUATION),
        (date(2026, 5, 10), FINAL),
        (date(2026, 5, 25), MONITORING),
    ]
    # a school's own interim date wins over the calendar's
    assert occurrences(date(2026, 1, 1), date(2026, 2, 28), north, interim="01-25") == [
        (date(2026, 1, 25), INTERIM)
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
    assert len(found) == 12
    assert found == sorted(found)
    assert found[:5] == [
        (date(2025, 1, 20), INTERIM),
        (date(2025, 3, 1), EVALUATION),
        (date(2025, 5, 15), FINAL),
        (date(2025, 5, 20), MONITORING),
        (date(2025, 9, 17), LISTS),
    ]
    assert found[-1] == (date(2026, 9, 28), LISTS)


def test_reminders_before_a_january_due_date_fall_in_december() -> None:
    early = calendar(lists_due="01-05", lists_remind_days_before=(14, 0))
    assert occurrences(date(2025, 12, 1), date(2026, 1, 31), early) == [
        (date(2025, 12, 22), LISTS),
        (date(2026, 1, 5), LISTS),  # 0 days before: the due date itself
        (date(2026, 1, 20), INTERIM),
    ]
    # a window ending in December still sees the reminder of next January's due date
    assert occurrences(date(2025, 12, 1), date(2025, 12, 31), early) == [
        (date(2025, 12, 22), LISTS)
    ]


def test_a_reminder_before_the_year_starts_belongs_to_the_next_year() -> None:
    early = calendar(lists_due="09-05", lists_remind_days_before=(10,))
    assert occurrences(date(2026, 8, 20), date(2026, 8, 31), early) == [(date(2026, 8, 26), LISTS)]


def test_same_day_events_in_enum_order() -> None:
    same = calendar(
        interim_survey="05-20",
        evaluation={"starts": "05-20", "ends": "05-30"},
        final_stage="05-20",
        monitoring={"starts": "05-20", "ends": "06-30"},
    )
    assert occurrences(date(2026, 5, 1), date(2026, 5, 31), same) == [
        (date(2026, 5, 20), INTERIM),
        (date(2026, 5, 20), EVALUATION),
        (date(2026, 5, 20), FINAL),
        (date(2026, 5, 20), MONITORING),
    ]


def test_leap_years() -> None:
    march = calendar(lists_due="03-01", lists_remind_days_before=(1,))
    dates = [day for day, _ in occurrences(date(2027, 1, 1), date(2028, 12, 31), march)]
    assert date(2027, 2, 28) in dates
    assert date(2028, 2, 29) in dates


@pytest.mark.parametrize(
    "changes",
    [
        {"lists_due": "02-29"},  # not every year has it
        {"interim_survey": "13-01"},
        {"final_stage": "04-31"},
        {"monitoring": {"starts": "00-01", "ends": "06-30"}},
        {"lists_remind_days_before": (14, -1)},
        {"lists_remind_days_before": (3, 3)},
        {"lists_remind_days_before": (400,)},
        {"year_closes": "10-15"},  # would close the year that has just begun
    ],
)
def test_calendar_validation(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        calendar(**changes)


@pytest.mark.parametrize("year", range(2024, 2032))
def test_every_school_year_has_each_event_once(year: int) -> None:
    found = occurrences(date(year, 9, 1), date(year + 1, 8, 31))
    assert Counter(event for _, event in found) == {
        LISTS: 2,
        INTERIM: 1,
        EVALUATION: 1,
        FINAL: 1,
        MONITORING: 1,
    }


def test_day_by_day_equals_the_whole_range() -> None:
    start, end = date(2025, 6, 1), date(2027, 6, 30)
    day, seen = start, []
    while day <= end:
        seen += occurrences(day, day)
        day += timedelta(days=1)
    assert seen == occurrences(start, end)
    assert len(seen) == 12  # the school years 2025/26 and 2026/27, six each

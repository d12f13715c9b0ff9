"""The meeting plan of a pair: the period, the fixed sequence and its deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from services.errors import DomainError
from services.meetings.calendar import YearlyEvent, occurrences
from services.meetings.plan import (
    KIND_ORDER,
    MeetingKind,
    PlanError,
    PlannedMeeting,
    PlanSettings,
    add_months,
    build_plan,
    check_period,
    default_end,
)
from services.meetings.timing import DEFAULT_LEADS, QuietHours, is_quiet, reminder_times

ORG, TRY, PLN, REG, FIN = (
    MeetingKind.ORGANIZATIONAL,
    MeetingKind.TRIAL,
    MeetingKind.PLANNING,
    MeetingKind.REGULAR,
    MeetingKind.FINAL,
)


def _kinds(plan: list[PlannedMeeting]) -> list[MeetingKind]:
    return [meeting.kind for meeting in plan]


def _dues(plan: list[PlannedMeeting]) -> list[date]:
    return [meeting.due_on for meeting in plan]


def _regulars(plan: list[PlannedMeeting]) -> list[date]:
    return [meeting.due_on for meeting in plan if meeting.kind is REG]


# --- months and the period ----------------------------------------------------------------


def test_kinds_in_sequence_order() -> None:
    assert KIND_ORDER == (ORG, TRY, PLN, REG, FIN)
    assert [kind.value for kind in KIND_ORDER] == [
        "organizational",
        "trial",
        "planning",
        "regular",
        "final",
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2025, 9, 1), 12, date(2026, 9, 1)),
    ],
)
def test_add_months_clamps_the_day(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2025, 9, 1), date(2026, 5, 31)),  # a school year
        (date(2025, 12, 31), date(2026, 5, 31)),
        (date(2026, 1, 10), date(2026, 5, 31)),  # January belongs to the year ending in May
        (date(2026, 2, 28), date(2026, 5, 31)),  # 3 months would be 28 May: May 31 is later
        (date(2026, 3, 1), date(2026, 6, 1)),  # May 31 is too soon: start + 3 months
        (date(2026, 3, 15), date(2026, 6, 15)),
        (date(2026, 5, 31), date(2026, 8, 31)),
        (date(2026, 6, 1), date(2027, 5, 31)),  # June starts the next school year
        (date(2028, 2, 29), date(2028, 5, 31)),
        (date(2025, 11, 30), date(2026, 5, 31)),
    ],
)
def test_default_end(start: date, expected: date) -> None:
    assert default_end(start) == expected


def test_default_end_is_always_an_allowed_period() -> None:
    day = date(2025, 1, 1)
    while day < date(2029, 1, 1):
        end = default_end(day)
        check_period(day, end)  # raises if not allowed
        assert add_months(day, 3) <= end <= add_months(day, 12)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (date(2026, 3, 1), date(2026, 2, 28), "plan-end-before-start"),
        (date(2026, 3, 1), date(2026, 3, 1), "plan-too-short"),
        (date(2026, 3, 1), date(2026, 5, 31), "plan-too-short"),
        (date(2025, 11, 30), date(2026, 2, 27), "plan-too-short"),
        (date(2025, 9, 1), date(2026, 9, 2), "plan-too-long"),
        (date(2028, 2, 29), date(2029, 3, 1), "plan-too-long"),
    ],
)
def test_check_period_refuses(start: date, end: date, code: str) -> None:
    with pytest.raises(PlanError) as caught:
        check_period(start, end)
    assert caught.value.code == code
    assert isinstance(caught.value, DomainError)
    assert caught.value.key == code  # the locale key, for handlers


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 1), date(2026, 6, 1)),  # exactly 3 months
        (date(2025, 11, 30), date(2026, 2, 28)),  # 3 months, clamped
        (date(2025, 9, 1), date(2026, 9, 1)),  # exactly one year
        (date(2028, 2, 29), date(2029, 2, 28)),
    ],
)
def test_check_period_accepts_the_limits(start: date, end: date) -> None:
    check_period(start, end)


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 3, 1), date(2026, 5, 31)), (date(2025, 9, 1), date(2026, 9, 2))],
)
def test_build_plan_checks_the_period(start: date, end: date) -> None:
    with pytest.raises(PlanError):
        build_plan(start, end)


@pytest.mark.parametrize(
    ("weeks", "every"),
    [
        ((0, 1, 2), 2),
        ((2, 1, 3), 2),
        ((1, 1, 2), 2),
        ((1, 2, 2), 2),
        ((1, 2, 13), 2),
        ((1, 2, 3), 0),
        ((1, 2, 3), -1),
    ],
)
def test_settings_validation(weeks: tuple[int, int, int], every: int) -> None:
    with pytest.raises(ValueError, match=r"."):
        PlanSettings(first_deadlines_weeks=weeks, regular_every_weeks=every)


def test_settings_at_the_limits_are_fine() -> None:
    settings = PlanSettings(first_deadlines_weeks=(1, 2, 12), regular_every_weeks=1)
    assert settings.first_deadlines_weeks == (1, 2, 12)


# --- the plan ------------------------------------------------------------------------------


def test_default_school_year_plan() -> None:
    plan = build_plan(date(2025, 9, 1), date(2026, 5, 31))
    assert [m.sequence for m in plan] == list(range(1, 22))
    assert _kinds(plan) == [ORG, TRY, PLN] + [REG] * 17 + [FIN]
    assert _dues(plan)[:3] == [date(2025, 9, 8), date(2025, 9, 15), date(2025, 9, 22)]
    assert _regulars(plan) == [
        date(2025, 10, 6),
        date(2025, 10, 20),
        date(2025, 11, 3),
        date(2025, 11, 17),
        date(2025, 12, 1),
        date(2025, 12, 15),
        date(2025, 12, 29),
        date(2026, 1, 12),  # across the new year
        date(2026, 1, 26),
        date(2026, 2, 9),
        date(2026, 2, 23),
        date(2026, 3, 9),
        date(2026, 3, 23),
        date(2026, 4, 6),
        date(2026, 4, 20),
        date(2026, 5, 4),
        date(2026, 5, 18),  # June 1 would be after the end
    ]
    assert plan[-1] == PlannedMeeting(21, FIN, date(2026, 5, 31))


@pytest.mark.parametrize(
    ("every", "regulars"),
    [
        (
            1,
            [
                date(2026, 3, 30),
                date(2026, 4, 6),
                date(2026, 4, 13),
                date(2026, 4, 20),
                date(2026, 4, 27),
                date(2026, 5, 4),
                date(2026, 5, 11),
                date(2026, 5, 18),
                date(2026, 5, 25),
            ],
        ),
        (2, [date(2026, 4, 6), date(2026, 4, 20), date(2026, 5, 4), date(2026, 5, 18)]),
        (4, [date(2026, 4, 20), date(2026, 5, 18)]),
    ],
)
def test_shortest_program_with_each_rhythm(every: int, regulars: list[date]) -> None:
    # 2 March – 2 June 2026 is exactly three months; the planning meeting is due 23 March
    plan = build_plan(date(2026, 3, 2), date(2026, 6, 2), PlanSettings(regular_every_weeks=every))
    assert _dues(plan)[:3] == [date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]
    assert _kinds(plan) == [ORG, TRY, PLN] + [REG] * len(regulars) + [FIN]
    assert _regulars(plan) == regulars
    assert plan[-1].due_on == date(2026, 6, 2)


def test_a_regular_exactly_one_week_before_the_final_is_kept() -> None:
    settings = PlanSettings(regular_every_weeks=2)
    # the regular of 1 June is exactly a week before 8 June: kept
    plan = build_plan(date(2026, 3, 2), date(2026, 6, 8), settings)
    assert _regulars(plan)[-1] == date(2026, 6, 1)
    # ending a day sooner, 1 June is six days before the final: dropped
    plan = build_plan(date(2026, 3, 2), date(2026, 6, 7), settings)
    assert _regulars(plan)[-1] == date(2026, 5, 18)
    assert plan[-1] == PlannedMeeting(len(plan), FIN, date(2026, 6, 7))


def test_weekly_rhythm_runs_to_the_last_week() -> None:
    plan = build_plan(date(2026, 3, 2), date(2026, 6, 8), PlanSettings(regular_every_weeks=1))
    assert _regulars(plan)[-1] == date(2026, 6, 1)
    assert len(_regulars(plan)) == 10  # 30 March … 1 June, weekly


def test_no_room_for_regular_meetings() -> None:
    # 1 February – 1 May 2026 (89 days), planning due after 12 weeks on 26 April
    settings = PlanSettings(first_deadlines_weeks=(1, 2, 12), regular_every_weeks=4)
    plan = build_plan(date(2026, 2, 1), date(2026, 5, 1), settings)
    assert plan == [
        PlannedMeeting(1, ORG, date(2026, 2, 8)),
        PlannedMeeting(2, TRY, date(2026, 2, 15)),
        PlannedMeeting(3, PLN, date(2026, 4, 26)),
        PlannedMeeting(4, FIN, date(2026, 5, 1)),
    ]


def test_one_year_program() -> None:
    plan = build_plan(date(2025, 9, 1), date(2026, 9, 1))
    regulars = _regulars(plan)
    assert len(regulars) == 24
    assert regulars[0] == date(2025, 10, 6)
    assert regulars[-3:] == [date(2026, 7, 27), date(2026, 8, 10), date(2026, 8, 24)]
    assert plan[-1] == PlannedMeeting(28, FIN, date(2026, 9, 1))


def test_program_starting_in_january() -> None:
    start = date(2026, 1, 12)
    plan = build_plan(start, default_end(start))
    assert _dues(plan) == [
        date(2026, 1, 19),
        date(2026, 1, 26),
        date(2026, 2, 2),
        date(2026, 2, 16),
        date(2026, 3, 2),
        date(2026, 3, 16),
        date(2026, 3, 30),
        date(2026, 4, 13),
        date(2026, 4, 27),
        date(2026, 5, 11),  # 25 May is less than a week before 31 May
        date(2026, 5, 31),
    ]


def test_first_meetings_across_the_new_year() -> None:
    plan = build_plan(date(2025, 12, 10), date(2026, 5, 31))
    assert _dues(plan)[:5] == [
        date(2025, 12, 17),
        date(2025, 12, 24),
        date(2025, 12, 31),
        date(2026, 1, 14),
        date(2026, 1, 28),
    ]


def test_custom_first_deadlines() -> None:
    settings = PlanSettings(first_deadlines_weeks=(2, 3, 5), regular_every_weeks=3)
    plan = build_plan(date(2026, 9, 1), date(2026, 12, 15), settings)
    assert _dues(plan) == [
        date(2026, 9, 15),
        date(2026, 9, 22),
        date(2026, 10, 6),
        date(2026, 10, 27),
        date(2026, 11, 17),
        date(2026, 12, 8),  # exactly a week before the end
        date(2026, 12, 15),
    ]


@pytest.mark.parametrize("every", [1, 2, 3, 4, 8])
@pytest.mark.parametrize("weeks", [(1, 2, 3), (1, 3, 6), (2, 4, 12)])
def test_plan_invariants(every: int, weeks: tuple[int, int, int]) -> None:
    settings = PlanSettings(first_deadlines_weeks=weeks, regular_every_weeks=every)
    gap = timedelta(weeks=every)
    start = date(2025, 1, 1)
    while start < date(2026, 1, 1):
        for end in (add_months(start, 3), default_end(start), add_months(start, 12)):
            plan = build_plan(start, end, settings)
            assert [m.sequence for m in plan] == list(range(1, len(plan) + 1))
            kinds = _kinds(plan)
            assert kinds[:3] == [ORG, TRY, PLN]
            assert kinds[-1] is FIN
            assert set(kinds[3:-1]) <= {REG}
            assert [m.due_on for m in plan[:3]] == [start + timedelta(weeks=w) for w in weeks]
            dues = _dues(plan)
            assert dues == sorted(set(dues))  # strictly increasing
            assert dues[-1] == end
            chain = [dues[2], *_regulars(plan)]
            assert all(b - a == gap for a, b in pairwise(chain))
            assert chain[-1] + gap > end - timedelta(weeks=1)  # as many as fit
            if len(chain) > 1:
                assert chain[-1] <= end - timedelta(weeks=1)
        start += timedelta(days=3)


# --- the whole school year, day by day ------------------------------------------------------

_ZONES = ("Europe/Moscow", "Asia/Vladivostok", "Europe/Berlin")
_TIMES = (time(7, 30), time(8, 15), time(13, 0), time(15, 30), time(20, 30), time(21, 30))
_SETTINGS = tuple(PlanSettings(regular_every_weeks=every) for every in (1, 2, 4))


def test_school_year_walk() -> None:
    """Every start day from 1 September to 31 May: the plan keeps its order, every reminder is
    out of quiet hours and before its meeting, and the calendar events come once each."""
    quiet = QuietHours()
    day = date(2025, 9, 1)
    index = 0
    calendar_seen: list[tuple[date, YearlyEvent]] = []
    meetings = reminders = 0
    while day <= date(2026, 5, 31):
        calendar_seen += occurrences(day, day)
        end = default_end(day)
        plan = build_plan(day, end, _SETTINGS[index % 3])
        kinds = _kinds(plan)
        assert kinds == sorted(kinds, key=KIND_ORDER.index)
        assert kinds.count(ORG) == kinds.count(TRY) == kinds.count(PLN) == kinds.count(FIN) == 1
        tz = _ZONES[index % 3]
        zone = ZoneInfo(tz)
        meetings += len(plan)
        for number, meeting in enumerate(plan):
            at = _TIMES[(index + number) % len(_TIMES)]
            meeting_at = datetime.combine(meeting.due_on, at, tzinfo=zone).astimezone(UTC)
            times = reminder_times(meeting_at, DEFAULT_LEADS, tz, quiet)
            # with 24 h and 1 h nothing is dropped or merged at these times of day
            assert [lead for lead, _ in sorted(times, key=lambda item: -item[0])] == list(
                DEFAULT_LEADS
            )
            assert times == sorted(times, key=lambda item: item[1])
            assert len({when.replace(second=0) for _, when in times}) == len(times)
            for lead, when in times:
                assert lead in DEFAULT_LEADS
                assert when.tzinfo is UTC
                assert when < meeting_at
                assert not is_quiet(when.astimezone(zone).time(), quiet)
                reminders += 1
        day += timedelta(days=1)
        index += 1
    assert reminders == 2 * meetings > 0
    assert calendar_seen == occurrences(date(2025, 9, 1), date(2026, 5, 31))
    events = [event for _, event in calendar_seen]
    assert events.count(YearlyEvent.LISTS_UPDATE) == 2  # 14 and 3 days before 1 October
    for event in (YearlyEvent.INTERIM_SURVEY, YearlyEvent.FINAL_STAGE, YearlyEvent.MONITORING):
        assert events.count(event) == 1

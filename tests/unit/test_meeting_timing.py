"""Reminder times (quiet hours, zones, DST), typed dates, weeks and the weekly schedule."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.meetings.timing import (
    DEFAULT_LEADS,
    PastDate,
    QuietHours,
    WhenError,
    is_quiet,
    next_weekly,
    parse_when,
    reminder_times,
    week_bounds,
)

MSK = "Europe/Moscow"  # UTC+3
VLAT = "Asia/Vladivostok"  # UTC+10
BERLIN = "Europe/Berlin"  # CET/CEST; 2026: summer time 29 March, winter time 25 October
H = timedelta(hours=1)
DAY = timedelta(hours=24)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- quiet hours ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "quiet"),
    [
        (time(21, 0), True),
        (time(20, 59, 59), False),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(7, 59, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_quiet_hours_across_midnight(at: time, quiet: bool) -> None:
    assert is_quiet(at, QuietHours()) is quiet


@pytest.mark.parametrize(
    ("at", "quiet"),
    [
        (time(12, 59), False),
        (time(13, 0), True),
        (time(13, 59), True),
        (time(14, 0), False),
        (time(22, 0), False),
        (time(3, 0), False),
    ],
)
def test_quiet_hours_within_a_day(at: time, quiet: bool) -> None:
    assert is_quiet(at, QuietHours(time(13, 0), time(14, 0))) is quiet


def test_equal_ends_mean_no_quiet_hours() -> None:
    quiet = QuietHours(time(9, 0), time(9, 0))
    assert not any(is_quiet(time(hour, minute), quiet) for hour in range(24) for minute in (0, 30))


def test_quiet_hours_are_wall_clock_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        QuietHours(time(21, 0, tzinfo=UTC), time(8, 0))


# --- reminders ------------------------------------------------------------------------------


def test_plain_reminders_in_the_afternoon() -> None:
    meeting = utc(2026, 11, 25, 12, 0)  # 15:00 Moscow
    assert reminder_times(meeting, DEFAULT_LEADS, MSK) == [
        (DAY, utc(2026, 11, 24, 12, 0)),
        (H, utc(2026, 11, 25, 11, 0)),
    ]


def test_late_evening_reminder_moves_to_next_morning() -> None:
    meeting = utc(2026, 11, 26, 7, 30)  # 10:30 Moscow; 12 h before is 22:30 the day before
    assert reminder_times(meeting, [12 * H], MSK) == [(12 * H, utc(2026, 11, 26, 5, 0))]


def test_night_reminder_moves_to_the_same_morning() -> None:
    meeting = utc(2026, 11, 26, 7, 0)  # 10:00 Moscow; 7 h before is 03:00
    assert reminder_times(meeting, [7 * H], MSK) == [(7 * H, utc(2026, 11, 26, 5, 0))]


def test_early_meeting_reminder_goes_to_the_previous_evening() -> None:
    meeting = utc(2026, 11, 25, 4, 30)  # 07:30 Moscow
    assert reminder_times(meeting, DEFAULT_LEADS, MSK) == [
        (DAY, utc(2026, 11, 24, 5, 0)),  # 07:30 the day before is quiet: 08:00
        (H, utc(2026, 11, 24, 17, 59)),  # 06:30 → 08:00 is too late: 20:59 the evening before
    ]


def test_meeting_right_at_the_end_of_quiet_hours() -> None:
    meeting = utc(2026, 11, 25, 5, 0)  # 08:00 Moscow: "08:00" would be no reminder at all
    assert reminder_times(meeting, [H], MSK) == [(H, utc(2026, 11, 24, 17, 59))]


def test_reminder_just_before_the_end_of_quiet_hours_stays_in_the_morning() -> None:
    meeting = utc(2026, 11, 25, 5, 30)  # 08:30 Moscow; 1 h before is 07:30 → 08:00
    assert reminder_times(meeting, [H], MSK) == [(H, utc(2026, 11, 25, 5, 0))]


def test_meeting_inside_quiet_hours() -> None:
    meeting = utc(2026, 11, 25, 19, 30)  # 22:30 Moscow
    assert reminder_times(meeting, DEFAULT_LEADS, MSK) == [
        (DAY, utc(2026, 11, 25, 5, 0)),  # 22:30 the day before → 08:00 the same day
        (H, utc(2026, 11, 25, 17, 59)),  # 21:30 → next morning is after: 20:59
    ]


def test_same_day_quiet_hours() -> None:
    quiet = QuietHours(time(13, 0), time(14, 0))
    meeting = utc(2026, 11, 25, 11, 30)  # 14:30 Moscow: 13:30 → 14:00
    assert reminder_times(meeting, [H], MSK, quiet) == [(H, utc(2026, 11, 25, 11, 0))]
    meeting = utc(2026, 11, 25, 10, 45)  # 13:45 Moscow: 13:15 → 14:00 is after → 12:59
    half = timedelta(minutes=30)
    assert reminder_times(meeting, [half], MSK, quiet) == [(half, utc(2026, 11, 25, 9, 59))]


def test_now_drops_reminders_that_cannot_be_sent_any_more() -> None:
    meeting = utc(2026, 11, 25, 4, 30)  # 07:30 Moscow
    at_eight_pm = utc(2026, 11, 24, 17, 0)  # 20:00 Moscow: only the evening one is left
    assert reminder_times(meeting, DEFAULT_LEADS, MSK, now=at_eight_pm) == [
        (H, utc(2026, 11, 24, 17, 59))
    ]
    at_ten_pm = utc(2026, 11, 24, 19, 0)  # 22:00 Moscow: the evening is over too
    assert reminder_times(meeting, DEFAULT_LEADS, MSK, now=at_ten_pm) == []
    # a reminder due exactly now is still sent
    exactly = utc(2026, 11, 24, 17, 59)
    assert reminder_times(meeting, [H], MSK, now=exactly) == [(H, exactly)]


def test_a_reminder_moved_past_now_is_kept() -> None:
    meeting = utc(2026, 11, 25, 7, 0)  # 10:00 Moscow; 9 h before is 01:00, already past
    now = utc(2026, 11, 24, 23, 0)  # 02:00 Moscow
    assert reminder_times(meeting, [9 * H], MSK, now=now) == [(9 * H, utc(2026, 11, 25, 5, 0))]


def test_reminders_on_the_same_moment_collapse_keeping_the_larger_lead() -> None:
    meeting = utc(2026, 11, 26, 6, 0)  # 09:00 Moscow; 07:00 and 06:00 both become 08:00
    assert reminder_times(meeting, [2 * H, 3 * H], MSK) == [(3 * H, utc(2026, 11, 26, 5, 0))]
    assert reminder_times(meeting, [H, H], MSK) == [(H, utc(2026, 11, 26, 5, 0))]
    # seconds apart are two reminders (short leads of a rehearsal or a test)
    meeting = utc(2026, 11, 25, 9, 0, 30)
    longer = H + timedelta(seconds=20)
    assert reminder_times(meeting, [H, longer], MSK) == [
        (longer, datetime(2026, 11, 25, 8, 0, 10, tzinfo=UTC)),
        (H, datetime(2026, 11, 25, 8, 0, 30, tzinfo=UTC)),
    ]


def test_results_are_utc_whatever_zone_the_meeting_came_in() -> None:
    meeting = datetime(2026, 11, 25, 15, 0, tzinfo=ZoneInfo(MSK))
    result = reminder_times(meeting, DEFAULT_LEADS, MSK)
    assert result == [(DAY, utc(2026, 11, 24, 12, 0)), (H, utc(2026, 11, 25, 11, 0))]
    assert all(when.tzinfo is UTC for _, when in result)


def test_vladivostok() -> None:
    meeting = utc(2026, 11, 24, 22, 30)  # 25 November 08:30 in Vladivostok
    assert reminder_times(meeting, DEFAULT_LEADS, VLAT) == [
        (DAY, utc(2026, 11, 23, 22, 30)),  # 24 November 08:30 local
        (H, utc(2026, 11, 24, 22, 0)),  # 07:30 → 08:00 local
    ]


def test_quiet_hours_are_read_in_the_organizations_zone() -> None:
    meeting = utc(2026, 11, 25, 12, 0)  # 15:00 in Moscow, 22:00 in Vladivostok
    assert reminder_times(meeting, [DAY], MSK) == [(DAY, utc(2026, 11, 24, 12, 0))]
    # 22:00 the day before in Vladivostok is quiet: 08:00 there
    assert reminder_times(meeting, [DAY], VLAT) == [(DAY, utc(2026, 11, 24, 22, 0))]


def test_berlin_spring_forward() -> None:
    meeting = utc(2026, 3, 29, 8, 0)  # 10:00 CEST, the first day of summer time
    lead = timedelta(hours=7, minutes=30)  # 00:30 UTC = 01:30 CET: quiet
    assert reminder_times(meeting, [DAY, lead], BERLIN) == [
        (DAY, utc(2026, 3, 28, 8, 0)),  # 24 elapsed hours: 09:00 CET
        (lead, utc(2026, 3, 29, 6, 0)),  # 08:00 CEST, not 07:00 UTC
    ]


def test_berlin_spring_forward_evening_fallback() -> None:
    meeting = utc(2026, 3, 29, 5, 30)  # 07:30 CEST
    # 06:30 CEST → 08:00 is after the meeting → 20:59 CET on Saturday
    assert reminder_times(meeting, [H], BERLIN) == [(H, utc(2026, 3, 28, 19, 59))]


def test_berlin_fall_back() -> None:
    meeting = utc(2026, 10, 25, 9, 0)  # 10:00 CET, the first day of winter time
    assert reminder_times(meeting, [DAY, 8 * H], BERLIN) == [
        (DAY, utc(2026, 10, 24, 9, 0)),  # 11:00 CEST
        (8 * H, utc(2026, 10, 25, 7, 0)),  # 02:00 CET → 08:00 CET
    ]


def test_reminder_validation() -> None:
    with pytest.raises(ValueError, match="aware"):
        reminder_times(datetime(2026, 11, 25, 12, 0), DEFAULT_LEADS, MSK)
    with pytest.raises(ValueError, match="positive"):
        reminder_times(utc(2026, 11, 25, 12, 0), [timedelta(0)], MSK)
    with pytest.raises(ValueError, match="aware"):
        reminder_times(utc(2026, 11, 25, 12), [H], MSK, now=datetime(2026, 11, 25))
    assert reminder_times(utc(2026, 11, 25, 12, 0), [], MSK) == []


# --- typed dates ------------------------------------------------------------------------------

NOW = utc(2026, 11, 20, 10, 0)  # Friday 20 November 2026, 13:00 in Moscow
NOV25 = utc(2026, 11, 25, 12, 30)  # 25 November 15:30 Moscow
TOMORROW = utc(2026, 11, 21, 12, 30)  # 21 November 15:30 Moscow


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.11 15:30", NOV25),
        ("25.11.2026 15:30", NOV25),
        ("25.11.26 15.30", NOV25),
        ("25/11 15:30", NOV25),
        ("25-11 15:30", NOV25),
        ("25.11 в 15:30", NOV25),
        ("25.11. 15:30", NOV25),
        ("  25.11,  15:30 ", NOV25),
        ("25 ноября 15:30", NOV25),
        ("25 ноября 2026 в 15:30", NOV25),
        ("25.11 в 15", utc(2026, 11, 25, 12, 0)),
        ("завтра 15:30", TOMORROW),
        ("Завтра в 15:30", TOMORROW),
        ("tomorrow 15:30", TOMORROW),
        ("tomorrow at 15:30", TOMORROW),
        ("15:30 завтра", TOMORROW),
        ("в 15:30 завтра", TOMORROW),
        ("послезавтра в 10:00", utc(2026, 11, 22, 7, 0)),
        ("сегодня в 14:00", utc(2026, 11, 20, 11, 0)),
        ("today 14:00", utc(2026, 11, 20, 11, 0)),
        ("15:30", utc(2026, 11, 20, 12, 30)),  # still ahead today
        ("в 15", utc(2026, 11, 20, 12, 0)),
        ("9:00", utc(2026, 11, 21, 6, 0)),  # gone today: tomorrow
        ("в 09:00", utc(2026, 11, 21, 6, 0)),
        ("13:00", utc(2026, 11, 21, 10, 0)),  # exactly now is not ahead
        ("15.11", utc(2026, 11, 20, 12, 11)),  # a lone token is a time: 15:11
        ("20.11 14:00", utc(2026, 11, 20, 11, 0)),  # today
        ("10.01 9:00", utc(2027, 1, 10, 6, 0)),  # across the new year
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, MSK, NOW) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "when-unparsed"),
        ("завтра", "when-unparsed"),  # a time is needed
        ("25.11", "when-unparsed"),
        ("15", "when-unparsed"),  # a bare hour needs «в»
        ("25 15:30", "when-unparsed"),
        ("31.02 10:00", "when-unparsed"),
        ("32.01 10:00", "when-unparsed"),
        ("25.13 10:00", "when-unparsed"),
        ("31 июня 10:00", "when-unparsed"),
        ("24:00", "when-unparsed"),
        ("12:60", "when-unparsed"),
        ("9:5", "when-unparsed"),
        ("в 25", "when-unparsed"),
        ("25.11 15:30 18:00", "when-unparsed"),
        ("вчера 10:00", "when-unparsed"),
        ("когда-нибудь", "when-unparsed"),
        ("сегодня в 9:00", "when-past"),
        ("today 13:00", "when-past"),
        ("20.11 10:00", "when-past"),  # today, but gone: not next year
        ("25.11.2025 15:30", "when-past"),
        ("25.11.2028 15:30", "when-too-far"),
        ("29.02 10:00", "when-too-far"),  # the next 29 February is in 2028
    ],
)
def test_parse_when_refuses(text: str, code: str) -> None:
    assert parse_when(text, MSK, NOW) == WhenError(code)


def test_parse_when_max_ahead() -> None:
    assert parse_when("25.11 15:30", MSK, NOW, max_ahead=timedelta(days=3)) == WhenError(
        "when-too-far"
    )
    assert parse_when("29.02 10:00", MSK, NOW, max_ahead=timedelta(days=800)) == utc(
        2028, 2, 29, 7, 0
    )
    # the limit itself is allowed
    assert parse_when("21.11 13:00", MSK, NOW, max_ahead=DAY) == utc(2026, 11, 21, 10, 0)
    assert parse_when("21.11 13:01", MSK, NOW, max_ahead=DAY) == WhenError("when-too-far")


def test_parse_when_in_vladivostok() -> None:
    # 20:00 in Vladivostok
    assert parse_when("21:00", VLAT, NOW) == utc(2026, 11, 20, 11, 0)
    assert parse_when("19:00", VLAT, NOW) == utc(2026, 11, 21, 9, 0)
    # tomorrow 09:00 local is still today in UTC
    assert parse_when("завтра 9:00", VLAT, NOW) == utc(2026, 11, 20, 23, 0)


def test_parse_when_uses_the_local_date() -> None:
    now = utc(2026, 11, 20, 22, 30)  # already 21 November, 01:30, in Moscow
    assert parse_when("завтра 10:00", MSK, now) == utc(2026, 11, 22, 7, 0)
    assert parse_when("сегодня 10:00", MSK, now) == utc(2026, 11, 21, 7, 0)
    # yesterday, locally: asked about, not moved to next year
    assert parse_when("20.11 23:00", MSK, now) == PastDate(
        "when-past-date", understood=utc(2026, 11, 20, 20, 0), suggested=utc(2027, 11, 20, 20, 0)
    )


def test_parse_when_wall_time_inside_a_dst_gap() -> None:
    now = utc(2026, 3, 28, 12, 0)
    # 02:30 does not exist on 29 March in Berlin: read with the winter offset, i.e. 03:30 CEST
    assert parse_when("29.03 02:30", BERLIN, now) == utc(2026, 3, 29, 1, 30)
    assert parse_when("29.03 03:30", BERLIN, now) == utc(2026, 3, 29, 1, 30)


def test_parse_when_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("15:30", MSK, datetime(2026, 11, 20, 10, 0))


# --- weeks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "tz", "bounds"),
    [
        # Friday in Moscow: Monday 16 November 00:00 MSK … Monday 23 November 00:00 MSK
        (NOW, MSK, (utc(2026, 11, 15, 21, 0), utc(2026, 11, 22, 21, 0))),
        # Sunday 21:30 UTC is already Monday 00:30 in Moscow: the next week
        (utc(2026, 11, 22, 21, 30), MSK, (utc(2026, 11, 22, 21, 0), utc(2026, 11, 29, 21, 0))),
        # Sunday 20:59 UTC is still Sunday 23:59 in Moscow
        (utc(2026, 11, 22, 20, 59), MSK, (utc(2026, 11, 15, 21, 0), utc(2026, 11, 22, 21, 0))),
        # Monday 01:00 in Vladivostok
        (utc(2026, 11, 22, 15, 0), VLAT, (utc(2026, 11, 22, 14, 0), utc(2026, 11, 29, 14, 0))),
        # the Berlin week of the spring change is 167 hours long
        (utc(2026, 3, 27, 12, 0), BERLIN, (utc(2026, 3, 22, 23, 0), utc(2026, 3, 29, 22, 0))),
    ],
)
def test_week_bounds(now: datetime, tz: str, bounds: tuple[datetime, datetime]) -> None:
    assert week_bounds(now, tz) == bounds
    start, end = bounds
    assert start <= now < end


def test_week_bounds_contain_every_moment() -> None:
    now = utc(2026, 1, 1)
    while now < utc(2026, 12, 31):
        for tz in (MSK, VLAT, BERLIN):
            start, end = week_bounds(now, tz)
            zone = ZoneInfo(tz)
            assert start <= now < end
            assert start.astimezone(zone).weekday() == 0
            assert start.astimezone(zone).time() == time(0)
            assert end.astimezone(zone).date() - start.astimezone(zone).date() == timedelta(7)
        now += timedelta(hours=5)


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        (NOW, MSK, utc(2026, 11, 23, 6, 0)),  # Friday → Monday 09:00 MSK
        (utc(2026, 11, 23, 5, 59), MSK, utc(2026, 11, 23, 6, 0)),  # Monday 08:59 → today
        (utc(2026, 11, 23, 6, 0), MSK, utc(2026, 11, 30, 6, 0)),  # exactly then: next week
        (utc(2026, 11, 22, 22, 30), VLAT, utc(2026, 11, 22, 23, 0)),  # Monday 08:30 local
        (utc(2026, 3, 27, 12, 0), BERLIN, utc(2026, 3, 30, 7, 0)),  # 09:00 CEST after the change
    ],
)
def test_next_weekly(now: datetime, tz: str, expected: datetime) -> None:
    assert next_weekly(now, tz, 0, time(9, 0)) == expected


def test_next_weekly_other_day_and_invariants() -> None:
    assert next_weekly(NOW, MSK, 4, time(18, 0)) == utc(2026, 11, 20, 15, 0)  # Friday 18:00
    assert next_weekly(NOW, MSK, 4, time(12, 0)) == utc(2026, 11, 27, 9, 0)  # gone: next Friday
    with pytest.raises(ValueError, match="weekday"):
        next_weekly(NOW, MSK, 7, time(9, 0))
    now = utc(2026, 1, 1)
    while now < utc(2026, 12, 31):
        for tz in (MSK, VLAT, BERLIN):
            result = next_weekly(now, tz, 2, time(9, 30))
            local = result.astimezone(ZoneInfo(tz))
            assert now < result <= now + timedelta(days=7)
            assert (local.weekday(), local.time()) == (2, time(9, 30))
        now += timedelta(hours=7)

"""Issue 15, «dates the way teachers type them»: real phrasings, in Russian and English, read
against a fixed «now» (Monday 23 November 2026, 10:00 in Moscow), each with the local date and
time it must mean — or the refusal it must get."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.meetings.timing import PastDate, WhenError, parse_when, when_example

MSK = "Europe/Moscow"
VLAT = "Asia/Vladivostok"
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 23.11.2026 10:00 in Moscow


def msk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(MSK))


PHRASES: list[tuple[str, datetime]] = [
    # weekdays (this week: Mon 23 … Sun 29 November; next week from Mon 30 November)
    ("в пятницу 15:00", msk(2026, 11, 27, 15)),
    ("В пятницу в 15:00", msk(2026, 11, 27, 15)),
    ("пятница 15:00", msk(2026, 11, 27, 15)),
    ("пт 15:00", msk(2026, 11, 27, 15)),
    ("пт. 15.00", msk(2026, 11, 27, 15)),
    ("во вторник в 16", msk(2026, 11, 24, 16)),
    ("вт 16:30", msk(2026, 11, 24, 16, 30)),
    ("в среду 15:00", msk(2026, 11, 25, 15)),
    ("в среду в 4 вечера", msk(2026, 11, 25, 16)),
    ("ср 9:00", msk(2026, 11, 25, 9)),
    ("в четверг 17:30", msk(2026, 11, 26, 17, 30)),
    ("чт в 16 часов", msk(2026, 11, 26, 16)),
    ("в субботу 11:00", msk(2026, 11, 28, 11)),
    ("в воскресенье в 12", msk(2026, 11, 29, 12)),
    ("в понедельник 12:00", msk(2026, 11, 23, 12)),  # today, still ahead
    ("в понедельник 9:00", msk(2026, 11, 30, 9)),  # today's is gone: next Monday
    ("в следующую пятницу 15:00", msk(2026, 12, 4, 15)),
    ("в следующий вторник в 16", msk(2026, 12, 1, 16)),
    ("в следующую среду 15:30", msk(2026, 12, 2, 15, 30)),
    ("в эту пятницу 15:00", msk(2026, 11, 27, 15)),
    ("в 16 в пятницу", msk(2026, 11, 27, 16)),
    ("15:00 пятница", msk(2026, 11, 27, 15)),
    ("friday 3pm", msk(2026, 11, 27, 15)),
    ("Friday at 15:00", msk(2026, 11, 27, 15)),
    ("on wed at 4pm", msk(2026, 11, 25, 16)),
    ("next friday 3pm", msk(2026, 12, 4, 15)),
    ("next tuesday at 16:00", msk(2026, 12, 1, 16)),
    ("this friday 15:00", msk(2026, 11, 27, 15)),
    ("mon 9:00", msk(2026, 11, 30, 9)),
    ("thu 5:30 pm", msk(2026, 11, 26, 17, 30)),
    # days from today
    ("через 2 дня в 16", msk(2026, 11, 25, 16)),
    ("через 2 дня 16:00", msk(2026, 11, 25, 16)),
    ("через два дня в 4 вечера", msk(2026, 11, 25, 16)),
    ("через 3 дня в 10:00", msk(2026, 11, 26, 10)),
    ("через 5 дней в 9 утра", msk(2026, 11, 28, 9)),
    ("через неделю 15:00", msk(2026, 11, 30, 15)),
    ("через неделю в 15", msk(2026, 11, 30, 15)),
    ("через одну неделю в 12", msk(2026, 11, 30, 12)),
    ("через 2 недели в 15:00", msk(2026, 12, 7, 15)),
    ("in 2 days at 4pm", msk(2026, 11, 25, 16)),
    ("in 3 days 16:00", msk(2026, 11, 26, 16)),
    ("in a week at 10:00", msk(2026, 11, 30, 10)),
    ("in two weeks at 9am", msk(2026, 12, 7, 9)),
    ("завтра в 16", msk(2026, 11, 24, 16)),
    ("завтра 16.00", msk(2026, 11, 24, 16)),
    ("завтра в 16-00", msk(2026, 11, 24, 16)),
    ("25-11 16-30", msk(2026, 11, 25, 16, 30)),
    ("завтра 16 ч", msk(2026, 11, 24, 16)),
    ("завтра в 16ч", msk(2026, 11, 24, 16)),
    ("завтра в 16 часов", msk(2026, 11, 24, 16)),
    ("завтра в 4 вечера", msk(2026, 11, 24, 16)),
    ("завтра в 9 утра", msk(2026, 11, 24, 9)),
    ("завтра в 2 дня", msk(2026, 11, 24, 14)),
    ("завтра в 12 дня", msk(2026, 11, 24, 12)),
    ("завтра в 11 ночи", msk(2026, 11, 24, 23)),
    ("завтра в полдень", msk(2026, 11, 24, 12)),
    ("в 16 часов завтра", msk(2026, 11, 24, 16)),
    ("послезавтра в 10", msk(2026, 11, 25, 10)),
    ("tomorrow at 4pm", msk(2026, 11, 24, 16)),
    ("tomorrow 4:30 pm", msk(2026, 11, 24, 16, 30)),
    ("tomorrow at 9am", msk(2026, 11, 24, 9)),
    ("tomorrow at noon", msk(2026, 11, 24, 12)),
    ("day after tomorrow at 10:00", msk(2026, 11, 25, 10)),
    # a time alone: today if ahead, else tomorrow
    ("16 ч", msk(2026, 11, 23, 16)),
    ("в 4 вечера", msk(2026, 11, 23, 16)),
    ("at 9am", msk(2026, 11, 24, 9)),
    ("16.00", msk(2026, 11, 23, 16)),
    # month names, short and full, day first or month first
    ("1 дек 15:00", msk(2026, 12, 1, 15)),
    ("1 дек. 15:00", msk(2026, 12, 1, 15)),
    ("1дек 15:00", msk(2026, 12, 1, 15)),
    ("1 декабря 15:00", msk(2026, 12, 1, 15)),
    ("1 декабря в 16", msk(2026, 12, 1, 16)),
    ("1 Декабря в 4 вечера", msk(2026, 12, 1, 16)),
    ("1 дек 2026 15:00", msk(2026, 12, 1, 15)),
    ("1 декабря 2026 г. в 15:00", msk(2026, 12, 1, 15)),
    ("30 ноября 18:00", msk(2026, 11, 30, 18)),
    ("3 марта 10:00", msk(2027, 3, 3, 10)),  # March 2026 is far behind, March 2027 nearer
    ("15 января в 10", msk(2027, 1, 15, 10)),  # January typed in November: the coming one
    ("5 янв 10:00", msk(2027, 1, 5, 10)),
    ("Dec 1 15:00", msk(2026, 12, 1, 15)),
    ("dec 1, 2026 at 3pm", msk(2026, 12, 1, 15)),
    ("December 1 at 3pm", msk(2026, 12, 1, 15)),
    ("1 December 15:00", msk(2026, 12, 1, 15)),
    ("1st December 15:00", msk(2026, 12, 1, 15)),
    ("on December 2nd at 4pm", msk(2026, 12, 2, 16)),
    # numbers, as before
    ("1.12 16.00", msk(2026, 12, 1, 16)),
    ("01.12.2026 в 15:00", msk(2026, 12, 1, 15)),
    ("1.12.26 15:00", msk(2026, 12, 1, 15)),
    ("25.11 в 16:00", msk(2026, 11, 25, 16)),
    ("25.11 в 4 вечера", msk(2026, 11, 25, 16)),
    ("23.11 в 18", msk(2026, 11, 23, 18)),  # today
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_phrasings(text: str, expected: datetime) -> None:
    result = parse_when(text, MSK, NOW)
    assert isinstance(result, datetime), result
    assert result == expected
    assert result.tzinfo is UTC


def test_there_are_at_least_sixty_phrasings() -> None:
    assert len(PHRASES) >= 60
    assert len({text for text, _ in PHRASES}) == len(PHRASES)


REFUSED: list[tuple[str, str]] = [
    ("через день 15:00", "when-unparsed"),  # «через день»: tomorrow or the day after?
    ("через 2 дня", "when-unparsed"),  # a time is needed
    ("в пятницу", "when-unparsed"),
    ("1 дек", "when-unparsed"),
    ("в пятницу 16", "when-unparsed"),  # a bare hour needs «в», «ч» or a part of the day
    ("в 16 утра", "when-unparsed"),
    ("в 13 вечера", "when-unparsed"),
    ("в 3 вечера", "when-unparsed"),  # 15:00 is «дня»; refused rather than guessed
    ("at 13pm", "when-unparsed"),
    ("в следующую 15:00", "when-unparsed"),
    ("next 15:00", "when-unparsed"),
    ("дек 15:00", "when-unparsed"),
    ("32 дек 10:00", "when-unparsed"),
    ("31 ноября 10:00", "when-unparsed"),
    ("через 2 месяца 15:00", "when-unparsed"),
    ("через 2 дня 25:00", "when-unparsed"),
    ("через 1000 дней 10:00", "when-unparsed"),
    ("вчера в 16", "when-unparsed"),
    ("in 2 days", "when-unparsed"),
    ("friday", "when-unparsed"),
    ("в пятницу 15:00 16:00", "when-unparsed"),
    ("сегодня в 9:00", "when-past"),
    ("today at 9am", "when-past"),
    ("23.11 в 9", "when-past"),  # today, gone: not next year
    ("1 дек 2025 15:00", "when-past"),
    ("через 400 дней 10:00", "when-too-far"),
    ("1 дек 2027 15:00", "when-too-far"),
]


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_refusals(text: str, code: str) -> None:
    assert parse_when(text, MSK, NOW) == WhenError(code)


@pytest.mark.parametrize(
    ("text", "understood"),
    [
        ("20.11 15:30", msk(2026, 11, 20, 15, 30)),
        ("22.11 в 16", msk(2026, 11, 22, 16)),  # yesterday
        ("16 ноября 10:00", msk(2026, 11, 16, 10)),
        ("Nov 20 3pm", msk(2026, 11, 20, 15)),
        ("1 июня 12:00", msk(2026, 6, 1, 12)),  # 175 days behind, 190 ahead: still asked
        ("3 сент 10:00", msk(2026, 9, 3, 10)),
    ],
)
def test_a_passed_day_month_is_asked_about(text: str, understood: datetime) -> None:
    result = parse_when(text, MSK, NOW)
    assert isinstance(result, PastDate)
    assert result.code == "when-past-date"
    assert result.understood == understood
    assert result.suggested == understood.replace(year=2027)
    # what the question offers is itself accepted when typed with its year
    assert parse_when(f"{understood.replace(year=2027):%d.%m.%Y %H:%M}", MSK, NOW) == (
        result.suggested
    )


def test_the_issue_example_typed_on_28_november() -> None:
    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert parse_when("25.11 15:30", MSK, now) == PastDate(
        "when-past-date",
        understood=msk(2026, 11, 25, 15, 30),
        suggested=msk(2027, 11, 25, 15, 30),
    )


def test_a_past_date_whose_next_year_is_too_far_is_just_past() -> None:
    assert parse_when("22.11 16:00", MSK, NOW, max_ahead=timedelta(days=30)) == WhenError(
        "when-past"
    )


def test_weekdays_are_read_in_the_organizations_zone() -> None:
    # Monday 17:00 in Vladivostok; its Friday 15:00 is 05:00 UTC
    assert parse_when("в пятницу 15:00", VLAT, NOW) == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    late = datetime(2026, 11, 26, 21, 30, tzinfo=UTC)  # already Friday 00:30 in Moscow
    assert parse_when("в пятницу 15:00", MSK, late) == msk(2026, 11, 27, 15)
    assert parse_when("через 2 дня в 16", MSK, late) == msk(2026, 11, 29, 16)


@pytest.mark.parametrize(
    ("now", "tz", "example"),
    [
        (NOW, MSK, "24.11 15:30"),
        (datetime(2026, 12, 31, 12, 0, tzinfo=UTC), MSK, "01.01 15:30"),
        (datetime(2026, 11, 23, 15, 0, tzinfo=UTC), VLAT, "25.11 15:30"),  # already 24th there
    ],
)
def test_the_hint_example_is_never_in_the_past(now: datetime, tz: str, example: str) -> None:
    assert when_example(now, tz) == example
    result = parse_when(example, tz, now)
    assert isinstance(result, datetime)
    assert now < result < now + timedelta(days=2)


VOCABULARY = (
    "в", "at", "через", "in", "следующую", "next", "пятницу", "fri", "дек", "декабря", "dec",
    "1", "4", "12", "16", "31", "1st", "2", "дня", "недели", "week", "утра", "вечера", "ночи",
    "pm", "am", "ч", "15:30", "24:00", "16.00", "25.11", "31.12.9999", "29.02", "00.00.0000",
    "завтра", "today", "г", "9999", "0000", "999", "полдень",
)  # fmt: skip


def test_any_three_words_give_an_answer_and_never_an_exception() -> None:
    la = "America/Los_Angeles"  # west of UTC: the last day of year 9999 does not fit in UTC
    read = 0
    for first in VOCABULARY:
        for second in VOCABULARY:
            for third in ("", *VOCABULARY[::3]):
                text = f"{first} {second} {third}"
                for tz in (MSK, la):
                    result = parse_when(text, tz, NOW)
                    assert isinstance(result, datetime | WhenError), text
                    if isinstance(result, datetime):
                        read += 1
                        assert NOW < result <= NOW + timedelta(days=366)
    assert read > 100

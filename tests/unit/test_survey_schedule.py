"""The pure survey rules: school years, the interim date, reminders, quiet hours, and what is
kept of a response."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from services.meetings.timing import QuietHours
from services.questionnaire.schema import Form
from services.surveys.forms import GroupKey, invitation_id_of, subject_of
from services.surveys.overview import percent
from services.surveys.results import Countable, countable_answers
from services.surveys.schedule import (
    interim_date,
    interim_due,
    next_interim,
    out_of_quiet,
    parse_month_day,
    reminder_due,
    school_year,
    school_year_label,
)

DAYS_3_7 = (timedelta(days=3), timedelta(days=7))


@pytest.mark.parametrize(
    ("text", "expected"), [("01-20", (1, 20)), ("12-15", (12, 15)), (" 9-01 ", (9, 1))]
)
def test_month_day_reads(text: str, expected: tuple[int, int]) -> None:
    assert parse_month_day(text) == expected


@pytest.mark.parametrize("text", ["02-29", "13-01", "00-10", "01-32", "0120", "январь", ""])
def test_month_day_refuses_what_is_not_a_date_of_every_year(text: str) -> None:
    with pytest.raises(ValueError, match="MM-DD"):
        parse_month_day(text)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 8, 31), 2026),
        (date(2026, 9, 1), 2027),
        (date(2026, 12, 31), 2027),
        (date(2027, 1, 1), 2027),
        (date(2027, 5, 31), 2027),
    ],
)
def test_school_year_is_named_by_the_year_it_ends_in(day: date, year: int) -> None:
    assert school_year(day) == year


def test_school_year_label() -> None:
    assert school_year_label(2027) == "2026/27"
    assert school_year_label(2100) == "2099/00"


def test_interim_date_in_autumn_or_spring_of_the_school_year() -> None:
    assert interim_date(2027, (1, 20)) == date(2027, 1, 20)
    assert interim_date(2027, (12, 15)) == date(2026, 12, 15)
    assert interim_date(2027, (9, 1)) == date(2026, 9, 1)
    assert interim_date(2027, (8, 31)) == date(2027, 8, 31)


def test_interim_is_due_from_its_day_for_as_long_as_a_survey_stays_open() -> None:
    jan20 = (1, 20)
    assert interim_due(date(2027, 1, 19), jan20, 14) is None
    assert interim_due(date(2027, 1, 20), jan20, 14) == date(2027, 1, 20)
    assert interim_due(date(2027, 2, 2), jan20, 14) == date(2027, 1, 20)  # down on the day
    assert interim_due(date(2027, 2, 3), jan20, 14) is None  # deployed too late: not opened
    assert interim_due(date(2026, 10, 1), jan20, 14) is None
    # a December date belongs to the autumn of the school year
    assert interim_due(date(2026, 12, 20), (12, 15), 14) == date(2026, 12, 15)
    # a window that crosses the new year
    assert interim_due(date(2027, 1, 3), (12, 25), 14) == date(2026, 12, 25)


def test_next_interim() -> None:
    assert next_interim(date(2026, 10, 1), (1, 20)) == date(2027, 1, 20)
    assert next_interim(date(2027, 1, 20), (1, 20)) == date(2027, 1, 20)
    assert next_interim(date(2027, 3, 1), (1, 20)) == date(2028, 1, 20)


def test_two_reminders_after_3_and_7_days() -> None:
    invited = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)
    at = invited.__add__
    assert reminder_due(invited, 0, DAYS_3_7, at(timedelta(days=2, hours=23))) is None
    assert reminder_due(invited, 0, DAYS_3_7, at(timedelta(days=3))) == 1
    assert reminder_due(invited, 1, DAYS_3_7, at(timedelta(days=5))) is None
    assert reminder_due(invited, 1, DAYS_3_7, at(timedelta(days=7))) == 2
    assert reminder_due(invited, 2, DAYS_3_7, at(timedelta(days=30))) is None
    # after downtime only the latest one goes, never both at once
    assert reminder_due(invited, 0, DAYS_3_7, at(timedelta(days=8))) == 2
    assert reminder_due(invited, 0, (), at(timedelta(days=8))) is None


def test_survey_messages_wait_for_the_morning() -> None:
    quiet = QuietHours(time(21, 0), time(8, 0))
    moscow = "Europe/Moscow"  # UTC+3
    day = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)  # 15:00 local
    assert out_of_quiet(day, moscow, quiet) == day
    evening = datetime(2027, 1, 20, 19, 30, tzinfo=UTC)  # 22:30 local
    assert out_of_quiet(evening, moscow, quiet) == datetime(2027, 1, 21, 5, 0, tzinfo=UTC)
    night = datetime(2027, 1, 20, 23, 0, tzinfo=UTC)  # 02:00 local, the next day
    assert out_of_quiet(night, moscow, quiet) == datetime(2027, 1, 21, 5, 0, tzinfo=UTC)
    lunch = QuietHours(time(13, 0), time(14, 0))
    assert out_of_quiet(datetime(2027, 1, 20, 10, 15, tzinfo=UTC), moscow, lunch) == datetime(
        2027, 1, 20, 11, 0, tzinfo=UTC
    )
    assert out_of_quiet(evening, moscow, QuietHours(time(0, 0), time(0, 0))) == evening


def test_percent_rounds_half_up() -> None:
    assert percent(12, 18) == 67
    assert percent(1, 8) == 13  # 12.5
    assert percent(0, 0) == 0
    assert percent(5, 5) == 100


def test_subjects_and_group_tokens_round_trip() -> None:
    assert invitation_id_of(subject_of(42)) == 42
    assert invitation_id_of("meeting:42") is None
    assert invitation_id_of("survey:x") is None
    assert invitation_id_of(None) is None
    key = GroupKey.parse("final.2027")
    assert key is not None
    assert GroupKey.parse(key.token) == key
    for bad in ("final:2027", "nope.2027", "final.27", "final.", ""):
        assert GroupKey.parse(bad) is None


def test_only_countable_answers_are_kept(forms: dict[str, Form]) -> None:
    form = forms["interim_mentor"]
    answers = {
        "progress": 7,
        "plan_status": "on_track",
        "meetings_regular": False,
        "obstacles": ["time", "communication", "forged"],
        "need_help": True,
        "comment": "Мария Петровна устаёт",  # free text names people: never kept
    }
    assert countable_answers(form, answers) == [
        Countable("progress", value_num=7),
        Countable("plan_status", value_option="on_track"),
        Countable("meetings_regular", value_num=0),
        Countable("obstacles", value_option="time"),
        Countable("obstacles", value_option="communication"),
        Countable("need_help", value_num=1),
    ]


def test_skipped_and_empty_answers_give_no_rows(forms: dict[str, Form]) -> None:
    final = forms["final_mentee"]
    rows = countable_answers(final, {"effectiveness": 9, "group_meetings": None, "liked": True})
    assert rows == [Countable("effectiveness", value_num=9), Countable("liked", value_num=1)]
    entry = forms["self_assessment"]
    assert countable_answers(entry, {"difficulties": [], "confidence": 4}) == [
        Countable("confidence", value_num=4)
    ]


def test_an_organization_date_overrides_the_setting_when_valid() -> None:
    from services.surveys.schedule import interim_month_day

    assert interim_month_day("12-15", "01-20") == (12, 15)
    assert interim_month_day(None, "01-20") == (1, 20)
    assert interim_month_day("02-30", "01-20") == (1, 20)

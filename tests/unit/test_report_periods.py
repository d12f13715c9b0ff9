"""Report periods: quarters, school years, typed dates; the data cut to a period; the
quarterly schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.reports.in_period import period_bounds, restrict
from services.reports.indicators import compute
from services.reports.periods import (
    PeriodError,
    PeriodKind,
    dates_period,
    parse_typed_period,
    period_from_code,
    period_label,
    previous_quarter,
    quarter,
    quarter_of,
    recent_quarters,
    recent_school_years,
    school_year_period,
)
from services.reports.quarterly import QuarterlyStep, events_between, events_due
from services.reports.records import PairStatus
from services.school_year.calendar_file import SchoolCalendar, calendar_by_id
from tests.unit.report_factories import PAIRS, school_dataset, utc

TODAY = date(2026, 11, 29)
CALENDAR = calendar_by_id(None)


def test_quarters() -> None:
    q4 = quarter_of(date(2026, 11, 29))
    assert (q4.start, q4.end, q4.label, q4.kind) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026Q4",
        PeriodKind.QUARTER,
    )
    assert quarter_of(date(2027, 3, 31)) == quarter(2027, 1)
    assert quarter(2027, 1).end == date(2027, 3, 31)
    assert quarter(2028, 1).end == date(2028, 3, 31)
    assert previous_quarter(date(2027, 1, 10)) == quarter(2026, 4)
    assert previous_quarter(quarter(2026, 3)) == quarter(2026, 2)
    assert [p.label for p in recent_quarters(TODAY)] == ["2026Q4", "2026Q3", "2026Q2", "2026Q1"]
    with pytest.raises(ValueError, match="quarter 5"):
        quarter(2026, 5)


def test_school_years_follow_the_calendar() -> None:
    this, last = recent_school_years(CALENDAR, TODAY)
    assert (this.start, this.end, this.label) == (date(2026, 9, 1), date(2027, 8, 31), "2026/27")
    assert last == school_year_period(CALENDAR, 2026)
    assert this.code == "Y2027"
    march = SchoolCalendar(
        id="x", title={"ru": "x", "en": "x"}, year_starts="03-01", year_closes="02-15"
    )
    spring = school_year_period(march, 2027)
    assert (spring.start, spring.end) == (date(2026, 3, 1), date(2027, 2, 28))
    assert period_from_code(spring.code, march) == spring


@pytest.mark.parametrize(
    "text",
    [
        "01.09.2026–31.12.2026",
        "01.09.2026-31.12.2026",
        "01.09.2026 — 31.12.2026",
        "2026-09-01 - 2026-12-31",
        "с 01.09.2026 по 31.12.2026",
        "01.09.26 - 31.12.26",
    ],
)
def test_typed_dates(text: str) -> None:
    period = parse_typed_period(text, TODAY)
    assert (period.start, period.end, period.kind) == (
        date(2026, 9, 1),
        date(2026, 12, 31),
        PeriodKind.DATES,
    )
    assert period_from_code(period.code, CALENDAR) == period


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("01.09.2026", "period-bad-format"),
        ("вчера - сегодня", "period-bad-date"),
        ("31.09.2026 - 01.10.2026", "period-bad-date"),
        ("31.12.2026 - 01.09.2026", "period-start-after-end"),
        ("01.12.2026 - 31.12.2026", "period-out-of-range"),  # starts after today
        ("01.01.1990 - 31.12.1990", "period-out-of-range"),
        ("01.01.2020 - 31.12.2026", "period-too-long"),
        ("1" * 100 + " - 1", "period-bad-format"),
    ],
)
def test_typed_dates_refused(text: str, key: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_typed_period(text, TODAY)
    assert error.value.key == key


@pytest.mark.parametrize(
    "code",
    ["", "2026Q0", "2026Q5", "Y27", "20260231-20260301", "x", "0000Q1", "9999Q4", "Y0001", "Y9999"],
)
def test_unknown_codes(code: str) -> None:
    assert period_from_code(code, CALENDAR) is None


def test_labels_in_both_languages() -> None:
    from bot.tg.i18n import Translator

    translator = Translator("ru")
    ru, en = translator.bind("ru"), translator.bind("en")
    assert period_label(ru, quarter(2026, 4)) == "4 кв. 2026"
    assert period_label(en, quarter(2026, 4)) == "Q4 2026"
    assert period_label(ru, school_year_period(CALENDAR, 2027)) == "2026/27 учебный год"
    typed = dates_period(date(2026, 9, 1), date(2026, 12, 31))
    assert period_label(ru, typed) == "01.09.2026–31.12.2026"


def test_bounds_are_local_days() -> None:
    first, after = period_bounds(quarter(2026, 4), "Europe/Moscow")
    assert first == utc(2026, 9, 30, 21)
    assert after == utc(2026, 12, 31, 21)


def test_a_quarter_counts_only_its_meetings_and_pairs() -> None:
    dataset = school_dataset()
    q3 = restrict(dataset, quarter(2026, 3))
    # held in September (Moscow): meetings 1, 5 and 7; nothing due later is in
    assert sorted(m.meeting_id for m in q3.meetings) == [1, 5, 7]
    assert {m.status for m in q3.meetings} == {"held"}
    # pair 4 starts in March 2027 in this test: left out of the autumn
    late = replace(PAIRS[3], confirmed_at=utc(2027, 3, 1), start_on=date(2027, 3, 1))
    q3 = restrict(replace(dataset, pairs=(*PAIRS[:3], late)), quarter(2026, 3))
    assert sorted(p.pairing_id for p in q3.pairs) == [1, 2, 3]
    assert q3.period == quarter(2026, 3)
    indicators = compute(q3)
    assert indicators.meetings_held == 3


def test_a_meeting_held_after_the_period_counts_as_not_held_in_it() -> None:
    dataset = school_dataset()
    late = dataset.meetings[1]._replace(held_at=utc(2026, 10, 20))  # due 8 October
    dataset = replace(dataset, meetings=(dataset.meetings[0], late, *dataset.meetings[2:]))
    early_october = restrict(dataset, dates_period(date(2026, 10, 1), date(2026, 10, 10)))
    by_id = {m.meeting_id: m for m in early_october.meetings}
    assert by_id[2].status == "planned"
    assert by_id[2].held_at is None
    # held on 28 and 30 September, due 1 October: the September's, not this period's
    assert 1 not in by_id
    assert 7 not in by_id
    assert compute(early_october).meetings_held == 0
    october = restrict(dataset, dates_period(date(2026, 10, 1), date(2026, 10, 31)))
    assert {m.meeting_id: m.status for m in october.meetings}[2] == "held"


def test_pairs_ended_before_the_period_are_left_out_and_later_ends_are_active() -> None:
    finished = replace(PAIRS[1], ended_at=utc(2027, 2, 27, 10))
    ended = replace(PAIRS[2], ended_at=utc(2026, 10, 5))
    dataset = school_dataset(pairs=(PAIRS[0], finished, ended, PAIRS[3]))
    q1 = restrict(dataset, quarter(2027, 1))
    assert sorted(p.pairing_id for p in q1.pairs) == [1, 2, 4]
    q4 = restrict(dataset, quarter(2026, 4))
    as_of = {p.pairing_id: p for p in q4.pairs}
    assert as_of[2].status is PairStatus.ACTIVE  # finished in February: active in the autumn
    assert as_of[2].stage == "final"
    assert as_of[3].status is PairStatus.ENDED  # ended in October, within the quarter


def test_people_joined_by_the_end_only() -> None:
    dataset = school_dataset()
    assert restrict(dataset, quarter(2026, 2)).people == ()
    assert len(restrict(dataset, quarter(2026, 3)).people) == len(dataset.people)


def test_quarterly_schedule() -> None:
    events = events_between(CALENDAR, date(2026, 12, 1), date(2027, 1, 31))
    assert [(e.step, e.on, e.quarter.label, e.days_before) for e in events] == [
        (QuarterlyStep.REMIND, date(2027, 1, 3), "2026Q4", 7),
        (QuarterlyStep.REMIND, date(2027, 1, 9), "2026Q4", 1),
        (QuarterlyStep.SEND, date(2027, 1, 10), "2026Q4", 0),
    ]
    # the day before: the last reminder; the due day sends the report; a pass two days late
    # still does, and a reminder is never sent once its due day has come
    assert [(e.step, e.days_before) for e in events_due(CALENDAR, date(2027, 1, 9))] == [
        (QuarterlyStep.REMIND, 1)
    ]
    assert [e.step for e in events_due(CALENDAR, date(2027, 1, 10))] == [QuarterlyStep.SEND]
    assert [e.step for e in events_due(CALENDAR, date(2027, 1, 12))] == [QuarterlyStep.SEND]
    assert events_due(CALENDAR, date(2027, 1, 20)) == []
    july = events_due(CALENDAR, date(2027, 7, 10))
    assert {e.quarter.label for e in july} == {"2027Q2"}

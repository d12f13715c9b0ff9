"""The span a report covers: a calendar quarter, a school year or dates the curator typed.

Plain data and date arithmetic (no database): the handlers, the command line and the
quarterly jobs all name a period by a short code that fits in a button's callback data:
``2026Q4`` (October–December 2026), ``Y2027`` (the school year 2026/27, by the calendar's
``year_span``) and ``20260901-20261231`` (typed dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from services.questionnaire.answers import typed_date
from services.school_year.calendar_file import SchoolCalendar

# a typed period longer than this is not a report period (a slip of the year, most often)
MAX_DAYS = 2 * 366
EARLIEST = date(2000, 1, 1)
RECENT_QUARTERS = 4
_QUARTER_CODE = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR_CODE = re.compile(r"^Y(\d{4})$")
_RANGE_CODE = re.compile(r"^(\d{8})-(\d{8})$")
# «01.09.2026–31.12.2026», «01.09.2026 - 31.12.2026», «с 01.09.2026 по 31.12.2026»; a bare
# hyphen is also inside ISO dates, so every separator is tried until both sides are dates
_SEPARATOR = re.compile(r"\s*(?:[–—-]{1,2}|\.\.|\s+по\s+|\s+to\s+)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^\s*(?:с|from)\s+", re.IGNORECASE)


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    SCHOOL_YEAR = "school_year"
    DATES = "dates"


@dataclass(frozen=True, slots=True)
class Period:
    """Both ends included; ``label`` is language-neutral («4 кв. 2026» is built from it)."""

    start: date
    end: date
    kind: PeriodKind
    label: str  # "2026Q4", "2026/27", "01.09.2026–31.12.2026"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return self.label
        if self.kind is PeriodKind.SCHOOL_YEAR:
            return f"Y{int(self.label[:4]) + 1}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def quarter(self) -> tuple[int, int] | None:
        """(year, 1–4) of a quarter period."""
        match = _QUARTER_CODE.match(self.label) if self.kind is PeriodKind.QUARTER else None
        return (int(match[1]), int(match[2])) if match else None


class _Translate(Protocol):
    def __call__(self, key: str, /, **kwargs: object) -> str: ...


def period_label(t: _Translate, period: Period) -> str:
    """«4 кв. 2026», «2026/27 уч. год», «01.09.2026–31.12.2026» in the reader's language."""
    if (found := period.quarter) is not None:
        # a year is a name, not a number to group («2 026»)
        return t("period-label-quarter", number=str(found[1]), year=str(found[0]))
    if period.kind is PeriodKind.SCHOOL_YEAR:
        return t("period-label-year", label=period.label)
    return t("period-label-dates", start=f"{period.start:%d.%m.%Y}", end=f"{period.end:%d.%m.%Y}")


LATEST_YEAR = 2100


def _sane_year(year: int) -> bool:
    return EARLIEST.year <= year <= LATEST_YEAR


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError(f"quarter {number}")
    start = date(year, 3 * number - 2, 1)
    following = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start, following - timedelta(days=1), PeriodKind.QUARTER, f"{year}Q{number}")


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def previous_quarter(period_or_day: Period | date) -> Period:
    """The quarter before the one a day (or a period's start) falls in."""
    day = period_or_day.start if isinstance(period_or_day, Period) else period_or_day
    return quarter_of(quarter_of(day).start - timedelta(days=1))


def recent_quarters(today: date, count: int = RECENT_QUARTERS) -> list[Period]:
    """The current quarter and the ones before it, newest first."""
    found = [quarter_of(today)]
    while len(found) < count:
        found.append(previous_quarter(found[-1]))
    return found


def school_year_period(calendar: SchoolCalendar, year: int) -> Period:
    """The school year named by the calendar year it ends in (2026/27 is 2027)."""
    start, end = calendar.year_span(year)
    return Period(start, end, PeriodKind.SCHOOL_YEAR, f"{year - 1}/{year % 100:02d}")


def recent_school_years(calendar: SchoolCalendar, today: date) -> list[Period]:
    """This school year and the previous one."""
    year = calendar.school_year(today)
    return [school_year_period(calendar, year), school_year_period(calendar, year - 1)]


def dates_period(start: date, end: date) -> Period:
    return Period(start, end, PeriodKind.DATES, f"{start:%d.%m.%Y}–{end:%d.%m.%Y}")


class PeriodError(ValueError):
    """Why typed dates are not a period; ``key`` is the locale key of the polite answer."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_typed_period(text: str, today: date) -> Period:
    """«01.09.2026–31.12.2026»: two dates, the first not after the second, not in the far
    future, at most two years apart."""
    cleaned = _LEADING.sub("", text.strip())
    separators = list(_SEPARATOR.finditer(cleaned))
    if not separators or len(cleaned) > 60:
        raise PeriodError("period-bad-format")
    for separator in separators:
        start_text, end_text = cleaned[: separator.start()], cleaned[separator.end() :]
        first, last = typed_date(start_text), typed_date(end_text)
        if first is not None and last is not None:
            break
    else:
        raise PeriodError("period-bad-date")
    start, end = first, last
    if start > end:
        raise PeriodError("period-start-after-end")
    if start < EARLIEST or start > today:
        raise PeriodError("period-out-of-range")
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodError("period-too-long")
    return dates_period(start, end)


def period_from_code(code: str, calendar: SchoolCalendar) -> Period | None:
    """The period a callback or the command line names; None for an unknown code or a year
    outside 2000–2100 (a forged button must not reach date arithmetic)."""
    if match := _QUARTER_CODE.match(code):
        year = int(match[1])
        return quarter(year, int(match[2])) if _sane_year(year) else None
    if match := _YEAR_CODE.match(code):
        year = int(match[1])
        return school_year_period(calendar, year) if _sane_year(year) else None
    if match := _RANGE_CODE.match(code):
        try:
            start = date(int(match[1][:4]), int(match[1][4:6]), int(match[1][6:]))
            end = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:]))
        except ValueError:
            return None
        if start > end or (end - start).days + 1 > MAX_DAYS:
            return None
        return dates_period(start, end)
    return None

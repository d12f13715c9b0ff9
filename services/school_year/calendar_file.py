"""The regional calendar of the mentoring cycle, read from ``calendars/<id>.yaml``.

Every date of the program cycle that recurs each school year lives in such a file, like the
forms: lists renewed by 1 October (seed 000), the interim survey in January and the
evaluation in March–April (seed 003), the final stage and the monitoring window in May–June
(seed 001), the quarterly reports (seed 003 item 17), the day the year closes and the day
participants are asked whether they continue. ``default.yaml`` holds today's dates; a region
or a municipal office adds its own file (with ``extends: default`` it names only what differs).

Dates are "MM-DD" of every year (29 February is refused). A school year runs from
``year_starts`` to the day before the next one and is named by the calendar year it ends in
(2026/27 is 2027); a month-day from ``year_starts`` to December belongs to its autumn.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

CALENDARS_DIR = Path(__file__).resolve().parents[2] / "calendars"
DEFAULT_CALENDAR = "default"
# ids travel in buttons (bot/tg/callbacks.py CalendarCb) and on the command line
CALENDAR_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"


def month_day(text: str) -> str:
    """ "1-20" → "01-20"; ValueError unless it is a date of every year (so not 29 February)."""
    try:
        month_text, day_text = text.strip().split("-")
        date(2001, int(month_text), int(day_text))  # not a leap year: every year has it
    except ValueError:
        raise ValueError(f"not a month and day of every year: {text!r} (use MM-DD)") from None
    return f"{int(month_text):02d}-{int(day_text):02d}"


MonthDay = Annotated[str, AfterValidator(month_day)]


class Window(BaseModel):
    """A span of days within one school year, both ends included."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    starts: MonthDay
    ends: MonthDay


class SchoolCalendar(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CALENDAR_ID)
    title: dict[str, str]  # by locale: ru first, en complete
    year_starts: MonthDay = "09-01"
    # the programs' default end: a pair's program runs to this day unless approved otherwise
    programs_end: MonthDay = "05-31"
    lists_due: MonthDay = "10-01"
    lists_remind_days_before: tuple[int, ...] = (14, 3)
    interim_survey: MonthDay = "01-20"
    evaluation: Window = Window(starts="03-01", ends="04-30")
    final_stage: MonthDay = "05-15"
    monitoring: Window = Window(starts="05-20", ends="06-30")
    # the day each quarter's report is due, for the quarter that ended before it
    quarterly_reports: tuple[MonthDay, ...] = ("01-10", "04-10", "07-10", "10-10")
    # reminders go this many days before a due date, to the curators and the municipal office
    reports_remind_days_before: tuple[int, ...] = (7, 1)
    # the day the school year is closed: programs archived, participants asked to continue
    year_closes: MonthDay = "06-30"
    # days participants have to answer whether they continue before the lists are renewed
    carry_over_answer_days: int = Field(default=14, ge=1, le=60)

    @model_validator(mode="after")
    def _check(self) -> SchoolCalendar:
        for name in ("lists_remind_days_before", "reports_remind_days_before"):
            days = getattr(self, name)
            if any(day < 0 or day > 365 for day in days):
                raise ValueError(f"{name}: 0 … 365 days")
            if len(set(days)) != len(days):
                raise ValueError(f"{name} has duplicates")
        if "ru" not in self.title or "en" not in self.title:
            raise ValueError("title needs ru and en")
        if len(set(self.quarterly_reports)) != len(self.quarterly_reports):
            raise ValueError("quarterly_reports has duplicates")
        # the closing ends the year it closes: from 1 January to the day before the next year
        # starts, else it would fall in the autumn and close a year that has just begun
        if self.day_in(2027, self.year_closes).year != 2027:
            raise ValueError(
                "year_closes must fall between 1 January and the day before year_starts"
            )
        return self

    def day_in(self, year: int, month_day: str) -> date:
        """The date of ``month_day`` in the school year ``year`` (named by the year it ends)."""
        month, day = (int(part) for part in month_day.split("-"))
        starts_month, starts_day = (int(part) for part in self.year_starts.split("-"))
        autumn = (month, day) >= (starts_month, starts_day)
        return date(year - 1 if autumn else year, month, day)

    def school_year(self, day: date) -> int:
        """The school year a day belongs to, named by the year it ends in."""
        return day.year + 1 if day >= self.day_in(day.year + 1, self.year_starts) else day.year

    def year_span(self, year: int) -> tuple[date, date]:
        """The first and the last day of the school year ``year``."""
        first = self.day_in(year, self.year_starts)
        return first, self.day_in(year + 1, self.year_starts) - timedelta(days=1)


def _read(path: Path) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: a mapping is expected")
    return raw


def load_calendar_file(path: Path, base: SchoolCalendar | None = None) -> SchoolCalendar:
    """One file; ``extends: <id>`` starts from ``base`` (the caller resolves it)."""
    raw = _read(path)
    parent = raw.pop("extends", None)
    if parent is not None and (base is None or base.id != parent):
        raise ValueError(f"{path.name}: extends {parent!r}, which is not loaded")
    values = base.model_dump() if base is not None else {}
    values.update(raw)
    calendar = SchoolCalendar.model_validate(values)
    if calendar.id != path.stem:
        raise ValueError(f"{path.name}: id {calendar.id!r} must match the file name")
    return calendar


@cache
def load_calendars(folder: Path = CALENDARS_DIR) -> dict[str, SchoolCalendar]:
    """Every calendar in the folder, validated; ``default`` must be there."""
    found: dict[str, SchoolCalendar] = {}
    paths = sorted(folder.glob("*.yaml"))
    pending = {path.stem: path for path in paths}
    if DEFAULT_CALENDAR not in pending:
        raise ValueError(f"{folder}: {DEFAULT_CALENDAR}.yaml is missing")
    found[DEFAULT_CALENDAR] = load_calendar_file(pending.pop(DEFAULT_CALENDAR))
    while pending:
        progressed = False
        for stem, path in list(pending.items()):
            parent = _read(path).get("extends")
            if parent is None or parent in found:
                found[stem] = load_calendar_file(path, found.get(parent) if parent else None)
                del pending[stem]
                progressed = True
        if not progressed:
            raise ValueError(f"calendars extending unknown or each other: {sorted(pending)}")
    return found


def calendar_by_id(calendar_id: str | None) -> SchoolCalendar:
    """The named calendar, or the default one when ``None`` or unknown (never fails a job)."""
    calendars = load_calendars()
    return calendars.get(calendar_id or DEFAULT_CALENDAR) or calendars[DEFAULT_CALENDAR]

"""When surveys open, remind and close: pure functions over dates, unit-tested directly.

* The school year is the organization's calendar's (calendars/*.yaml; by default 1 September
  to 31 August) and is named by the year it ends in: the school year 2026/27 is ``2027``.
* The interim survey opens on a "MM-DD" date (the organization's own, else its calendar's,
  see services/school_year/org_calendar.py) of each school year: a date from the calendar's
  ``year_starts`` to December belongs to the autumn of the school year, any other to the spring. It is due from that local day on, for as long as a
  survey stays open (``SURVEY_OPEN_DAYS``): a bot that was down on the day still opens it, a
  bot deployed in March does not open January's survey.
* Reminders go after fixed delays from the invitation (``SURVEY_REMIND_AFTER``, e.g. 3 and 7
  days). After downtime only the latest due reminder is sent, never two at once.
* A survey message never goes out in quiet hours: it moves to their end ("to the morning").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from services.meetings.timing import out_of_quiet

__all__ = ["out_of_quiet"]  # callers import it from here too
from services.school_year.calendar_file import SchoolCalendar, calendar_by_id


def parse_month_day(text: str) -> tuple[int, int]:
    """ "01-20" → (1, 20); the date must exist in every year (so not 29 February)."""
    try:
        month_text, day_text = text.strip().split("-")
        month, day = int(month_text), int(day_text)
        date(2001, month, day)  # not a leap year
    except ValueError:
        raise ValueError(f"not a month and day of every year: {text!r} (use MM-DD)") from None
    return month, day


def interim_month_day(own: str | None, default: str) -> tuple[int, int]:
    """An organization's own interim date when it is a valid one, else ``default`` (the
    organization's calendar's, see services/school_year/org_calendar.py)."""
    if own:
        try:
            return parse_month_day(own)
        except ValueError:
            pass  # a bad value in the database must not stop the survey
    return parse_month_day(default)


def school_year(day: date, calendar: SchoolCalendar | None = None) -> int:
    """The school year a day belongs to, named by the year it ends in (Sept 2026 → 2027 with
    the default calendar)."""
    return (calendar or calendar_by_id(None)).school_year(day)


def school_year_label(year: int) -> str:
    """2027 → "2026/27"."""
    return f"{year - 1}/{year % 100:02d}"


def interim_date(
    year: int, month_day: tuple[int, int], calendar: SchoolCalendar | None = None
) -> date:
    """The interim survey's date in the school year ``year``."""
    month, day = month_day
    return (calendar or calendar_by_id(None)).day_in(year, f"{month:02d}-{day:02d}")


def interim_due(
    today: date,
    month_day: tuple[int, int],
    open_days: int,
    calendar: SchoolCalendar | None = None,
) -> date | None:
    """The interim date if the survey should be open today (its window has begun and not
    ended), else None."""
    opens = interim_date(school_year(today, calendar), month_day, calendar)
    if opens <= today < opens + timedelta(days=open_days):
        return opens
    return None


def next_interim(
    today: date, month_day: tuple[int, int], calendar: SchoolCalendar | None = None
) -> date:
    """The interim date of this school year, or of the next one when this one's has passed."""
    year = school_year(today, calendar)
    opens = interim_date(year, month_day, calendar)
    return opens if opens >= today else interim_date(year + 1, month_day, calendar)


def reminder_due(
    invited_at: datetime, sent: int, remind_after: Sequence[timedelta], now: datetime
) -> int | None:
    """The number (1-based) of the reminder to send now, or None.

    ``sent`` reminders went already. When several are due at once (the bot was down), only the
    latest is returned: the person gets one reminder, and the earlier ones count as sent.
    """
    due = sum(1 for delay in remind_after if invited_at + delay <= now)
    return due if due > sent else None


def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()

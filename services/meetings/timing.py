"""When to remind about a meeting, how to read a date a teacher typed, and weekly schedules.

Every datetime that goes in or out is timezone-aware; results are in UTC. Local time is the
organization's IANA zone, converted with :mod:`zoneinfo` (Russia has no DST now, but the rules
below are written for zones that do):

* Reminder leads are elapsed time: "24 h before" is exactly 24 hours before the meeting, even
  across a DST change (where clocks change, the wall time of the reminder then differs from the
  meeting's by an hour).
* A wall time that does not exist (skipped by a spring-forward gap) is read with the offset in
  force before the gap (PEP 495, ``fold=0``), so it lands as many minutes after the gap as it
  was inside it; an ambiguous wall time (autumn fall-back) is its first occurrence.

Quiet hours (:class:`QuietHours`) are the half-open local interval ``[start, end)``; they may
cross midnight (21:00–08:00) or lie within one day (13:00–14:00). ``start == end`` means no
quiet hours at all.

A reminder that falls in quiet hours is moved to the end of that quiet period ("to the
morning"). If that is not before the meeting, it is moved instead to the last minute before the
quiet period began (20:59 the previous evening). With ``now`` given, a reminder that would be
before ``now`` is dropped (it can no longer be sent). Reminders landing on the same moment
collapse into one, keeping the larger lead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_LEADS: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
DEFAULT_MAX_AHEAD = timedelta(days=366)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock quiet hours ``[start, end)``; may cross midnight; equal ends = none."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times (naive)")


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _utc(local: datetime) -> datetime:
    return local.astimezone(UTC)


def _wall(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def is_quiet(local: time, quiet: QuietHours) -> bool:
    """Whether the local wall time is within the quiet hours."""
    moment = local.replace(tzinfo=None)
    if quiet.start == quiet.end:
        return False
    if quiet.start < quiet.end:
        return quiet.start <= moment < quiet.end
    return moment >= quiet.start or moment < quiet.end


def out_of_quiet(at: datetime, tz: str, quiet: QuietHours) -> datetime:
    """``at``, or the end of the quiet hours it falls in (local wall time of ``tz``)."""
    zone = _zone(tz)
    local = at.astimezone(zone)
    if not is_quiet(local.time(), quiet):
        return at
    ends_today = _wall(local.date(), quiet.end, zone)
    if quiet.start > quiet.end and local.time() >= quiet.start:
        # an overnight period that began this evening ends tomorrow morning
        ends_today = _wall(local.date() + _DAY, quiet.end, zone)
    return ends_today.astimezone(at.tzinfo)


def _quiet_period(local: datetime, quiet: QuietHours, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Local start and end of the quiet period that contains ``local`` (which is quiet)."""
    day = local.date()
    if quiet.start < quiet.end:
        return _wall(day, quiet.start, zone), _wall(day, quiet.end, zone)
    if local.time() >= quiet.start:
        return _wall(day, quiet.start, zone), _wall(day + _DAY, quiet.end, zone)
    return _wall(day - _DAY, quiet.start, zone), _wall(day, quiet.end, zone)


def _place(at: datetime, meeting_at: datetime, quiet: QuietHours, zone: ZoneInfo) -> datetime:
    """The time to send a reminder nominally due ``at``, out of quiet hours."""
    local = at.astimezone(zone)
    if not is_quiet(local.time(), quiet):
        return at
    began, ends = _quiet_period(local, quiet, zone)
    morning = _utc(ends)
    if morning < meeting_at:
        return morning
    return _utc(began - _MINUTE)


def reminder_times(
    meeting_at: datetime,
    leads: Sequence[timedelta],
    tz: str,
    quiet: QuietHours = QuietHours(),
    *,
    now: datetime | None = None,
) -> list[tuple[timedelta, datetime]]:
    """``(lead, when)`` for each reminder of a meeting, ``when`` in UTC, sorted by time.

    ``leads`` are positive durations before the meeting (see :data:`DEFAULT_LEADS`); ``tz`` is
    the organization's zone, in which quiet hours are read. Optional ``now``: reminders that
    would be sent before it are dropped (e.g. the 24 h reminder of a meeting set for tonight,
    or a moved-to-the-evening one when the evening is over).
    """
    _aware(meeting_at, "meeting_at")
    if now is not None:
        _aware(now, "now")
    zone = _zone(tz)
    meeting = meeting_at.astimezone(UTC)
    # reminders that land on the same moment (two moved to the end of quiet hours) are one
    by_moment: dict[datetime, tuple[timedelta, datetime]] = {}
    for lead in leads:
        if lead <= timedelta(0):
            raise ValueError("reminder leads must be positive")
        when = _place(meeting - lead, meeting, quiet, zone)
        if now is not None and when < now:
            continue
        kept = by_moment.get(when)
        if kept is None or lead > kept[0]:
            by_moment[when] = (lead, when)
    return sorted(by_moment.values(), key=lambda item: (item[1], -item[0]))


# --- reading a typed date and time -------------------------------------------------------


@dataclass(frozen=True)
class WhenError:
    """Why a typed date/time was refused: ``when-unparsed``, ``when-past``, ``when-too-far``."""

    code: str


WHEN_UNPARSED = WhenError("when-unparsed")
WHEN_PAST = WhenError("when-past")
WHEN_TOO_FAR = WhenError("when-too-far")

_PREPOSITIONS = frozenset({"в", "во", "at"})
_RELATIVE_DAYS = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        start=1,
    )
}
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
_HOUR = re.compile(r"\d{1,2}")
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class _DateSpec:
    """A typed date: ``relative`` days from today, or day.month with an optional year."""

    relative: int | None = None
    day: int = 0
    month: int = 0
    year: int | None = None


def _read_date(tokens: Sequence[str]) -> _DateSpec | None:
    if len(tokens) == 1:
        token = tokens[0]
        if token in _RELATIVE_DAYS:
            return _DateSpec(relative=_RELATIVE_DAYS[token])
        match = _NUMERIC_DATE.fullmatch(token)
        if match is None:
            return None
        day, month, year = match.groups()
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return _DateSpec(day=int(day), month=int(month), year=full_year)
    if len(tokens) in (2, 3) and tokens[0].isdigit() and tokens[1] in _MONTHS:
        year_token = tokens[2] if len(tokens) == 3 else None
        if year_token is not None and not re.fullmatch(r"\d{4}", year_token):
            return None
        return _DateSpec(
            day=int(tokens[0]),
            month=_MONTHS[tokens[1]],
            year=None if year_token is None else int(year_token),
        )
    return None


def _read_time(token: str, after_preposition: bool) -> time | None:
    match = _CLOCK.fullmatch(token)
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2))
    elif after_preposition and _HOUR.fullmatch(token):
        hour, minute = int(token), 0
    else:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _layouts(tokens: list[str]) -> list[tuple[list[str], bool, str]]:
    """Ways to read the tokens as (date tokens, had a preposition, time token):
    ``[date] [в] time`` first, then ``[в] time date``."""
    layouts: list[tuple[list[str], bool, str]] = []
    if tokens:
        *rest, last = tokens
        prep = bool(rest) and rest[-1] in _PREPOSITIONS
        if prep:
            rest = rest[:-1]
        layouts.append((rest, prep, last))
    if len(tokens) >= 2:
        rest = tokens
        prep = rest[0] in _PREPOSITIONS
        if prep:
            rest = rest[1:]
        if len(rest) >= 2:
            layouts.append((rest[1:], prep, rest[0]))
    return layouts


def _resolve_day(spec: _DateSpec, today: date) -> date | None:
    if spec.relative is not None:
        return today + timedelta(days=spec.relative)
    if spec.year is not None:
        try:
            return date(spec.year, spec.month, spec.day)
        except ValueError:
            return None
    try:
        date(2000, spec.month, spec.day)  # a leap year: rejects only impossible dates
    except ValueError:
        return None
    for year in range(today.year, today.year + 9):  # 29 February comes within 8 years
        try:
            candidate = date(year, spec.month, spec.day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None  # pragma: no cover - a valid day.month always recurs within 8 years


def parse_when(
    text: str, tz: str, now: datetime, *, max_ahead: timedelta = DEFAULT_MAX_AHEAD
) -> datetime | WhenError:
    """Read a date and time as a Russian teacher types it, in the zone ``tz``; UTC result.

    Accepted (case-insensitive, commas and extra spaces ignored, optional «в»/«at» before the
    time): ``25.11 15:30``, ``25.11.2026 15:30``, ``25.11.26 15.30``, ``25/11 15:30``,
    ``25-11 15:30``, ``25 ноября 15:30``, ``завтра 15:30``, ``сегодня в 9:00``,
    ``послезавтра в 10:00``, ``tomorrow 15:30``, ``15:30``, ``в 15`` (a whole hour needs «в»),
    and the time first: ``15:30 завтра``.

    * no date: today if that time is still ahead, else tomorrow;
    * day.month without a year: the next such date that is not in the past (today included —
      so ``25.11 10:00`` typed on 25 November at noon is ``when-past``, not next year);
    * a two-digit year is 20yy;
    * a lone ``15.11`` is a time (15:11): a time is always required, a date never is.

    Returns :class:`WhenError` ``when-unparsed`` (not understood, or no such date/time),
    ``when-past`` (not after ``now``) or ``when-too-far`` (more than ``max_ahead`` after
    ``now``).
    """
    _aware(now, "now")
    zone = _zone(tz)
    tokens = [token for token in _SEPARATORS.split(text.strip().lower()) if token]
    local_now = now.astimezone(zone)
    today = local_now.date()
    for date_tokens, prep, time_token in _layouts(tokens):
        at = _read_time(time_token, prep)
        if at is None:
            continue
        if not date_tokens:
            result = _utc(_wall(today, at, zone))
            if result <= now:
                result = _utc(_wall(today + _DAY, at, zone))
            return _checked(result, now, max_ahead)
        spec = _read_date(date_tokens)
        day = None if spec is None else _resolve_day(spec, today)
        if day is not None:
            return _checked(_utc(_wall(day, at, zone)), now, max_ahead)
    return WHEN_UNPARSED


def _checked(result: datetime, now: datetime, max_ahead: timedelta) -> datetime | WhenError:
    if result <= now:
        return WHEN_PAST
    if result - now > max_ahead:
        return WHEN_TOO_FAR
    return result


# --- weeks ---------------------------------------------------------------------------------


def week_bounds(now: datetime, tz: str) -> tuple[datetime, datetime]:
    """UTC bounds ``[start, end)`` of the local week (Monday 00:00 to next Monday 00:00)
    that contains ``now``."""
    _aware(now, "now")
    zone = _zone(tz)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    start = _wall(monday, time(0), zone)
    end = _wall(monday + timedelta(days=7), time(0), zone)
    return _utc(start), _utc(end)


def next_weekly(now: datetime, tz: str, weekday: int, at: time) -> datetime:
    """The next local ``weekday`` (0 = Monday) at wall time ``at``, strictly after ``now``,
    in UTC — e.g. the weekly digest on Monday 09:00."""
    _aware(now, "now")
    if not 0 <= weekday <= 6:
        raise ValueError("weekday is 0 (Monday) … 6 (Sunday)")
    zone = _zone(tz)
    today = now.astimezone(zone).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    result = _utc(_wall(day, at.replace(tzinfo=None), zone))
    if result <= now:
        result = _utc(_wall(day + timedelta(days=7), at.replace(tzinfo=None), zone))
    return result

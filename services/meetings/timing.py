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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
#
# Hand-written on purpose: a general date-parsing library tried on 16 such phrasings misread
# 4 of them, and a wrong date that looks plausible is worse than a refusal. The grammar is
# small, explicit and tested phrase by phrase (tests/unit/test_meeting_timing.py).
#
# A text is a date phrase and a time phrase, in either order: the time is tried as the last
# 1–4 tokens, then as the first 1–4, and the rest must read as a date phrase in full.


@dataclass(frozen=True)
class WhenError:
    """Why a typed date/time was refused: ``when-unparsed``, ``when-past``, ``when-too-far``
    or ``when-past-date`` (see :class:`PastDate`)."""

    code: str


@dataclass(frozen=True)
class PastDate(WhenError):
    """A day.month without a year that has already passed this year (and is nearer behind
    than ahead): it is not silently moved to next year; the caller asks whether ``suggested``
    (the next such date, same wall time, UTC) was meant. ``understood`` is this year's."""

    understood: datetime = field(kw_only=True)
    suggested: datetime = field(kw_only=True)


WHEN_UNPARSED = WhenError("when-unparsed")
WHEN_PAST = WhenError("when-past")
WHEN_TOO_FAR = WhenError("when-too-far")
WHEN_PAST_DATE = "when-past-date"

_PREPOSITIONS = frozenset({"в", "во", "at"})
_DATE_PREPOSITIONS = frozenset({"в", "во", "on"})
_RELATIVE_DAYS = {
    ("сегодня",): 0,
    ("today",): 0,
    ("завтра",): 1,
    ("tomorrow",): 1,
    ("послезавтра",): 2,
    ("day", "after", "tomorrow"): 2,
}
_MONTH_NAMES = (
    ("января", "январь", "янв", "january", "jan"),
    ("февраля", "февраль", "фев", "февр", "february", "feb"),
    ("марта", "март", "мар", "march", "mar"),
    ("апреля", "апрель", "апр", "april", "apr"),
    ("мая", "май", "may"),
    ("июня", "июнь", "июн", "june", "jun"),
    ("июля", "июль", "июл", "july", "jul"),
    ("августа", "август", "авг", "august", "aug"),
    ("сентября", "сентябрь", "сен", "сент", "september", "sep", "sept"),
    ("октября", "октябрь", "окт", "october", "oct"),
    ("ноября", "ноябрь", "ноя", "нояб", "november", "nov"),
    ("декабря", "декабрь", "дек", "december", "dec"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_WEEKDAY_NAMES = (
    ("понедельник", "пн", "monday", "mon"),
    ("вторник", "вт", "tuesday", "tue", "tues"),
    ("среда", "среду", "ср", "wednesday", "wed"),
    ("четверг", "чт", "thursday", "thu", "thur", "thurs"),
    ("пятница", "пятницу", "пт", "friday", "fri"),
    ("суббота", "субботу", "сб", "saturday", "sat"),
    ("воскресенье", "вс", "sunday", "sun"),
)
_WEEKDAYS = {name: number for number, names in enumerate(_WEEKDAY_NAMES) for name in names}
# «в следующую пятницу», «next friday»: the one in next calendar week (Monday to Sunday)
_NEXT = frozenset({"следующий", "следующую", "следующее", "след", "next"})
_THIS = frozenset({"этот", "эту", "это", "this"})
_NUMBER_WORDS = {
    "один": 1,
    "одну": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}
_DAY_UNITS = frozenset({"день", "дня", "дней", "day", "days"})
_WEEK_UNITS = frozenset({"неделю", "недели", "недель", "week", "weeks"})
_HOUR_UNITS = frozenset({"ч", "час", "часа", "часов", "h"})
_YEAR_UNITS = frozenset({"г", "года", "год"})
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?")
_CLOCK = re.compile(r"(\d{1,2})[:.-](\d{2})")  # «16-00» too, as it is often written
_HOUR = re.compile(r"\d{1,2}")
_ORDINAL_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_COUNT = re.compile(r"\d{1,3}")
_SEPARATORS = re.compile(r"[\s,]+")
# «16ч», «4pm», «1дек», «2026г» → two tokens; «25.11», «15:30» and «1st» stay whole
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-zа-яё])(?!(?:st|nd|rd|th)\b)")


@dataclass(frozen=True)
class _DateSpec:
    """A typed date: ``relative`` days from today, a ``weekday`` (``next_week``: of next
    calendar week), or day.month with an optional year."""

    relative: int | None = None
    weekday: int | None = None
    next_week: bool = False
    day: int = 0
    month: int = 0
    year: int | None = None


def _count(token: str) -> int | None:
    if _COUNT.fullmatch(token):
        return int(token)
    return _NUMBER_WORDS.get(token)


def _read_shift(tokens: Sequence[str]) -> _DateSpec | None:
    """«через 2 дня», «через неделю», «in 3 days», «in a week»."""
    if len(tokens) not in (2, 3) or tokens[0] not in ("через", "in"):
        return None
    if len(tokens) == 2:
        # «через день» is refused: it is as often "the day after tomorrow" as "tomorrow"
        count, unit = (1, tokens[1]) if tokens[1] in _WEEK_UNITS else (None, tokens[1])
    else:
        count, unit = _count(tokens[1]), tokens[2]
    if count is None:
        return None
    if unit in _DAY_UNITS:
        return _DateSpec(relative=count)
    if unit in _WEEK_UNITS:
        return _DateSpec(relative=7 * count)
    return None


def _read_weekday(tokens: Sequence[str]) -> _DateSpec | None:
    """«пятница», «в пятницу», «в следующую пятницу», «next friday», «on fri»."""
    rest = list(tokens)
    if rest and rest[0] in _DATE_PREPOSITIONS:
        rest = rest[1:]
    next_week = False
    if len(rest) == 2 and (rest[0] in _NEXT or rest[0] in _THIS):
        next_week = rest[0] in _NEXT
        rest = rest[1:]
    if len(rest) != 1 or rest[0] not in _WEEKDAYS:
        return None
    return _DateSpec(weekday=_WEEKDAYS[rest[0]], next_week=next_week)


def _read_year(tokens: Sequence[str]) -> tuple[int | None, bool]:
    """A year after a day and month: (year, ok); «2026», «2026 г», «2026 года»."""
    if not tokens:
        return None, True
    if re.fullmatch(r"\d{4}", tokens[0]) and (
        len(tokens) == 1 or (len(tokens) == 2 and tokens[1] in _YEAR_UNITS)
    ):
        return int(tokens[0]), True
    return None, False


def _read_named_month(tokens: Sequence[str]) -> _DateSpec | None:
    """«1 декабря», «1 дек 2026», «Dec 1», «1st December», «December 1st, 2026»."""
    rest = list(tokens)
    if rest and rest[0] in _DATE_PREPOSITIONS:
        rest = rest[1:]
    if len(rest) < 2:
        return None
    first, second = _ORDINAL_DAY.fullmatch(rest[0]), _ORDINAL_DAY.fullmatch(rest[1])
    if first is not None and rest[1] in _MONTHS:
        day, month = int(first.group(1)), _MONTHS[rest[1]]
    elif second is not None and rest[0] in _MONTHS:
        day, month = int(second.group(1)), _MONTHS[rest[0]]
    else:
        return None
    year, ok = _read_year(rest[2:])
    if not ok:
        return None
    return _DateSpec(day=day, month=month, year=year)


def _read_date(tokens: Sequence[str]) -> _DateSpec | None:
    if tuple(tokens) in _RELATIVE_DAYS:
        return _DateSpec(relative=_RELATIVE_DAYS[tuple(tokens)])
    if len(tokens) == 1:
        match = _NUMERIC_DATE.fullmatch(tokens[0])
        if match is None:
            return _read_weekday(tokens)
        day, month, year = match.groups()
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return _DateSpec(day=int(day), month=int(month), year=full_year)
    return _read_shift(tokens) or _read_weekday(tokens) or _read_named_month(tokens)


def _morning(hour: int, period: str) -> int | None:
    if period == "am" and hour == 12:
        return 0
    return hour if 1 <= hour <= 11 else None


def _afternoon(hour: int, period: str) -> int | None:
    if hour == 12:
        return 12
    if period == "дня" and 13 <= hour <= 17:
        return hour
    if period == "дня":
        return hour + 12 if 1 <= hour <= 5 else None
    return hour + 12 if 1 <= hour <= 11 else None


def _evening(hour: int, period: str) -> int | None:
    if 16 <= hour <= 23:
        return hour
    return hour + 12 if 4 <= hour <= 11 else None


def _night(hour: int, period: str) -> int | None:
    if hour == 12:
        return 0
    return hour if 0 <= hour <= 4 else (hour + 12 if 9 <= hour <= 11 else None)


_TWELVE_HOUR: dict[str, Callable[[int, str], int | None]] = {
    "утра": _morning,
    "am": _morning,
    "дня": _afternoon,
    "pm": _afternoon,
    "вечера": _evening,
    "ночи": _night,
}


def _twelve_hour(hour: int, period: str) -> int | None:
    """An hour said with a part of the day: «4 вечера» is 16, «12 дня» 12, «4pm» 16; an hour
    that does not fit the part («16 утра», «13pm») is refused."""
    read = _TWELVE_HOUR.get(period)
    return None if read is None else read(hour, period)


_PERIODS = frozenset({"утра", "дня", "вечера", "ночи", "am", "pm"})


def _time_phrase(tokens: Sequence[str]) -> tuple[str, bool, bool, str | None] | None:
    """``[в|at] <clock> [ч|часов] [утра…|am|pm]`` taken apart: (clock, after a preposition,
    hours said, part of the day); None when the tokens are not shaped so."""
    rest = list(tokens)
    prep = bool(rest) and rest[0] in _PREPOSITIONS
    if prep:
        rest = rest[1:]
    if not rest:
        return None
    said_hours = len(rest) > 1 and rest[1] in _HOUR_UNITS
    if said_hours:
        del rest[1]
    period = rest[1] if len(rest) == 2 and rest[1] in _PERIODS else None
    if len(rest) != (1 if period is None else 2):
        return None
    return rest[0], prep, said_hours, period


def _hour_minute(word: str, *, said_hours: bool, bare_hour: bool) -> tuple[int, int] | None:
    """«15:30» (not followed by «ч»), or a whole hour «16» where ``bare_hour`` allows one."""
    match = _CLOCK.fullmatch(word)
    if match is not None and not said_hours:
        return int(match.group(1)), int(match.group(2))
    if _HOUR.fullmatch(word) and bare_hour:
        return int(word), 0
    return None


def _read_time(tokens: Sequence[str]) -> time | None:
    """A time phrase: ``[в|at] 15:30|15.30 [утра…|am|pm]``, or a whole hour ``16`` that says
    it is one: after «в»/«at», or followed by «ч»/«часов», or by a part of the day."""
    phrase = _time_phrase(tokens)
    if phrase is None:
        return None
    word, prep, said_hours, period = phrase
    if word in ("полдень", "noon") and not said_hours and period is None:
        return time(12, 0)
    clock = _hour_minute(
        word, said_hours=said_hours, bare_hour=prep or said_hours or period is not None
    )
    if clock is None:
        return None
    hour, minute = clock
    if period is not None:
        twelve = _twelve_hour(hour, period)
        if twelve is None:
            return None
        hour = twelve
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _tokens(text: str) -> list[str]:
    text = _DIGIT_LETTER.sub(" ", text.strip().lower().replace("ё", "е"))
    tokens = [token for token in _SEPARATORS.split(text) if token]
    # «дек.», «пт.», «ч.», «г.»: an abbreviation's dot; a number's dot («25.11.») stays
    return [token.rstrip(".") if token[:1].isalpha() else token for token in tokens]


def _splits(tokens: list[str]) -> list[tuple[list[str], list[str]]]:
    """(date tokens, time tokens): the time as the last 1–4 tokens, then as the first 1–4."""
    ends = [(tokens[:-k], tokens[-k:]) for k in range(1, min(4, len(tokens)) + 1)]
    starts = [(tokens[k:], tokens[:k]) for k in range(1, min(4, len(tokens) - 1) + 1)]
    return ends + starts


def _this_year(spec: _DateSpec, today: date) -> date | None:
    try:
        return date(today.year, spec.month, spec.day)
    except ValueError:
        return None


def _next_occurrence(spec: _DateSpec, after: date) -> date | None:
    for year in range(after.year, after.year + 9):  # 29 February comes within 8 years
        try:
            candidate = date(year, spec.month, spec.day)
        except ValueError:
            continue
        if candidate > after:
            return candidate
    return None  # pragma: no cover - a valid day.month always recurs within 8 years


def _weekday_day(spec: _DateSpec, today: date, at: time, now: datetime, zone: ZoneInfo) -> date:
    assert spec.weekday is not None
    if spec.next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=spec.weekday)
    day = today + timedelta(days=(spec.weekday - today.weekday()) % 7)
    # today's weekday with its time gone is the one a week later, as a bare time is tomorrow
    if _utc(_wall(day, at, zone)) <= now:
        day += timedelta(days=7)
    return day


def _resolve(
    spec: _DateSpec, at: time, now: datetime, zone: ZoneInfo, max_ahead: timedelta
) -> datetime | WhenError | None:
    today = now.astimezone(zone).date()
    if spec.relative is not None:
        return _checked(
            _utc(_wall(today + timedelta(days=spec.relative), at, zone)), now, max_ahead
        )
    if spec.weekday is not None:
        return _checked(
            _utc(_wall(_weekday_day(spec, today, at, now, zone), at, zone)), now, max_ahead
        )
    if spec.year is not None:
        return _resolve_dated(spec, spec.year, at, now, zone, max_ahead)
    return _resolve_yearless(spec, at, now, zone, max_ahead)


def _resolve_dated(
    spec: _DateSpec, year: int, at: time, now: datetime, zone: ZoneInfo, max_ahead: timedelta
) -> datetime | WhenError | None:
    """Day, month and year: that very day, or why not."""
    today = now.astimezone(zone).date()
    try:
        day = date(year, spec.month, spec.day)
    except ValueError:
        return None
    # decided on the date alone when it is days away from the limits: year 1 or 9999 in a
    # zone far from UTC would overflow ``datetime`` on the way to UTC
    if day < today - _DAY:
        return WHEN_PAST
    if day > today + max_ahead + _DAY:
        return WHEN_TOO_FAR
    return _checked(_utc(_wall(day, at, zone)), now, max_ahead)


def _resolve_yearless(
    spec: _DateSpec, at: time, now: datetime, zone: ZoneInfo, max_ahead: timedelta
) -> datetime | WhenError | None:
    """Day and month alone: this year's if still ahead, else the nearer of the past one (asked
    back as «did you mean…») and the coming one."""
    today = now.astimezone(zone).date()
    try:
        date(2000, spec.month, spec.day)  # a leap year: rejects only impossible dates
    except ValueError:
        return None
    this_year = _this_year(spec, today)
    if this_year is not None and this_year >= today:
        # today with its time gone is ``when-past``, never next year
        return _checked(_utc(_wall(this_year, at, zone)), now, max_ahead)
    ahead = _next_occurrence(spec, today)
    assert ahead is not None
    suggested = _utc(_wall(ahead, at, zone))
    if this_year is None or ahead - today < today - this_year:
        # «10.01» typed in November is the coming January: nearer ahead than behind
        return _checked(suggested, now, max_ahead)
    checked = _checked(suggested, now, max_ahead)
    if isinstance(checked, WhenError):
        return WHEN_PAST
    return PastDate(WHEN_PAST_DATE, understood=_utc(_wall(this_year, at, zone)), suggested=checked)


def parse_when(
    text: str, tz: str, now: datetime, *, max_ahead: timedelta = DEFAULT_MAX_AHEAD
) -> datetime | WhenError:
    """Read a date and time as a teacher types it, in Russian or English, in the zone ``tz``;
    UTC result. Case, commas, extra spaces and «ё» do not matter.

    Dates: ``25.11``, ``25.11.2026``, ``25.11.26``, ``25/11``, ``25-11``; ``25 ноября``,
    ``1 дек``, ``1 дек. 2026``, ``Dec 1``, ``1st December``; ``сегодня``, ``завтра``,
    ``послезавтра``, ``today``, ``tomorrow``; ``через 2 дня``, ``через неделю``,
    ``in 3 days``, ``in a week``; weekdays ``пятница``/``в пятницу``/``пт``, ``во вторник``,
    ``в следующую пятницу``, ``friday``, ``on fri``, ``next friday``.

    Times: ``15:30``, ``15.30``, ``16-00``, ``в 16``/``at 16`` (a whole hour needs «в»/«at», «ч»/«часов»
    or a part of the day), ``16 ч``, ``в 16 часов``, ``в 4 вечера``, ``в 9 утра``,
    ``в 2 дня``, ``в 11 ночи``, ``at 4pm``, ``4:30 pm``, ``в полдень``. Either order:
    ``15:30 завтра``, ``в 16 в пятницу``.

    * no date: today if that time is still ahead, else tomorrow; a weekday alone likewise:
      today if it is that day and the time is ahead, else the coming one;
    * «в следующую пятницу» / «next friday»: Friday of next calendar week;
    * day.month without a year: this year's if not in the past (today included — so
      ``25.11 10:00`` typed on 25 November at noon is ``when-past``); if it has passed, the
      next one when that is nearer (``10.01`` in November), else :class:`PastDate`
      (``25.11`` typed on 28.11 is asked about, not moved to next year silently);
    * a two-digit year is 20yy;
    * a lone ``15.11`` is a time (15:11): a time is always required, a date never is.

    Returns :class:`WhenError` ``when-unparsed`` (not understood, or no such date/time),
    ``when-past`` (not after ``now``), ``when-too-far`` (more than ``max_ahead`` after
    ``now``), or a :class:`PastDate`.
    """
    _aware(now, "now")
    zone = _zone(tz)
    tokens = _tokens(text)
    for date_tokens, time_tokens in _splits(tokens):
        at = _read_time(time_tokens)
        if at is None:
            continue
        if not date_tokens:
            today = now.astimezone(zone).date()
            result = _utc(_wall(today, at, zone))
            if result <= now:
                result = _utc(_wall(today + _DAY, at, zone))
            return _checked(result, now, max_ahead)
        spec = _read_date(date_tokens)
        if spec is None:
            continue
        resolved = _resolve(spec, at, now, zone, max_ahead)
        if resolved is not None:
            return resolved
    return WHEN_UNPARSED


def _checked(result: datetime, now: datetime, max_ahead: timedelta) -> datetime | WhenError:
    if result <= now:
        return WHEN_PAST
    if result - now > max_ahead:
        return WHEN_TOO_FAR
    return result


def when_example(now: datetime, tz: str) -> str:
    """A typed-date example for hints that is never in the past: tomorrow, «30.11 15:30»."""
    _aware(now, "now")
    tomorrow = now.astimezone(_zone(tz)).date() + _DAY
    return f"{tomorrow:%d.%m} 15:30"


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

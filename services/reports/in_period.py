"""A report's data cut to a period: what happened in it, as it stood at its end.

* a **meeting** counts when it was held in the period; one due in the period and not held by
  its end counts as not held (planned or scheduled); one held before the period is left out;
* a **pair** counts when it was active during the period: started (program start, else the
  curator's confirmation) by its end and not finished or ended before its start; one that
  finished or ended after the period was still active then;
* a **person** counts when they joined (intake questionnaire confirmed) by its end;
* **surveys** count when answered in it (filtered where they are read, ``dataset``).

Days are the scope's local days (the school's, or the office's for a municipal report).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.meetings.digest import STAGE_FINISHED
from services.reports.periods import Period
from services.reports.records import Dataset, MeetingRecord, PairRecord, PairStatus

_OPEN = "planned"


def period_bounds(period: Period, timezone: str) -> tuple[datetime, datetime]:
    """[first moment, the moment after the last day) in UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(period.start, time(), zone)
    end = datetime.combine(period.end + timedelta(days=1), time(), zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def _day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _meeting_in(meeting: MeetingRecord, period: Period, zone: ZoneInfo) -> MeetingRecord | None:
    held = _day(meeting.held_at, zone) if meeting.held_at is not None else None
    if meeting.status == "held" and held is not None:
        if held in period:
            return meeting
        if held > period.end and meeting.due_on in period:
            return meeting._replace(status=_OPEN, held_at=None, duration_minutes=None)
        return None
    return meeting if meeting.due_on in period else None


def _pair_in(pair: PairRecord, period: Period, zone: ZoneInfo) -> bool:
    started = pair.start_on
    if pair.confirmed_at is not None:
        confirmed = _day(pair.confirmed_at, zone)
        started = min(started, confirmed) if started else confirmed
    if started is None or started > period.end:
        return False
    return pair.ended_at is None or _day(pair.ended_at, zone) >= period.start


def _as_of_end(
    pair: PairRecord, meetings: list[MeetingRecord], period: Period, zone: ZoneInfo
) -> PairRecord:
    """A pair that finished or ended after the period was active at its end."""
    if pair.ended_at is None or _day(pair.ended_at, zone) <= period.end:
        return pair
    upcoming = next(
        (
            m.kind
            for m in sorted(meetings, key=lambda m: m.sequence)
            if m.status != "cancelled" and (m.held_at is None or _day(m.held_at, zone) > period.end)
        ),
        STAGE_FINISHED,
    )
    return replace(pair, status=PairStatus.ACTIVE, stage=upcoming, ended_at=None)


def restrict(dataset: Dataset, period: Period) -> Dataset:
    zone = ZoneInfo(dataset.timezone)
    by_pair: dict[int, list[MeetingRecord]] = {}
    for meeting in dataset.meetings:
        by_pair.setdefault(meeting.pairing_id, []).append(meeting)
    pairs = tuple(
        _as_of_end(pair, by_pair.get(pair.pairing_id, []), period, zone)
        for pair in dataset.pairs
        if _pair_in(pair, period, zone)
    )
    kept = {pair.pairing_id for pair in pairs}
    meetings = tuple(
        cut
        for meeting in dataset.meetings
        if meeting.pairing_id in kept and (cut := _meeting_in(meeting, period, zone)) is not None
    )
    people = tuple(p for p in dataset.people if _day(p.joined_at, zone) <= period.end)
    return replace(dataset, pairs=pairs, meetings=meetings, people=people, period=period)

"""What the curator's weekly digest says, from snapshots the caller reads from the database.

:func:`build_digest` decides; the bot only renders. The rules:

* Only **active** pairs count. Meetings of pairs that are inactive or not among ``pairs`` are
  ignored everywhere (an ended pair must not nag the curator).
* A meeting's *moment* is ``scheduled_at`` when it has one, else the local start of its
  ``due_on`` day. "This week" is the organization's local week, Monday 00:00 to Monday 00:00
  (:func:`services.meetings.timing.week_bounds`).
* ``held_this_week`` — held meetings whose moment is in this week.
* ``planned_this_week`` — every meeting whose moment is in this week, whatever became of it
  (held, missed, moved…), except cancelled ones: the digest reads "held N of M".
* ``overdue_meetings`` — ``due_on`` is before today (local) and the meeting is neither held nor
  cancelled (missed and moved ones included: the deadline passed all the same).
* ``overdue_logs`` — not logged, not cancelled, and more than ``overdue_log_after`` has passed
  since the later of the meeting's time and the moment the mentor was asked to log it
  (``log_requested_at``). Meetings without ``scheduled_at`` and without a request are not here
  (an unscheduled meeting shows up as overdue instead). A meeting may be in both lists.
* ``missing_feedback`` — held meetings with ``feedback_received < feedback_expected``.
* ``low_feedback`` — meetings whose lowest usefulness score is ``<= low_feedback_max``.
  The digest does not window these by time: the caller chooses which meetings to pass (e.g. the
  current program year, or the last weeks).
* ``silent_pairs`` — active pairs not yet finished whose last held meeting (or, if none was
  ever held, ``started_on``) is more than ``silent_after`` ago.
* ``is_empty`` — none of the lists above (nor ``unmatched``) has anything: the counts alone do
  not need attention.

Ordering is deterministic: meeting lists by ``(due_on, meeting_id)``, silent pairs by
``(since, pairing_id)``, unmatched people by ``(name, reason, org_id)``; stages in the order of
the meeting sequence, ``finished`` last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from services.meetings.plan import KIND_ORDER, MeetingKind
from services.meetings.timing import week_bounds

STAGE_FINISHED = "finished"
STAGE_ORDER: tuple[str, ...] = (*(kind.value for kind in KIND_ORDER), STAGE_FINISHED)


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    HELD = "held"
    MOVED = "moved"
    MISSED = "missed"
    CANCELLED = "cancelled"


_STATUSES = frozenset(status.value for status in MeetingStatus)


def _aware(value: datetime | None, name: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class PairSnapshot:
    pairing_id: int
    org_id: int
    label: str  # e.g. "Смирнов А. → Иванова А."
    stage: str  # the kind of the next meeting not yet held, or "finished"
    active: bool
    started_on: date  # the start of the pair's program (its plan counts from it)

    def __post_init__(self) -> None:
        if self.stage not in STAGE_ORDER:
            raise ValueError(f"unknown stage {self.stage!r}")


@dataclass(frozen=True)
class MeetingSnapshot:
    meeting_id: int
    pairing_id: int
    kind: MeetingKind
    due_on: date
    scheduled_at: datetime | None  # UTC
    status: str  # a MeetingStatus value
    log_requested_at: datetime | None
    logged: bool
    feedback_expected: int
    feedback_received: int
    min_usefulness: int | None  # 1–5, the lowest score given

    def __post_init__(self) -> None:
        if self.status not in _STATUSES:
            raise ValueError(f"unknown meeting status {self.status!r}")
        _aware(self.scheduled_at, "scheduled_at")
        _aware(self.log_requested_at, "log_requested_at")
        if self.feedback_expected < 0 or self.feedback_received < 0:
            raise ValueError("feedback counts cannot be negative")
        if self.min_usefulness is not None and not 1 <= self.min_usefulness <= 5:
            raise ValueError("min_usefulness is 1–5")


@dataclass(frozen=True)
class UnmatchedSnapshot:
    org_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class DigestSettings:
    overdue_log_after: timedelta = timedelta(hours=48)
    silent_after: timedelta = timedelta(days=30)
    low_feedback_max: int = 2

    def __post_init__(self) -> None:
        if self.overdue_log_after < timedelta(0) or self.silent_after <= timedelta(0):
            raise ValueError("digest intervals must be positive")
        if not 0 <= self.low_feedback_max <= 5:
            raise ValueError("low_feedback_max is 0 (never) … 5")


MeetingItem = tuple[str, MeetingSnapshot]
"""A meeting with its pair's label."""


@dataclass(frozen=True)
class SilentPair:
    pair: PairSnapshot
    since: date  # local date of the last held meeting, or started_on when none was held
    ever_held: bool


@dataclass(frozen=True)
class DigestTotals:
    """The counts of a digest (or the sum of several)."""

    pairs_by_stage: dict[str, int] = field(default_factory=dict)
    held_this_week: int = 0
    planned_this_week: int = 0
    overdue_meetings: int = 0
    overdue_logs: int = 0
    missing_feedback: int = 0
    low_feedback: int = 0
    unmatched: int = 0
    silent_pairs: int = 0

    @property
    def attention(self) -> int:
        """How many items need the curator's attention."""
        return (
            self.overdue_meetings
            + self.overdue_logs
            + self.missing_feedback
            + self.low_feedback
            + self.unmatched
            + self.silent_pairs
        )

    def __add__(self, other: DigestTotals) -> DigestTotals:
        stages = Counter(self.pairs_by_stage)
        stages.update(other.pairs_by_stage)
        return DigestTotals(
            pairs_by_stage=_ordered_stages(stages),
            held_this_week=self.held_this_week + other.held_this_week,
            planned_this_week=self.planned_this_week + other.planned_this_week,
            overdue_meetings=self.overdue_meetings + other.overdue_meetings,
            overdue_logs=self.overdue_logs + other.overdue_logs,
            missing_feedback=self.missing_feedback + other.missing_feedback,
            low_feedback=self.low_feedback + other.low_feedback,
            unmatched=self.unmatched + other.unmatched,
            silent_pairs=self.silent_pairs + other.silent_pairs,
        )


@dataclass(frozen=True)
class Digest:
    week_start: date  # local Monday of the digest's week
    pairs_by_stage: dict[str, int]  # active pairs, stages in sequence order, zeros left out
    held_this_week: int
    planned_this_week: int
    overdue_meetings: list[MeetingItem]
    overdue_logs: list[MeetingItem]
    missing_feedback: list[MeetingItem]
    low_feedback: list[MeetingItem]
    unmatched: list[UnmatchedSnapshot]
    silent_pairs: list[SilentPair]

    @property
    def is_empty(self) -> bool:
        """Nothing needs attention (the weekly counts alone do not)."""
        return self.totals.attention == 0

    @property
    def totals(self) -> DigestTotals:
        return DigestTotals(
            pairs_by_stage=dict(self.pairs_by_stage),
            held_this_week=self.held_this_week,
            planned_this_week=self.planned_this_week,
            overdue_meetings=len(self.overdue_meetings),
            overdue_logs=len(self.overdue_logs),
            missing_feedback=len(self.missing_feedback),
            low_feedback=len(self.low_feedback),
            unmatched=len(self.unmatched),
            silent_pairs=len(self.silent_pairs),
        )


@dataclass(frozen=True)
class MunicipalDigest:
    """A municipal curator's digest: one section per organization (in the given order,
    empty ones included) and the totals over all of them."""

    sections: list[tuple[str, Digest]]
    totals: DigestTotals

    @property
    def is_empty(self) -> bool:
        return all(digest.is_empty for _, digest in self.sections)

    @property
    def needing_attention(self) -> list[tuple[str, Digest]]:
        """The sections that are not empty, in the given order."""
        return [(name, digest) for name, digest in self.sections if not digest.is_empty]


def _ordered_stages(counts: Counter[str]) -> dict[str, int]:
    return {stage: counts[stage] for stage in STAGE_ORDER if counts[stage] > 0}


def _moment(meeting: MeetingSnapshot, zone: ZoneInfo) -> datetime:
    if meeting.scheduled_at is not None:
        return meeting.scheduled_at
    return datetime.combine(meeting.due_on, time(0), tzinfo=zone).astimezone(UTC)


def _by_due(items: Iterable[MeetingItem]) -> list[MeetingItem]:
    return sorted(items, key=lambda item: (item[1].due_on, item[1].meeting_id))


@dataclass
class _Tally:
    """What ``build_digest`` gathers meeting by meeting."""

    held_this_week: int = 0
    planned_this_week: int = 0
    overdue: list[MeetingItem] = field(default_factory=list)
    overdue_logs: list[MeetingItem] = field(default_factory=list)
    missing: list[MeetingItem] = field(default_factory=list)
    low: list[MeetingItem] = field(default_factory=list)
    last_held: dict[int, datetime] = field(default_factory=dict)

    def add(
        self,
        label: str,
        meeting: MeetingSnapshot,
        moment: datetime,
        *,
        week: tuple[datetime, datetime],
        today: date,
        now: datetime,
        settings: DigestSettings,
    ) -> None:
        held = meeting.status == MeetingStatus.HELD
        cancelled = meeting.status == MeetingStatus.CANCELLED
        if week[0] <= moment < week[1] and not cancelled:
            self.planned_this_week += 1
            self.held_this_week += int(held)
        if held:
            self._held(label, meeting, moment)
        if meeting.due_on < today and not held and not cancelled:
            self.overdue.append((label, meeting))
        if not cancelled and _log_overdue(meeting, now, settings):
            self.overdue_logs.append((label, meeting))
        if meeting.min_usefulness is not None and (
            meeting.min_usefulness <= settings.low_feedback_max
        ):
            self.low.append((label, meeting))

    def _held(self, label: str, meeting: MeetingSnapshot, moment: datetime) -> None:
        previous = self.last_held.get(meeting.pairing_id)
        if previous is None or moment > previous:
            self.last_held[meeting.pairing_id] = moment
        if meeting.feedback_received < meeting.feedback_expected:
            self.missing.append((label, meeting))


def _log_overdue(meeting: MeetingSnapshot, now: datetime, settings: DigestSettings) -> bool:
    """Not logged, and too long since the meeting's time or the request to log it."""
    if meeting.logged:
        return False
    asked = [t for t in (meeting.scheduled_at, meeting.log_requested_at) if t is not None]
    return bool(asked) and now - max(asked) > settings.overdue_log_after


def _silent_pairs(
    pairs: Iterable[PairSnapshot],
    last_held: dict[int, datetime],
    *,
    now: datetime,
    zone: ZoneInfo,
    settings: DigestSettings,
) -> list[SilentPair]:
    """Pairs not finished whose last held meeting (or start) is longer ago than allowed."""
    silent: list[SilentPair] = []
    for pair in pairs:
        if pair.stage == STAGE_FINISHED:
            continue
        held_at = last_held.get(pair.pairing_id)
        since = (
            datetime.combine(pair.started_on, time(0), tzinfo=zone).astimezone(UTC)
            if held_at is None
            else held_at
        )
        if since < now - settings.silent_after:
            silent.append(SilentPair(pair, since.astimezone(zone).date(), held_at is not None))
    silent.sort(key=lambda item: (item.since, item.pair.pairing_id))
    return silent


def build_digest(
    pairs: Sequence[PairSnapshot],
    meetings: Sequence[MeetingSnapshot],
    unmatched: Sequence[UnmatchedSnapshot],
    *,
    now: datetime,
    tz: str,
    settings: DigestSettings = DigestSettings(),
) -> Digest:
    """The digest of one organization at ``now`` (aware), in its zone ``tz``."""
    _aware(now, "now")
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    week_from, week_to = week_bounds(now, tz)
    active = {pair.pairing_id: pair for pair in pairs if pair.active}
    own = [meeting for meeting in meetings if meeting.pairing_id in active]

    tally = _Tally()
    for meeting in own:
        tally.add(
            active[meeting.pairing_id].label,
            meeting,
            _moment(meeting, zone),
            week=(week_from, week_to),
            today=today,
            now=now,
            settings=settings,
        )
    silent = _silent_pairs(active.values(), tally.last_held, now=now, zone=zone, settings=settings)

    return Digest(
        week_start=week_from.astimezone(zone).date(),
        pairs_by_stage=_ordered_stages(Counter(pair.stage for pair in active.values())),
        held_this_week=tally.held_this_week,
        planned_this_week=tally.planned_this_week,
        overdue_meetings=_by_due(tally.overdue),
        overdue_logs=_by_due(tally.overdue_logs),
        missing_feedback=_by_due(tally.missing),
        low_feedback=_by_due(tally.low),
        unmatched=sorted(
            unmatched, key=lambda person: (person.name.casefold(), person.reason, person.org_id)
        ),
        silent_pairs=silent,
    )


def merge(digests: Sequence[tuple[str, Digest]]) -> MunicipalDigest:
    """A municipal digest from ``(organization name, digest)`` sections."""
    totals = DigestTotals()
    for _, digest in digests:
        totals = totals + digest.totals
    return MunicipalDigest(sections=list(digests), totals=totals)

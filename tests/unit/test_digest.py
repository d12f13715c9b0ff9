"""The curator's weekly digest and the municipal one, from snapshots."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.meetings.digest import (
    STAGE_ORDER,
    Digest,
    DigestSettings,
    DigestTotals,
    MeetingSnapshot,
    MeetingStatus,
    PairSnapshot,
    SilentPair,
    UnmatchedSnapshot,
    build_digest,
    merge,
)
from services.meetings.plan import MeetingKind

MSK = "Europe/Moscow"
# Thursday 19 November 2026, 12:00 in Moscow; the week is Monday 16 … Sunday 22 November
NOW = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def pair(
    pairing_id: int,
    stage: str = "regular",
    *,
    active: bool = True,
    started_on: date = date(2026, 9, 1),
    org_id: int = 1,
) -> PairSnapshot:
    return PairSnapshot(
        pairing_id=pairing_id,
        org_id=org_id,
        label=f"Наставник {pairing_id} → Наставляемый {pairing_id}",
        stage=stage,
        active=active,
        started_on=started_on,
    )


def meeting(meeting_id: int, pairing_id: int = 1, **changes: Any) -> MeetingSnapshot:
    base = MeetingSnapshot(
        meeting_id=meeting_id,
        pairing_id=pairing_id,
        kind=MeetingKind.REGULAR,
        due_on=date(2026, 11, 30),
        scheduled_at=None,
        status="planned",
        log_requested_at=None,
        logged=False,
        feedback_expected=0,
        feedback_received=0,
        min_usefulness=None,
    )
    return replace(base, **changes)


def digest(
    meetings: list[MeetingSnapshot],
    pairs: list[PairSnapshot] | None = None,
    unmatched: list[UnmatchedSnapshot] | None = None,
    settings: DigestSettings | None = None,
    now: datetime = NOW,
) -> Digest:
    return build_digest(
        pairs if pairs is not None else [pair(1), pair(2, active=False)],
        meetings,
        unmatched or [],
        now=now,
        tz=MSK,
        settings=settings or DigestSettings(),
    )


def ids(items: list[tuple[str, MeetingSnapshot]]) -> list[int]:
    return [m.meeting_id for _, m in items]


# --- counts ----------------------------------------------------------------------------------


def test_empty_organization() -> None:
    result = build_digest([], [], [], now=NOW, tz=MSK)
    assert result.week_start == date(2026, 11, 16)
    assert result.pairs_by_stage == {}
    assert (result.held_this_week, result.planned_this_week) == (0, 0)
    assert result.is_empty
    assert result.totals == DigestTotals()


def test_pairs_by_stage_counts_active_pairs_in_sequence_order() -> None:
    pairs = [
        pair(1, "finished"),
        pair(2, "regular"),
        pair(3, "organizational"),
        pair(4, "regular"),
        pair(5, "trial", active=False),
    ]
    result = build_digest(pairs, [], [], now=NOW, tz=MSK)
    assert result.pairs_by_stage == {"organizational": 1, "regular": 2, "finished": 1}
    assert list(result.pairs_by_stage) == ["organizational", "regular", "finished"]
    assert STAGE_ORDER[-1] == "finished"


def test_week_counts() -> None:
    meetings = [
        meeting(1, status="held", scheduled_at=utc(11, 17, 12), logged=True),
        meeting(2, status="scheduled", scheduled_at=utc(11, 20, 12)),
        meeting(3, status="planned", due_on=date(2026, 11, 22)),  # Sunday, no date set
        meeting(4, status="cancelled", scheduled_at=utc(11, 18, 12)),
        # Sunday 15 November 23:59 in Moscow: last week
        meeting(5, status="held", scheduled_at=utc(11, 15, 20, 59), logged=True),
        # Monday 23 November 00:00 in Moscow: next week
        meeting(6, status="scheduled", scheduled_at=utc(11, 22, 21, 0)),
        meeting(7, status="missed", scheduled_at=utc(11, 18, 12), logged=True),
        meeting(8, pairing_id=2, status="held", scheduled_at=utc(11, 17, 12)),  # inactive pair
        meeting(9, status="held", due_on=date(2026, 11, 16), logged=True),  # no time: the due day
        meeting(10, status="scheduled", scheduled_at=utc(11, 15, 21, 0)),  # Monday 00:00 local
        meeting(11, pairing_id=99, status="held", scheduled_at=utc(11, 17, 12)),  # unknown pair
    ]
    result = digest(meetings)
    assert result.held_this_week == 2  # 1, 9
    assert result.planned_this_week == 6  # 1, 2, 3, 7, 9, 10


# --- lists -----------------------------------------------------------------------------------


def test_overdue_meetings() -> None:
    meetings = [
        meeting(10, due_on=date(2026, 11, 18)),
        meeting(2, due_on=date(2026, 11, 18), status="scheduled", scheduled_at=utc(11, 25, 12)),
        meeting(3, due_on=date(2026, 11, 12), status="missed", logged=True),
        meeting(7, due_on=date(2026, 11, 5), status="moved", scheduled_at=utc(11, 23, 9)),
        meeting(4, due_on=date(2026, 11, 19)),  # due today: not yet
        meeting(5, due_on=date(2026, 11, 10), status="held", logged=True),
        meeting(6, due_on=date(2026, 11, 1), status="cancelled"),
        meeting(8, pairing_id=2, due_on=date(2026, 11, 1)),  # inactive pair
    ]
    result = digest(meetings)
    assert ids(result.overdue_meetings) == [7, 3, 2, 10]
    assert {label for label, _ in result.overdue_meetings} == {"Наставник 1 → Наставляемый 1"}
    assert not result.is_empty


def test_overdue_meetings_use_the_local_date() -> None:
    # 20:59 UTC on the 19th is still the 19th in Moscow; 21:00 UTC is already the 20th
    due_19 = [meeting(1, due_on=date(2026, 11, 19))]
    assert digest(due_19, now=utc(11, 19, 20, 59)).overdue_meetings == []
    assert ids(digest(due_19, now=utc(11, 19, 21, 0)).overdue_meetings) == [1]


def test_overdue_logs() -> None:
    meetings = [
        # 48 h and one minute ago
        meeting(1, status="scheduled", scheduled_at=utc(11, 17, 8, 59), due_on=date(2026, 11, 20)),
        # exactly 48 h ago: not yet
        meeting(2, status="scheduled", scheduled_at=utc(11, 17, 9, 0), due_on=date(2026, 11, 20)),
        meeting(3, status="held", scheduled_at=utc(11, 10), logged=True),
        meeting(4, status="cancelled", scheduled_at=utc(11, 10)),
        # asked again yesterday (e.g. after a move): counts from the request
        meeting(5, status="scheduled", scheduled_at=utc(11, 10), log_requested_at=utc(11, 18)),
        # no time, but asked four days ago
        meeting(6, log_requested_at=utc(11, 15), due_on=date(2026, 11, 21)),
        # no time, never asked: not a missing log
        meeting(7, due_on=date(2026, 11, 1)),
        meeting(8, status="held", scheduled_at=utc(11, 1), due_on=date(2026, 11, 2)),
    ]
    result = digest(meetings)
    assert ids(result.overdue_logs) == [8, 1, 6]
    week = DigestSettings(overdue_log_after=timedelta(days=7))
    assert ids(digest(meetings, settings=week).overdue_logs) == [8]


def test_missing_and_low_feedback() -> None:
    meetings = [
        meeting(1, status="held", logged=True, feedback_expected=2, feedback_received=1),
        meeting(2, status="held", logged=True, feedback_expected=2, feedback_received=2),
        meeting(3, status="scheduled", feedback_expected=2, feedback_received=0),
        meeting(4, status="held", logged=True, feedback_expected=0, feedback_received=0),
        meeting(5, status="held", logged=True, min_usefulness=1, due_on=date(2026, 11, 29)),
        meeting(6, status="held", logged=True, min_usefulness=2, due_on=date(2026, 11, 28)),
        meeting(7, status="held", logged=True, min_usefulness=3),
        meeting(8, status="held", logged=True, min_usefulness=None),
    ]
    result = digest(meetings)
    assert ids(result.missing_feedback) == [1]
    assert ids(result.low_feedback) == [6, 5]
    assert ids(digest(meetings, settings=DigestSettings(low_feedback_max=3)).low_feedback) == [
        6,
        5,
        7,
    ]
    assert digest(meetings, settings=DigestSettings(low_feedback_max=0)).low_feedback == []


def test_unmatched_sorted_by_name() -> None:
    people = [
        UnmatchedSnapshot(1, "петров П.", "no-mentor-for-subject"),
        UnmatchedSnapshot(1, "Андреев А.", "no-free-places"),
        UnmatchedSnapshot(1, "борисов Б.", "pair-did-not-work-out"),
    ]
    result = digest([], unmatched=people)
    assert [p.name for p in result.unmatched] == ["Андреев А.", "борисов Б.", "петров П."]
    assert not result.is_empty


def test_silent_pairs() -> None:
    pairs = [
        pair(1),  # last held 30 days and an hour ago
        pair(2),  # last held 29 days 23 hours ago
        pair(3, "organizational", started_on=date(2026, 10, 19)),  # nothing held since 19 Oct
        pair(4, "organizational", started_on=date(2026, 10, 21)),
        pair(5, "finished"),
        pair(6, active=False, started_on=date(2026, 1, 1)),
        pair(7),  # the old meeting counts, not the cancelled one
    ]
    meetings = [
        meeting(2, 1, status="held", scheduled_at=utc(10, 1, 8), logged=True),
        meeting(1, 1, status="held", scheduled_at=utc(10, 20, 8), logged=True),
        meeting(9, 1, status="held", scheduled_at=utc(9, 20, 8), logged=True),
        meeting(3, 2, status="held", scheduled_at=utc(10, 20, 10), logged=True),
        meeting(4, 5, status="held", scheduled_at=utc(9, 1, 10), logged=True),
        meeting(5, 7, status="held", scheduled_at=utc(9, 15, 10), logged=True),
        meeting(6, 7, status="cancelled", scheduled_at=utc(11, 10, 10)),
    ]
    result = digest(meetings, pairs=pairs)
    assert [(s.pair.pairing_id, s.since, s.ever_held) for s in result.silent_pairs] == [
        (7, date(2026, 9, 15), True),
        (3, date(2026, 10, 19), False),
        (1, date(2026, 10, 20), True),
    ]
    assert isinstance(result.silent_pairs[0], SilentPair)
    assert result.silent_pairs[0].pair.label == "Наставник 7 → Наставляемый 7"
    longer = DigestSettings(silent_after=timedelta(days=70))  # since 10 September
    assert digest(meetings, pairs=pairs, settings=longer).silent_pairs == []


def test_only_counts_do_not_need_attention() -> None:
    meetings = [meeting(1, status="held", scheduled_at=utc(11, 17, 12), logged=True)]
    result = digest(meetings, pairs=[pair(1, started_on=date(2026, 11, 1))])
    assert result.held_this_week == 1
    assert result.is_empty


@pytest.mark.parametrize(
    "attention",
    [
        meeting(1, due_on=date(2026, 11, 18)),
        meeting(1, status="scheduled", scheduled_at=utc(11, 16), due_on=date(2026, 11, 26)),
        meeting(1, status="held", logged=True, feedback_expected=1, scheduled_at=utc(11, 18)),
        meeting(1, status="held", logged=True, min_usefulness=2, scheduled_at=utc(11, 18)),
    ],
)
def test_each_kind_of_trouble_makes_the_digest_non_empty(attention: MeetingSnapshot) -> None:
    result = digest([attention], pairs=[pair(1, started_on=date(2026, 11, 1))])
    assert not result.is_empty
    assert result.totals.attention == 1


def test_ordering_does_not_depend_on_input_order() -> None:
    meetings = [
        meeting(i, due_on=date(2026, 11, 1) + timedelta(days=i % 5), min_usefulness=1 + i % 5)
        for i in range(1, 30)
    ]
    people = [UnmatchedSnapshot(1, f"Человек {i % 7}", f"r{i}") for i in range(10)]
    pairs = [pair(1), pair(2, "trial", started_on=date(2026, 1, 1))]
    expected = digest(meetings, pairs=pairs, unmatched=people)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(meetings)
        rng.shuffle(people)
        rng.shuffle(pairs)
        assert digest(meetings, pairs=pairs, unmatched=people) == expected
    due = [(m.due_on, m.meeting_id) for _, m in expected.overdue_meetings]
    assert due == sorted(due)
    assert len(due) == 29


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "done"},
        {"scheduled_at": datetime(2026, 11, 19, 10, 0)},
        {"log_requested_at": datetime(2026, 11, 19, 10, 0)},
        {"min_usefulness": 6},
        {"min_usefulness": 0},
        {"feedback_received": -1},
    ],
)
def test_meeting_snapshot_validation(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"."):
        meeting(1, **changes)


def test_other_validation() -> None:
    with pytest.raises(ValueError, match="stage"):
        pair(1, "someday")
    with pytest.raises(ValueError, match="low_feedback_max"):
        DigestSettings(low_feedback_max=6)
    with pytest.raises(ValueError, match="positive"):
        DigestSettings(silent_after=timedelta(0))
    with pytest.raises(ValueError, match="aware"):
        build_digest([], [], [], now=datetime(2026, 11, 19), tz=MSK)
    assert str(MeetingStatus.HELD) == "held"
    assert meeting(1, status=MeetingStatus.MISSED).status == "missed"


# --- municipal -------------------------------------------------------------------------------


def test_merge() -> None:
    school_a = digest(
        [
            meeting(1, status="held", scheduled_at=utc(11, 17, 12), logged=True),
            meeting(2, status="scheduled", scheduled_at=utc(11, 20, 12)),
            meeting(3, pairing_id=3, due_on=date(2026, 11, 18)),
        ],
        pairs=[pair(1, started_on=date(2026, 11, 1)), pair(3, started_on=date(2026, 11, 1))],
        unmatched=[UnmatchedSnapshot(1, "Петров П.", "no-free-places")],
    )
    school_b = digest(
        [meeting(4, pairing_id=5, status="scheduled", scheduled_at=utc(11, 21, 12))],
        pairs=[
            pair(5, "organizational", started_on=date(2026, 11, 10), org_id=2),
            pair(6, started_on=date(2026, 11, 10), org_id=2),
        ],
    )
    assert not school_a.is_empty
    assert school_b.is_empty
    result = merge([("СОШ № 5", school_a), ("СОШ № 6", school_b)])
    assert [name for name, _ in result.sections] == ["СОШ № 5", "СОШ № 6"]
    assert result.needing_attention == [("СОШ № 5", school_a)]
    assert not result.is_empty
    totals = result.totals
    assert totals.pairs_by_stage == {"organizational": 1, "regular": 3}
    assert list(totals.pairs_by_stage) == ["organizational", "regular"]
    assert (totals.held_this_week, totals.planned_this_week) == (1, 4)  # 1, 2, 3 and 4
    assert (totals.overdue_meetings, totals.unmatched, totals.attention) == (1, 1, 2)
    assert (totals.overdue_logs, totals.missing_feedback, totals.low_feedback) == (0, 0, 0)
    assert totals.silent_pairs == 0


def test_merge_of_quiet_schools_and_of_none() -> None:
    quiet = build_digest([pair(1, started_on=date(2026, 11, 1))], [], [], now=NOW, tz=MSK)
    result = merge([("A", quiet), ("B", quiet)])
    assert result.is_empty
    assert result.needing_attention == []
    assert result.totals.pairs_by_stage == {"regular": 2}
    empty = merge([])
    assert empty.is_empty
    assert empty.totals == DigestTotals()

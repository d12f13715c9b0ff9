"""Who to reward at the end of the year: candidates for «Наставник года» and «Лучшая пара».

The bot proposes, the curator decides (seed 003: «Приказ о поощрении участников наставнической
деятельности», the school contest «Наставник года», «Лучшая пара»). The proposal rests only on
what the bot itself holds: meetings held against the meetings planned (a pair's plan of the
personalized program), finished programs, and the «goals reached» score (1–10) of the mentor's
own report. The satisfaction surveys are anonymous by design, so they cannot rank a person.

Somebody who held no meeting is not proposed; the order is held share, then meetings held,
then the goals score, then the name, so equal records keep a stable order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.reports.records import Dataset, PairStatus

__all__ = [
    "Meetings",
    "MentorCandidate",
    "PairCandidate",
    "goals_by_mentor",
    "rank_mentors",
    "rank_pairs",
]

GOALS_QUESTION = "goals_achieved"  # locales/forms/mentor_report.yaml, a 1–10 scale


@dataclass(frozen=True)
class Meetings:
    planned: int  # not cancelled
    held: int

    @property
    def share(self) -> float:
        return self.held / self.planned if self.planned else 0.0


@dataclass(frozen=True)
class MentorCandidate:
    membership_id: int
    name: str
    position: str | None  # catalogue option id
    pairs: int
    finished: int  # pairs that went through the whole program
    meetings: Meetings
    goals: float | None  # the mentor report's «goals reached», 1–10


@dataclass(frozen=True)
class PairCandidate:
    pairing_id: int
    mentor_id: int
    mentor_name: str
    mentee_names: tuple[str, ...]
    finished: bool
    meetings: Meetings
    goals: float | None


def goals_by_mentor(answers: Mapping[int, Mapping[str, Any]]) -> dict[int, float]:
    """The «goals reached» score of each mentor's report (answers by membership)."""
    result = {}
    for membership_id, given in answers.items():
        value = given.get(GOALS_QUESTION)
        if isinstance(value, int | float) and not isinstance(value, bool):
            result[membership_id] = float(value)
    return result


def _meetings_by_pair(dataset: Dataset) -> dict[int, Meetings]:
    planned: defaultdict[int, int] = defaultdict(int)
    held: defaultdict[int, int] = defaultdict(int)
    for meeting in dataset.meetings:
        if meeting.status == "cancelled":
            continue
        planned[meeting.pairing_id] += 1
        if meeting.status == "held":
            held[meeting.pairing_id] += 1
    return {pid: Meetings(planned[pid], held[pid]) for pid in planned}


def rank_mentors(dataset: Dataset, goals: Mapping[int, float]) -> list[MentorCandidate]:
    """Named mentors with at least one meeting held, best first. ``goals`` is by membership."""
    by_pair = _meetings_by_pair(dataset)
    result = []
    for mentor in dataset.mentors:
        if mentor.user_id is None or not mentor.name:
            continue
        pairs = [p for p in dataset.pairs if p.mentor_id == mentor.membership_id]
        counts = [by_pair.get(p.pairing_id, Meetings(0, 0)) for p in pairs]
        meetings = Meetings(sum(c.planned for c in counts), sum(c.held for c in counts))
        if meetings.held == 0:
            continue
        result.append(
            MentorCandidate(
                membership_id=mentor.membership_id,
                name=mentor.name,
                position=mentor.position,
                pairs=len(pairs),
                finished=sum(p.status is PairStatus.FINISHED for p in pairs),
                meetings=meetings,
                goals=goals.get(mentor.membership_id),
            )
        )
    result.sort(
        key=lambda c: (-c.meetings.share, -c.meetings.held, -c.finished, -(c.goals or 0), c.name)
    )
    return result


def rank_pairs(dataset: Dataset, goals: Mapping[int, float]) -> list[PairCandidate]:
    """Pairs and groups whose every member is still named, with a meeting held, best first."""
    names = {p.membership_id: p.name for p in dataset.people if p.user_id is not None and p.name}
    by_pair = _meetings_by_pair(dataset)
    result = []
    for pair in dataset.pairs:
        if pair.status is PairStatus.ENDED:
            continue
        meetings = by_pair.get(pair.pairing_id, Meetings(0, 0))
        members = (pair.mentor_id, *pair.mentee_ids)
        if meetings.held == 0 or any(m not in names for m in members):
            continue
        result.append(
            PairCandidate(
                pairing_id=pair.pairing_id,
                mentor_id=pair.mentor_id,
                mentor_name=names[pair.mentor_id],
                mentee_names=tuple(names[m] for m in pair.mentee_ids),
                finished=pair.status is PairStatus.FINISHED,
                meetings=meetings,
                goals=goals.get(pair.mentor_id),
            )
        )
    result.sort(
        key=lambda c: (
            -c.meetings.share,
            -c.meetings.held,
            not c.finished,
            -(c.goals or 0),
            c.mentor_name,
        )
    )
    return result

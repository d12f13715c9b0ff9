"""Result types of the matching engine: proposed pairs and why the rest stayed unmatched."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.matching.scoring import PairScore


class UnmatchedReason(StrEnum):
    """Why a mentee got no mentor; checked in this order, the first that holds wins.

    Only mentors in the pool passed to the engine are considered. "Eligible" means the hard
    rules except capacity: not excluded by the mentee, of a form the organization runs, and
    same organization (or the municipal bank is allowed and the mentor is open to it).
    """

    # no mentor of a form the organization runs: e.g. a pupil while only teacher forms are
    # enabled, or only peer mentors of the same class (curator's action: enable a form or
    # invite mentors of an enabled one)
    NO_FORM_MENTOR = "no_form_mentor"
    # no eligible mentor at all: every mentor is excluded or in another organization
    NO_ELIGIBLE_MENTOR = "no_eligible_mentor"
    # the mentee named subjects, eligible mentors exist, but none of them shares a subject
    # (curator's action: recruit a mentor for the subject, not just add places)
    NO_SUBJECT_MATCH = "no_subject_match"
    # eligible mentors exist (one shares a subject, if the mentee named any) but every one
    # scores below the requested ``min_score``
    BELOW_MIN_SCORE = "below_min_score"
    # suitable mentors exist, but all their free places are taken (in this proposal or before)
    NO_CAPACITY = "no_capacity"


@dataclass(frozen=True, slots=True)
class ProposedPair:
    mentee_id: int
    mentor_id: int
    score: PairScore


@dataclass(frozen=True, slots=True)
class Unmatched:
    mentee_id: int
    reason: UnmatchedReason


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed assignment for curators to review; pairs and unmatched sorted by mentee id."""

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...]
    total_score: float

    def mentees_of(self, mentor_id: int) -> tuple[int, ...]:
        return tuple(p.mentee_id for p in self.pairs if p.mentor_id == mentor_id)

    def mentor_of(self, mentee_id: int) -> int | None:
        return next((p.mentor_id for p in self.pairs if p.mentee_id == mentee_id), None)

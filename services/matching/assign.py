"""Assign mentees to mentors for the whole pool at once, respecting mentors' capacities.

Greedy assignment ("each mentee takes their best mentor") lets early mentees grab mentors that
later ones need far more; curators then see poor pairs they cannot explain. :func:`propose`
solves the assignment problem exactly instead (Hungarian method via
``scipy.optimize.linear_sum_assignment``) on a capacity-expanded matrix: a mentor with ``c``
free places becomes ``c`` identical columns ("slots"), capped at the number of mentees who
may take that mentor.

Objective, in order (``maximize_matches=True``, the default):

1. match as many mentees as possible — the target model wants every mentee covered, and a
   higher score for some pairs must not leave someone without a mentor who could have one;
2. among those assignments, maximize the sum of pair scores.

This is encoded by adding a constant ``M = k · max_score + 1`` (``k`` = most pairs possible) to
every allowed pair, so one more pair always outweighs any score difference. With
``maximize_matches=False`` only the total score counts; as every allowed pair scores at
least ``weights.base`` (> 0 unless configured otherwise), a mentee is still never left out
while a suitable mentor has room — but may lose their only mentor to a better-scoring pair.

Forbidden pairs (hard rules, ``min_score``) get cost 0 — the same as "unmatched" — and are
dropped from the solver's answer, so one is never proposed even when the solver uses it to
fill a row. Since no allowed gain is negative, dropping them loses nothing.

Determinism: inputs are sorted by id and the solver is deterministic for a given matrix, so
the same pool in any order gives the same proposal. Among equal-score optima the choice is
the solver's, but stable.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from models.pairing import MentoringForm
from models.person import Audience

# scipy ships no type hints; tolerate scipy-stubs being installed later
from services.matching.matrix import BoolMatrix, FloatMatrix, ScoreMatrix, score_matrix
from services.matching.profiles import MenteeProfile, MentorProfile
from services.matching.proposal import Proposal, ProposedPair, Unmatched, UnmatchedReason
from services.matching.scoring import PairScore, score_pair
from services.matching.weights import MatchWeights
from services.pairing.forms import DEFAULT_ENABLED_FORMS

# Scores are sums of fractions; compare with min_score with a tolerance so a pair scoring
# exactly the threshold is not lost to rounding.
SCORE_TOLERANCE = 1e-9

_P = TypeVar("_P", MenteeProfile, MentorProfile)
Assignment = list[tuple[int, int]]  # (mentee row, mentor column)


def _sorted_unique(profiles: Iterable[_P], what: str) -> list[_P]:
    result = sorted(profiles, key=lambda p: p.id)
    for a, b in itertools.pairwise(result):
        if a.id == b.id:
            raise ValueError(f"duplicate {what} id {a.id}")
    return result


def _acceptable(sm: ScoreMatrix, min_score: float) -> BoolMatrix:
    return sm.allowed & (sm.scores >= min_score - SCORE_TOLERANCE)


def optimal_assignment(
    scores: FloatMatrix,
    acceptable: BoolMatrix,
    capacities: NDArray[np.int64],
    *,
    maximize_matches: bool = True,
) -> Assignment:
    """Optimal (row, column) pairs; see the module docstring for the objective."""
    slots = np.minimum(capacities, acceptable.sum(axis=0))
    slot_mentor = np.repeat(np.arange(scores.shape[1]), slots)
    if slot_mentor.size == 0 or scores.shape[0] == 0:
        return []
    ok = acceptable[:, slot_mentor]
    gain = scores[:, slot_mentor]
    if maximize_matches:
        most_pairs = min(scores.shape[0], slot_mentor.size)
        gain = gain + (most_pairs * float(scores[acceptable].max()) + 1.0)
    # SciPy is imported on first use: it adds ~45 MB to every instance's resident memory
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped, unused-ignore]

    rows, cols = linear_sum_assignment(np.where(ok, -gain, 0.0))
    keep = ok[rows, cols]
    return sorted(
        (int(i), int(slot_mentor[c])) for i, c in zip(rows[keep], cols[keep], strict=True)
    )


def greedy_assignment(
    scores: FloatMatrix, acceptable: BoolMatrix, capacities: NDArray[np.int64]
) -> Assignment:
    """Baseline: row by row, take the best column with room left (lowest column on ties)."""
    room = capacities.copy()
    result: Assignment = []
    for i in range(scores.shape[0]):
        open_ = acceptable[i] & (room > 0)
        if open_.any():
            j = int(np.argmax(np.where(open_, scores[i], -np.inf)))
            room[j] -= 1
            result.append((i, j))
    return result


def _unmatched_reason(
    sm: ScoreMatrix, row: int, *, has_subjects: bool, is_pupil: bool, min_score: float
) -> UnmatchedReason:
    """Classify an unmatched mentee (definitions in :class:`UnmatchedReason`).

    NO_CAPACITY is exact for both optimal and greedy proposals: a mentee is only left out
    when every acceptable mentor is full, otherwise adding the pair would improve the result.
    """
    eligible = sm.eligible[row]  # includes mentors with no room, scored as if they had one
    if not eligible.any():
        reachable = sm.org_ok[row]
        if not (reachable & sm.form_ok[row]).any() and (is_pupil or reachable.any()):
            return UnmatchedReason.NO_FORM_MENTOR
        return UnmatchedReason.NO_ELIGIBLE_MENTOR
    if has_subjects and not (eligible & sm.shares_subject[row]).any():
        return UnmatchedReason.NO_SUBJECT_MATCH
    if not (eligible & (sm.scores[row] >= min_score - SCORE_TOLERANCE)).any():
        return UnmatchedReason.BELOW_MIN_SCORE
    return UnmatchedReason.NO_CAPACITY


def _build(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    sm: ScoreMatrix,
    assignment: Assignment,
    weights: MatchWeights,
    *,
    allow_other_orgs: bool,
    min_score: float,
    enabled: frozenset[MentoringForm],
) -> Proposal:
    pairs: list[ProposedPair] = []
    for i, j in assignment:
        # the reference scorer provides the explanation (and the exact same total)
        score = score_pair(
            mentees[i], mentors[j], weights, allow_other_orgs=allow_other_orgs, enabled=enabled
        )
        if score is None:  # pragma: no cover - the matrix and score_pair disagree
            raise AssertionError(f"forbidden pair {mentees[i].id}-{mentors[j].id} assigned")
        pairs.append(ProposedPair(mentees[i].id, mentors[j].id, score))
    matched = {i for i, _ in assignment}
    unmatched = tuple(
        Unmatched(
            mentees[i].id,
            _unmatched_reason(
                sm,
                i,
                has_subjects=bool(mentees[i].subjects),
                is_pupil=mentees[i].side.audience is Audience.PUPIL,
                min_score=min_score,
            ),
        )
        for i in range(len(mentees))
        if i not in matched
    )
    return Proposal(
        pairs=tuple(pairs),
        unmatched=unmatched,
        total_score=sum(p.score.total for p in pairs),
    )


def _prepare(
    mentees: Iterable[MenteeProfile],
    mentors: Iterable[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool,
    min_score: float,
    enabled: frozenset[MentoringForm],
) -> tuple[list[MenteeProfile], list[MentorProfile], ScoreMatrix, BoolMatrix]:
    ee = _sorted_unique(mentees, "mentee")
    rr = _sorted_unique(mentors, "mentor")
    sm = score_matrix(ee, rr, weights, allow_other_orgs=allow_other_orgs, enabled=enabled)
    return ee, rr, sm, _acceptable(sm, min_score)


def propose(
    mentees: Iterable[MenteeProfile],
    mentors: Iterable[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    min_score: float = 0.0,
    maximize_matches: bool = True,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> Proposal:
    """Optimal proposal for all given (unmatched) mentees; see the module docstring.

    ``allow_other_orgs`` enables the municipal bank: mentors of other organizations who are
    ``open_to_other_orgs``. Pairs scoring below ``min_score`` are never proposed, nor pairs
    of a form outside ``enabled`` (the mentees' organization's forms).
    """
    ee, rr, sm, ok = _prepare(
        mentees,
        mentors,
        weights,
        allow_other_orgs=allow_other_orgs,
        min_score=min_score,
        enabled=enabled,
    )
    assignment = optimal_assignment(sm.scores, ok, sm.capacities, maximize_matches=maximize_matches)
    return _build(
        ee,
        rr,
        sm,
        assignment,
        weights,
        allow_other_orgs=allow_other_orgs,
        min_score=min_score,
        enabled=enabled,
    )


def greedy_propose(
    mentees: Iterable[MenteeProfile],
    mentors: Iterable[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    min_score: float = 0.0,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> Proposal:
    """Greedy baseline for benchmarks: mentees in id order each take their best mentor with
    room (lowest mentor id on ties). Not optimal; kept to show what the optimiser buys."""
    ee, rr, sm, ok = _prepare(
        mentees,
        mentors,
        weights,
        allow_other_orgs=allow_other_orgs,
        min_score=min_score,
        enabled=enabled,
    )
    assignment = greedy_assignment(sm.scores, ok, sm.capacities)
    return _build(
        ee,
        rr,
        sm,
        assignment,
        weights,
        allow_other_orgs=allow_other_orgs,
        min_score=min_score,
        enabled=enabled,
    )


def candidates(
    mentee: MenteeProfile,
    mentors: Iterable[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    exclude: Iterable[int] = (),
    limit: int = 5,
    min_score: float = 0.0,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> list[tuple[int, PairScore]]:
    """Best alternative mentors for one mentee ("swap a mentor"): ``(mentor_id, score)``,
    best first, ties by mentor id. Mentors in ``exclude`` (e.g. the current one), mentors
    without free places and mentors of a form outside ``enabled`` are left out."""
    skip = set(exclude)
    scored: list[tuple[int, PairScore]] = []
    for mentor in _sorted_unique(mentors, "mentor"):
        if mentor.id in skip:
            continue
        score = score_pair(
            mentee, mentor, weights, allow_other_orgs=allow_other_orgs, enabled=enabled
        )
        if score is not None and score.total >= min_score - SCORE_TOLERANCE:
            scored.append((mentor.id, score))
    scored.sort(key=lambda item: (-item[1].total, item[0]))
    return scored[: max(limit, 0)]

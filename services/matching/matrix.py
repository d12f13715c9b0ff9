"""Vectorized pool scoring: :func:`services.matching.scoring.score_pair` for every pair at once.

Calling ``score_pair`` 300,000 times (1,000 mentees × 300 mentors) costs seconds in pure
Python; here catalogue sets become 0/1 incidence matrices, so "how many of the mentee's
difficulties does the mentor cover" is one matrix product. Components are added in the same
order as in ``score_pair``, so the totals are bit-for-bit equal (a test enforces it); the
readable function stays the reference and the source of the per-pair explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.pairing import MentoringForm
from services.matching.profiles import FORMAT_MIXED, MenteeProfile, MentorProfile
from services.matching.weights import MatchWeights
from services.pairing.forms import DEFAULT_ENABLED_FORMS, Side, allowed_form

FloatMatrix = NDArray[np.float64]
BoolMatrix = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class ScoreMatrix:
    """Scores of all pairs; row ``i`` is ``mentees[i]``, column ``j`` is ``mentors[j]``.

    ``scores`` is only meaningful where ``allowed`` holds. ``eligible`` is the hard rules
    without capacity (exclusions, organizations, enabled forms); ``allowed = eligible &
    capacity > 0`` is exactly where ``score_pair`` is not None. ``shares_subject``,
    ``org_ok`` and ``form_ok`` explain unmatched mentees.
    """

    scores: FloatMatrix
    eligible: BoolMatrix
    allowed: BoolMatrix
    shares_subject: BoolMatrix
    capacities: NDArray[np.int64]
    org_ok: BoolMatrix
    form_ok: BoolMatrix


def _vocabulary(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    # sorted, so the encoding never depends on set iteration order (hash seed)
    return {item: k for k, item in enumerate(sorted({x for g in groups for x in g}))}


def _incidence(sets: Sequence[Iterable[str]], vocab: dict[str, int]) -> FloatMatrix:
    """0/1 matrix: one row per set, one column per vocabulary item."""
    out = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float64)
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocab[x] for s in sets for x in s]
    out[rows, cols] = 1.0
    return out


def _overlap(left: Sequence[Iterable[str]], right: Sequence[Iterable[str]]) -> FloatMatrix:
    """Sizes of pairwise intersections, exact (small integers in float64)."""
    vocab = _vocabulary([*left, *right])
    return _incidence(left, vocab) @ _incidence(right, vocab).T


def _share_points(
    weight: float, mentee_sets: Sequence[frozenset[str]], mentor_sets: Sequence[frozenset[str]]
) -> FloatMatrix:
    """``weight × |A ∩ B| / |A|`` per pair, 0 where the mentee's set is empty."""
    covered = _overlap(mentee_sets, mentor_sets)
    sizes = np.array([len(s) for s in mentee_sets], dtype=np.float64)[:, None]
    share = np.divide(covered, sizes, out=np.zeros_like(covered), where=sizes > 0)
    return weight * share


def _format_points(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], w: MatchWeights
) -> FloatMatrix:
    formats_e = [p.format for p in mentees]
    formats_r = [p.format for p in mentors]
    vocab = _vocabulary([[f] for f in [*formats_e, *formats_r] if f is not None])
    missing, mixed = -1, vocab.get(FORMAT_MIXED, -2)
    fe = np.array([missing if f is None else vocab[f] for f in formats_e], dtype=np.int64)
    fr = np.array([missing if f is None else vocab[f] for f in formats_r], dtype=np.int64)
    fe, fr = fe[:, None], fr[None, :]
    both = (fe != missing) & (fr != missing)
    exact = both & (fe == fr)
    partial = both & ~exact & ((fe == mixed) | (fr == mixed))
    return np.where(exact, w.format_exact, np.where(partial, w.format_mixed, 0.0))


def _preference_points(
    mentees: Sequence[MenteeProfile], mentor_col: dict[int, int], w: MatchWeights
) -> FloatMatrix:
    out = np.zeros((len(mentees), len(mentor_col)), dtype=np.float64)
    for i, mentee in enumerate(mentees):
        seen: set[int] = set()
        for rank, mentor_id in enumerate(mentee.preferred_mentors, start=1):
            j = mentor_col.get(mentor_id)
            if j is not None and mentor_id not in seen:
                out[i, j] = w.preference_for_rank(rank)
            seen.add(mentor_id)
    return out


def _form_ok(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    enabled: frozenset[MentoringForm],
) -> BoolMatrix:
    """``allowed_form`` for every pair, asked once per distinct (mentor side, mentee side):
    a pool has a handful of sides (teachers, a pupil per class, kinds of outside mentors)."""
    sides_e: dict[Side, int] = {}
    sides_r: dict[Side, int] = {}
    index_e = np.array([sides_e.setdefault(p.side, len(sides_e)) for p in mentees], dtype=np.int64)
    index_r = np.array([sides_r.setdefault(p.side, len(sides_r)) for p in mentors], dtype=np.int64)
    table = np.array(
        [[allowed_form(r, e, enabled) is not None for r in sides_r] for e in sides_e],
        dtype=np.bool_,
    ).reshape(len(sides_e), len(sides_r))
    return table[index_e[:, None], index_r[None, :]].reshape(len(mentees), len(mentors))


def score_matrix(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> ScoreMatrix:
    """Score every (mentee, mentor) pair; ids must be unique within each sequence."""
    w = weights
    n, m = len(mentees), len(mentors)
    mentee_row = {p.id: i for i, p in enumerate(mentees)}
    mentor_col = {p.id: j for j, p in enumerate(mentors)}

    mentor_pref = np.zeros((n, m), dtype=np.float64)
    excluded = np.zeros((n, m), dtype=np.bool_)
    for j, mentor in enumerate(mentors):
        rows = [mentee_row[i] for i in mentor.wanted_mentees if i in mentee_row]
        mentor_pref[rows, j] = w.mentor_preference
    for i, mentee in enumerate(mentees):
        cols = [mentor_col[j] for j in mentee.excluded_mentors if j in mentor_col]
        excluded[i, cols] = True

    shares_subject = _overlap([p.subjects for p in mentees], [p.subjects for p in mentors]) > 0
    ready = _overlap(
        [() if p.category is None else (p.category,) for p in mentees],
        [p.categories for p in mentors],
    )
    org_e = np.array([p.org_id for p in mentees], dtype=np.int64)[:, None]
    org_r = np.array([p.org_id for p in mentors], dtype=np.int64)[None, :]
    same_org = org_e == org_r
    open_r = np.array([p.open_to_other_orgs for p in mentors], dtype=np.bool_)[None, :]
    capacities = np.array([p.capacity for p in mentors], dtype=np.int64)

    # same summation order as score_pair: identical floating-point totals
    scores = _preference_points(mentees, mentor_col, w) + mentor_pref
    scores = scores + np.where(shares_subject, w.subject, 0.0)
    scores = scores + _share_points(
        w.difficulties, [p.difficulties for p in mentees], [p.competences for p in mentors]
    )
    scores = scores + np.where(ready > 0, w.category, 0.0)
    scores = scores + _format_points(mentees, mentors, w)
    scores = scores + _share_points(w.time, [p.times for p in mentees], [p.times for p in mentors])
    scores = scores + np.where(same_org, w.same_org, 0.0)
    scores = scores + w.base

    org_ok = (same_org | (allow_other_orgs & open_r)).reshape(n, m)
    form_ok = _form_ok(mentees, mentors, enabled)
    eligible = ~excluded & org_ok & form_ok
    return ScoreMatrix(
        scores=scores.reshape(n, m),
        eligible=eligible.reshape(n, m),
        allowed=(eligible & (capacities > 0)[None, :]).reshape(n, m),
        shares_subject=shares_subject.reshape(n, m),
        capacities=capacities,
        org_ok=org_ok,
        form_ok=form_ok,
    )

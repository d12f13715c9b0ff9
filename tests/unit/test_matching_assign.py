"""propose / greedy_propose / candidates: optimality, hard rules, determinism, reasons."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linprog  # type: ignore[import-untyped, unused-ignore]

from models.pairing import MentoringForm
from models.person import Audience
from services.matching import (
    MatchWeights,
    MenteeProfile,
    MentorProfile,
    Proposal,
    UnmatchedReason,
    candidates,
    greedy_propose,
    propose,
    score_pair,
)
from services.matching.synthetic import random_pool
from services.pairing.forms import Side, allowed_form

W = MatchWeights()


def mentee(id: int, **changes: object) -> MenteeProfile:
    base = MenteeProfile(
        id=id,
        org_id=1,
        subjects=frozenset(),
        category=None,
        difficulties=frozenset(),
        format=None,
        times=frozenset(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def mentor(id: int, **changes: object) -> MentorProfile:
    base = MentorProfile(
        id=id,
        org_id=1,
        subjects=frozenset(),
        competences=frozenset(),
        categories=frozenset(),
        format=None,
        times=frozenset(),
        capacity=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def assert_valid(
    proposal: Proposal,
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    min_score: float = 0.0,
) -> None:
    """Hard rules and bookkeeping that every proposal must satisfy."""
    by_id = {r.id: r for r in mentors}
    mentee_by_id = {e.id: e for e in mentees}
    load = Counter(p.mentor_id for p in proposal.pairs)
    for mentor_id, count in load.items():
        assert count <= by_id[mentor_id].capacity
    for pair in proposal.pairs:
        e, r = mentee_by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert r.id not in e.excluded_mentors
        assert e.org_id == r.org_id or (allow_other_orgs and r.open_to_other_orgs)
        assert pair.score == score_pair(e, r, weights, allow_other_orgs=allow_other_orgs)
        assert pair.score.total >= min_score - 1e-9
    seen = [p.mentee_id for p in proposal.pairs] + [u.mentee_id for u in proposal.unmatched]
    assert sorted(seen) == sorted(mentee_by_id)
    assert [p.mentee_id for p in proposal.pairs] == sorted(p.mentee_id for p in proposal.pairs)
    assert proposal.total_score == pytest.approx(sum(p.score.total for p in proposal.pairs))


def brute_force(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool,
    min_score: float,
) -> tuple[tuple[int, float], float]:
    """Best (pairs, score) lexicographically, and best score alone, over every feasible
    assignment (each mentee: unmatched or any acceptable mentor with room)."""
    options = []
    for e in mentees:
        row = []
        for r in mentors:
            s = score_pair(e, r, weights, allow_other_orgs=allow_other_orgs)
            if s is not None and s.total >= min_score:
                row.append((r.id, s.total))
        options.append(row)
    room = {r.id: r.capacity for r in mentors}
    best_lex = (0, 0.0)
    best_score = 0.0

    def walk(k: int, count: int, total: float) -> None:
        nonlocal best_lex, best_score
        if k == len(mentees):
            best_lex = max(best_lex, (count, total))
            best_score = max(best_score, total)
            return
        walk(k + 1, count, total)
        for mentor_id, s in options[k]:
            if room[mentor_id] > 0:
                room[mentor_id] -= 1
                walk(k + 1, count + 1, total + s)
                room[mentor_id] += 1

    walk(0, 0, 0.0)
    return best_lex, best_score


def small_case(seed: int) -> tuple[list[MenteeProfile], list[MentorProfile], MatchWeights]:
    rng = random.Random(seed)
    mentees, mentors = random_pool(
        rng,
        rng.randint(1, 6),
        rng.randint(1, 4),
        n_orgs=rng.randint(1, 2),
        capacity=(0, 2),
        open_share=0.5,
        preference_share=0.5,
        exclusion_share=0.3,
    )
    if seed % 2:
        weights = W
    else:  # continuous weights: fewer ties, a sharper optimality check
        weights = MatchWeights(**{f: rng.uniform(0.1, 5.0) for f in MatchWeights.model_fields})
    return mentees, mentors, weights


@pytest.mark.parametrize("seed", range(150))
def test_optimal_against_brute_force(seed: int) -> None:
    mentees, mentors, weights = small_case(seed)
    allow = seed % 3 == 0
    min_score = 0.0 if seed % 5 else 6.0
    (best_count, best_total), best_score_only = brute_force(
        mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score
    )

    proposal = propose(mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score)
    assert_valid(proposal, mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score)
    assert len(proposal.pairs) == best_count
    assert proposal.total_score == pytest.approx(best_total, abs=1e-9)

    by_score = propose(
        mentees,
        mentors,
        weights,
        allow_other_orgs=allow,
        min_score=min_score,
        maximize_matches=False,
    )
    assert_valid(by_score, mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score)
    assert by_score.total_score == pytest.approx(best_score_only, abs=1e-9)

    greedy = greedy_propose(mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score)
    assert_valid(greedy, mentees, mentors, weights, allow_other_orgs=allow, min_score=min_score)
    assert greedy.total_score <= best_score_only + 1e-9


def lp_optimum(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    weights: MatchWeights,
    *,
    allow_other_orgs: bool,
) -> tuple[float, float, float]:
    """Independent check at a scale brute force cannot reach: the bipartite b-matching
    polytope is integral, so the LP optimum is the assignment optimum. Returns
    (best score, most pairs, best score among assignments with the most pairs)."""
    edges = [
        (i, j, s.total)
        for i, e in enumerate(mentees)
        for j, r in enumerate(mentors)
        if (s := score_pair(e, r, weights, allow_other_orgs=allow_other_orgs)) is not None
    ]
    a = np.zeros((len(mentees) + len(mentors), len(edges)))
    for k, (i, j, _) in enumerate(edges):
        a[i, k] = 1.0
        a[len(mentees) + j, k] = 1.0
    b = np.array([1.0] * len(mentees) + [float(r.capacity) for r in mentors])
    gains = np.array([s for _, _, s in edges])
    ones = np.ones(len(edges))

    def solve(c: np.ndarray, a_ub: np.ndarray, b_ub: np.ndarray) -> float:
        result = linprog(-c, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs")
        assert result.status == 0
        return float(-result.fun)

    best_score = solve(gains, a, b)
    most_pairs = round(solve(ones, a, b))
    coverage_score = solve(gains, np.vstack([a, -ones]), np.append(b, -most_pairs))
    return best_score, most_pairs, coverage_score


@pytest.mark.parametrize("seed", range(8))
def test_optimal_against_linear_programming_on_medium_pools(seed: int) -> None:
    rng = random.Random(1000 + seed)
    mentees, mentors = random_pool(rng, 150, 40, n_orgs=3, capacity=(0, 4), exclusion_share=0.3)
    if seed % 2:
        # sparse: each mentee may take ~4 mentors, where "most pairs" and "best score" differ
        ids = [r.id for r in mentors]
        mentees = [replace(e, excluded_mentors=frozenset(rng.sample(ids, 36))) for e in mentees]
    weights = MatchWeights(**{f: rng.uniform(0.1, 5.0) for f in MatchWeights.model_fields})
    best_score, most_pairs, coverage_score = lp_optimum(
        mentees, mentors, weights, allow_other_orgs=True
    )
    coverage = propose(mentees, mentors, weights, allow_other_orgs=True)
    by_score = propose(mentees, mentors, weights, allow_other_orgs=True, maximize_matches=False)
    assert len(coverage.pairs) == most_pairs
    assert coverage.total_score == pytest.approx(coverage_score, abs=1e-6)
    assert by_score.total_score == pytest.approx(best_score, abs=1e-6)


def test_coverage_first_can_trade_score_for_one_more_pair() -> None:
    # mentee 1 loves mentor 10 but can also take 11; mentee 2 excluded 11, so only 10 is left
    mentees = [
        mentee(1, subjects=frozenset({"math"}), preferred_mentors=(10,)),
        mentee(2, excluded_mentors=frozenset({11})),
    ]
    mentors = [mentor(10, subjects=frozenset({"math"})), mentor(11)]
    coverage = propose(mentees, mentors, W)
    assert {(p.mentee_id, p.mentor_id) for p in coverage.pairs} == {(1, 11), (2, 10)}
    assert coverage.total_score == 4.0  # 2 + 2
    score_only = propose(mentees, mentors, W, maximize_matches=False)
    assert {(p.mentee_id, p.mentor_id) for p in score_only.pairs} == {(1, 10)}
    assert score_only.total_score == 8.0  # 1 + 3 + 3 + 1
    assert [(u.mentee_id, u.reason) for u in score_only.unmatched] == [
        (2, UnmatchedReason.NO_CAPACITY)
    ]


def test_greedy_is_worse_than_optimal_on_a_crafted_case() -> None:
    # Mentor 10 is the best fit for both, but mentee 2 has nobody else worth having.
    mentees = [
        mentee(1, subjects=frozenset({"math"}), difficulties=frozenset({"assessment"}),
               format="online"),
        mentee(2, subjects=frozenset({"physics"}), difficulties=frozenset({"parents"})),
    ]  # fmt: skip
    mentors = [
        mentor(10, subjects=frozenset({"math", "physics"}),
               competences=frozenset({"assessment", "parents"}), format="online"),
        mentor(11, subjects=frozenset({"math"}), competences=frozenset({"assessment"})),
    ]  # fmt: skip
    # scores: 1→10 = 10.5, 1→11 = 9, 2→10 = 9, 2→11 = 2 (base + same org)
    greedy = greedy_propose(mentees, mentors, W)
    optimal = propose(mentees, mentors, W)
    assert [(p.mentee_id, p.mentor_id) for p in greedy.pairs] == [(1, 10), (2, 11)]
    assert greedy.total_score == 12.5
    assert [(p.mentee_id, p.mentor_id) for p in optimal.pairs] == [(1, 11), (2, 10)]
    assert optimal.total_score == 18.0


def test_greedy_can_leave_a_mentee_out_that_optimal_matches() -> None:
    mentees = [mentee(1, format="online"), mentee(2, excluded_mentors=frozenset({11}))]
    mentors = [mentor(10, format="online"), mentor(11)]
    assert len(greedy_propose(mentees, mentors, W).pairs) == 1
    assert len(propose(mentees, mentors, W).pairs) == 2


@pytest.mark.parametrize("seed", range(5))
def test_capacities_exclusions_and_orgs_on_larger_pools(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors = random_pool(rng, 200, 60, n_orgs=5, capacity=(0, 4), exclusion_share=0.5)
    for allow in (False, True):
        proposal = propose(mentees, mentors, W, allow_other_orgs=allow)
        assert_valid(proposal, mentees, mentors, W, allow_other_orgs=allow)
    # opening the municipal bank can only help
    closed = propose(mentees, mentors, W)
    opened = propose(mentees, mentors, W, allow_other_orgs=True)
    assert len(opened.pairs) >= len(closed.pairs)


def test_forbidden_pairs_are_never_used_to_fill_the_matrix() -> None:
    # plenty of places, but mentee 1 excluded the only mentor of its org, and mentor 12 is in
    # another org and not open: the solver may "fill" row 1 with them, the engine must not
    mentees = [mentee(1, excluded_mentors=frozenset({10})), mentee(2)]
    mentors = [
        mentor(10, capacity=3),
        mentor(11, org_id=2, capacity=3, open_to_other_orgs=True),
        mentor(12, org_id=2, capacity=3),
    ]
    proposal = propose(mentees, mentors, W)
    assert [(p.mentee_id, p.mentor_id) for p in proposal.pairs] == [(2, 10)]
    assert [(u.mentee_id, u.reason) for u in proposal.unmatched] == [
        (1, UnmatchedReason.NO_ELIGIBLE_MENTOR)
    ]
    opened = propose(mentees, mentors, W, allow_other_orgs=True)
    assert [(p.mentee_id, p.mentor_id) for p in opened.pairs] == [(1, 11), (2, 10)]


@pytest.mark.parametrize("seed", range(10))
def test_same_input_in_any_order_gives_the_same_proposal(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors = random_pool(rng, 80, 30, n_orgs=3, capacity=(0, 3))
    # identical clones invite ties; the answer must still not depend on input order
    clones = [replace(r, id=r.id + 100_000) for r in mentors[:5]]
    mentors = mentors + clones
    reference = propose(mentees, mentors, W, allow_other_orgs=True)
    reference_greedy = greedy_propose(mentees, mentors, W, allow_other_orgs=True)
    for _ in range(3):
        rng.shuffle(mentees)
        rng.shuffle(mentors)
        assert propose(mentees, mentors, W, allow_other_orgs=True) == reference
        assert greedy_propose(mentees, mentors, W, allow_other_orgs=True) == reference_greedy


def test_unmatched_reasons() -> None:
    math_ = frozenset({"math"})
    mentees = [
        mentee(1, excluded_mentors=frozenset({10, 11, 12, 13})),  # nobody left
        mentee(2, subjects=frozenset({"chemistry"})),  # nobody teaches it
        mentee(3, subjects=math_),  # math mentors exist but are full
        mentee(4),  # no subjects named: anyone eligible would do, all are full
        mentee(5, subjects=math_, org_id=2),  # only the open art mentor 13 is eligible
    ]
    mentors = [
        mentor(10, subjects=math_, capacity=0),
        mentor(11, subjects=math_, capacity=0),
        mentor(12, subjects=frozenset({"art"}), capacity=0),
        mentor(13, subjects=frozenset({"art"}), org_id=3, open_to_other_orgs=True, capacity=0),
    ]
    proposal = propose(mentees, mentors, W, allow_other_orgs=True)
    assert proposal.pairs == ()
    assert {u.mentee_id: u.reason for u in proposal.unmatched} == {
        1: UnmatchedReason.NO_ELIGIBLE_MENTOR,
        2: UnmatchedReason.NO_SUBJECT_MATCH,
        3: UnmatchedReason.NO_CAPACITY,
        4: UnmatchedReason.NO_CAPACITY,
        5: UnmatchedReason.NO_SUBJECT_MATCH,
    }
    # min_score: mentee 6 shares a subject with an eligible mentor with room, scores too low
    low = [mentee(6, subjects=math_)]
    room = [mentor(20, subjects=math_, capacity=1)]  # 1 + 3 + 1 = 5.0
    assert propose(low, room, W, min_score=5.0).pairs != ()
    below = propose(low, room, W, min_score=5.5)
    assert below.pairs == ()
    assert below.unmatched[0].reason is UnmatchedReason.BELOW_MIN_SCORE


def test_no_capacity_when_places_go_to_others() -> None:
    mentees = [mentee(1, subjects=frozenset({"math"})), mentee(2, subjects=frozenset({"math"}))]
    mentors = [mentor(10, subjects=frozenset({"math"}), wanted_mentees=frozenset({2}))]
    proposal = propose(mentees, mentors, W)
    assert proposal.mentor_of(2) == 10
    assert proposal.mentees_of(10) == (2,)
    assert proposal.mentor_of(1) is None
    assert [(u.mentee_id, u.reason) for u in proposal.unmatched] == [
        (1, UnmatchedReason.NO_CAPACITY)
    ]


def test_empty_pools_and_duplicate_ids() -> None:
    assert propose([], [mentor(10)], W) == Proposal((), (), 0.0)
    lonely = propose([mentee(1)], [], W)
    assert [(u.mentee_id, u.reason) for u in lonely.unmatched] == [
        (1, UnmatchedReason.NO_ELIGIBLE_MENTOR)
    ]
    with pytest.raises(ValueError, match="duplicate mentee id 1"):
        propose([mentee(1), mentee(1)], [mentor(10)], W)
    with pytest.raises(ValueError, match="duplicate mentor id 10"):
        propose([mentee(1)], [mentor(10), mentor(10)], W)


def test_candidates_ranked_best_first_with_exclusions_and_limit() -> None:
    e = mentee(1, subjects=frozenset({"math"}), excluded_mentors=frozenset({14}))
    mentors = [
        mentor(16),  # 2.0 — ties with 15, lower id first
        mentor(15),  # 2.0
        mentor(13, subjects=frozenset({"math"})),  # 5.0
        mentor(12, subjects=frozenset({"math"}), capacity=0),  # full
        mentor(14, subjects=frozenset({"math"})),  # excluded by the mentee
        mentor(11, subjects=frozenset({"math"}), format="online"),  # 5.0, current mentor
        mentor(17, org_id=2, open_to_other_orgs=True),  # 1.0 via municipal bank
    ]
    ranked = candidates(e, mentors, W, exclude=[11], allow_other_orgs=True)
    assert [(mid, s.total) for mid, s in ranked] == [(13, 5.0), (15, 2.0), (16, 2.0), (17, 1.0)]
    assert [mid for mid, _ in candidates(e, mentors, W, limit=2)] == [11, 13]
    assert [mid for mid, _ in candidates(e, mentors, W, min_score=3.0)] == [11, 13]
    assert candidates(e, mentors, W, limit=0) == []


def test_full_size_pool_is_valid() -> None:
    # timing lives in bench/bench_matching.py; here only the result of a full-size run is checked
    mentees, mentors = random_pool(random.Random(42), 1000, 300)
    proposal = propose(mentees, mentors, W, allow_other_orgs=True)
    assert_valid(proposal, mentees, mentors, W, allow_other_orgs=True)
    assert not math.isnan(proposal.total_score)


# ----- pupils and the forms the school runs ---------------------------------------------------
def test_pool_with_pupils_never_proposes_a_pair_of_a_disabled_form() -> None:
    enabled = frozenset({MentoringForm.TEACHER_TEACHER, MentoringForm.PUPIL_PUPIL})
    for seed in range(8):
        mentees, mentors = random_pool(
            random.Random(seed), 40, 25, n_orgs=2, capacity=(1, 3), pupil_share=0.7
        )
        proposal = propose(mentees, mentors, W, enabled=enabled)
        assert proposal.pairs
        sides_e = {e.id: e.side for e in mentees}
        sides_r = {r.id: r.side for r in mentors}
        for pair in proposal.pairs:
            assert allowed_form(sides_r[pair.mentor_id], sides_e[pair.mentee_id], enabled)
        for pair in greedy_propose(mentees, mentors, W, enabled=enabled).pairs:
            assert allowed_form(sides_r[pair.mentor_id], sides_e[pair.mentee_id], enabled)


def test_pupil_without_a_mentor_of_an_enabled_form_is_told_so() -> None:
    pupil = mentee(1, side=Side(Audience.PUPIL, grade=5))
    teacher = mentee(2)
    mentors = [mentor(10, capacity=3), mentor(11, side=Side(Audience.PUPIL, grade=5))]
    proposal = propose([pupil, teacher], mentors, W)  # teacher forms only
    assert [(p.mentee_id, p.mentor_id) for p in proposal.pairs] == [(2, 10)]
    assert [(u.mentee_id, u.reason) for u in proposal.unmatched] == [
        (1, UnmatchedReason.NO_FORM_MENTOR)
    ]
    # a pupil in a school with no mentors at all: the same words
    alone = propose([pupil], [], W)
    assert alone.unmatched[0].reason is UnmatchedReason.NO_FORM_MENTOR
    # enabling «учитель – ученик» pairs the pupil with the teacher
    enabled = frozenset({MentoringForm.TEACHER_TEACHER, MentoringForm.TEACHER_PUPIL})
    both = propose([pupil, teacher], mentors, W, enabled=enabled)
    assert len(both.pairs) == 2
    # a teacher with only a pupil mentor in the school: no mentor of a teacher form
    only_peer = propose([teacher], [mentors[1]], W, enabled=frozenset(MentoringForm))
    assert only_peer.unmatched[0].reason is UnmatchedReason.NO_FORM_MENTOR


def test_candidates_leave_out_mentors_of_disabled_forms() -> None:
    pupil = mentee(1, side=Side(Audience.PUPIL, grade=5))
    mentors = [
        mentor(10),
        mentor(11, side=Side(Audience.PUPIL, grade=8)),
        mentor(12, side=Side(Audience.EXTERNAL, mentor_kind="student")),
    ]
    enabled = frozenset({MentoringForm.PUPIL_PUPIL, MentoringForm.STUDENT_PUPIL})
    assert [m for m, _ in candidates(pupil, mentors, W, enabled=enabled)] == [11, 12]
    assert candidates(pupil, mentors, W) == []

"""The vectorized score matrix must equal score_pair (the readable reference) exactly."""

from __future__ import annotations

import random

import pytest

from models.pairing import MentoringForm
from services.matching import MatchWeights, score_pair
from services.matching.matrix import score_matrix
from services.matching.scoring import is_eligible
from services.matching.synthetic import random_pool
from services.pairing.forms import DEFAULT_ENABLED_FORMS, SCHOOL_FORMS


def random_weights(rng: random.Random) -> MatchWeights:
    fields = MatchWeights.model_fields
    # some weights switched off entirely, the rest arbitrary
    return MatchWeights(**{name: rng.choice((0.0, rng.uniform(0.0, 5.0))) for name in fields})


def random_enabled(rng: random.Random) -> frozenset[MentoringForm]:
    return rng.choice(
        (
            DEFAULT_ENABLED_FORMS,
            frozenset(SCHOOL_FORMS),
            frozenset(rng.sample(SCHOOL_FORMS, rng.randint(0, len(SCHOOL_FORMS)))),
        )
    )


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("allow_other_orgs", [False, True])
@pytest.mark.parametrize("pupil_share", [0.0, 0.6])
def test_matrix_equals_score_pair(seed: int, allow_other_orgs: bool, pupil_share: float) -> None:
    rng = random.Random(seed)
    enabled = random_enabled(rng) if pupil_share else DEFAULT_ENABLED_FORMS
    weights = MatchWeights() if seed % 3 == 0 else random_weights(rng)
    mentees, mentors = random_pool(
        rng,
        rng.randint(1, 40),
        rng.randint(1, 25),
        n_orgs=rng.randint(1, 4),
        capacity=(0, 3),
        preference_share=0.6,
        exclusion_share=0.4,
        pupil_share=pupil_share,
    )
    sm = score_matrix(mentees, mentors, weights, allow_other_orgs=allow_other_orgs, enabled=enabled)
    assert sm.scores.shape == (len(mentees), len(mentors))
    for i, e in enumerate(mentees):
        for j, r in enumerate(mentors):
            score = score_pair(e, r, weights, allow_other_orgs=allow_other_orgs, enabled=enabled)
            assert sm.allowed[i, j] == (score is not None)
            assert sm.eligible[i, j] == is_eligible(
                e, r, allow_other_orgs=allow_other_orgs, enabled=enabled
            )
            assert sm.shares_subject[i, j] == bool(e.subjects & r.subjects)
            if score is not None:
                assert sm.scores[i, j] == score.total  # bit-for-bit, same summation order


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (3, 0)])
def test_empty_pools(n: int, m: int) -> None:
    mentees, mentors = random_pool(random.Random(0), n, m)
    sm = score_matrix(mentees, mentors, MatchWeights())
    assert sm.scores.shape == sm.allowed.shape == (n, m)

"""Random but realistic-looking pools for the benchmark, tests and demos.

Kept next to the engine (not in tests) so the benchmark and the tests share one generator;
it only uses a caller-supplied ``random.Random``, so every pool is reproducible from a seed.
"""

from __future__ import annotations

import random

from models.person import Audience
from services.matching.profiles import (
    FORMAT_MIXED,
    FORMAT_OFFLINE,
    FORMAT_ONLINE,
    TEACHER,
    TIME_SLOTS,
    MenteeProfile,
    MentorProfile,
)
from services.pairing.forms import ADMINISTRATOR_POSITION, EXTERNAL_KINDS, Side

SUBJECTS: tuple[str, ...] = (
    "math", "russian", "literature", "english", "physics", "chemistry", "biology", "history",
    "social", "geography", "informatics", "art", "music", "pe", "primary",
)  # fmt: skip
COMPETENCES: tuple[str, ...] = (
    "discipline", "lesson_planning", "assessment", "parents", "digital_tools", "gifted",
    "special_needs", "motivation", "documents", "project_work", "exam_prep", "stress",
)  # fmt: skip
CATEGORIES: tuple[str, ...] = (
    "young_teacher",
    "new_staff",
    "it_skills",
    "burnout",
    "leadership",
    "career_change",
)
FORMATS: tuple[str | None, ...] = (FORMAT_OFFLINE, FORMAT_ONLINE, FORMAT_MIXED, None)


def _mentee_side(rng: random.Random, pupil_share: float) -> Side:
    if rng.random() >= pupil_share:
        return TEACHER
    # a class may be missing (an old answer): such a pupil gets no peer mentor
    return Side(Audience.PUPIL, grade=rng.choice((None, *range(1, 12))))


def _mentor_side(rng: random.Random, pupil_share: float) -> Side:
    if rng.random() >= pupil_share:
        return Side(
            Audience.TEACHER, position=rng.choice((None, "teacher", ADMINISTRATOR_POSITION))
        )
    if rng.random() < 0.5:
        return Side(Audience.PUPIL, grade=rng.choice((None, *range(5, 12))))
    return Side(Audience.EXTERNAL, mentor_kind=rng.choice((None, *EXTERNAL_KINDS)))


def _some(rng: random.Random, items: tuple[str, ...], low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(items, rng.randint(low, high)))


def random_pool(
    rng: random.Random,
    n_mentees: int,
    n_mentors: int,
    *,
    n_orgs: int = 10,
    capacity: tuple[int, int] = (1, 4),
    open_share: float = 0.3,
    preference_share: float = 0.3,
    exclusion_share: float = 0.1,
    pupil_share: float = 0.0,
) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    """Mentees and mentors with sparse, gappy ids (so id/index mix-ups show) and a
    uniformly random ``capacity`` range (inclusive). ``pupil_share`` of the mentees are
    pupils, and of the mentors pupils or outside mentors (0: teachers only, the pools of
    earlier releases draw the same numbers)."""
    mentee_ids = sorted(rng.sample(range(1, 10 * n_mentees + 2), n_mentees))
    mentor_ids = sorted(rng.sample(range(1, 10 * n_mentors + 2), n_mentors))
    mentors = [
        MentorProfile(
            id=mentor_id,
            org_id=rng.randint(1, n_orgs),
            subjects=_some(rng, SUBJECTS, 1, 3),
            competences=_some(rng, COMPETENCES, 2, 6),
            categories=_some(rng, CATEGORIES, 1, 3),
            format=rng.choice(FORMATS),
            times=_some(rng, TIME_SLOTS, 1, 4),
            capacity=rng.randint(*capacity),
            open_to_other_orgs=rng.random() < open_share,
            wanted_mentees=frozenset(
                rng.sample(mentee_ids, min(len(mentee_ids), rng.randint(0, 2)))
                if rng.random() < preference_share
                else ()
            ),
            side=_mentor_side(rng, pupil_share) if pupil_share else TEACHER,
        )
        for mentor_id in mentor_ids
    ]
    mentees = [
        MenteeProfile(
            id=mentee_id,
            org_id=rng.randint(1, n_orgs),
            subjects=_some(rng, SUBJECTS, 0, 2),
            category=rng.choice((*CATEGORIES, None)),
            difficulties=_some(rng, COMPETENCES, 0, 4),
            format=rng.choice(FORMATS),
            times=_some(rng, TIME_SLOTS, 0, 3),
            preferred_mentors=tuple(
                rng.sample(mentor_ids, min(len(mentor_ids), rng.randint(1, 3)))
                if rng.random() < preference_share
                else ()
            ),
            excluded_mentors=frozenset(
                rng.sample(mentor_ids, min(len(mentor_ids), rng.randint(1, 2)))
                if rng.random() < exclusion_share
                else ()
            ),
            side=_mentee_side(rng, pupil_share) if pupil_share else TEACHER,
        )
        for mentee_id in mentee_ids
    ]
    return mentees, mentors

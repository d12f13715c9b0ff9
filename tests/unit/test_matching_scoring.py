"""score_pair: every component on its own, then hand-computed totals."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from pydantic import ValidationError

from models.pairing import MentoringForm
from models.person import Audience
from services.matching import (
    MatchWeights,
    MenteeProfile,
    MentorProfile,
    PairScore,
    Reason,
    ReasonKind,
    score_pair,
)
from services.matching.synthetic import random_pool
from services.pairing.forms import Side

W = MatchWeights()
# a pair that only shares the organization: base 1.0 + same_org 1.0
NEUTRAL_TOTAL = 2.0


def mentee(**changes: object) -> MenteeProfile:
    base = MenteeProfile(
        id=1,
        org_id=1,
        subjects=frozenset(),
        category=None,
        difficulties=frozenset(),
        format=None,
        times=frozenset(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def mentor(**changes: object) -> MentorProfile:
    base = MentorProfile(
        id=10,
        org_id=1,
        subjects=frozenset(),
        competences=frozenset(),
        categories=frozenset(),
        format=None,
        times=frozenset(),
        capacity=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def scored(e: MenteeProfile, r: MentorProfile, *, allow_other_orgs: bool = False) -> PairScore:
    result = score_pair(e, r, W, allow_other_orgs=allow_other_orgs)
    assert result is not None
    return result


def kinds(score: PairScore) -> list[ReasonKind]:
    return [r.kind for r in score.reasons]


def test_neutral_pair_gets_base_and_same_org_only() -> None:
    score = scored(mentee(), mentor())
    assert score.total == NEUTRAL_TOTAL
    assert kinds(score) == [ReasonKind.SAME_ORG, ReasonKind.BASE]


def test_subject_is_flat_and_lists_shared_subjects_sorted() -> None:
    one = scored(
        mentee(subjects=frozenset({"math", "russian"})), mentor(subjects=frozenset({"math"}))
    )
    two = scored(
        mentee(subjects=frozenset({"math", "russian"})),
        mentor(subjects=frozenset({"russian", "math", "physics"})),
    )
    assert one.total == two.total == NEUTRAL_TOTAL + 3.0
    assert two.reason(ReasonKind.SUBJECT) == Reason(
        ReasonKind.SUBJECT, 3.0, matched=("math", "russian")
    )


def test_no_shared_subject_gives_no_subject_reason() -> None:
    score = scored(mentee(subjects=frozenset({"math"})), mentor(subjects=frozenset({"art"})))
    assert score.reason(ReasonKind.SUBJECT) is None


def test_difficulties_score_the_covered_share() -> None:
    e = mentee(difficulties=frozenset({"parents", "discipline", "assessment", "stress"}))
    r = mentor(competences=frozenset({"stress", "parents", "assessment", "gifted"}))
    score = scored(e, r)
    assert score.total == NEUTRAL_TOTAL + 4.0 * 3 / 4
    assert score.reason(ReasonKind.DIFFICULTIES) == Reason(
        ReasonKind.DIFFICULTIES,
        3.0,
        matched=("assessment", "parents", "stress"),
        covered=3,
        of=4,
    )


def test_uncovered_or_absent_difficulties_earn_nothing() -> None:
    uncovered = scored(
        mentee(difficulties=frozenset({"stress"})), mentor(competences=frozenset({"gifted"}))
    )
    absent = scored(mentee(), mentor(competences=frozenset({"gifted"})))
    assert uncovered.total == absent.total == NEUTRAL_TOTAL
    assert uncovered.reason(ReasonKind.DIFFICULTIES) is None


@pytest.mark.parametrize(
    ("category", "ready", "points"),
    [
        ("young_teacher", {"young_teacher", "burnout"}, 2.0),
        ("it_skills", {"young_teacher"}, 0.0),
        (None, {"young_teacher"}, 0.0),
    ],
)
def test_category(category: str | None, ready: set[str], points: float) -> None:
    score = scored(mentee(category=category), mentor(categories=frozenset(ready)))
    assert score.total == NEUTRAL_TOTAL + points
    assert (score.reason(ReasonKind.CATEGORY) is not None) == (points > 0)


@pytest.mark.parametrize(
    ("mentee_format", "mentor_format", "points"),
    [
        ("online", "online", 1.5),
        ("mixed", "mixed", 1.5),
        ("online", "mixed", 0.75),
        ("mixed", "offline", 0.75),
        ("online", "offline", 0.0),
        (None, "online", 0.0),
        ("mixed", None, 0.0),
        (None, None, 0.0),
    ],
)
def test_format(mentee_format: str | None, mentor_format: str | None, points: float) -> None:
    score = scored(mentee(format=mentee_format), mentor(format=mentor_format))
    assert score.total == NEUTRAL_TOTAL + points
    reason = score.reason(ReasonKind.FORMAT)
    if points:
        assert reason == Reason(ReasonKind.FORMAT, points, matched=(mentee_format, mentor_format))  # type: ignore[arg-type]
    else:
        assert reason is None


def test_time_is_share_of_mentee_slots_not_jaccard() -> None:
    e = mentee(times=frozenset({"weekday_morning", "weekend"}))
    half = scored(e, mentor(times=frozenset({"weekend", "weekday_evening"})))
    assert half.total == NEUTRAL_TOTAL + 0.5
    assert half.reason(ReasonKind.TIME) == Reason(
        ReasonKind.TIME, 0.5, matched=("weekend",), covered=1, of=2
    )
    # a mentor free at any time covers everything (Jaccard would give 2/4)
    always = frozenset({"weekday_morning", "weekday_afternoon", "weekday_evening", "weekend"})
    assert scored(e, mentor(times=always)).total == NEUTRAL_TOTAL + 1.0
    # a mentee without time slots gets nothing, whatever the mentor offers
    assert scored(mentee(), mentor(times=always)).total == NEUTRAL_TOTAL


def test_other_org_via_municipal_bank_loses_same_org_bonus() -> None:
    score = scored(mentee(), mentor(org_id=2, open_to_other_orgs=True), allow_other_orgs=True)
    assert score.total == 1.0
    assert kinds(score) == [ReasonKind.BASE]


@pytest.mark.parametrize(
    ("mentor_id", "rank", "points"), [(10, 1, 3.0), (11, 2, 2.0), (12, 3, 1.0)]
)
def test_mentee_preference_by_rank(mentor_id: int, rank: int, points: float) -> None:
    score = scored(mentee(preferred_mentors=(10, 11, 12)), mentor(id=mentor_id))
    assert score.total == NEUTRAL_TOTAL + points
    assert score.reason(ReasonKind.PREFERENCE) == Reason(ReasonKind.PREFERENCE, points, rank=rank)


def test_preference_beyond_rank_three_or_repeated_uses_first_rank_only() -> None:
    assert scored(mentee(preferred_mentors=(1, 2, 3, 10)), mentor()).total == NEUTRAL_TOTAL
    repeated = scored(mentee(preferred_mentors=(11, 10, 10)), mentor())
    assert repeated.reason(ReasonKind.PREFERENCE) == Reason(ReasonKind.PREFERENCE, 2.0, rank=2)


def test_mentor_preference() -> None:
    score = scored(mentee(), mentor(wanted_mentees=frozenset({1, 5})))
    assert score.total == NEUTRAL_TOTAL + 1.5
    assert score.reason(ReasonKind.MENTOR_PREFERENCE) == Reason(ReasonKind.MENTOR_PREFERENCE, 1.5)


@pytest.mark.parametrize(
    ("e", "r", "allow_other_orgs"),
    [
        (mentee(excluded_mentors=frozenset({10})), mentor(), False),
        # excluded wins over being the mentee's first choice
        (mentee(excluded_mentors=frozenset({10}), preferred_mentors=(10,)), mentor(), False),
        (mentee(), mentor(capacity=0), False),
        (mentee(), mentor(org_id=2), False),
        (mentee(), mentor(org_id=2), True),  # allowed by the caller, but the mentor is not open
        (mentee(), mentor(org_id=2, open_to_other_orgs=True), False),  # open, caller forbids
    ],
)
def test_forbidden_pairs_score_none(
    e: MenteeProfile, r: MentorProfile, allow_other_orgs: bool
) -> None:
    assert score_pair(e, r, W, allow_other_orgs=allow_other_orgs) is None


def test_full_example_hand_computed() -> None:
    e = MenteeProfile(
        id=1,
        org_id=7,
        subjects=frozenset({"math"}),
        category="young_teacher",
        difficulties=frozenset({"parents", "discipline", "assessment", "stress"}),
        format="online",
        times=frozenset({"weekday_evening", "weekend"}),
        preferred_mentors=(10,),
    )
    r = MentorProfile(
        id=10,
        org_id=7,
        subjects=frozenset({"math", "physics"}),
        competences=frozenset({"parents", "discipline", "assessment", "gifted"}),
        categories=frozenset({"young_teacher"}),
        format="mixed",
        times=frozenset({"weekend"}),
        capacity=2,
        wanted_mentees=frozenset({1}),
    )
    score = scored(e, r)
    # preference 3 + mentor 1.5 + subject 3 + difficulties 4·3/4 + category 2
    # + format 0.75 + time 1·1/2 + same org 1 + base 1
    assert score.total == 15.75
    assert score.reasons == (
        Reason(ReasonKind.PREFERENCE, 3.0, rank=1),
        Reason(ReasonKind.MENTOR_PREFERENCE, 1.5),
        Reason(ReasonKind.SUBJECT, 3.0, matched=("math",)),
        Reason(
            ReasonKind.DIFFICULTIES,
            3.0,
            matched=("assessment", "discipline", "parents"),
            covered=3,
            of=4,
        ),
        Reason(ReasonKind.CATEGORY, 2.0, matched=("young_teacher",)),
        Reason(ReasonKind.FORMAT, 0.75, matched=("online", "mixed")),
        Reason(ReasonKind.TIME, 0.5, matched=("weekend",), covered=1, of=2),
        Reason(ReasonKind.SAME_ORG, 1.0),
        Reason(ReasonKind.BASE, 1.0),
    )
    custom = MatchWeights(subject=10.0, base=0.0, same_org=0.0)
    custom_score = score_pair(e, r, custom)
    assert custom_score is not None
    assert custom_score.total == 15.75 + 7.0 - 1.0 - 1.0
    assert ReasonKind.BASE not in kinds(custom_score)  # zero-point components are not reasons


def test_totals_are_sums_of_reasons_and_bounded_by_max() -> None:
    mentees, mentors = random_pool(random.Random(3), 40, 30, n_orgs=2, capacity=(0, 3))
    assert W.max_pair_score == 18.0
    for e in mentees:
        for r in mentors:
            score = score_pair(e, r, W, allow_other_orgs=True)
            if score is not None:
                assert score.total == sum(reason.points for reason in score.reasons)
                assert 1.0 <= score.total <= W.max_pair_score
                assert all(reason.points > 0 for reason in score.reasons)
                assert kinds(score) == sorted(kinds(score), key=list(ReasonKind).index)


def test_weights_are_validated() -> None:
    with pytest.raises(ValidationError):
        MatchWeights(subject=-1.0)
    with pytest.raises(ValidationError):
        MatchWeights(subjects=1.0)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        W.subject = 5.0  # type: ignore[misc]
    assert W.preference_for_rank(4) == 0.0


def test_negative_capacity_is_rejected() -> None:
    with pytest.raises(ValueError, match="capacity"):
        mentor(capacity=-1)


# ----- forms of mentoring with pupils --------------------------------------------------------
PUPIL_FORMS_ON = frozenset(
    {
        MentoringForm.TEACHER_TEACHER,
        MentoringForm.TEACHER_PUPIL,
        MentoringForm.PUPIL_PUPIL,
        MentoringForm.EMPLOYER_PUPIL,
    }
)


def pupil(grade: int | None) -> Side:
    return Side(Audience.PUPIL, grade=grade)


def test_teacher_mentee_never_gets_a_pupil_or_outside_mentor() -> None:
    everything = frozenset(MentoringForm)
    e = mentee()
    assert score_pair(e, mentor(side=pupil(9)), W, enabled=everything) is None
    outside = Side(Audience.EXTERNAL, mentor_kind="employer")
    assert score_pair(e, mentor(side=outside), W, enabled=everything) is None
    assert score_pair(e, mentor(), W, enabled=everything) is not None


def test_pupil_mentee_only_gets_mentors_of_enabled_forms() -> None:
    e = mentee(side=pupil(6))
    assert score_pair(e, mentor(), W) is None  # teacher forms only, the default
    assert score_pair(e, mentor(), W, enabled=PUPIL_FORMS_ON) is not None
    student = Side(Audience.EXTERNAL, mentor_kind="student")
    employer = Side(Audience.EXTERNAL, mentor_kind="employer")
    assert score_pair(e, mentor(side=student), W, enabled=PUPIL_FORMS_ON) is None
    assert score_pair(e, mentor(side=employer), W, enabled=PUPIL_FORMS_ON) is not None


def test_peer_mentor_only_for_a_younger_class_with_the_gap_explained() -> None:
    e = mentee(side=pupil(6))
    for grade in (None, 5, 6):
        assert score_pair(e, mentor(side=pupil(grade)), W, enabled=PUPIL_FORMS_ON) is None
    score = score_pair(e, mentor(side=pupil(8)), W, enabled=PUPIL_FORMS_ON)
    assert score is not None
    gap = score.reason(ReasonKind.GRADE_GAP)
    assert gap is not None
    assert (gap.gap, gap.points) == (2, 0.0)
    assert score.total == NEUTRAL_TOTAL  # words only, no points
    teacher_score = score_pair(e, mentor(), W, enabled=PUPIL_FORMS_ON)
    assert teacher_score is not None
    assert teacher_score.reason(ReasonKind.GRADE_GAP) is None


def test_pupil_needs_meet_mentor_competences() -> None:
    e = mentee(
        side=pupil(7),
        subjects=frozenset({"math"}),
        difficulties=frozenset({"olympiads", "exam_prep"}),
    )
    r = mentor(
        side=pupil(10),
        subjects=frozenset({"math", "physics"}),
        competences=frozenset({"olympiads"}),
    )
    score = scored_with(e, r, PUPIL_FORMS_ON)
    assert kinds(score) == [
        ReasonKind.SUBJECT,
        ReasonKind.DIFFICULTIES,
        ReasonKind.SAME_ORG,
        ReasonKind.GRADE_GAP,
        ReasonKind.BASE,
    ]
    assert score.total == pytest.approx(W.subject + W.difficulties / 2 + NEUTRAL_TOTAL)


def scored_with(e: MenteeProfile, r: MentorProfile, enabled: frozenset[MentoringForm]) -> PairScore:
    result = score_pair(e, r, W, enabled=enabled)
    assert result is not None
    return result

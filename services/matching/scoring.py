"""Pair score: how good a mentor is for a mentee, with a structured explanation.

This module is the readable reference. :mod:`services.matching.matrix` computes the same
numbers for a whole pool at once with numpy, and a test keeps the two equal.

Hard rules — :func:`score_pair` returns ``None`` (the pair is never proposed) when:

* the mentor is in ``mentee.excluded_mentors`` (a previous pairing, or declined);
* the mentor has no free place (``capacity == 0``);
* they belong to different organizations, unless the caller allows the municipal bank
  (``allow_other_orgs=True``) **and** the mentor is ``open_to_other_orgs``;
* their form of mentoring is not one the mentee's organization runs
  (:func:`services.pairing.forms.allowed_form` is None): a teacher never gets a pupil or an
  outside mentor, a pupil only gets mentors of the enabled forms, a peer mentor only a pupil
  of a younger class.

Soft score — otherwise the total is the sum of these components (``w`` = :class:`MatchWeights`;
``D`` the mentee's difficulties, ``C`` the mentor's competences, ``Te``/``Tr`` time slots)::

    base                                  always (keeps every allowed pair > 0, see below)
    + subject        if subjects intersect              (flat: one shared subject is enough)
    + difficulties × |D ∩ C| / |D|                      (0 when the mentee named none)
    + category       if mentee.category in mentor.categories
    + format_exact   if both formats are set and equal
      format_mixed   if they differ and one of them is "mixed" (offline vs online: 0)
    + time × |Te ∩ Tr| / |Te|                           (0 when the mentee named none)
    + same_org       if the organizations are equal
    + preference_rank1/2/3  if the mentee ranked the mentor 1st/2nd/3rd (first occurrence)
    + mentor_preference     if the mentor marked the mentee

A peer mentor's pair also gets a GRADE_GAP reason worth 0 points («старше на 2 класса»):
an explanation, not a score, so the numpy matrix needs no counterpart.

Why these shapes:

* Difficulties and time are *shares of the mentee's needs*, not Jaccard: a mentor with many
  competences or free at any time must not look worse than a narrow one.
* Subject is flat because a mentor teaching one of the mentee's subjects can mentor them;
  more overlap adds little, and a flat bonus keeps "same subject" easy to explain.
* ``base`` makes every allowed pair strictly positive, so in the assignment "match this
  mentee to anyone allowed" always beats "leave them unmatched", and a zero total never
  has to be told apart from "not allowed". (Maximizing the number of matched mentees first is
  a separate, explicit policy of :func:`services.matching.assign.propose`.)

Each component that earns points (> 0) yields a :class:`Reason` — structured data the bot
renders in the user's language, e.g. "совпадает предмет: математика; затруднения ↔
компетенции: 3 из 4; формат: онлайн". Reasons come in the fixed order of :class:`ReasonKind`
and ``PairScore.total`` is their sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.pairing import MentoringForm
from models.person import Audience
from services.matching.profiles import FORMAT_MIXED, MenteeProfile, MentorProfile
from services.matching.weights import MatchWeights
from services.pairing.forms import DEFAULT_ENABLED_FORMS, allowed_form


class ReasonKind(StrEnum):
    """Score components, in the order reasons are listed (most telling first)."""

    PREFERENCE = "preference"
    MENTOR_PREFERENCE = "mentor_preference"
    SUBJECT = "subject"
    DIFFICULTIES = "difficulties"
    CATEGORY = "category"
    FORMAT = "format"
    TIME = "time"
    SAME_ORG = "same_org"
    GRADE_GAP = "grade_gap"  # a peer mentor's classes above the mentee: 0 points, words only
    BASE = "base"  # renderers usually hide it: it is the same for every allowed pair


@dataclass(frozen=True, slots=True)
class Reason:
    """One scoring component of a pair: what matched and how many points it brought.

    ``matched`` holds catalogue ids: shared subjects, covered difficulties, the category,
    ``(mentee_format, mentor_format)``, shared time slots (each sorted). ``covered``/``of``
    are set for share-based components (difficulties, time); ``rank`` for PREFERENCE;
    ``gap`` (classes between a peer mentor and the mentee) for GRADE_GAP.
    """

    kind: ReasonKind
    points: float
    matched: tuple[str, ...] = ()
    covered: int | None = None
    of: int | None = None
    rank: int | None = None
    gap: int | None = None


@dataclass(frozen=True, slots=True)
class PairScore:
    total: float
    reasons: tuple[Reason, ...]

    def reason(self, kind: ReasonKind) -> Reason | None:
        return next((r for r in self.reasons if r.kind is kind), None)


def org_allowed(mentee: MenteeProfile, mentor: MentorProfile, *, allow_other_orgs: bool) -> bool:
    return mentee.org_id == mentor.org_id or (allow_other_orgs and mentor.open_to_other_orgs)


def form_allowed(
    mentee: MenteeProfile, mentor: MentorProfile, enabled: frozenset[MentoringForm]
) -> bool:
    return allowed_form(mentor.side, mentee.side, enabled) is not None


def is_eligible(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    *,
    allow_other_orgs: bool,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> bool:
    """Hard rules except capacity: could this pair ever be proposed if the mentor had room?"""
    return (
        mentor.id not in mentee.excluded_mentors
        and org_allowed(mentee, mentor, allow_other_orgs=allow_other_orgs)
        and form_allowed(mentee, mentor, enabled)
    )


def format_points(mentee_format: str | None, mentor_format: str | None, w: MatchWeights) -> float:
    if mentee_format is None or mentor_format is None:
        return 0.0
    if mentee_format == mentor_format:
        return w.format_exact
    if FORMAT_MIXED in (mentee_format, mentor_format):
        return w.format_mixed
    return 0.0


def preference_rank(mentee: MenteeProfile, mentor_id: int) -> int | None:
    """1-based rank of the mentor in the mentee's list (first occurrence), or None."""
    try:
        return mentee.preferred_mentors.index(mentor_id) + 1
    except ValueError:
        return None


def grade_gap(mentee: MenteeProfile, mentor: MentorProfile) -> int | None:
    """How many classes a peer mentor is above the mentee (None unless both are pupils)."""
    if mentor.side.audience is not Audience.PUPIL or mentee.side.audience is not Audience.PUPIL:
        return None
    if mentor.side.grade is None or mentee.side.grade is None:
        return None
    return mentor.side.grade - mentee.side.grade


def score_pair(
    mentee: MenteeProfile,
    mentor: MentorProfile,
    weights: MatchWeights,
    *,
    allow_other_orgs: bool = False,
    enabled: frozenset[MentoringForm] = DEFAULT_ENABLED_FORMS,
) -> PairScore | None:
    """Score of the pair per the module docstring, or None when the pair is not allowed.

    ``enabled``: the forms the mentee's organization runs (``forms.enabled_forms``)."""
    if mentor.capacity <= 0 or not is_eligible(
        mentee, mentor, allow_other_orgs=allow_other_orgs, enabled=enabled
    ):
        return None
    candidates = [
        *_wish_reasons(mentee, mentor, weights),
        *_need_reasons(mentee, mentor, weights),
        *_setting_reasons(mentee, mentor, weights),
    ]
    reasons = [r for r in candidates if r.points > 0]
    gap = grade_gap(mentee, mentor)
    if gap is not None:
        # worth nothing: the curator reads why a pupil mentors a pupil
        reasons.append(Reason(ReasonKind.GRADE_GAP, 0.0, gap=gap))
    if weights.base > 0:
        reasons.append(Reason(ReasonKind.BASE, weights.base))
    return PairScore(total=sum(r.points for r in reasons), reasons=tuple(reasons))


def _wish_reasons(mentee: MenteeProfile, mentor: MentorProfile, w: MatchWeights) -> list[Reason]:
    """What the two asked for: the mentee's ranked choice, the mentor's wish, shared subjects."""
    reasons: list[Reason] = []
    rank = preference_rank(mentee, mentor.id)
    if rank is not None:
        reasons.append(Reason(ReasonKind.PREFERENCE, w.preference_for_rank(rank), rank=rank))
    if mentee.id in mentor.wanted_mentees:
        reasons.append(Reason(ReasonKind.MENTOR_PREFERENCE, w.mentor_preference))
    shared_subjects = mentee.subjects & mentor.subjects
    if shared_subjects:
        reasons.append(
            Reason(ReasonKind.SUBJECT, w.subject, matched=tuple(sorted(shared_subjects)))
        )
    return reasons


def _need_reasons(mentee: MenteeProfile, mentor: MentorProfile, w: MatchWeights) -> list[Reason]:
    """What the mentee needs and the mentor covers: difficulties, category."""
    reasons: list[Reason] = []
    if mentee.difficulties:
        covered = mentee.difficulties & mentor.competences
        reasons.append(
            Reason(
                ReasonKind.DIFFICULTIES,
                w.difficulties * (len(covered) / len(mentee.difficulties)),
                matched=tuple(sorted(covered)),
                covered=len(covered),
                of=len(mentee.difficulties),
            )
        )
    if mentee.category is not None and mentee.category in mentor.categories:
        reasons.append(Reason(ReasonKind.CATEGORY, w.category, matched=(mentee.category,)))
    return reasons


def _setting_reasons(mentee: MenteeProfile, mentor: MentorProfile, w: MatchWeights) -> list[Reason]:
    """How they would meet: format, shared times, the same organization."""
    reasons: list[Reason] = []
    fmt = format_points(mentee.format, mentor.format, w)
    if fmt > 0 and mentee.format is not None and mentor.format is not None:
        reasons.append(Reason(ReasonKind.FORMAT, fmt, matched=(mentee.format, mentor.format)))
    if mentee.times:
        shared_times = mentee.times & mentor.times
        reasons.append(
            Reason(
                ReasonKind.TIME,
                w.time * (len(shared_times) / len(mentee.times)),
                matched=tuple(sorted(shared_times)),
                covered=len(shared_times),
                of=len(mentee.times),
            )
        )
    if mentee.org_id == mentor.org_id:
        reasons.append(Reason(ReasonKind.SAME_ORG, w.same_org))
    return reasons

"""Which form of mentoring (who mentors whom) a mentor and a mentee make, and which are allowed.

Plain data and rules, no database: the bank, the matching engine and the curator's screens all
ask here, so a pair's form is never a label the curator picks against the questionnaires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.pairing import MentoringForm
from models.person import Audience

# an organization that enabled nothing has today's teacher programs
DEFAULT_ENABLED_FORMS: frozenset[MentoringForm] = frozenset(
    {MentoringForm.TEACHER_TEACHER, MentoringForm.HEAD_TEACHER}
)
# the forms a school can enable in the bot, in the order they are listed
SCHOOL_FORMS: tuple[MentoringForm, ...] = (
    MentoringForm.TEACHER_TEACHER,
    MentoringForm.HEAD_TEACHER,
    MentoringForm.TEACHER_PUPIL,
    MentoringForm.PUPIL_PUPIL,
    MentoringForm.STUDENT_PUPIL,
    MentoringForm.EMPLOYER_PUPIL,
)
PUPIL_FORMS: frozenset[MentoringForm] = frozenset(
    {
        MentoringForm.TEACHER_PUPIL,
        MentoringForm.PUPIL_PUPIL,
        MentoringForm.STUDENT_PUPIL,
        MentoringForm.EMPLOYER_PUPIL,
    }
)
ADMINISTRATOR_POSITION = "administrator"
STUDENT_KIND = "student"
# the answers of the external mentors' mentor_kind question
EXTERNAL_KINDS: tuple[str, ...] = ("student", "employer", "graduate", "parent")


@dataclass(frozen=True)
class Side:
    """What decides the form on one side of a pair."""

    audience: Audience
    position: str | None = None  # teachers: the intake's position
    mentor_kind: str | None = None  # external mentors: student, employer, graduate, parent
    grade: int | None = None  # pupils: their class


def form_for(mentor: Side, mentee: Side) -> MentoringForm | None:
    """The form of this pair, or None when no program of the bot pairs these two."""
    if mentee.audience is Audience.TEACHER:
        if mentor.audience is not Audience.TEACHER:
            return None
        if mentor.position == ADMINISTRATOR_POSITION:
            return MentoringForm.HEAD_TEACHER
        return MentoringForm.TEACHER_TEACHER
    if mentee.audience is not Audience.PUPIL:
        return None
    if mentor.audience is Audience.TEACHER:
        return MentoringForm.TEACHER_PUPIL
    if mentor.audience is Audience.PUPIL:
        # a peer mentor is a pupil of an older class (seed 003: «ученик – ученик»)
        if mentor.grade is None or mentee.grade is None or mentor.grade <= mentee.grade:
            return None
        return MentoringForm.PUPIL_PUPIL
    if mentor.mentor_kind == STUDENT_KIND:
        return MentoringForm.STUDENT_PUPIL
    return MentoringForm.EMPLOYER_PUPIL


def enabled_forms(stored: Iterable[str] | None) -> frozenset[MentoringForm]:
    """The organization's enabled forms; unknown values (a newer release's) are ignored."""
    if stored is None:
        return DEFAULT_ENABLED_FORMS
    known = {form.value: form for form in MentoringForm}
    return frozenset(known[value] for value in stored if value in known)


def allowed_form(
    mentor: Side, mentee: Side, enabled: frozenset[MentoringForm]
) -> MentoringForm | None:
    """The pair's form if the organization runs it, else None (never proposed nor offered)."""
    form = form_for(mentor, mentee)
    return form if form is not None and form in enabled else None


def needs_safeguarding(mentor: Side, mentee_is_minor: bool) -> bool:
    """An adult from outside the school with a minor: the school must check the mentor first
    (seed 002 §4.3.3, the partnership agreement)."""
    return mentor.audience is Audience.EXTERNAL and mentee_is_minor


def toggled(stored: Iterable[str] | None, form: MentoringForm) -> list[str]:
    """The stored list after the curator switched ``form`` on or off, in SCHOOL_FORMS order.

    Values this release does not know (a newer one's) are kept as they are."""
    if form not in SCHOOL_FORMS:
        raise ValueError(f"{form} is not a form a school can enable")
    current = set(enabled_forms(stored))
    current.symmetric_difference_update({form})
    unknown = [v for v in stored or () if v not in {f.value for f in MentoringForm}]
    return [f.value for f in SCHOOL_FORMS if f in current] + unknown


def parse_forms(text: str) -> list[str] | None:
    """``teacher_teacher,pupil_pupil`` as typed for ``set-org --forms``; ``default``: None
    (teacher forms only). Unknown or non-school forms are refused with ValueError."""
    if text.strip() == "default":
        return None
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    school = {form.value for form in SCHOOL_FORMS}
    unknown = sorted(wanted - school)
    if unknown:
        raise ValueError(
            f"--forms: unknown {', '.join(unknown)}; one of {', '.join(sorted(school))}"
        )
    return [form.value for form in SCHOOL_FORMS if form.value in wanted]

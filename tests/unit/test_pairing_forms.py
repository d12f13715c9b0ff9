"""services/pairing/forms.py: every branch of the form of a pair and of the enabled forms."""

from __future__ import annotations

import pytest

from models.pairing import MentoringForm as F
from models.person import Audience
from services.pairing.forms import (
    DEFAULT_ENABLED_FORMS,
    SCHOOL_FORMS,
    Side,
    allowed_form,
    enabled_forms,
    form_for,
    needs_safeguarding,
    parse_forms,
    toggled,
)

TEACHER = Side(Audience.TEACHER, position="teacher")
HEAD = Side(Audience.TEACHER, position="administrator")
NO_POSITION = Side(Audience.TEACHER)
PUPIL_5 = Side(Audience.PUPIL, grade=5)
PUPIL_7 = Side(Audience.PUPIL, grade=7)
PUPIL_NO_GRADE = Side(Audience.PUPIL)
STUDENT = Side(Audience.EXTERNAL, mentor_kind="student")
EMPLOYER = Side(Audience.EXTERNAL, mentor_kind="employer")
GRADUATE = Side(Audience.EXTERNAL, mentor_kind="graduate")
PARENT = Side(Audience.EXTERNAL, mentor_kind="parent")
EXTERNAL_NO_KIND = Side(Audience.EXTERNAL)


@pytest.mark.parametrize(
    ("mentor", "mentee", "form"),
    [
        (TEACHER, TEACHER, F.TEACHER_TEACHER),
        (NO_POSITION, TEACHER, F.TEACHER_TEACHER),
        (HEAD, TEACHER, F.HEAD_TEACHER),
        (PUPIL_7, TEACHER, None),  # a teacher never gets a pupil mentor
        (STUDENT, TEACHER, None),  # nor an outside one
        (EMPLOYER, TEACHER, None),
        (TEACHER, PUPIL_5, F.TEACHER_PUPIL),
        (HEAD, PUPIL_5, F.TEACHER_PUPIL),
        (PUPIL_7, PUPIL_5, F.PUPIL_PUPIL),
        (PUPIL_5, PUPIL_7, None),  # a younger peer
        (PUPIL_5, PUPIL_5, None),  # the same class
        (PUPIL_NO_GRADE, PUPIL_5, None),
        (PUPIL_7, PUPIL_NO_GRADE, None),
        (STUDENT, PUPIL_5, F.STUDENT_PUPIL),
        (EMPLOYER, PUPIL_5, F.EMPLOYER_PUPIL),
        (GRADUATE, PUPIL_5, F.EMPLOYER_PUPIL),
        (PARENT, PUPIL_5, F.EMPLOYER_PUPIL),
        (EXTERNAL_NO_KIND, PUPIL_5, F.EMPLOYER_PUPIL),
        (TEACHER, STUDENT, None),  # outside people are never mentees
        (TEACHER, EXTERNAL_NO_KIND, None),
    ],
)
def test_form_for(mentor: Side, mentee: Side, form: F | None) -> None:
    assert form_for(mentor, mentee) is form


def test_enabled_forms_default_and_unknown_values() -> None:
    assert enabled_forms(None) == DEFAULT_ENABLED_FORMS == {F.TEACHER_TEACHER, F.HEAD_TEACHER}
    assert enabled_forms([]) == frozenset()
    assert enabled_forms(["pupil_pupil", "no_such_form", "teacher_pupil"]) == {
        F.PUPIL_PUPIL,
        F.TEACHER_PUPIL,
    }
    assert enabled_forms([f.value for f in SCHOOL_FORMS]) == frozenset(SCHOOL_FORMS)


def test_allowed_form_needs_the_form_enabled() -> None:
    assert allowed_form(TEACHER, TEACHER, DEFAULT_ENABLED_FORMS) is F.TEACHER_TEACHER
    assert allowed_form(TEACHER, PUPIL_5, DEFAULT_ENABLED_FORMS) is None
    assert allowed_form(TEACHER, PUPIL_5, frozenset({F.TEACHER_PUPIL})) is F.TEACHER_PUPIL
    assert allowed_form(PUPIL_7, PUPIL_5, frozenset({F.TEACHER_PUPIL})) is None
    assert allowed_form(PUPIL_5, PUPIL_7, frozenset(SCHOOL_FORMS)) is None
    assert allowed_form(STUDENT, TEACHER, frozenset(SCHOOL_FORMS)) is None


@pytest.mark.parametrize(
    ("mentor", "minor", "needed"),
    [
        (STUDENT, True, True),
        (EMPLOYER, True, True),
        (STUDENT, False, False),
        (TEACHER, True, False),
        (PUPIL_7, True, False),
    ],
)
def test_needs_safeguarding(mentor: Side, minor: bool, needed: bool) -> None:
    assert needs_safeguarding(mentor, minor) is needed


def test_toggled_keeps_school_order_and_newer_values() -> None:
    assert toggled(None, F.PUPIL_PUPIL) == ["teacher_teacher", "head_teacher", "pupil_pupil"]
    assert toggled(["pupil_pupil", "from_the_future"], F.TEACHER_PUPIL) == [
        "teacher_pupil",
        "pupil_pupil",
        "from_the_future",
    ]
    assert toggled(["pupil_pupil"], F.PUPIL_PUPIL) == []
    with pytest.raises(ValueError, match="not a form"):
        toggled(None, F.EMPLOYER_STUDENT)


def test_parse_forms() -> None:
    assert parse_forms("default") is None
    assert parse_forms(" pupil_pupil, teacher_teacher ") == ["teacher_teacher", "pupil_pupil"]
    assert parse_forms("") == []
    with pytest.raises(ValueError, match="unknown employer_student"):
        parse_forms("pupil_pupil,employer_student")

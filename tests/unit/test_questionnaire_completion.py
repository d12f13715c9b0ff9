"""Finishing a questionnaire: the kind of its subject picks the registered completion step,
and the bot has a way to tell people about every kind."""

from __future__ import annotations

import pytest

from handlers import questionnaire as qhandlers
from services.outbox_keys import meeting_log_subject
from services.questionnaire import completion
from services.questionnaire.completion import SubjectKind, subject_kind
from services.surveys.forms import subject_of


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        (None, SubjectKind.INTAKE),
        (meeting_log_subject(12), SubjectKind.MEETING_LOG),
        (subject_of(34), SubjectKind.SURVEY),
        ("something:else", SubjectKind.OTHER),
    ],
)
def test_a_subject_names_its_kind(subject: str | None, kind: SubjectKind) -> None:
    assert subject_kind(subject) is kind


def test_every_kind_has_a_completion_step_and_a_way_to_tell_it() -> None:
    assert set(completion._STEPS) == set(SubjectKind)
    assert set(qhandlers._FINISHERS) == set(SubjectKind)

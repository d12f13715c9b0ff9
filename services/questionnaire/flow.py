"""Where a person is in a form: next, back, skip, review. Pure functions over ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.questionnaire.answers import is_answered
from services.questionnaire.schema import Form


@dataclass(frozen=True)
class Position:
    """Either a question to ask (``question_id``) or the summary (``question_id is None``)."""

    question_id: str | None

    @property
    def is_review(self) -> bool:
        return self.question_id is None


REVIEW = Position(None)


def first(form: Form) -> Position:
    return Position(form.questions[0].id)


def after(form: Form, question_id: str, *, editing: bool, answers: Mapping[str, Any]) -> Position:
    """The position after answering ``question_id``.

    While editing from the summary the person returns to it, unless an answer is still missing
    (the form changed since they started, for instance).
    """
    if editing:
        missing = first_missing(form, answers)
        return Position(missing) if missing else REVIEW
    index = form.index_of(question_id)
    if index + 1 < len(form.questions):
        # the very next question, answered or not: after «Назад» twice the person walks forward
        # through what they answered (each shown with its answer and «Оставить»), never past it
        return Position(form.questions[index + 1].id)
    missing = first_missing(form, answers)
    return Position(missing) if missing else REVIEW


def before(form: Form, question_id: str) -> Position | None:
    index = form.index_of(question_id)
    if index == 0:
        return None
    return Position(form.questions[index - 1].id)


def first_missing(form: Form, answers: Mapping[str, Any]) -> str | None:
    """The first question still without a finished answer (optional ones may be skipped: None)."""
    for question in form.questions:
        if question.id not in answers:
            return question.id
        if question.required and not is_answered(question, answers[question.id]):
            return question.id
    return None


def progress(form: Form, question_id: str) -> tuple[int, int]:
    return form.index_of(question_id) + 1, len(form.questions)

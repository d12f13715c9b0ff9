"""The countable part of a completed survey: what may be kept without the person.

Scales and numbers keep their value, yes/no becomes 1/0, a choice keeps its option id (one row
per chosen option of a multiple choice). Free text, dates and files are never copied: they can
name or describe a person, and they are deleted with the person's response.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from services.questionnaire.schema import Form, QuestionType


@dataclass(frozen=True)
class Countable:
    question_id: str
    value_num: int | None = None
    value_option: str | None = None


def countable_answers(form: Form, answers: Mapping[str, Any]) -> list[Countable]:
    """Rows for ``survey_results`` in the form's question order; skipped questions give none.

    A multiple choice answered with no option at all gives no row either: the respondent is
    still counted through their other answers (every row of a response shares its token).
    """
    rows: list[Countable] = []
    for question in form.questions:
        value = answers.get(question.id)
        count = _COUNTED.get(question.type)  # text, date, file: personal, never kept
        if value is not None and count is not None:
            rows.extend(count(form, question.id, value))
    return rows


def _numeric(form: Form, question_id: str, value: Any) -> list[Countable]:
    if isinstance(value, int) and not isinstance(value, bool):
        return [Countable(question_id, value_num=value)]
    return []


def _yes_no(form: Form, question_id: str, value: Any) -> list[Countable]:
    if isinstance(value, bool):
        return [Countable(question_id, value_num=int(value))]
    return []


def _single(form: Form, question_id: str, value: Any) -> list[Countable]:
    if isinstance(value, str) and value in _option_ids(form, question_id):
        return [Countable(question_id, value_option=value)]
    return []


def _multi(form: Form, question_id: str, value: Any) -> list[Countable]:
    known = _option_ids(form, question_id)
    if not isinstance(value, list):
        return []
    return [
        Countable(question_id, value_option=option)
        for option in value
        if isinstance(option, str) and option in known
    ]


_COUNTED: dict[QuestionType, Callable[[Form, str, Any], list[Countable]]] = {
    QuestionType.SCALE: _numeric,
    QuestionType.NUMBER: _numeric,
    QuestionType.YESNO: _yes_no,
    QuestionType.SINGLE: _single,
    QuestionType.MULTI: _multi,
}


def _option_ids(form: Form, question_id: str) -> set[str]:
    return {option.id for option in form.question(question_id).options}

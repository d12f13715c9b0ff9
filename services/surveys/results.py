"""The countable part of a completed survey: what may be kept without the person.

Scales and numbers keep their value, yes/no becomes 1/0, a choice keeps its option id (one row
per chosen option of a multiple choice). Free text, dates and files are never copied: they can
name or describe a person, and they are deleted with the person's response.
"""

from __future__ import annotations

from collections.abc import Mapping
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
        if value is None:
            continue
        match question.type:
            case QuestionType.SCALE | QuestionType.NUMBER:
                if isinstance(value, int) and not isinstance(value, bool):
                    rows.append(Countable(question.id, value_num=value))
            case QuestionType.YESNO:
                if isinstance(value, bool):
                    rows.append(Countable(question.id, value_num=int(value)))
            case QuestionType.SINGLE:
                if isinstance(value, str) and value in _option_ids(form, question.id):
                    rows.append(Countable(question.id, value_option=value))
            case QuestionType.MULTI:
                known = _option_ids(form, question.id)
                if isinstance(value, list):
                    rows.extend(
                        Countable(question.id, value_option=option)
                        for option in value
                        if isinstance(option, str) and option in known
                    )
            case _:
                pass  # text, date, file: personal, never kept
    return rows


def _option_ids(form: Form, question_id: str) -> set[str]:
    return {option.id for option in form.question(question_id).options}

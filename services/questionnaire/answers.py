"""Parsing and validating one answer. Errors are codes; the bot turns them into sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from services.questionnaire.schema import Question, QuestionType

AnswerValue = str | int | bool | list[str] | dict[str, str] | None

_YES = {"да", "д", "yes", "y", "+", "ага", "конечно"}
_NO = {"нет", "н", "no", "n", "-"}
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
# years a person could plausibly mean in an intake form
_DATE_MIN = date(1930, 1, 1)
_DATE_MAX = date(2100, 12, 31)


@dataclass(frozen=True)
class Invalid:
    """Why an input was refused: ``code`` names a message in the locale files."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Valid:
    value: AnswerValue


ParseResult = Valid | Invalid


def parse_text(question: Question, raw: str) -> ParseResult:
    """Turn a typed message into an answer for ``question``."""
    text = raw.strip()
    if not text:
        return Invalid("answer-empty")
    parse = _TYPED_PARSERS.get(question.type)
    if parse is None:  # pragma: no cover - every type has its parser
        return Invalid("answer-use-buttons")
    return parse(question, text)


def _parse_free_text(question: Question, text: str) -> ParseResult:
    if len(text) > question.max_length:
        return Invalid("answer-too-long", {"limit": question.max_length, "length": len(text)})
    return Valid(text)


def _parse_typed_date(question: Question, text: str) -> ParseResult:
    return _parse_date(text)


def _parse_yes_no(question: Question, text: str) -> ParseResult:
    word = text.lower().strip(".!")
    if word in _YES:
        return Valid(True)
    if word in _NO:
        return Valid(False)
    return Invalid("answer-use-buttons")


def _parse_single(question: Question, text: str) -> ParseResult:
    option_id = _match_option(question, text)
    return Valid(option_id) if option_id else Invalid("answer-use-buttons")


def _use_buttons(question: Question, text: str) -> ParseResult:
    return Invalid("answer-use-buttons")


def _send_file(question: Question, text: str) -> ParseResult:
    return Invalid("answer-send-file")


def _parse_int(question: Question, text: str) -> ParseResult:
    match = re.fullmatch(r"[+]?\s*(\d{1,6})(?:\s*\D{0,12})?", text)
    if not match:
        return Invalid("answer-not-number")
    low, high = question.bounds
    value = int(match.group(1))
    if not low <= value <= high:
        return Invalid("answer-out-of-range", {"min": low, "max": high})
    return Valid(value)


def parse_date(text: str) -> ParseResult:
    """A typed date (ДД.ММ.ГГГГ and the other accepted forms) as an ISO string, or why not."""
    return _parse_date(text)


def typed_date(text: str) -> date | None:
    """A date typed the ways the questionnaire accepts, within its sane range; None if not."""
    result = _parse_date(text)
    if isinstance(result, Valid) and isinstance(result.value, str):
        return date.fromisoformat(result.value)
    return None


def _parse_date(text: str) -> ParseResult:
    cleaned = text.replace(" ", "")
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        if not _DATE_MIN <= parsed <= _DATE_MAX:
            return Invalid("answer-date-out-of-range")
        return Valid(parsed.isoformat())
    return Invalid("answer-not-date")


def _match_option(question: Question, text: str) -> str | None:
    """Accept a typed option: its number in the list or its text (any case)."""
    lowered = text.lower()
    if lowered.isdigit():
        index = int(lowered) - 1
        if 0 <= index < len(question.options):
            return question.options[index].id
        return None
    for option in question.options:
        if lowered in (option.text.ru.lower(), option.text.en.lower()):
            return option.id
    return None


def file_answer(file_id: str, name: str | None) -> Valid:
    return Valid({"file_id": file_id, "name": name or ""})


def option_by_index(question: Question, index: int) -> str | None:
    if 0 <= index < len(question.options):
        return question.options[index].id
    return None


def toggle(question: Question, selected: list[str], option_id: str) -> list[str] | Invalid:
    """Flip one option of a multi-choice question, keeping the form's option order."""
    if option_id not in {o.id for o in question.options}:
        return Invalid("answer-use-buttons")
    chosen = set(selected)
    if option_id in chosen:
        chosen.discard(option_id)
    else:
        if question.max_choices is not None and len(chosen) >= question.max_choices:
            return Invalid("answer-too-many", {"max": question.max_choices})
        chosen.add(option_id)
    return [o.id for o in question.options if o.id in chosen]


def check_multi_done(question: Question, selected: list[str]) -> Invalid | None:
    if len(selected) < question.min_choices:
        return Invalid("answer-too-few", {"min": question.min_choices})
    return None


def check_scale(question: Question, value: int) -> ParseResult:
    low, high = question.bounds
    if not low <= value <= high:
        return Invalid("answer-out-of-range", {"min": low, "max": high})
    return Valid(value)


def is_answered(question: Question, value: Any) -> bool:
    """A stored value counts as a finished answer (a half-toggled multi choice does not)."""
    if value is None:
        return False
    if question.type is QuestionType.MULTI:
        return isinstance(value, list) and len(value) >= question.min_choices
    return True


# what a typed message means for each type of question
_TYPED_PARSERS: dict[QuestionType, Callable[[Question, str], ParseResult]] = {
    QuestionType.TEXT: _parse_free_text,
    QuestionType.NUMBER: _parse_int,
    QuestionType.SCALE: _parse_int,
    QuestionType.DATE: _parse_typed_date,
    QuestionType.YESNO: _parse_yes_no,
    QuestionType.SINGLE: _parse_single,
    QuestionType.MULTI: _use_buttons,
    QuestionType.FILE: _send_file,
}

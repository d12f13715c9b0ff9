"""Parsing typed answers, toggles and navigation of the questionnaire engine."""

from __future__ import annotations

import pytest

from services.questionnaire import flow
from services.questionnaire.answers import (
    Invalid,
    Valid,
    check_multi_done,
    check_scale,
    is_answered,
    parse_text,
    toggle,
)
from services.questionnaire.schema import Form, LocalizedText, Option, Question, QuestionType


def t(text: str) -> LocalizedText:
    return LocalizedText(ru=text, en=text)


def q(qid: str, qtype: QuestionType, **kw: object) -> Question:
    return Question.model_validate({"id": qid, "type": qtype, "text": t(qid), **kw})


OPTIONS = [
    Option(id=f"o{i}", text=LocalizedText(ru=f"Вариант {i}", en=f"Option {i}")) for i in range(1, 5)
]
TEXT = q("name", QuestionType.TEXT, max_length=10)
NUMBER = q("years", QuestionType.NUMBER, min=0, max=60)
DATE = q("start", QuestionType.DATE)
SCALE = q("rate", QuestionType.SCALE)
YESNO = q("ok", QuestionType.YESNO)
SINGLE = q("one", QuestionType.SINGLE, options=OPTIONS)
MULTI = q("many", QuestionType.MULTI, options=OPTIONS, min_choices=1, max_choices=2)


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        (TEXT, "  Анна  ", Valid("Анна")),
        (TEXT, "x" * 11, Invalid("answer-too-long", {"limit": 10, "length": 11})),
        (TEXT, "   ", Invalid("answer-empty")),
        (NUMBER, "5", Valid(5)),
        (NUMBER, "12 лет", Valid(12)),
        (NUMBER, "61", Invalid("answer-out-of-range", {"min": 0, "max": 60})),
        (NUMBER, "пять", Invalid("answer-not-number")),
        (NUMBER, "-3", Invalid("answer-not-number")),
        (DATE, "01.09.2026", Valid("2026-09-01")),
        (DATE, "1.9.26", Valid("2026-09-01")),
        (DATE, "2026-09-01", Valid("2026-09-01")),
        (DATE, "31.02.2026", Invalid("answer-not-date")),
        (DATE, "завтра", Invalid("answer-not-date")),
        (DATE, "01.01.1800", Invalid("answer-date-out-of-range")),
        (SCALE, "7", Valid(7)),
        (SCALE, "11", Invalid("answer-out-of-range", {"min": 1, "max": 10})),
        (YESNO, "Да", Valid(True)),
        (YESNO, "no", Valid(False)),
        (YESNO, "может быть", Invalid("answer-use-buttons")),
        (SINGLE, "2", Valid("o2")),
        (SINGLE, "вариант 3", Valid("o3")),
        (SINGLE, "Option 4", Valid("o4")),
        (SINGLE, "9", Invalid("answer-use-buttons")),
        (MULTI, "1, 2", Invalid("answer-use-buttons")),
    ],
)
def test_parse_text(question: Question, raw: str, expected: object) -> None:
    assert parse_text(question, raw) == expected


def test_toggle_keeps_form_order_and_limits() -> None:
    picked = toggle(MULTI, [], "o3")
    assert picked == ["o3"]
    assert isinstance(picked, list)
    picked = toggle(MULTI, picked, "o1")
    assert picked == ["o1", "o3"]
    assert isinstance(picked, list)
    assert toggle(MULTI, picked, "o2") == Invalid("answer-too-many", {"max": 2})
    assert toggle(MULTI, picked, "o3") == ["o1"]
    assert toggle(MULTI, picked, "forged") == Invalid("answer-use-buttons")


def test_multi_done_needs_minimum() -> None:
    assert check_multi_done(MULTI, []) == Invalid("answer-too-few", {"min": 1})
    assert check_multi_done(MULTI, ["o1"]) is None
    assert not is_answered(MULTI, [])
    assert is_answered(MULTI, ["o1"])


def test_scale_bounds() -> None:
    assert check_scale(SCALE, 10) == Valid(10)
    assert isinstance(check_scale(SCALE, 0), Invalid)


FORM = Form(
    id="f",
    version=1,
    title=t("f"),
    questions=(TEXT, q("opt", QuestionType.TEXT, required=False), MULTI, YESNO),
)


def test_flow_forward_back_and_review() -> None:
    assert flow.first(FORM) == flow.Position("name")
    answers: dict[str, object] = {"name": "A"}
    assert flow.after(FORM, "name", editing=False, answers=answers) == flow.Position("opt")
    answers["opt"] = None  # skipped optional question
    assert flow.after(FORM, "opt", editing=False, answers=answers) == flow.Position("many")
    answers["many"] = ["o1"]
    answers["ok"] = True
    assert flow.after(FORM, "ok", editing=False, answers=answers) == flow.REVIEW
    assert flow.before(FORM, "many") == flow.Position("opt")
    assert flow.before(FORM, "name") is None
    assert flow.progress(FORM, "many") == (3, 4)


def test_flow_editing_returns_to_review_unless_something_is_missing() -> None:
    full: dict[str, object] = {"name": "A", "opt": None, "many": ["o1"], "ok": False}
    assert flow.after(FORM, "name", editing=True, answers=full).is_review
    partial: dict[str, object] = {"name": "A", "opt": None, "many": [], "ok": False}
    assert flow.after(FORM, "name", editing=True, answers=partial) == flow.Position("many")


def test_flow_after_skips_questions_already_answered() -> None:
    # coming back from "back": answers after the current one stay and are not asked again
    answers = {"name": "A", "opt": "x", "many": ["o2"], "ok": True}
    assert flow.after(FORM, "name", editing=False, answers=answers).is_review

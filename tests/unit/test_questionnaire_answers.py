"""Parsing typed answers, toggles and navigation of the questionnaire engine."""

from __future__ import annotations

import pytest

from bot.tg.i18n import I18n, Translator
from bot.tg.views.questionnaire import can_keep, format_answer, question_keyboard, question_text
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


def test_flow_after_back_walks_through_the_answered_questions() -> None:
    # coming back from «Назад»: the next question is asked again (with «Оставить как есть»),
    # never jumped over; the review comes after the last one
    answers = {"name": "A", "opt": "x", "many": ["o2"], "ok": True}
    assert flow.after(FORM, "name", editing=False, answers=answers) == flow.Position("opt")
    assert flow.after(FORM, "many", editing=False, answers=answers) == flow.Position("ok")
    assert flow.after(FORM, "ok", editing=False, answers=answers).is_review
    # the last question answered with a gap before it goes to the gap
    gap = {"name": "A", "ok": True}
    assert flow.after(FORM, "ok", editing=False, answers=gap) == flow.Position("opt")


def test_keep_is_offered_for_a_given_answer_that_still_holds() -> None:
    assert can_keep(TEXT, {"name": "A"})
    assert not can_keep(TEXT, {})
    assert can_keep(YESNO, {"ok": False})  # «Нет» is an answer to keep
    # a multiple choice keeps its ticks with «Готово»
    assert not can_keep(MULTI, {"many": ["o1"]})
    optional = q("opt", QuestionType.TEXT, required=False)
    assert can_keep(optional, {"opt": None})  # skipped before: keeping it skips it again
    assert not can_keep(TEXT, {"name": None})  # a required question never keeps a gap


def test_a_question_asked_again_shows_its_answer_and_keep(translator: Translator) -> None:
    i18n = I18n(translator, "ru")
    text = question_text(i18n, FORM, TEXT, editing=False, answers={"name": "Анна <b>"})
    assert "Сейчас: Анна &lt;b&gt;" in text
    assert "Сейчас" not in question_text(i18n, FORM, TEXT, editing=False, answers={})
    keyboard = question_keyboard(i18n, 1, FORM, TEXT, "Анна", keep=True)
    buttons = [b.text for row in keyboard.inline_keyboard for b in row]
    assert "Оставить как есть →" in buttons
    assert "Пропустить →" not in buttons


def test_an_empty_choice_is_not_shown_as_skipped(translator: Translator) -> None:
    i18n = I18n(translator, "ru")
    assert format_answer(i18n, MULTI, []) == "— (ничего не выбрано)"
    assert format_answer(i18n, MULTI, None) == "— (пропущено)"
    assert format_answer(I18n(translator, "en"), MULTI, []) == "— (none chosen)"

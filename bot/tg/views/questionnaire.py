"""How a question, an answer and the summary look in chat."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import AnswerAct, AnswerCb, ReviewAct, ReviewCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, shorten
from services.questionnaire import flow
from services.questionnaire.answers import is_answered
from services.questionnaire.schema import Form, Question, QuestionType

SUMMARY_ANSWER_LIMIT = 300
ANSWER_LINE_LIMIT = 200  # the answer given before, shown under a question asked again


def question_text(
    i18n: I18n,
    form: Form,
    question: Question,
    *,
    editing: bool,
    answers: Mapping[str, Any] | None = None,
) -> str:
    number, total = flow.progress(form, question.id)
    lines = [
        i18n("q-progress", number=number, total=total, title=form.title.get(i18n.locale)),
        f"<b>{esc(question.text.get(i18n.locale))}</b>",
    ]
    if question.hint:
        lines.append(f"<i>{esc(question.hint.get(i18n.locale))}</i>")
    match question.type:
        case QuestionType.TEXT:
            lines.append(i18n("q-type-text", limit=question.max_length))
        case QuestionType.NUMBER:
            low, high = question.bounds
            lines.append(i18n("q-type-number", min=low, max=high))
        case QuestionType.DATE:
            lines.append(i18n("q-type-date"))
        case QuestionType.MULTI:
            lines.append(i18n("q-type-multi"))
        case QuestionType.FILE:
            lines.append(i18n("q-type-file"))
        case _:
            pass
    if not question.required:
        lines.append(i18n("q-optional"))
    if answers is not None and question.id in answers:
        shown = shorten(format_answer(i18n, question, answers[question.id]), ANSWER_LINE_LIMIT)
        lines.append(i18n("q-current-answer", answer=esc(shown)))
    if editing:
        lines.append(i18n("q-editing"))
    return "\n".join(lines)


def can_keep(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether «Оставить как есть» may stand for an answer: one was given and still holds.
    A multiple choice has «Готово» for that, its ticks being saved as they are made."""
    if question.type is QuestionType.MULTI or question.id not in answers:
        return False
    value = answers[question.id]
    return is_answered(question, value) if question.required else True


# a button under a question: its text, the action it sends and the action's value
_Button = tuple[str, AnswerAct, int]
# the answer buttons of one type of question, and the sizes of their rows
_Buttons = tuple[list[_Button], list[int]]


def _single_buttons(i18n: I18n, question: Question, current: Any) -> _Buttons:
    buttons = [
        (
            ("● " if current == option.id else "") + option.text.get(i18n.locale),
            AnswerAct.OPTION,
            index,
        )
        for index, option in enumerate(question.options)
    ]
    return buttons, [1] * len(buttons)


def _multi_buttons(i18n: I18n, question: Question, current: Any) -> _Buttons:
    chosen = set(current) if isinstance(current, list) else set()
    buttons = [
        (
            ("✅ " if option.id in chosen else "▫️ ") + option.text.get(i18n.locale),
            AnswerAct.TOGGLE,
            index,
        )
        for index, option in enumerate(question.options)
    ]
    buttons.append((i18n("btn-done"), AnswerAct.DONE, 0))
    return buttons, [1] * len(buttons)


def _scale_buttons(i18n: I18n, question: Question, current: Any) -> _Buttons:
    low, high = question.bounds
    values = list(range(low, high + 1))
    buttons = [
        (f"[{value}]" if current == value else str(value), AnswerAct.VALUE, value)
        for value in values
    ]
    row = 5 if len(values) > 5 else len(values)
    return buttons, [row] * ((len(values) + row - 1) // row)


def _yes_no_buttons(i18n: I18n, question: Question, current: Any) -> _Buttons:
    return [(i18n("btn-yes"), AnswerAct.VALUE, 1), (i18n("btn-no"), AnswerAct.VALUE, 0)], [2]


# the questions answered by buttons; the others are typed (or sent, a file)
_ANSWER_BUTTONS: dict[QuestionType, Callable[[I18n, Question, Any], _Buttons]] = {
    QuestionType.SINGLE: _single_buttons,
    QuestionType.MULTI: _multi_buttons,
    QuestionType.SCALE: _scale_buttons,
    QuestionType.YESNO: _yes_no_buttons,
}


def _nav_buttons(i18n: I18n, form: Form, question: Question, *, keep: bool) -> list[_Button]:
    """«Назад» past the first question, then «Оставить» or, for an optional one, «Пропустить»."""
    buttons: list[_Button] = []
    if form.index_of(question.id) > 0:
        buttons.append((i18n("btn-back"), AnswerAct.BACK, 0))
    if keep:
        buttons.append((i18n("btn-keep"), AnswerAct.KEEP, 0))
    elif not question.required:
        buttons.append((i18n("btn-skip"), AnswerAct.SKIP, 0))
    return buttons


def question_keyboard(
    i18n: I18n,
    response_id: int,
    form: Form,
    question: Question,
    current: Any,
    *,
    keep: bool = False,
) -> InlineKeyboardMarkup:
    answer_buttons = _ANSWER_BUTTONS.get(question.type)
    buttons, sizes = answer_buttons(i18n, question, current) if answer_buttons else ([], [])
    nav = _nav_buttons(i18n, form, question, keep=keep)
    if nav:
        sizes.append(len(nav))
    kb = InlineKeyboard()
    for text, act, value in [*buttons, *nav]:
        kb.button(
            text=text,
            callback_data=AnswerCb(
                response=response_id, question=question.id, act=act, value=value
            ),
        )
    kb.adjust(*sizes) if sizes else None
    return kb.as_markup()


def format_answer(i18n: I18n, question: Question, value: Any) -> str:
    """An answer as the person sees it in the summary, /mydata and the curator's card."""
    if value is None:
        return i18n("answer-skipped")
    locale = i18n.locale
    match question.type:
        case QuestionType.SINGLE:
            for option in question.options:
                if option.id == value:
                    return option.text.get(locale)
            return str(value)
        case QuestionType.MULTI:
            names = [o.text.get(locale) for o in question.options if o.id in set(value or [])]
            # an empty choice is an answer («ничего из этого»), not a skipped question
            return ", ".join(names) if names else i18n("answer-none-chosen")
        case QuestionType.YESNO:
            return i18n("btn-yes") if value else i18n("btn-no")
        case QuestionType.DATE:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        case QuestionType.FILE:
            name = value.get("name") if isinstance(value, dict) else None
            return f"📎 {name}" if name else i18n("answer-file")
        case _:
            return str(value)


def answers_text(
    i18n: I18n,
    form: Form,
    answers: dict[str, Any],
    *,
    numbered: bool,
    limit: int | None = None,
    labels: bool = False,
) -> str:
    """Answers under their questions; ``labels`` puts a question's short label instead of its
    full text, for cards read by someone other than the person who answered."""
    lines = []
    for number, question in enumerate(form.questions, start=1):
        if question.id not in answers:
            continue
        shown = format_answer(i18n, question, answers[question.id])
        if limit is not None:
            shown = shorten(shown, limit)
        prefix = f"{number}. " if numbered else ""
        title = question.label if labels and question.label else question.text
        lines.append(f"{prefix}<b>{esc(title.get(i18n.locale))}</b>\n{esc(shown)}")
    return "\n".join(lines)


def summary_text(i18n: I18n, form: Form, answers: dict[str, Any]) -> str:
    body = answers_text(i18n, form, answers, numbered=True, limit=SUMMARY_ANSWER_LIMIT)
    return f"{i18n('q-summary-title', title=form.title.get(i18n.locale))}\n\n{body}\n\n{i18n('q-summary-hint')}"


def summary_keyboard(i18n: I18n, response_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-confirm"),
        callback_data=ReviewCb(response=response_id, act=ReviewAct.CONFIRM),
    )
    kb.button(
        text=i18n("btn-edit-answer"),
        callback_data=ReviewCb(response=response_id, act=ReviewAct.LIST),
    )
    kb.adjust(1)
    return kb.as_markup()


def edit_picker_keyboard(i18n: I18n, response_id: int, form: Form) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for number, _question in enumerate(form.questions, start=1):
        kb.button(
            text=str(number),
            callback_data=ReviewCb(response=response_id, act=ReviewAct.EDIT, number=number),
        )
    kb.button(
        text=i18n("btn-back"), callback_data=ReviewCb(response=response_id, act=ReviewAct.SHOW)
    )
    count = len(form.questions)
    kb.adjust(*([6] * (count // 6)), *([count % 6] if count % 6 else []), 1)
    return kb.as_markup()

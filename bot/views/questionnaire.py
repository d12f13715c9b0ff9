"""How a question, an answer and the summary look in chat."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks import AnswerCb, ReviewCb
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.views.common import esc, shorten
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


def question_keyboard(
    i18n: I18n,
    response_id: int,
    form: Form,
    question: Question,
    current: Any,
    *,
    keep: bool = False,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    qid = question.id
    sizes: list[int] = []
    match question.type:
        case QuestionType.SINGLE:
            for index, option in enumerate(question.options):
                mark = "● " if current == option.id else ""
                kb.button(
                    text=mark + option.text.get(i18n.locale),
                    callback_data=AnswerCb(rid=response_id, q=qid, act="o", v=index),
                )
            sizes += [1] * len(question.options)
        case QuestionType.MULTI:
            chosen = set(current) if isinstance(current, list) else set()
            for index, option in enumerate(question.options):
                mark = "✅ " if option.id in chosen else "▫️ "
                kb.button(
                    text=mark + option.text.get(i18n.locale),
                    callback_data=AnswerCb(rid=response_id, q=qid, act="t", v=index),
                )
            kb.button(
                text=i18n("btn-done"), callback_data=AnswerCb(rid=response_id, q=qid, act="d")
            )
            sizes += [1] * (len(question.options) + 1)
        case QuestionType.SCALE:
            low, high = question.bounds
            values = list(range(low, high + 1))
            for value in values:
                label = f"[{value}]" if current == value else str(value)
                kb.button(
                    text=label, callback_data=AnswerCb(rid=response_id, q=qid, act="v", v=value)
                )
            row = 5 if len(values) > 5 else len(values)
            sizes += [row] * ((len(values) + row - 1) // row)
        case QuestionType.YESNO:
            kb.button(
                text=i18n("btn-yes"), callback_data=AnswerCb(rid=response_id, q=qid, act="v", v=1)
            )
            kb.button(
                text=i18n("btn-no"), callback_data=AnswerCb(rid=response_id, q=qid, act="v", v=0)
            )
            sizes.append(2)
        case _:
            pass
    nav = 0
    if form.index_of(qid) > 0:
        kb.button(text=i18n("btn-back"), callback_data=AnswerCb(rid=response_id, q=qid, act="b"))
        nav += 1
    if keep:
        kb.button(text=i18n("btn-keep"), callback_data=AnswerCb(rid=response_id, q=qid, act="k"))
        nav += 1
    elif not question.required:
        kb.button(text=i18n("btn-skip"), callback_data=AnswerCb(rid=response_id, q=qid, act="s"))
        nav += 1
    if nav:
        sizes.append(nav)
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
    kb.button(text=i18n("btn-confirm"), callback_data=ReviewCb(rid=response_id, act="ok"))
    kb.button(text=i18n("btn-edit-answer"), callback_data=ReviewCb(rid=response_id, act="list"))
    kb.adjust(1)
    return kb.as_markup()


def edit_picker_keyboard(i18n: I18n, response_id: int, form: Form) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for number, _question in enumerate(form.questions, start=1):
        kb.button(text=str(number), callback_data=ReviewCb(rid=response_id, act="ed", n=number))
    kb.button(text=i18n("btn-back"), callback_data=ReviewCb(rid=response_id, act="show"))
    count = len(form.questions)
    kb.adjust(*([6] * (count // 6)), *([count % 6] if count % 6 else []), 1)
    return kb.as_markup()

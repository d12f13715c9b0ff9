"""The personalized program in chat (its card and buttons) and as a DOCX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import ProgramAct, ProgramCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_date, shorten
from bot.tg.views.labels import Labels
from models import Goal, Meeting, Organization, Pairing, Program, ProgramState
from services.documents.docx_kit import MISSING, format_date
from services.programs.document import ProgramDocument
from services.programs.rules import EDITABLE


@dataclass(frozen=True)
class Side:
    user_id: int | None
    name: str
    position: str  # position or class, "" when unknown


@dataclass(frozen=True)
class ProgramCard:
    """Everything a view of the program shows."""

    org: Organization
    pairing: Pairing
    program: Program
    goals: list[Goal]
    meetings: list[Meeting]
    mentor: Side
    mentees: list[Side]
    meeting_form: str  # the pair's usual form of meetings (the mentee's intake), "" unknown
    head_name: str | None  # the organization's head, when one uses the bot
    approver_name: str | None


def difficulty_label(labels: Labels, code: str) -> str:
    """Teachers' difficulties are the competences catalogue, pupils' their needs."""
    return labels.maps.get("competences", {}).get(code) or labels.one("pupil_needs", code)


def goal_difficulties(goal: Goal) -> list[str]:
    if goal.difficulties:
        return [str(code) for code in goal.difficulties]
    return [goal.difficulty] if goal.difficulty else []


def _side_line(side: Side) -> str:
    return f"{side.name}, {side.position}" if side.position else side.name


def _meeting_form(i18n: I18n, card: ProgramCard, meeting: Meeting) -> str:
    if meeting.format in ("offline", "online"):
        return i18n(f"program-form-{meeting.format}")
    return card.meeting_form or MISSING


def program_text(i18n: I18n, labels: Labels, card: ProgramCard) -> str:
    program = card.program
    lines = [
        i18n("program-card-title", org=esc(card.org.name)),
        i18n(f"program-state-{program.state.value}"),
        i18n("program-mentor", name=esc(_side_line(card.mentor))),
        *(i18n("program-mentee", name=esc(_side_line(m))) for m in card.mentees),
        i18n(
            "program-period",
            start=local_date(program.start_on),
            end=local_date(program.end_on),
        ),
        "",
        i18n("program-goals-title"),
    ]
    for number, goal in enumerate(card.goals, start=1):
        difficulties = ", ".join(difficulty_label(labels, c) for c in goal_difficulties(goal))
        lines.append(f"{number}. {esc(goal.title)}")
        if difficulties:
            lines.append(i18n("program-goal-difficulties", names=esc(difficulties)))
        if goal.expected_result:
            lines.append(i18n("program-goal-result", result=esc(goal.expected_result)))
    if not card.goals:
        lines.append(i18n("program-goals-empty"))
    lines += ["", i18n("program-meetings-title", count=len(card.meetings))]
    lines += [
        i18n(
            "program-meeting-line",
            number=m.sequence,
            kind=i18n(f"meeting-kind-{m.kind.value}"),
            due=local_date(m.due_on),
        )
        for m in card.meetings
    ]
    if program.state in EDITABLE:
        lines.append("")
        lines.append(
            i18n("program-mentee-agreed")
            if program.mentee_agreed_at
            else i18n("program-mentee-not-agreed")
        )
    if program.state is ProgramState.RETURNED and program.comment:
        lines.append(i18n("program-returned-comment", comment=esc(program.comment)))
    if program.state is ProgramState.APPROVED and program.approved_at:
        lines.append(
            i18n(
                "program-approved-line",
                date=local_date(program.approved_at, card.org.timezone),
                name=esc(card.approver_name or i18n("name-unknown")),
            )
        )
    return "\n".join(lines)


def program_keyboard(
    i18n: I18n,
    card: ProgramCard,
    *,
    is_mentor: bool,
    is_mentee: bool,
    may_approve: bool,
    can_pick_period: bool,
) -> InlineKeyboardMarkup:
    program = card.program
    p = card.pairing.id
    kb = InlineKeyboard()
    editable = program.state in EDITABLE
    if is_mentor and editable:
        if can_pick_period:
            kb.button(
                text=i18n("btn-program-period"),
                callback_data=ProgramCb(act=ProgramAct.PERIOD, pairing=p),
            )
        kb.button(
            text=i18n("btn-program-goal-add"),
            callback_data=ProgramCb(act=ProgramAct.GOAL_ADD, pairing=p),
        )
        for number, goal in enumerate(card.goals, start=1):
            kb.button(
                text=i18n("btn-program-goal-delete", number=number, title=shorten(goal.title, 30)),
                callback_data=ProgramCb(act=ProgramAct.GOAL_DELETE, pairing=p, goal=goal.id),
            )
        kb.button(
            text=i18n("btn-program-share"), callback_data=ProgramCb(act=ProgramAct.SHARE, pairing=p)
        )
        kb.button(
            text=i18n("btn-program-submit"),
            callback_data=ProgramCb(act=ProgramAct.SUBMIT, pairing=p),
        )
    if is_mentee and editable:
        kb.button(
            text=i18n("btn-program-agree"),
            callback_data=ProgramCb(act=ProgramAct.AGREE, pairing=p, version=program.version),
        )
        kb.button(
            text=i18n("btn-program-change"),
            callback_data=ProgramCb(act=ProgramAct.CHANGE, pairing=p, version=program.version),
        )
    if may_approve and program.state is ProgramState.SUBMITTED:
        kb.button(
            text=i18n("btn-program-approve"),
            callback_data=ProgramCb(act=ProgramAct.APPROVE, pairing=p, version=program.version),
        )
        kb.button(
            text=i18n("btn-program-return"),
            callback_data=ProgramCb(act=ProgramAct.RETURN, pairing=p, version=program.version),
        )
    if program.state is ProgramState.APPROVED:
        kb.button(
            text=i18n("btn-program-docx"), callback_data=ProgramCb(act=ProgramAct.DOCX, pairing=p)
        )
    kb.adjust(1)
    return kb.as_markup()


def open_keyboard(i18n: I18n, pairing_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-program-open"),
        callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id),
    )
    return kb.as_markup()


def docx_keyboard(i18n: I18n, pairing_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-program-docx"),
        callback_data=ProgramCb(act=ProgramAct.DOCX, pairing=pairing_id),
    )
    kb.button(
        text=i18n("btn-program-open"),
        callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def mentee_keyboard(i18n: I18n, pairing_id: int, version: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-program-open"),
        callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id),
    )
    kb.button(
        text=i18n("btn-program-agree"),
        callback_data=ProgramCb(act=ProgramAct.AGREE, pairing=pairing_id, version=version),
    )
    kb.button(
        text=i18n("btn-program-change"),
        callback_data=ProgramCb(act=ProgramAct.CHANGE, pairing=pairing_id, version=version),
    )
    kb.adjust(1)
    return kb.as_markup()


def period_keyboard(
    i18n: I18n, pairing_id: int, months: list[int], default_end: date, current: int | None
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-program-period-default", end=local_date(default_end)),
        callback_data=ProgramCb(act=ProgramAct.SET_MONTHS, pairing=pairing_id, months=0),
    )
    for count in months:
        mark = "✅ " if count == current else ""
        kb.button(
            text=mark + i18n("btn-program-period-months", count=count),
            callback_data=ProgramCb(act=ProgramAct.SET_MONTHS, pairing=pairing_id, months=count),
        )
    kb.button(
        text=i18n("btn-back"), callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id)
    )
    kb.adjust(1, 4, 4, 2, 1)
    return kb.as_markup()


def difficulty_keyboard(
    i18n: I18n, labels: Labels, pairing_id: int, options: list[str], chosen: list[str]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for code in options:
        mark = "✅" if code in chosen else "⬜"
        kb.button(
            text=f"{mark} {difficulty_label(labels, code)}",
            callback_data=ProgramCb(
                act=ProgramAct.GOAL_DIFFICULTY, pairing=pairing_id, difficulty=code
            ),
        )
    kb.button(
        text=i18n("btn-program-goal-next"),
        callback_data=ProgramCb(act=ProgramAct.GOAL_NEXT, pairing=pairing_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def skip_result_keyboard(i18n: I18n, pairing_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-program-result-skip"),
        callback_data=ProgramCb(act=ProgramAct.GOAL_SKIP_RESULT, pairing=pairing_id),
    )
    return kb.as_markup()


def program_document(i18n: I18n, labels: Labels, card: ProgramCard) -> ProgramDocument:
    program = card.program
    approved_by_head = card.head_name is not None and card.approver_name == card.head_name
    approved_on = (
        program.approved_at.astimezone(ZoneInfo(card.org.timezone)).date()
        if program.approved_at
        else None
    )
    head_date = (
        i18n("program-doc-date", date=format_date(approved_on))
        if approved_by_head and approved_on
        else i18n("program-doc-date-blank")
    )
    return ProgramDocument(
        title=i18n("program-doc-title"),
        org_line=card.org.name,
        approval=(
            i18n("program-doc-approve"),
            i18n("program-doc-head", org=card.org.name),
            i18n("program-doc-name-line", name=card.head_name)
            if card.head_name
            else i18n("program-doc-name-blank"),
            head_date,
        ),
        facts=(
            i18n("program-doc-mentor", value=_side_line(card.mentor)),
            *(i18n("program-doc-mentee", value=_side_line(m)) for m in card.mentees),
            i18n("program-doc-form", value=i18n(f"form-{card.pairing.form.value}")),
            i18n("program-doc-type", value=i18n(f"type-{card.pairing.type.value}")),
            i18n(
                "program-doc-period",
                start=format_date(program.start_on),
                end=format_date(program.end_on),
            ),
        ),
        goals_heading=i18n("program-doc-goals"),
        goals_header=(
            i18n("program-doc-col-number"),
            i18n("program-doc-col-goal"),
            i18n("program-doc-col-difficulties"),
            i18n("program-doc-col-result"),
        ),
        goals=tuple(
            (
                goal.title,
                "; ".join(difficulty_label(labels, c) for c in goal_difficulties(goal)) or MISSING,
                goal.expected_result or MISSING,
            )
            for goal in card.goals
        ),
        meetings_heading=i18n("program-doc-meetings"),
        meetings_header=(
            i18n("program-doc-col-number"),
            i18n("program-doc-col-kind"),
            i18n("program-doc-col-due"),
            i18n("program-doc-col-form"),
        ),
        meetings=tuple(
            (
                i18n(f"meeting-kind-{m.kind.value}"),
                format_date(m.due_on),
                _meeting_form(i18n, card, m),
            )
            for m in card.meetings
        ),
        signatures=(
            (i18n("program-doc-sign-mentor"), card.mentor.name),
            *((i18n("program-doc-sign-mentee"), m.name) for m in card.mentees),
            (i18n("program-doc-sign-curator"), ""),
        ),
        footer=i18n(
            "program-doc-footer",
            date=format_date(approved_on),
            name=card.approver_name or MISSING,
        )
        if approved_on
        else "",
    )

"""The personalized mentoring program: the mentor drafts it with the mentee, the head of the
organization (or the curator where no head uses the bot) approves it; the DOCX after that."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.notices import notify_user
from bot.tg.callbacks import ProgramAct, ProgramCb
from bot.tg.conversation import remembered_id
from bot.tg.i18n import I18n
from bot.tg.states import ProgramDraft
from bot.tg.views import programs as view
from bot.tg.views.common import esc, split_text
from bot.tg.views.labels import Labels
from handlers.pairing import plan_settings
from models import User
from services.documents.filenames import document_filename
from services.errors import DomainError
from services.meetings.repository import MeetingRepository, Participant
from services.pairing.bank import Pool, load_pool
from services.programs import actions, rules
from services.programs.access import Access, program_access, sides
from services.programs.actions import CommentKind
from services.programs.period import month_options
from services.programs.service import ProgramService


def _position(i18n: I18n, labels: Labels, pool: Pool, participant: Participant) -> str:
    if participant.membership.grade is not None:
        return i18n("program-grade", grade=participant.membership.grade)
    person = pool.people.get(participant.membership.id)
    if person is None or person.position is None:
        return ""
    return labels.one("positions", person.position)


async def _card(
    session: AsyncSession, deps: AppDeps, i18n: I18n, access: Access
) -> tuple[view.ProgramCard, Labels]:
    labels = Labels(deps.forms, i18n.locale)
    pairing, program, org = access.pairing, access.program, access.org
    repo = MeetingRepository(session)
    participants = await repo.participants(pairing)
    pool = await load_pool(session, org)
    mentor = next((p for p in participants if p.is_mentor), None)
    mentees = [p for p in participants if not p.is_mentor]
    unknown = i18n("name-unknown")

    def side(p: Participant) -> view.Side:
        return view.Side(p.user.id, p.user.full_name or unknown, _position(i18n, labels, pool, p))

    first = pool.people.get(mentees[0].membership.id) if mentees else None
    usual = first.answers.get("format") if first else None
    heads = await ProgramService(session).heads(org.id)
    approver = await session.get(User, program.approved_by) if program.approved_by else None
    card = view.ProgramCard(
        org=org,
        pairing=pairing,
        program=program,
        goals=await ProgramService(session).goals(pairing.id),
        meetings=await repo.meetings(pairing.id),
        mentor=side(mentor) if mentor else view.Side(None, unknown, ""),
        mentees=[side(m) for m in mentees],
        meeting_form=labels.one("formats", usual) if isinstance(usual, str) else "",
        head_name=(heads[0].full_name or unknown) if heads else None,
        approver_name=(approver.full_name or unknown) if approver else None,
    )
    return card, labels


async def send_program(
    bot: Bot, chat_id: int, session: AsyncSession, i18n: I18n, deps: AppDeps, access: Access
) -> None:
    card, labels = await _card(session, deps, i18n, access)
    # ten goals with their results can pass Telegram's 4096 characters: the buttons go last
    *first, last = split_text(view.program_text(i18n, labels, card))
    for part in first:
        await bot.send_message(chat_id, part)
    await bot.send_message(
        chat_id,
        last,
        reply_markup=view.program_keyboard(
            i18n,
            card,
            is_mentor=access.is_mentor,
            is_mentee=access.is_mentee,
            may_approve=access.may_approve,
            can_pick_period=bool(month_options(actions.plan_shape(access.pairing))),
        ),
    )


async def _send_docx(
    bot: Bot, chat_id: int, session: AsyncSession, i18n: I18n, deps: AppDeps, access: Access
) -> None:
    actions.check_docx(access)
    card, labels = await _card(session, deps, i18n, access)
    # python-docx is loaded on first use (bench/bench_memory.py)
    from services.programs.document import build_program_docx

    data = build_program_docx(view.program_document(i18n, labels, card))
    today = deps.clock.now().astimezone(ZoneInfo(access.org.timezone)).date()
    name = document_filename(i18n("program-doc-title"), access.org.name, today)
    await bot.send_document(
        chat_id,
        BufferedInputFile(data, filename=name),
        caption=i18n("program-doc-caption", org=esc(access.org.name)),
    )


async def _tell(
    session: AsyncSession,
    deps: AppDeps,
    users: list[int | None],
    key: str,
    access: Access,
    about: list[int],
    *,
    markup: str = "open",
    **params: object,
) -> None:
    """A notice to each of ``users`` (not the presser) through the outbox."""
    now = deps.clock.now()
    for user_id in users:
        if user_id is None:
            continue
        user = await session.get(User, user_id)
        if user is None:
            continue

        def render(i18n: I18n) -> str:
            return i18n(key, org=esc(access.org.name), **params)

        def keyboard(i18n: I18n) -> InlineKeyboardMarkup:
            if markup == "docx":
                return view.docx_keyboard(i18n, access.pairing.id)
            if markup == "mentee":
                return view.mentee_keyboard(i18n, access.pairing.id, access.program.version)
            return view.open_keyboard(i18n, access.pairing.id)

        await notify_user(
            session,
            deps,
            user,
            render,
            now,
            about=[a for a in about if a != user_id],
            markup=keyboard,
        )


class PairAccess(Filter):
    """Supplies ``access`` (the person's view of the pair's program) to a program button, or
    refuses the press as the handler did (a domain error, answered by the errors router)."""

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        user: User | None,
        callback_data: ProgramCb,
    ) -> dict[str, Access]:
        return {"access": await program_access(session, user, callback_data.pairing)}


def _name(i18n: I18n, user: User) -> str:
    return esc(user.full_name or i18n("name-unknown"))


async def show(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    await query.answer()
    await send_program(bot, query.from_user.id, session, i18n, deps, access)


async def pick_period(
    query: CallbackQuery, bot: Bot, session: AsyncSession, i18n: I18n, access: Access
) -> None:
    choice = await actions.period_choice(session, access)
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        i18n("program-ask-period"),
        reply_markup=view.period_keyboard(
            i18n, access.pairing.id, choice.months, choice.default_end, choice.current
        ),
    )


async def set_months(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    chat_id = query.from_user.id
    settings = plan_settings(deps, access.org)
    period = await actions.set_months(session, access, callback_data.months, settings)
    await query.answer(i18n("program-period-set", end=period.end.strftime("%d.%m.%Y")))
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.delete()
    await bot.send_message(chat_id, i18n("program-plan-count", count=period.meetings))
    await send_program(bot, chat_id, session, i18n, deps, access)


async def goal_add(
    query: CallbackQuery, bot: Bot, i18n: I18n, state: FSMContext, access: Access
) -> None:
    actions.check_goal_add(access)
    await query.answer()
    await state.set_state(ProgramDraft.goal_title)
    await state.update_data(prg_pairing=access.pairing.id, prg_title=None, prg_diffs=[])
    await bot.send_message(query.from_user.id, i18n("program-ask-goal", limit=rules.GOAL_LIMIT))


async def _goal_draft(
    session: AsyncSession, state: FSMContext, access: Access
) -> tuple[list[str], list[str]]:
    """The difficulties the goal being written may address, and those ticked so far."""
    data = await state.get_data()
    actions.check_goal_draft(access, data.get("prg_pairing"), data.get("prg_title"))
    options = await actions.difficulty_options(session, access)
    chosen = [c for c in data.get("prg_diffs") or [] if isinstance(c, str)]
    return options, chosen


async def goal_difficulty(
    query: CallbackQuery,
    callback_data: ProgramCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    access: Access,
) -> None:
    options, chosen = await _goal_draft(session, state, access)
    chosen = actions.toggle_difficulty(chosen, callback_data.difficulty, options)
    await state.update_data(prg_diffs=chosen)
    await query.answer()
    if isinstance(query.message, Message):
        labels = Labels(deps.forms, i18n.locale)
        markup = view.difficulty_keyboard(i18n, labels, access.pairing.id, options, chosen)
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(reply_markup=markup)


async def goal_next(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    state: FSMContext,
    access: Access,
) -> None:
    options, chosen = await _goal_draft(session, state, access)
    if options and not chosen:
        await query.answer(i18n("program-pick-difficulty"), show_alert=True)
        return
    await query.answer()
    await state.set_state(ProgramDraft.goal_result)
    await bot.send_message(
        query.from_user.id,
        i18n("program-ask-result", limit=rules.RESULT_LIMIT),
        reply_markup=view.skip_result_keyboard(i18n, access.pairing.id),
    )


async def goal_skip_result(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    access: Access,
) -> None:
    access.require_mentor()
    await _save_goal(bot, query.from_user.id, session, i18n, deps, state, access, None)
    await query.answer()


async def goal_delete(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    await actions.delete_goal(session, access, callback_data.goal)
    await query.answer(i18n("program-goal-deleted"))
    await send_program(bot, query.from_user.id, session, i18n, deps, access)


async def share(
    query: CallbackQuery, session: AsyncSession, i18n: I18n, deps: AppDeps, access: Access
) -> None:
    actions.check_share(access)
    _, mentee_ids = await sides(session, access.pairing)
    await _tell(
        session,
        deps,
        list(mentee_ids),
        "program-shared-notice",
        access,
        [access.user.id, *mentee_ids],
        markup="mentee",
        name=_name(i18n, access.user),
    )
    await query.answer(i18n("program-shared"), show_alert=True)


async def agree(
    query: CallbackQuery,
    callback_data: ProgramCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    await actions.agree(session, access, callback_data.version, deps.clock.now())
    mentor_id, _ = await sides(session, access.pairing)
    await _tell(
        session,
        deps,
        [mentor_id],
        "program-agreed-notice",
        access,
        [access.user.id],
        name=_name(i18n, access.user),
    )
    await query.answer(i18n("program-agreed"), show_alert=True)


async def _ask_comment(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    access: Access,
    kind: CommentKind,
    version: int,
) -> None:
    actions.check_comment(access, kind, version)
    await query.answer()
    await state.set_state(ProgramDraft.comment)
    await state.update_data(prg_pairing=access.pairing.id, prg_ver=version, prg_kind=kind.value)
    await bot.send_message(
        query.from_user.id, i18n("program-ask-comment", limit=rules.COMMENT_LIMIT)
    )


async def ask_change(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    access: Access,
) -> None:
    """The mentee asks the mentor to change the draft: the comment is typed next."""
    await _ask_comment(query, bot, i18n, state, access, CommentKind.CHANGE, callback_data.version)


async def ask_return(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    access: Access,
) -> None:
    """The approver returns the program to the mentor: the comment is typed next."""
    await _ask_comment(query, bot, i18n, state, access, CommentKind.RETURN, callback_data.version)


async def submit(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    user = access.user
    approvers = await actions.submit(session, access, deps.clock.now())
    _, mentee_ids = await sides(session, access.pairing)
    await _tell(
        session,
        deps,
        [u.id for u in approvers.users if u.id != user.id],
        "program-submitted-notice",
        access,
        [user.id, *mentee_ids],
        names=await _pair_names(session, access, i18n),
    )
    key = "program-submitted-head" if approvers.heads else "program-submitted-curator"
    await query.answer(i18n(key), show_alert=True)
    await send_program(bot, query.from_user.id, session, i18n, deps, access)


async def approve(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    settings = plan_settings(deps, access.org)
    await actions.approve(session, access, callback_data.version, deps.clock.now(), settings)
    mentor_id, mentee_ids = await sides(session, access.pairing)
    both = [mentor_id, *mentee_ids]
    await _tell(
        session,
        deps,
        [u for u in both if u != access.user.id],
        "program-approved-notice",
        access,
        [u for u in both if u is not None],
        markup="docx",
        end=access.program.end_on.strftime("%d.%m.%Y"),
    )
    await query.answer(i18n("program-approved"))
    await _send_docx(bot, query.from_user.id, session, i18n, deps, access)


async def docx(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    access: Access,
) -> None:
    await query.answer()
    await _send_docx(bot, query.from_user.id, session, i18n, deps, access)


_BUTTONS: tuple[tuple[ProgramAct, Callable[..., Awaitable[None]]], ...] = (
    (ProgramAct.SHOW, show),
    (ProgramAct.PERIOD, pick_period),
    (ProgramAct.SET_MONTHS, set_months),
    (ProgramAct.GOAL_ADD, goal_add),
    (ProgramAct.GOAL_DIFFICULTY, goal_difficulty),
    (ProgramAct.GOAL_NEXT, goal_next),
    (ProgramAct.GOAL_SKIP_RESULT, goal_skip_result),
    (ProgramAct.GOAL_DELETE, goal_delete),
    (ProgramAct.SHARE, share),
    (ProgramAct.AGREE, agree),
    (ProgramAct.CHANGE, ask_change),
    (ProgramAct.SUBMIT, submit),
    (ProgramAct.APPROVE, approve),
    (ProgramAct.RETURN, ask_return),
    (ProgramAct.DOCX, docx),
)


async def _pair_names(session: AsyncSession, access: Access, i18n: I18n) -> str:
    participants = await MeetingRepository(session).participants(access.pairing)
    names = [p.user.full_name or i18n("name-unknown") for p in participants]
    return esc(" — ".join(names))


async def _save_goal(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    access: Access,
    result: str | None,
) -> None:
    data = await state.get_data()
    title = data.get("prg_title")
    if data.get("prg_pairing") != access.pairing.id or not isinstance(title, str) or not title:
        await state.set_state(None)
        raise DomainError("error-stale-button")
    chosen = [c for c in data.get("prg_diffs") or [] if isinstance(c, str)]
    await ProgramService(session).add_goal(access.program, title, chosen, result, deps.clock.now())
    await state.set_state(None)
    await state.update_data(prg_pairing=None, prg_title=None, prg_diffs=None)
    await bot.send_message(chat_id, i18n("program-goal-saved"))
    await send_program(bot, chat_id, session, i18n, deps, access)


async def _typed(message: Message, i18n: I18n, limit: int) -> str | None:
    text = (message.text or "").strip()
    if not text:
        await message.answer(i18n("program-empty-text"))
        return None
    if len(text) > limit:
        await message.answer(i18n("answer-too-long", limit=limit, length=len(text)))
        return None
    return text


async def typed_goal(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    pairing_id = await remembered_id(message, state, i18n, "prg_pairing")
    if pairing_id is None:
        return
    access = await program_access(session, user, pairing_id)
    access.require_mentor()
    rules.require_editable(access.program)
    title = await _typed(message, i18n, rules.GOAL_LIMIT)
    if title is None:
        return
    await state.update_data(prg_title=title, prg_diffs=[])
    labels = Labels(deps.forms, i18n.locale)
    options = await actions.difficulty_options(session, access)
    await state.set_state(None)  # the difficulties are picked with buttons
    await message.answer(
        i18n("program-ask-difficulties") if options else i18n("program-no-difficulties"),
        reply_markup=view.difficulty_keyboard(i18n, labels, pairing_id, options, []),
    )


async def typed_result(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    pairing_id = await remembered_id(message, state, i18n, "prg_pairing")
    if pairing_id is None:
        return
    access = await program_access(session, user, pairing_id)
    access.require_mentor()
    result = await _typed(message, i18n, rules.RESULT_LIMIT)
    if result is None:
        return
    await _save_goal(bot, message.chat.id, session, i18n, deps, state, access, result)


async def typed_comment(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    pairing_id = await remembered_id(message, state, i18n, "prg_pairing")
    if pairing_id is None:
        return
    access = await program_access(session, user, pairing_id)
    user = access.user
    data = await state.get_data()
    version, kind = data.get("prg_ver"), data.get("prg_kind")
    if not isinstance(version, int) or kind not in tuple(CommentKind):
        await state.set_state(None)
        raise DomainError("error-stale-button")
    comment = await _typed(message, i18n, rules.COMMENT_LIMIT)
    if comment is None:
        return
    await state.set_state(None)
    await state.update_data(prg_pairing=None, prg_ver=None, prg_kind=None)
    mentor_id, mentee_ids = await sides(session, access.pairing)
    if kind == CommentKind.CHANGE:
        access.require_mentee()
        rules.require_version(access.program, version, *rules.EDITABLE)
        await _tell(
            session,
            deps,
            [mentor_id],
            "program-change-notice",
            access,
            [user.id],
            name=esc(user.full_name or i18n("name-unknown")),
            comment=esc(comment),
        )
        await message.answer(i18n("program-change-sent"))
        return
    await ProgramService(session).send_back(access.program, version, user, comment)
    await _tell(
        session,
        deps,
        [mentor_id],
        "program-returned-notice",
        access,
        [u for u in [mentor_id, *mentee_ids] if u is not None],
        comment=esc(comment),
    )
    await message.answer(i18n("program-returned"))


async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("program-text-only"))


def build_router() -> Router:
    router = Router(name="programs")
    for act, handler in _BUTTONS:
        router.callback_query.register(handler, ProgramCb.filter(F.act == act), PairAccess())
    text = F.text & ~F.text.startswith("/")
    router.message.register(typed_goal, ProgramDraft.goal_title, text)
    router.message.register(typed_result, ProgramDraft.goal_result, text)
    router.message.register(typed_comment, ProgramDraft.comment, text)
    router.message.register(
        not_text,
        StateFilter(ProgramDraft.goal_title, ProgramDraft.goal_result, ProgramDraft.comment),
        ~F.text,
    )
    return router

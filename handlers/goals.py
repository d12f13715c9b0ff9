"""The mentee's individual development plan: goals the mentor records, either side ticks off."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import date

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import GoalAct, GoalCb
from bot.tg.conversation import remembered_id
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.states import GoalAdd
from bot.tg.views.common import esc, shorten
from bot.tg.views.labels import Labels
from models import Goal, Pairing, User
from services.meetings.repository import MeetingRepository, Participant
from services.programs import goals
from services.programs.service import ProgramService
from services.questionnaire.answers import Invalid, parse_text
from services.questionnaire.schema import LocalizedText, Question, QuestionType

TITLE_LIMIT = 300
_DATE_QUESTION = Question(
    id="due", type=QuestionType.DATE, text=LocalizedText(ru="срок", en="due"), required=False
)


def _goal_line(i18n: I18n, labels: Labels, goal: Goal) -> str:
    mark = "✅" if goal.done_at else "⬜"
    extra = []
    if goal.difficulty:
        extra.append(labels.one("competences", goal.difficulty))
    if goal.due_on:
        extra.append(i18n("goal-due", due=goal.due_on.strftime("%d.%m.%Y")))
    tail = f" ({esc('; '.join(extra))})" if extra else ""
    return f"{mark} {esc(goal.title)}{tail}"


def _goals_keyboard(
    i18n: I18n, pairing_id: int, goals: list[Goal], *, can_tick: bool, can_add: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    if can_tick:
        for goal in goals:
            mark = "✅" if goal.done_at else "⬜"
            kb.button(
                text=f"{mark} {shorten(goal.title, 40)}",
                callback_data=GoalCb(act=GoalAct.DONE, pairing=pairing_id, goal=goal.id),
            )
    if can_add:
        kb.button(
            text=i18n("btn-goal-add"), callback_data=GoalCb(act=GoalAct.ADD, pairing=pairing_id)
        )
    kb.adjust(1)
    return kb.as_markup()


async def send_goals(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    goals = await MeetingRepository(session).goals(pairing.id)
    labels = Labels(deps.forms, i18n.locale)
    lines = [i18n("goals-title")]
    lines += [_goal_line(i18n, labels, g) for g in goals] or [i18n("goals-empty")]
    await bot.send_message(
        chat_id,
        "\n".join(lines),
        reply_markup=_goals_keyboard(
            i18n,
            pairing.id,
            goals,
            can_tick=me is not None,
            can_add=me is not None and me.is_mentor,
        ),
    )


class PairAccess(Filter):
    """Supplies the button's ``pairing`` and the presser's side of it (``me``: None for a
    curator) once the person's right to see the plan is checked."""

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        user: User | None,
        callback_data: GoalCb,
    ) -> dict[str, Pairing | Participant | None]:
        pairing, me = await goals.pair_access(session, user, callback_data.pairing)
        return {"pairing": pairing, "me": me}


async def show_goals(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    await query.answer()
    await send_goals(bot, query.from_user.id, session, i18n, deps, pairing, me)


async def add_goal(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    state: FSMContext,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    await goals.check_goal_add(session, pairing, me)
    await query.answer()
    await state.set_state(GoalAdd.title)
    await state.update_data(goal_pairing=pairing.id, goal_difficulty=None)
    await bot.send_message(query.from_user.id, i18n("goal-ask-title", limit=TITLE_LIMIT))


async def pick_difficulty(
    query: CallbackQuery,
    callback_data: GoalCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    goals.require_mentor(me)
    await query.answer()
    await state.set_state(GoalAdd.due)
    await state.update_data(goal_difficulty=callback_data.difficulty or None)
    await bot.send_message(
        query.from_user.id,
        i18n("goal-ask-due"),
        reply_markup=_no_due_keyboard(i18n, pairing.id),
    )


async def no_due(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    goals.require_mentor(me)
    await query.answer()
    await _save_goal(bot, query.from_user.id, session, i18n, deps, state, pairing, me, None)


async def tick_goal(
    query: CallbackQuery,
    callback_data: GoalCb,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    pairing: Pairing,
    me: Participant | None,
) -> None:
    now = deps.clock.now()
    pair_goals = await goals.toggle_goal(session, pairing, me, callback_data.goal, now)
    await query.answer(i18n("goal-toggled"))
    if isinstance(query.message, Message):
        can_add = me is not None and me.is_mentor
        markup = _goals_keyboard(i18n, pairing.id, pair_goals, can_tick=True, can_add=can_add)
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(reply_markup=markup)


_BUTTONS: tuple[tuple[GoalAct, Callable[..., Awaitable[None]]], ...] = (
    (GoalAct.LIST, show_goals),
    (GoalAct.ADD, add_goal),
    (GoalAct.DIFFICULTY, pick_difficulty),
    (GoalAct.NO_DUE, no_due),
    (GoalAct.DONE, tick_goal),
)


def _no_due_keyboard(i18n: I18n, pairing_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-goal-no-due"), callback_data=GoalCb(act=GoalAct.NO_DUE, pairing=pairing_id)
    )
    return kb.as_markup()


async def typed_title(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    pairing_id = await remembered_id(message, state, i18n, "goal_pairing")
    if pairing_id is None:
        return
    pairing, me = await goals.pair_access(session, user, pairing_id)
    goals.require_mentor(me)
    title = (message.text or "").strip()
    if len(title) > TITLE_LIMIT:
        await message.answer(i18n("answer-too-long", limit=TITLE_LIMIT, length=len(title)))
        return
    await state.update_data(goal_title=title)
    # which of the mentee's difficulties the goal addresses
    labels = Labels(deps.forms, i18n.locale)
    kb = InlineKeyboard()
    for difficulty in await goals.difficulty_options(session, pairing):
        kb.button(
            text=labels.one("competences", difficulty),
            callback_data=GoalCb(act=GoalAct.DIFFICULTY, pairing=pairing.id, difficulty=difficulty),
        )
    kb.button(
        text=i18n("btn-goal-no-difficulty"),
        callback_data=GoalCb(act=GoalAct.DIFFICULTY, pairing=pairing.id),
    )
    kb.adjust(1)
    await state.set_state(None)
    await message.answer(i18n("goal-ask-difficulty"), reply_markup=kb.as_markup())


async def typed_due(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    pairing_id = await remembered_id(message, state, i18n, "goal_pairing")
    if pairing_id is None:
        return
    pairing, me = await goals.pair_access(session, user, pairing_id)
    parsed = parse_text(_DATE_QUESTION, message.text or "")
    if isinstance(parsed, Invalid):
        await message.answer(i18n(parsed.code, **parsed.params))
        return
    due = date.fromisoformat(str(parsed.value))
    await _save_goal(bot, message.chat.id, session, i18n, deps, state, pairing, me, due)


async def _save_goal(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    pairing: Pairing,
    me: Participant | None,
    due: date | None,
) -> None:
    data = await state.get_data()
    title = data.get("goal_title")
    if not isinstance(title, str) or not title:
        await state.set_state(None)
        await bot.send_message(chat_id, i18n("error-stale-button"))
        return
    difficulty = data.get("goal_difficulty")
    # the goals are the program's: an approved (or submitted) program's list is fixed
    await ProgramService(session).goals_changed(pairing.id)
    await MeetingRepository(session).add_goal(
        pairing,
        title,
        difficulty=difficulty if isinstance(difficulty, str) else None,
        due_on=due,
        now=deps.clock.now(),
    )
    await state.set_state(None)
    await state.update_data(goal_pairing=None, goal_title=None, goal_difficulty=None)
    await bot.send_message(chat_id, i18n("goal-saved"))
    await send_goals(bot, chat_id, session, i18n, deps, pairing, me)


def build_router() -> Router:
    router = Router(name="goals")
    for act, handler in _BUTTONS:
        router.callback_query.register(handler, GoalCb.filter(F.act == act), PairAccess())
    router.message.register(typed_title, GoalAdd.title, F.text, ~F.text.startswith("/"))
    router.message.register(typed_due, GoalAdd.due, F.text, ~F.text.startswith("/"))
    return router

"""The personalized mentoring program: the mentor drafts it with the mentee, the head of the
organization (or the curator where no head uses the bot) approves it; the DOCX after that."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ProgramCb
from bot.conversation import remembered_id
from bot.deps import AppDeps
from bot.i18n import I18n
from bot.notices import notify_user
from bot.states import ProgramDraft
from bot.views import programs as view
from bot.views.common import esc, split_text
from bot.views.labels import Labels
from handlers.pairing import plan_settings
from models import Organization, Pairing, Program, ProgramState, User
from services.documents.filenames import document_filename
from services.errors import DomainError
from services.meetings.plan import PlanError, PlanShape
from services.meetings.repository import MeetingRepository, Participant
from services.meetings.shapes import default_plan_shapes
from services.orgs import OrgService
from services.pairing.bank import Pool, load_pool
from services.programs import rules
from services.programs.period import end_for, month_options, months_of
from services.programs.service import ProgramService
from services.school_year.org_calendar import org_calendar_by_id


@dataclass(frozen=True)
class Access:
    pairing: Pairing
    program: Program
    org: Organization
    me: Participant | None
    may_approve: bool

    @property
    def is_mentor(self) -> bool:
        return self.me is not None and self.me.is_mentor

    @property
    def is_mentee(self) -> bool:
        return self.me is not None and not self.me.is_mentor


async def _access(session: AsyncSession, user: User | None, pairing_id: int) -> Access:
    """The pair's sides, its approver and its curators may open the program; nobody else."""
    if user is None:
        raise DomainError("error-no-access")
    pairing = await session.get(Pairing, pairing_id)
    if pairing is None:
        raise DomainError("error-not-found")
    programs = ProgramService(session)
    participants = await MeetingRepository(session).participants(pairing)
    me = next((p for p in participants if p.user.id == user.id), None)
    may_approve = await programs.may_approve(user.id, pairing.org_id)
    if (
        me is None
        and not may_approve
        and not await OrgService(session).can_manage(user.id, pairing.org_id)
    ):
        raise DomainError("error-no-access")
    program = await programs.of_pairing(pairing.id)
    org = await OrgService(session).get(pairing.org_id)
    return Access(pairing, program, org, me, may_approve)


def _mentor_only(access: Access) -> None:
    if not access.is_mentor:
        raise DomainError("program-mentor-only")


def _shape(pairing: Pairing) -> PlanShape:
    return default_plan_shapes().for_pair(pairing.type, pairing.form)


def _position(i18n: I18n, labels: Labels, pool: Pool, participant: Participant) -> str:
    if participant.membership.grade is not None:
        return i18n("program-grade", grade=participant.membership.grade)
    person = pool.people.get(participant.membership.id)
    if person is None or person.position is None:
        return ""
    return labels.one("positions", person.position)


def _mentee_difficulties(pool: Pool, participants: list[Participant]) -> list[str]:
    """The difficulties the mentees marked in their intake, in their order, once each."""
    seen: list[str] = []
    for participant in participants:
        person = pool.people.get(participant.membership.id)
        for code in (person.answers.get("difficulties") or []) if person else []:
            if isinstance(code, str) and code not in seen:
                seen.append(code)
    return seen


async def _card(
    session: AsyncSession, deps: AppDeps, i18n: I18n, access: Access
) -> tuple[view.ProgramCard, Labels, list[str]]:
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
    return card, labels, _mentee_difficulties(pool, mentees)


async def send_program(
    bot: Bot, chat_id: int, session: AsyncSession, i18n: I18n, deps: AppDeps, access: Access
) -> None:
    card, labels, _ = await _card(session, deps, i18n, access)
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
            can_pick_period=bool(month_options(_shape(access.pairing))),
        ),
    )


async def _send_docx(
    bot: Bot, chat_id: int, session: AsyncSession, i18n: I18n, deps: AppDeps, access: Access
) -> None:
    if access.program.state is not ProgramState.APPROVED:
        raise DomainError("program-not-approved")
    card, labels, _ = await _card(session, deps, i18n, access)
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


async def _side_ids(session: AsyncSession, pairing: Pairing) -> tuple[int | None, list[int]]:
    participants = await MeetingRepository(session).participants(pairing)
    mentor = next((p.user.id for p in participants if p.is_mentor), None)
    return mentor, [p.user.id for p in participants if not p.is_mentor]


async def program_button(
    query: CallbackQuery,
    callback_data: ProgramCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    cb = callback_data
    access = await _access(session, user, cb.p)
    assert user is not None  # _access refused nobody
    chat_id = query.from_user.id
    programs = ProgramService(session)
    program = access.program
    now = deps.clock.now()
    message = query.message if isinstance(query.message, Message) else None
    match cb.act:
        case "show":
            await query.answer()
            await send_program(bot, chat_id, session, i18n, deps, access)
        case "period":
            _mentor_only(access)
            rules.require_editable(program)
            shape = _shape(access.pairing)
            months = month_options(shape)
            if not months:
                raise DomainError("program-period-fixed")
            await query.answer()
            await bot.send_message(
                chat_id,
                i18n("program-ask-period"),
                reply_markup=view.period_keyboard(
                    i18n,
                    access.pairing.id,
                    months,
                    end_for(
                        program.start_on,
                        None,
                        shape,
                        await org_calendar_by_id(session, access.pairing.org_id),
                    ),
                    months_of(program.start_on, program.end_on),
                ),
            )
        case "setm":
            _mentor_only(access)
            shape = _shape(access.pairing)
            if cb.n and cb.n not in month_options(shape):
                raise DomainError("error-stale-button")
            calendar = await org_calendar_by_id(session, access.pairing.org_id)
            end = end_for(program.start_on, cb.n or None, shape, calendar)
            try:
                count = await programs.set_period(
                    program,
                    access.pairing,
                    end,
                    plan_settings(deps, access.org),
                    shape,
                )
            except PlanError as error:
                raise DomainError(error.code, **error.params) from None
            await query.answer(i18n("program-period-set", end=end.strftime("%d.%m.%Y")))
            if message is not None:
                with contextlib.suppress(TelegramAPIError):
                    await message.delete()
            await bot.send_message(chat_id, i18n("program-plan-count", count=count))
            await send_program(bot, chat_id, session, i18n, deps, access)
        case "gadd":
            _mentor_only(access)
            rules.require_editable(program)
            await query.answer()
            await state.set_state(ProgramDraft.goal_title)
            await state.update_data(prg_pairing=access.pairing.id, prg_title=None, prg_diffs=[])
            await bot.send_message(chat_id, i18n("program-ask-goal", limit=rules.GOAL_LIMIT))
        case "gdif" | "gnext":
            _mentor_only(access)
            await _difficulty_step(query, cb, bot, session, i18n, deps, state, access)
        case "gskip":
            _mentor_only(access)
            await _save_goal(bot, chat_id, session, i18n, deps, state, access, None)
            await query.answer()
        case "gdel":
            _mentor_only(access)
            await programs.delete_goal(program, cb.g)
            await query.answer(i18n("program-goal-deleted"))
            await send_program(bot, chat_id, session, i18n, deps, access)
        case "share":
            _mentor_only(access)
            rules.require_editable(program)
            mentor_id, mentee_ids = await _side_ids(session, access.pairing)
            await _tell(
                session,
                deps,
                list(mentee_ids),
                "program-shared-notice",
                access,
                [user.id, *mentee_ids],
                markup="mentee",
                name=esc(user.full_name or i18n("name-unknown")),
            )
            await query.answer(i18n("program-shared"), show_alert=True)
        case "agree":
            if not access.is_mentee:
                raise DomainError("program-mentee-only")
            await programs.agree(program, cb.ver, now)
            mentor_id, _ = await _side_ids(session, access.pairing)
            await _tell(
                session,
                deps,
                [mentor_id],
                "program-agreed-notice",
                access,
                [user.id],
                name=esc(user.full_name or i18n("name-unknown")),
            )
            await query.answer(i18n("program-agreed"), show_alert=True)
        case "change" | "ret":
            if cb.act == "change" and not access.is_mentee:
                raise DomainError("program-mentee-only")
            if cb.act == "ret" and not access.may_approve:
                raise DomainError("program-not-approver")
            wanted = tuple(rules.EDITABLE) if cb.act == "change" else (ProgramState.SUBMITTED,)
            rules.require_version(program, cb.ver, *wanted)
            await query.answer()
            await state.set_state(ProgramDraft.comment)
            await state.update_data(prg_pairing=access.pairing.id, prg_ver=cb.ver, prg_kind=cb.act)
            await bot.send_message(chat_id, i18n("program-ask-comment", limit=rules.COMMENT_LIMIT))
        case "submit":
            _mentor_only(access)
            await programs.submit(program, now)
            _, mentee_ids = await _side_ids(session, access.pairing)
            approvers = await programs.approvers(access.org.id)
            names = await _pair_names(session, access, i18n)
            await _tell(
                session,
                deps,
                [u.id for u in approvers.users if u.id != user.id],
                "program-submitted-notice",
                access,
                [user.id, *mentee_ids],
                names=names,
            )
            key = "program-submitted-head" if approvers.heads else "program-submitted-curator"
            await query.answer(i18n(key), show_alert=True)
            await send_program(bot, chat_id, session, i18n, deps, access)
        case "approve":
            if not access.may_approve:
                raise DomainError("program-not-approver")
            await programs.approve(
                program,
                access.pairing,
                cb.ver,
                user,
                now,
                plan_settings(deps, access.org),
                _shape(access.pairing),
            )
            mentor_id, mentee_ids = await _side_ids(session, access.pairing)
            others = [u for u in [mentor_id, *mentee_ids] if u != user.id]
            await _tell(
                session,
                deps,
                others,
                "program-approved-notice",
                access,
                [u for u in [mentor_id, *mentee_ids] if u is not None],
                markup="docx",
                end=program.end_on.strftime("%d.%m.%Y"),
            )
            await query.answer(i18n("program-approved"))
            await _send_docx(bot, chat_id, session, i18n, deps, access)
        case "docx":
            await query.answer()
            await _send_docx(bot, chat_id, session, i18n, deps, access)
        case _:
            await query.answer(i18n("error-stale-button"), show_alert=True)


async def _pair_names(session: AsyncSession, access: Access, i18n: I18n) -> str:
    participants = await MeetingRepository(session).participants(access.pairing)
    names = [p.user.full_name or i18n("name-unknown") for p in participants]
    return esc(" — ".join(names))


async def _difficulty_step(
    query: CallbackQuery,
    cb: ProgramCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    access: Access,
) -> None:
    data = await state.get_data()
    if data.get("prg_pairing") != access.pairing.id or not data.get("prg_title"):
        raise DomainError("error-stale-button")
    rules.require_editable(access.program)
    _, labels, options = await _card(session, deps, i18n, access)
    chosen = [c for c in data.get("prg_diffs") or [] if isinstance(c, str)]
    if cb.act == "gdif":
        if cb.v not in options:
            raise DomainError("error-stale-button")
        chosen = [c for c in chosen if c != cb.v] if cb.v in chosen else [*chosen, cb.v]
        await state.update_data(prg_diffs=chosen)
        await query.answer()
        if isinstance(query.message, Message):
            with contextlib.suppress(TelegramAPIError):
                await query.message.edit_reply_markup(
                    reply_markup=view.difficulty_keyboard(
                        i18n, labels, access.pairing.id, options, chosen
                    )
                )
        return
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
    access = await _access(session, user, pairing_id)
    _mentor_only(access)
    rules.require_editable(access.program)
    title = await _typed(message, i18n, rules.GOAL_LIMIT)
    if title is None:
        return
    await state.update_data(prg_title=title, prg_diffs=[])
    _, labels, options = await _card(session, deps, i18n, access)
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
    access = await _access(session, user, pairing_id)
    _mentor_only(access)
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
    access = await _access(session, user, pairing_id)
    assert user is not None
    data = await state.get_data()
    version, kind = data.get("prg_ver"), data.get("prg_kind")
    if not isinstance(version, int) or kind not in ("change", "ret"):
        await state.set_state(None)
        raise DomainError("error-stale-button")
    comment = await _typed(message, i18n, rules.COMMENT_LIMIT)
    if comment is None:
        return
    await state.set_state(None)
    await state.update_data(prg_pairing=None, prg_ver=None, prg_kind=None)
    mentor_id, mentee_ids = await _side_ids(session, access.pairing)
    if kind == "change":
        if not access.is_mentee:
            raise DomainError("program-mentee-only")
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
    router.callback_query.register(program_button, ProgramCb.filter())
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

"""The head of the organization: a read-only menu, and pairs fixed by the head's order.

The curator sends the agreed pairs for approval; the head approves them all by typing the
order's number and date (or returns the list with a comment); the pairs start on the order's
date and the head and the curators receive the order as a DOCX.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.metrics import build_in_thread
from bot.notify.notices import notify_curators, notify_user
from bot.tg.callbacks import (
    BankCb,
    DigestAct,
    DigestCb,
    DocAct,
    DocumentsCb,
    HeadAct,
    HeadCb,
    MenuAct,
    MenuCb,
    PairAct,
    PairCb,
    ProgramAct,
    ProgramCb,
    ReportAct,
    ReportCb,
    SurveyAct,
    SurveyCb,
)
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.menus import show_menu
from bot.tg.states import HeadOrder, HeadReturn
from bot.tg.views import next_steps as next_view
from bot.tg.views import pairing as view
from bot.tg.views.common import esc, local_date
from bot.tg.views.labels import Labels
from handlers.pairing import order_rows, start_pair
from models import Assignment, Membership, Order, Organization, PairFixing, Pairing, User
from services.errors import AccessDenied, DomainError
from services.heads import (
    MAX_COMMENT,
    Approvals,
    HeadMenu,
    check_order_date,
    check_order_number,
)
from services.orgs import OrgService
from services.pairing.bank import Pool, load_pool
from services.pairing.service import PairingService
from services.people import PeopleService

ORG_KEY = "head_org"
NUMBER_KEY = "head_order_number"


async def _require_head(session: AsyncSession, user: User | None, org_id: int) -> Organization:
    """Approving is the head's own right: a curator of the school has no say in it."""
    if user is None or not await OrgService(session).is_head(user.id, org_id):
        raise AccessDenied
    return await OrgService(session).get(org_id)


def _local_today(deps: AppDeps, org: Organization) -> date:
    return deps.clock.now().astimezone(ZoneInfo(org.timezone)).date()


# ----- the head's menu -------------------------------------------------------------------
def _menu_text(org: Organization, menu: HeadMenu, i18n: I18n) -> str:
    mode = (
        i18n("head-mode-head-order")
        if org.pair_fixing is PairFixing.HEAD_ORDER
        else i18n("head-mode-curator")
    )
    return i18n(
        "head-menu",
        org=esc(org.name),
        mentors=menu.mentors,
        mentees=menu.mentees,
        pairs=menu.pairs,
        waiting=menu.waiting,
        mode=mode,
    )


def _menu_keyboard(
    i18n: I18n, org: Organization, waiting: int, programs: list[int]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-head-pending", count=waiting),
        callback_data=HeadCb(act=HeadAct.PENDING, org=org.id),
    )
    # personalized programs waiting for the head's approval: each opens the program's card
    for pairing_id in programs[:PROGRAMS_SHOWN]:
        kb.button(
            text=i18n("btn-head-program", number=pairing_id),
            callback_data=ProgramCb(act=ProgramAct.SHOW, pairing=pairing_id),
        )
    kb.button(text=i18n("btn-bank"), callback_data=BankCb(org=org.id))
    kb.button(text=i18n("btn-pairs"), callback_data=PairCb(act=PairAct.LIST, org=org.id))
    kb.button(text=i18n("btn-digest"), callback_data=DigestCb(act=DigestAct.SHOW, org=org.id))
    kb.button(text=i18n("btn-surveys"), callback_data=SurveyCb(act=SurveyAct.LIST, org=org.id))
    kb.button(text=i18n("btn-reports"), callback_data=ReportCb(act=ReportAct.MENU, org=org.id))
    kb.button(text=i18n("btn-documents"), callback_data=DocumentsCb(act=DocAct.MENU, org=org.id))
    kb.button(text=i18n("btn-main-menu"), callback_data=MenuCb(act=MenuAct.MAIN))
    kb.adjust(1)
    return kb.as_markup()


PROGRAMS_SHOWN = 10


# ----- the list waiting for approval -------------------------------------------------------
async def _pairs_lines(
    session: AsyncSession, pool: Pool, assignments: list[Assignment], i18n: I18n
) -> list[str]:
    lines = []
    for number, assignment in enumerate(assignments, start=1):
        pairing = await session.get(Pairing, assignment.pairing_id)
        form = i18n(f"form-{pairing.form.value}") if pairing else ""
        lines.append(
            i18n(
                "head-pending-line",
                number=number,
                mentor=esc(view.name_of(pool, assignment.mentor_membership_id, i18n)),
                mentee=esc(view.name_of(pool, assignment.mentee_membership_id, i18n)),
                form=form,
            )
        )
    return lines


async def _send_pending(
    bot: Bot, chat_id: int, session: AsyncSession, org: Organization, i18n: I18n
) -> None:
    waiting = await Approvals(session).pending(org.id)
    if not waiting:
        await bot.send_message(chat_id, i18n("head-nothing-pending"))
        return
    pool = await load_pool(session, org, municipal=True)
    lines = [i18n("head-pending-title", org=esc(org.name), count=len(waiting))]
    lines += await _pairs_lines(session, pool, waiting, i18n)
    lines.append(i18n("head-pending-hint"))
    kb = InlineKeyboard()
    kb.button(text=i18n("btn-head-approve"), callback_data=HeadCb(act=HeadAct.APPROVE, org=org.id))
    kb.button(text=i18n("btn-head-return"), callback_data=HeadCb(act=HeadAct.RETURN, org=org.id))
    kb.adjust(1)
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=kb.as_markup())


# ----- buttons ---------------------------------------------------------------------------
async def show_menu_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await query.answer()
    menu = await Approvals(session).menu(org.id)
    await show_menu(
        bot,
        state,
        _menu_text(org, menu, i18n),
        _menu_keyboard(i18n, org, menu.waiting, menu.programs),
        pressed=query,
    )


async def show_pending(
    query: CallbackQuery, bot: Bot, session: AsyncSession, org: Organization, i18n: I18n
) -> None:
    await query.answer()
    await _send_pending(bot, query.from_user.id, session, org, i18n)


async def _head_with_pending(
    session: AsyncSession, user: User | None, callback_data: HeadCb
) -> Organization:
    org = await _require_head(session, user, callback_data.org)
    await Approvals(session).require_pending(org.id)
    return org


async def ask_order_number(
    query: CallbackQuery,
    callback_data: HeadCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    org = await _head_with_pending(session, user, callback_data)
    await query.answer()
    await state.set_state(HeadOrder.number)
    await state.update_data({ORG_KEY: org.id})
    await bot.send_message(query.from_user.id, i18n("head-order-number-ask", org=esc(org.name)))


async def ask_return_comment(
    query: CallbackQuery,
    callback_data: HeadCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    state: FSMContext,
) -> None:
    org = await _head_with_pending(session, user, callback_data)
    await query.answer()
    await state.set_state(HeadReturn.comment)
    await state.update_data({ORG_KEY: org.id})
    await bot.send_message(query.from_user.id, i18n("head-return-ask", limit=MAX_COMMENT))


async def send_order(
    query: CallbackQuery,
    callback_data: HeadCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    order = await Approvals(session).order_of(org.id, callback_data.id)
    await query.answer()
    await _send_order(bot, query.from_user.id, session, org, order, i18n, deps)


async def set_mode(
    query: CallbackQuery,
    callback_data: HeadCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
) -> None:
    mode = PairFixing(callback_data.fixing)
    returned = await Approvals(session).set_mode(org, mode)
    key = "head-mode-set-head-order" if mode is PairFixing.HEAD_ORDER else "head-mode-set-curator"
    await query.answer(i18n(key), show_alert=True)
    if returned:
        await bot.send_message(query.from_user.id, i18n("head-mode-returned", count=len(returned)))


async def submit(
    query: CallbackQuery, session: AsyncSession, org: Organization, i18n: I18n, deps: AppDeps
) -> None:
    """The curator sends the agreed pairs to the head; the heads get an outbox notice."""
    service = PairingService(session, deps.settings.matching)
    now = deps.clock.now()

    async def needs_check(assignment: Assignment) -> bool:
        pairing = await session.get(Pairing, assignment.pairing_id)
        return pairing is not None and await service.needs_check(pairing, assignment)

    submitted = await Approvals(session).submit(org, now, needs_check)
    pool = await load_pool(session, org, municipal=True)
    named = await _named(session, submitted.sent)
    for head in await OrgService(session).heads_of(org.id):
        # the list is drawn in the head's own language before the notice is queued
        body = "\n".join(
            await _pairs_lines(session, pool, submitted.sent, deps.translator.for_user(head))
        )

        def render(i: I18n, body: str = body) -> str:
            return i(
                "head-submitted-notice", org=esc(org.name), count=len(submitted.sent), pairs=body
            )

        await notify_user(
            session,
            deps,
            head,
            render,
            now,
            about=named,
            markup=lambda i: _pending_keyboard(i, org.id),
        )
    text = i18n("head-submitted", count=len(submitted.sent))
    if submitted.needs_check:
        text += "\n" + i18n("head-submitted-held", count=submitted.needs_check)
    await query.answer(text, show_alert=True)


def _pending_keyboard(i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-head-open-pending"), callback_data=HeadCb(act=HeadAct.PENDING, org=org_id)
    )
    return kb.as_markup()


async def _named(session: AsyncSession, assignments: list[Assignment]) -> list[int]:
    members = {m for a in assignments for m in (a.mentor_membership_id, a.mentee_membership_id)}
    return await PeopleService(session).user_ids_of(sorted(members))


# ----- typing the order ------------------------------------------------------------------
async def _org_from_state(
    session: AsyncSession, user: User | None, state: FSMContext
) -> Organization:
    org_id = (await state.get_data()).get(ORG_KEY)
    if not isinstance(org_id, int):
        await state.set_state(None)
        raise DomainError("error-stale-button")
    try:
        return await _require_head(session, user, org_id)
    except DomainError:
        await state.set_state(None)
        raise


async def order_number_typed(
    message: Message, session: AsyncSession, user: User | None, i18n: I18n, state: FSMContext
) -> None:
    await _org_from_state(session, user, state)
    number = check_order_number(message.text or "")
    await state.update_data({NUMBER_KEY: number})
    await state.set_state(HeadOrder.dated)
    await message.answer(i18n("head-order-date-ask", number=esc(number)))


async def order_date_typed(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    org = await _org_from_state(session, user, state)
    assert user is not None
    number = (await state.get_data()).get(NUMBER_KEY)
    if not isinstance(number, str):
        await state.set_state(HeadOrder.number)
        await message.answer(i18n("head-order-number-ask", org=esc(org.name)))
        return
    dated = check_order_date(message.text or "", _local_today(deps, org))
    now = deps.clock.now()
    try:
        approved = await Approvals(session).approve(org, user.id, number, dated, now)
    except DomainError as error:
        # the list is gone meanwhile (returned, or the curator fixes pairs again): a new date
        # would not help, so the conversation ends with the reason (answered here: a raised
        # error would roll the state back with the update's transaction)
        await state.set_state(None)
        await state.update_data({ORG_KEY: None, NUMBER_KEY: None})
        await message.answer(i18n(error.key, **error.params))
        return
    await state.set_state(None)
    await state.update_data({ORG_KEY: None, NUMBER_KEY: None})
    for assignment in approved.assignments:
        pairing = await session.get(Pairing, assignment.pairing_id)
        if pairing is not None:
            await start_pair(session, deps, org, pairing, assignment, dated)
    recorded = i18n(
        "head-approved",
        number=esc(approved.order.number),
        date=local_date(dated),
        count=len(approved.assignments),
    )
    await message.answer(
        next_view.with_next(recorded, i18n("next-head-approved")),
        reply_markup=_order_keyboard(i18n, org.id, approved.order.id),
    )
    named = await _named(session, approved.assignments)
    await notify_curators(
        session,
        deps,
        org.id,
        lambda i: i(
            "head-approved-notice",
            org=esc(org.name),
            number=esc(approved.order.number),
            date=local_date(dated),
            count=len(approved.assignments),
        ),
        now,
        about=[*named, user.id],
        markup=lambda i: _order_keyboard(i, org.id, approved.order.id),
        skip_user_id=user.id,
    )
    await _send_order(bot, message.chat.id, session, org, approved.order, i18n, deps)


def _order_keyboard(i18n: I18n, org_id: int, order_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-head-order-docx"),
        callback_data=HeadCb(act=HeadAct.ORDER, org=org_id, id=order_id),
    )
    return kb.as_markup()


async def comment_typed(
    message: Message,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    org = await _org_from_state(session, user, state)
    assert user is not None
    raw = " ".join((message.text or "").split())
    comment = "" if raw in ("-", "—") else raw
    if len(comment) > MAX_COMMENT:
        await message.answer(i18n("head-return-too-long", limit=MAX_COMMENT))
        return
    returned = await Approvals(session).return_to_curator(org)
    await state.set_state(None)
    await state.update_data({ORG_KEY: None})
    if not returned:
        # answered, not raised: a raised error would roll the ended conversation back
        await message.answer(i18n("head-nothing-pending"))
        return
    now = deps.clock.now()
    named = await _named(session, returned)

    def render(i: I18n) -> str:
        text = i("head-returned-notice", org=esc(org.name), count=len(returned))
        if comment:
            text += "\n" + i("head-returned-comment", comment=esc(comment))
        return text

    # the head's words name the head: a withdrawal of either side cancels the notice
    await notify_curators(session, deps, org.id, render, now, about=[*named, user.id])
    await message.answer(i18n("head-returned", count=len(returned)))


async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("head-type-text"))


# ----- the DOCX --------------------------------------------------------------------------
async def _send_order(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    org: Organization,
    order: Order,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    data, filename = await order_document(session, deps, org, order, i18n)
    await bot.send_document(
        chat_id,
        BufferedInputFile(data, filename=filename),
        caption=i18n("head-order-caption", number=esc(order.number), date=local_date(order.dated)),
    )


async def order_document(
    session: AsyncSession, deps: AppDeps, org: Organization, order: Order, i18n: I18n
) -> tuple[bytes, str]:
    """The full order with its appendix, and its file name, in the reader's language."""
    from services.documents.docx_kit import format_date
    from services.documents.filenames import document_filename
    from services.pairing.order_doc import FullOrderTexts, OrderLabels, build_full_order_docx

    approvals = Approvals(session)
    assignments = await approvals.order_assignments(order)
    groups: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        groups.setdefault(assignment.pairing_id, []).append(assignment)
    pairings = [(await session.get(Pairing, pid), rows) for pid, rows in groups.items()]
    present = [(p, rows) for p, rows in pairings if p is not None]
    pool = await load_pool(session, org, municipal=True)
    rows = order_rows(pool, Labels(deps.forms, i18n.locale), org, i18n, present)
    programs = await approvals.programs_of(list(groups))
    start = min((p.start_on for p in programs), default=order.dated)
    end = max((p.end_on for p in programs if p.end_on is not None), default=None)
    curators = await OrgService(session).curators_to_notify(org.id)
    curator_names = ", ".join(c.full_name for c in curators if c.full_name) or i18n(
        "head-order-curator-unnamed"
    )
    head_name, head_position = await approvals.signer(deps.forms, order)
    participants = [
        name
        for pairing, rows_of in present
        for name in [view.name_of(pool, pairing.mentor_membership_id, i18n)]
        + [view.name_of(pool, a.mentee_membership_id, i18n) for a in rows_of]
    ]
    acquainted = tuple(dict.fromkeys([c.full_name for c in curators if c.full_name] + participants))
    number, dated = order.number, format_date(order.dated)
    period = (
        i18n("head-order-item-period", start=format_date(start), end=format_date(end))
        if end is not None
        else i18n("head-order-item-period-open", start=format_date(start))
    )
    texts = FullOrderTexts(
        org_name=org.name,
        heading=i18n("head-order-heading"),
        dated=i18n("head-order-dated", date=dated),
        number=i18n("head-order-number", number=number),
        place="",
        title=i18n("head-order-title"),
        preamble=i18n("head-order-preamble", org=org.name),
        command=i18n("head-order-command"),
        items=(
            i18n("head-order-item-pairs"),
            period,
            i18n("head-order-item-support", curator=curator_names),
            i18n("head-order-item-control", curator=curator_names),
        ),
        signature=(head_position or i18n("head-order-signer"), head_name),
        acquainted_title=i18n("head-order-acquainted"),
        acquainted=acquainted,
    )
    appendix = OrderLabels(
        title=i18n("order-title"),
        subtitle=i18n("head-order-appendix", date=dated, number=number),
        org_line=org.name,
        columns=(
            i18n("order-col-number"),
            i18n("order-col-mentor"),
            i18n("order-col-mentee"),
            i18n("order-col-form"),
            i18n("order-col-type"),
            i18n("order-col-date"),
        ),
        generated=i18n("order-generated", date=local_date(deps.clock.now(), org.timezone)),
        empty=i18n("order-empty"),
    )
    data = await build_in_thread("order", build_full_order_docx, rows, texts, appendix)
    filename = document_filename(i18n("head-order-file-title"), org.name, order.dated)
    return data, filename


# ----- joining ---------------------------------------------------------------------------
async def head_joined(
    session: AsyncSession, deps: AppDeps, org: Organization, membership: Membership, now: datetime
) -> None:
    """One head per organization: the previous head's role ends, and they are told."""
    for user_id in await Approvals(session).replace_head(org.id, membership):
        previous = await session.get(User, user_id)
        if previous is not None:
            await notify_user(
                session,
                deps,
                previous,
                lambda i: i("head-replaced-notice", org=esc(org.name)),
                now,
            )


def build_router() -> Router:
    router = Router(name="head")
    viewer, manager = OrgAccess(read_only=True), OrgAccess()
    router.callback_query.register(show_menu_button, HeadCb.filter(F.act == HeadAct.MENU), viewer)
    router.callback_query.register(show_pending, HeadCb.filter(F.act == HeadAct.PENDING), viewer)
    router.callback_query.register(send_order, HeadCb.filter(F.act == HeadAct.ORDER), viewer)
    # approving is the head's own right, checked in the handler (a curator may not)
    router.callback_query.register(ask_order_number, HeadCb.filter(F.act == HeadAct.APPROVE))
    router.callback_query.register(ask_return_comment, HeadCb.filter(F.act == HeadAct.RETURN))
    router.callback_query.register(submit, HeadCb.filter(F.act == HeadAct.SUBMIT), manager)
    router.callback_query.register(set_mode, HeadCb.filter(F.act == HeadAct.MODE), manager)
    for state, typed in (
        (HeadOrder.number, order_number_typed),
        (HeadOrder.dated, order_date_typed),
        (HeadReturn.comment, comment_typed),
    ):
        router.message.register(typed, state, F.text, ~F.text.startswith("/"))
        router.message.register(not_text, state, ~F.text)
    return router

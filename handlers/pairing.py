"""Curator: «Подбор пар» — proposals, swaps, manual picks; pairs and groups; the order list."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import HeadCb, MenuCb, PairAct, PairCb, ProposalCb
from bot.deps import AppDeps
from bot.filters import require_org
from bot.guardian_notices import tell_guardians_ended, tell_guardians_paired
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.notices import notify_membership
from bot.views import meetings as mview
from bot.views import next_steps as next_view
from bot.views import pairing as view
from bot.views.common import esc, local_date, shorten
from bot.views.labels import Labels
from bot.views.plans import plan_line
from models import (
    Assignment,
    AssignmentState,
    MentoringForm,
    MentoringType,
    Organization,
    PairFixing,
    Pairing,
    User,
)
from models.person import Audience
from services.documents.filenames import dated_filename
from services.errors import DomainError
from services.heads import Approvals
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository, Replan
from services.meetings.shapes import default_plan_shapes
from services.orgs import OrgService
from services.outbox_keys import offer_key
from services.pairing.bank import Person, Pool, load_pool
from services.pairing.service import END_REASONS, Offered, PairingService
from services.people import PeopleService

if TYPE_CHECKING:
    from services.pairing.order_doc import OrderRow

SKIP_KEY = "pairing_skip"
READ_ONLY_ACTS = frozenset({PairAct.LIST, PairAct.CARD, PairAct.ORDER})
CANDIDATES_SHOWN = 10


def plan_settings(deps: AppDeps, org: Organization) -> PlanSettings:
    return PlanSettings(
        first_deadlines_weeks=deps.settings.meeting_deadlines_weeks,
        regular_every_weeks=org.meeting_every_weeks or deps.settings.meeting_every_weeks,
    )


async def _replan(
    query: CallbackQuery,
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    pairing: Pairing,
    i18n: I18n,
) -> None:
    """A new type or form may mean another plan (a speed program is one meeting): rebuilt
    while the pair has not scheduled any meeting yet, and the curator is told."""
    repo = MeetingRepository(session)
    match await repo.replan(pairing, plan_settings(deps, org)):
        case Replan.REBUILT:
            await query.answer(i18n("plan-rebuilt", count=len(await repo.meetings(pairing.id))))
        case Replan.STARTED:
            await query.answer(i18n("plan-kept-started"), show_alert=True)
        case _:
            await query.answer()


def _service(session: AsyncSession, deps: AppDeps) -> PairingService:
    return PairingService(session, deps.settings.matching)


async def _skipped(state: FSMContext, org_id: int) -> frozenset[int]:
    data = (await state.get_data()).get(SKIP_KEY) or {}
    return frozenset(int(i) for i in data.get(str(org_id), []))


async def show_proposal(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
    *,
    municipal: bool,
    page: int = 0,
    edit: Message | None = None,
    note: str | None = None,
) -> None:
    proposal = await _service(session, deps).proposal(
        org, municipal=municipal, skipped=await _skipped(state, org.id)
    )
    text = view.proposal_text(i18n, Labels(deps.forms, i18n.locale), proposal, org.name, page)
    if note:
        text = f"{note}\n\n{text}"
    markup = view.proposal_keyboard(
        i18n, proposal, org.id, municipal=municipal, has_office=org.parent_id is not None, page=page
    )
    if edit is not None:
        with contextlib.suppress(TelegramAPIError):
            await edit.edit_text(text, reply_markup=markup)
            return
    await bot.send_message(chat_id, text, reply_markup=markup)


async def send_offers(
    session: AsyncSession, deps: AppDeps, org: Organization, offers: list[Offered]
) -> None:
    """Both sides of each new offer get the other's introduction and two buttons."""
    if not offers:
        return
    pool = await load_pool(session, org, municipal=True)
    now = deps.clock.now()
    for offered in offers:
        assignment = offered.assignment
        for own, other, to_mentor in (
            (assignment.mentor_membership_id, assignment.mentee_membership_id, True),
            (assignment.mentee_membership_id, assignment.mentor_membership_id, False),
        ):
            person, me = pool.people.get(other), pool.people.get(own)
            if person is None:
                continue
            to_pupil = me is not None and me.side.audience is Audience.PUPIL
            sides = (me, person)
            # a minor with an adult from outside: they talk through the bot and the school
            through_school = any(
                p is not None and p.side.audience is Audience.EXTERNAL for p in sides
            ) and (any(p is not None and p.side.audience is Audience.PUPIL for p in sides))

            def render(
                i18n: I18n,
                person: Person = person,
                to_mentor: bool = to_mentor,
                to_pupil: bool = to_pupil,
                through_school: bool = through_school,
            ) -> str:
                labels = Labels(deps.forms, i18n.locale)
                return view.offer_text(
                    i18n,
                    labels,
                    person,
                    org.name,
                    to_mentor=to_mentor,
                    to_pupil=to_pupil,
                    through_school=through_school,
                )

            await notify_membership(
                session,
                deps,
                own,
                render,
                now,
                about=await PeopleService(session).user_ids_of([other]),
                markup=partial(view.offer_keyboard, assignment_id=assignment.id),
                dedupe_key=offer_key(assignment.id, own, assignment.offered_at),
            )


async def _stale(
    query: CallbackQuery,
    cb: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> bool:
    """A button drawn for an older bank recomputes instead of applying stale data."""
    pool = await load_pool(session, org, municipal=cb.muni)
    if pool.fingerprint() == cb.v:
        return False
    await query.answer(i18n("proposal-stale-short"), show_alert=True)
    await show_proposal(
        bot,
        query.from_user.id,
        session,
        org,
        i18n,
        deps,
        state,
        municipal=cb.muni,
        note=i18n("proposal-stale"),
    )
    return True


async def proposal_button(
    query: CallbackQuery,
    callback_data: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    org = await require_org(session, user, callback_data.org)
    cb = callback_data
    message = query.message if isinstance(query.message, Message) else None
    match cb.act:
        case "show":
            await query.answer()
            await show_proposal(
                bot,
                query.from_user.id,
                session,
                org,
                i18n,
                deps,
                state,
                municipal=cb.muni,
                page=cb.pg,
                edit=message if cb.pg or cb.v else None,
            )
        case "skip":
            await query.answer()
            data = dict((await state.get_data()).get(SKIP_KEY) or {})
            data[str(org.id)] = sorted({*data.get(str(org.id), []), cb.e})
            await state.update_data({SKIP_KEY: data})
            await show_proposal(
                bot,
                query.from_user.id,
                session,
                org,
                i18n,
                deps,
                state,
                municipal=cb.muni,
                edit=message,
            )
        case "all" | "one" | "pick":
            if await _stale(query, cb, bot, session, org, i18n, deps, state):
                return
            await _offer(query, cb, bot, session, user, org, i18n, deps, state)
        case "swap":
            await query.answer()
            pool, ranked = await _service(session, deps).candidates(
                org, cb.e, municipal=cb.muni, limit=CANDIDATES_SHOWN
            )
            await bot.send_message(
                query.from_user.id,
                view.candidates_text(i18n, Labels(deps.forms, i18n.locale), pool, cb.e, ranked),
                reply_markup=view.candidates_keyboard(
                    i18n,
                    pool,
                    ranked,
                    org_id=org.id,
                    version=pool.fingerprint(),
                    mentee_id=cb.e,
                    municipal=cb.muni,
                ),
            )
        case _:
            await query.answer(i18n("error-stale-button"), show_alert=True)


async def _offer(
    query: CallbackQuery,
    cb: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    service = _service(session, deps)
    now = deps.clock.now()
    by = user.id if user else None
    if cb.act == "all":
        proposal = await service.proposal(
            org, municipal=cb.muni, skipped=await _skipped(state, org.id)
        )
        wanted: list[tuple[int, int, float | None]] = [
            (p.mentee_id, p.mentor_id, p.score.total) for p in proposal.proposal.pairs
        ]
    else:
        wanted = [(cb.e, cb.m, None)]
    offers: list[Offered] = []
    refused: list[str] = []
    for mentee_id, mentor_id, score in wanted:
        try:
            offers.append(
                await service.offer(
                    org,
                    mentee_id,
                    mentor_id,
                    by_user_id=by,
                    now=now,
                    score=score,
                    municipal=cb.muni,
                )
            )
        except DomainError as error:
            refused.append(i18n(error.key, **error.params))
    await send_offers(session, deps, org, offers)
    await query.answer(i18n("proposal-offered-short", count=len(offers)))
    note = i18n("proposal-offered", count=len(offers))
    if refused:
        note += "\n" + "\n".join(f"• {esc(r)}" for r in refused)
    await show_proposal(
        bot, query.from_user.id, session, org, i18n, deps, state, municipal=cb.muni, note=note
    )


# ----- pairs and groups ---------------------------------------------------------------------
async def _pool_for(session: AsyncSession, org: Organization) -> Pool:
    return await load_pool(session, org, municipal=True)


async def pairs_button(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    cb = callback_data
    # the head reads the pairs, their cards and the order list; every other act changes a pair
    org = await require_org(session, user, cb.org, read_only=cb.act in READ_ONLY_ACTS)
    manages = user is not None and await OrgService(session).can_manage(user.id, org.id)
    service = _service(session, deps)
    message = query.message if isinstance(query.message, Message) else None
    if cb.act == "list":
        await query.answer()
        await _send_pairs_list(bot, query.from_user.id, session, org, i18n, deps, manages=manages)
        return
    if cb.act == "order":
        await query.answer()
        await _send_order(bot, query.from_user.id, session, org, i18n, deps)
        return
    pairing, assignments = await service.pairing(cb.p)
    if pairing.org_id != org.id:
        # the organization in the button is checked against the pair's own
        raise DomainError("error-no-access")
    open_ones = [a for a in assignments if a.is_open]
    target = next((a for a in open_ones if a.id == cb.a), None)
    now = deps.clock.now()
    match cb.act:
        case "card":
            await query.answer()
        case "confirm" if target is not None and target.state is AssignmentState.AGREED:
            if await service.needs_check(pairing, target):
                # an adult from outside with a minor: the school's check comes first
                await query.answer()
                await bot.send_message(
                    query.from_user.id,
                    i18n(
                        "pair-safeguarding-ask",
                        mentor=esc(await _mentor_name(session, org, pairing, i18n)),
                    ),
                    reply_markup=view.safeguarding_keyboard(i18n, pairing, target.id),
                )
                return
            await _confirm(session, deps, org, service, pairing, target)
            await query.answer(i18n("pair-confirmed-short"))
        case "check" if target is not None and target.state is AssignmentState.AGREED:
            await service.record_check(pairing, user.id if user else None, now)
            if org.pair_fixing is PairFixing.HEAD_ORDER:
                # recorded; the pair is fixed later, by the head's order
                await query.answer(i18n("head-check-recorded"), show_alert=True)
            else:
                await _confirm(session, deps, org, service, pairing, target)
                await query.answer(i18n("pair-confirmed-short"))
        case "group":
            await service.make_group(pairing)
            await query.answer(i18n("pair-grouped-short"))
        case "end" if target is not None:
            await query.answer()
            if message is not None:
                await message.edit_reply_markup(
                    reply_markup=view.end_reasons_keyboard(i18n, pairing, target.id)
                )
            return
        case "endr" if target is not None and cb.v in END_REASONS:
            await service.end(target, cb.v, now)
            await _tell_both(session, deps, target, "pair-ended-notice", org)
            await tell_guardians_ended(session, deps, now)
            await query.answer(i18n("pair-ended-short"))
        case "form":
            # the form follows from who the two sides are (services/pairing/forms.py)
            await query.answer(
                i18n("pairing-form-derived", form=i18n(f"form-{pairing.form.value}")),
                show_alert=True,
            )
            return
        case "type":
            await query.answer()
            if message is not None:
                await message.edit_reply_markup(
                    reply_markup=view.choice_keyboard(i18n, pairing, kind=cb.act)
                )
            return
        case "setform" if cb.v in {f.value for f in MentoringForm}:
            # an old form menu's button: only the form the two sides make is accepted
            await service.set_form(pairing, MentoringForm(cb.v))
            await _replan(query, session, deps, org, pairing, i18n)
        case "settype" if cb.v in {t.value for t in MentoringType}:
            await service.set_type(pairing, MentoringType(cb.v))
            await _replan(query, session, deps, org, pairing, i18n)
        case _:
            await query.answer(i18n("error-stale-button"), show_alert=True)
            return
    pairing, assignments = await service.pairing(pairing.id)
    open_ones = [a for a in assignments if a.is_open]
    pool = await _pool_for(session, org)
    mentor_open = [
        a
        for _, group in await service.org_pairings(org.id)
        for a in group
        if a.mentor_membership_id == pairing.mentor_membership_id
    ]
    # a group gathers several pairs of one mentor; offered only while some are still apart
    can_group = len(mentor_open) > 1 and any(a.pairing_id != pairing.id for a in mentor_open)
    text = (
        view.pairing_card(i18n, pairing, open_ones, pool, org.timezone)
        + "\n"
        + plan_line(i18n, default_plan_shapes().for_pair(pairing.type, pairing.form))
        if open_ones
        else i18n("pair-card-closed")
    )
    markup = (
        view.pairing_keyboard(i18n, pairing, open_ones, pool, can_group=can_group)
        if open_ones and manages
        else None
    )
    if message is not None and cb.act != "card":
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(text, reply_markup=markup)
            return
    await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def confirm_all_button(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«Закрепить все согласованные»: every pair both sides agreed to, in one press. A pair
    that needs the school's check of an outside mentor is left for its own card."""
    org = await require_org(session, user, callback_data.org)
    if org.pair_fixing is not PairFixing.CURATOR:
        raise DomainError("head-pairs-by-order")
    service = _service(session, deps)
    confirmed = waiting = 0
    for pairing, assignments in await service.org_pairings(org.id):
        for target in assignments:
            if target.state is not AssignmentState.AGREED:
                continue
            if await service.needs_check(pairing, target):
                waiting += 1
                continue
            await _confirm(session, deps, org, service, pairing, target)
            confirmed += 1
    await query.answer(
        i18n("pairs-confirmed-all", confirmed=confirmed, waiting=waiting), show_alert=True
    )
    await _send_pairs_list(bot, query.from_user.id, session, org, i18n, deps, manages=True)


async def _confirm(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    service: PairingService,
    pairing: Pairing,
    target: Assignment,
) -> None:
    now = deps.clock.now()
    await service.confirm(target, now)
    await start_pair(
        session, deps, org, pairing, target, now.astimezone(ZoneInfo(org.timezone)).date()
    )


async def start_pair(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    pairing: Pairing,
    target: Assignment,
    fixed_on: date,
) -> None:
    """A pair just fixed (by the curator, or by the head's order dated ``fixed_on``): the
    first fixed mentee starts the pair's program and its meeting plan, and everyone is told."""
    now = deps.clock.now()
    repo = MeetingRepository(session)
    await repo.ensure_program(pairing, fixed_on, plan_settings(deps, org))
    await _tell_both(
        session,
        deps,
        target,
        "pair-confirmed-notice",
        org,
        next_steps=await _pair_next_steps(repo, pairing),
        date=local_date(fixed_on),
    )
    await tell_guardians_paired(session, deps, org, pairing, target, now)


async def _mentor_name(
    session: AsyncSession, org: Organization, pairing: Pairing, i18n: I18n
) -> str:
    pool = await _pool_for(session, org)
    return view.name_of(pool, pairing.mentor_membership_id, i18n)


async def _send_pairs_list(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    *,
    manages: bool,
) -> None:
    service = _service(session, deps)
    pairings = await service.org_pairings(org.id)
    pool = await _pool_for(session, org)
    kb = InlineKeyboard()
    lines = [i18n("pairs-title", org=esc(org.name), count=len(pairings))]
    for pairing, assignments in pairings:
        mentees = ", ".join(view.name_of(pool, a.mentee_membership_id, i18n) for a in assignments)
        states = {a.state for a in assignments}
        icon = "🟢" if states == {AssignmentState.ACTIVE} else "🟡"
        label = f"{icon} {view.name_of(pool, pairing.mentor_membership_id, i18n)} → {mentees}"
        kb.button(
            text=shorten(label, 60), callback_data=PairCb(act="card", org=org.id, p=pairing.id)
        )
    if not pairings:
        lines.append(i18n("pairs-empty"))
    else:
        lines.append(i18n("pairs-legend"))
        kb.button(text=i18n("btn-order-docx"), callback_data=PairCb(act="order", org=org.id))
    approvals = Approvals(session)
    if org.pair_fixing is PairFixing.HEAD_ORDER:
        waiting, ready = len(await approvals.pending(org.id)), len(await approvals.ready(org.id))
        lines.append(i18n("head-pairs-mode-line", waiting=waiting, ready=ready))
        if manages and ready:
            kb.button(
                text=i18n("btn-head-submit", count=ready),
                callback_data=HeadCb(act="submit", org=org.id),
            )
    agreed = sum(
        1 for _, assignments in pairings for a in assignments if a.state is AssignmentState.AGREED
    )
    if manages and agreed and org.pair_fixing is PairFixing.CURATOR:
        kb.button(
            text=i18n("btn-confirm-all-agreed", count=agreed),
            callback_data=PairCb(act="confall", org=org.id),
        )
    if manages:
        kb.button(text=i18n("btn-pairing"), callback_data=ProposalCb(act="show", org=org.id))
        # back to the curator even without a head (one who withdrew), or the pairs would wait
        if org.pair_fixing is PairFixing.HEAD_ORDER:
            kb.button(
                text=i18n("btn-head-mode-curator"),
                callback_data=HeadCb(act="mode", org=org.id, fixing=PairFixing.CURATOR.value),
            )
        elif await approvals.has_head(org.id):
            kb.button(
                text=i18n("btn-head-mode-head-order"),
                callback_data=HeadCb(act="mode", org=org.id, fixing=PairFixing.HEAD_ORDER.value),
            )
    back = MenuCb(act="org", org=org.id) if manages else HeadCb(act="menu", org=org.id)
    kb.button(text=i18n("btn-back-to-org"), callback_data=back)
    kb.adjust(1)
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=kb.as_markup())


async def _send_order(
    bot: Bot, chat_id: int, session: AsyncSession, org: Organization, i18n: I18n, deps: AppDeps
) -> None:
    service = _service(session, deps)
    pool = await _pool_for(session, org)
    labels = Labels(deps.forms, i18n.locale)
    # python-docx is loaded on first use: most instances never build an order, and it costs
    # resident memory in each one (bench/bench_memory.py)
    from services.pairing.order_doc import OrderLabels, build_order_docx

    rows = order_rows(pool, labels, org, i18n, await service.active_rows(org.id))
    today = local_date(deps.clock.now(), org.timezone)
    on = deps.clock.now().astimezone(ZoneInfo(org.timezone)).date()
    document = build_order_docx(
        rows,
        OrderLabels(
            title=i18n("order-title"),
            subtitle=i18n("order-subtitle"),
            org_line=org.name,
            columns=(
                i18n("order-col-number"),
                i18n("order-col-mentor"),
                i18n("order-col-mentee"),
                i18n("order-col-form"),
                i18n("order-col-type"),
                i18n("order-col-date"),
            ),
            generated=i18n("order-generated", date=today),
            empty=i18n("order-empty"),
        ),
    )
    await bot.send_document(
        chat_id,
        BufferedInputFile(
            document, filename=dated_filename(i18n("file-pairs"), org.name, on, "docx")
        ),
        caption=i18n("order-caption", org=esc(org.name), count=len(rows)),
    )


def order_rows(
    pool: Pool,
    labels: Labels,
    org: Organization,
    i18n: I18n,
    groups: list[tuple[Pairing, list[Assignment]]],
) -> list[OrderRow]:
    """The appendix's rows: one per pair or group, with the date each was fixed."""
    from services.pairing.order_doc import OrderRow  # python-docx on first use (see below)

    rows: list[OrderRow] = []
    for pairing, assignments in groups:
        mentor = pool.people.get(pairing.mentor_membership_id)
        mentees = tuple(
            (
                view.name_of(pool, a.mentee_membership_id, i18n),
                _position(labels, pool, a.mentee_membership_id),
            )
            for a in assignments
        )
        dates = [a.confirmed_at for a in assignments if a.confirmed_at]
        rows.append(
            OrderRow(
                mentor_name=mentor.name if mentor else i18n("name-unknown"),
                mentor_position=_position(labels, pool, pairing.mentor_membership_id),
                mentees=mentees,
                form=i18n(f"form-{pairing.form.value}"),
                type=i18n(f"type-{pairing.type.value}"),
                confirmed_on=min(dates).astimezone(ZoneInfo(org.timezone)).date()
                if dates
                else None,
            )
        )
    return rows


def _position(labels: Labels, pool: Pool, membership_id: int) -> str:
    person = pool.people.get(membership_id)
    if person is None or person.position is None:
        return ""
    return labels.one("positions", person.position)


NextStep = tuple[Callable[[I18n], str], Callable[[I18n], InlineKeyboardMarkup]]


async def _pair_next_steps(
    repo: MeetingRepository, pairing: Pairing
) -> tuple[NextStep, NextStep] | None:
    """A fixed pair's next step: the mentor schedules the first open meeting of the plan (the
    organizational one for a new pair), the mentee waits for the invitation."""
    following = await repo.next_open(pairing.id)
    if following is None:
        return None
    meeting = following

    def mentor_button(i18n: I18n) -> InlineKeyboardMarkup:
        return next_view.schedule_button(i18n, meeting, mview.kind_name(i18n, meeting))

    return (
        (lambda i18n: i18n("next-pair-mentor"), mentor_button),
        (lambda i18n: i18n("next-pair-mentee"), next_view.meetings_button),
    )


async def _tell_both(
    session: AsyncSession,
    deps: AppDeps,
    assignment: Assignment,
    key: str,
    org: Organization,
    *,
    next_steps: tuple[NextStep, NextStep] | None = None,
    **params: Any,
) -> None:
    """``next_steps``: the mentor's and the mentee's line and button under the notice."""
    pool = await _pool_for(session, org)
    pairs = (
        (assignment.mentor_membership_id, assignment.mentee_membership_id),
        (assignment.mentee_membership_id, assignment.mentor_membership_id),
    )
    now = deps.clock.now()
    for side, (own, other) in enumerate(pairs):
        step = next_steps[side] if next_steps is not None else None

        def render(i18n: I18n, other: int = other, step: NextStep | None = step) -> str:
            name = esc(view.name_of(pool, other, i18n))
            text = i18n(key, other=name, org=esc(org.name), **params)
            return next_view.with_next(text, step[0](i18n)) if step is not None else text

        about = await PeopleService(session).user_ids_of([other])
        await notify_membership(
            session,
            deps,
            own,
            render,
            now,
            about=about,
            markup=step[1] if step is not None else None,
        )


def build_router() -> Router:
    router = Router(name="pairing")
    router.callback_query.register(proposal_button, ProposalCb.filter())
    router.callback_query.register(confirm_all_button, PairCb.filter(F.act == PairAct.CONFIRM_ALL))
    router.callback_query.register(pairs_button, PairCb.filter())
    return router

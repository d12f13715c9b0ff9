"""Curator: «Подбор пар» — proposals, swaps, manual picks; pairs and groups; the order list."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
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
from bot.notify.guardians import tell_guardians_ended, tell_guardians_paired
from bot.notify.notices import notify_membership
from bot.tg.callbacks import (
    HeadAct,
    HeadCb,
    MenuAct,
    MenuCb,
    PairAct,
    PairCb,
    ProposalAct,
    ProposalCb,
)
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views import meetings as mview
from bot.tg.views import next_steps as next_view
from bot.tg.views import pairing as view
from bot.tg.views.common import esc, local_date, shorten
from bot.tg.views.labels import Labels
from bot.tg.views.plans import plan_line
from models import (
    Assignment,
    AssignmentState,
    Organization,
    PairFixing,
    Pairing,
    User,
)
from models.person import Audience
from services.documents.filenames import dated_filename
from services.heads import Approvals
from services.meetings.plan import PlanSettings
from services.meetings.repository import MeetingRepository, Replan
from services.meetings.shapes import default_plan_shapes
from services.orgs import OrgService
from services.outbox_keys import offer_key
from services.pairing.bank import Person, Pool, load_pool
from services.pairing.pair_actions import (
    Confirmation,
    OrgPair,
    can_group,
    confirm_agreed,
    confirm_all_agreed,
    end_pair,
    make_offers,
    pair_of_org,
    proposed,
    record_check,
    set_form,
    set_type,
)
from services.pairing.service import Offered, PairingService
from services.people import PeopleService

if TYPE_CHECKING:
    from services.pairing.order_doc import OrderRow

SKIP_KEY = "pairing_skip"
READ_ONLY_ACTS = frozenset({PairAct.LIST, PairAct.CARD, PairAct.ORDER})
# the actions on the one pair the button names (the others are on the organization's list)
ONE_PAIR_ACTS = frozenset(PairAct) - {PairAct.LIST, PairAct.ORDER, PairAct.CONFIRM_ALL}
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


class PairOfOrg(Filter):
    """Hands ``pair`` (the pair the button names, with its assignments) to a pair's button,
    after ``OrgAccess`` checked the organization: a pair of another organization, or one gone,
    is refused as the handler refused it (a domain error, answered by the errors router)."""

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        org: Organization,
        deps: AppDeps,
        callback_data: PairCb,
    ) -> dict[str, OrgPair]:
        return {"pair": await pair_of_org(_service(session, deps), org, callback_data.pairing)}


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
    if pool.fingerprint() == cb.version:
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


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def proposal_show(
    query: CallbackQuery,
    callback_data: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    cb = callback_data
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
        page=cb.page,
        edit=_message(query) if cb.page or cb.version else None,
    )


async def proposal_skip(
    query: CallbackQuery,
    callback_data: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """Leave the mentee out of this curator's proposals for now."""
    await query.answer()
    data = dict((await state.get_data()).get(SKIP_KEY) or {})
    data[str(org.id)] = sorted({*data.get(str(org.id), []), callback_data.mentee})
    await state.update_data({SKIP_KEY: data})
    await show_proposal(
        bot,
        query.from_user.id,
        session,
        org,
        i18n,
        deps,
        state,
        municipal=callback_data.muni,
        edit=_message(query),
    )


async def proposal_swap(
    query: CallbackQuery,
    callback_data: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """Other candidates for the mentee, best first."""
    cb = callback_data
    await query.answer()
    pool, ranked = await _service(session, deps).candidates(
        org, cb.mentee, municipal=cb.muni, limit=CANDIDATES_SHOWN
    )
    await bot.send_message(
        query.from_user.id,
        view.candidates_text(i18n, Labels(deps.forms, i18n.locale), pool, cb.mentee, ranked),
        reply_markup=view.candidates_keyboard(
            i18n,
            pool,
            ranked,
            org_id=org.id,
            version=pool.fingerprint(),
            mentee_id=cb.mentee,
            municipal=cb.muni,
        ),
    )


async def proposal_offer(
    query: CallbackQuery,
    callback_data: ProposalCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """Offer every proposed pair, one of them, or a mentor picked by hand."""
    cb = callback_data
    if await _stale(query, cb, bot, session, org, i18n, deps, state):
        return
    service = _service(session, deps)
    if cb.act is ProposalAct.ALL:
        proposal = await service.proposal(
            org, municipal=cb.muni, skipped=await _skipped(state, org.id)
        )
        wanted = proposed(proposal)
    else:
        wanted = [(cb.mentee, cb.mentor, None)]
    offers, refused = await make_offers(
        service,
        org,
        wanted,
        by_user_id=user.id if user else None,
        now=deps.clock.now(),
        municipal=cb.muni,
    )
    await send_offers(session, deps, org, offers)
    await query.answer(i18n("proposal-offered-short", count=len(offers)))
    note = i18n("proposal-offered", count=len(offers))
    if refused:
        note += "\n" + "\n".join(f"• {esc(i18n(e.key, **e.params))}" for e in refused)
    await show_proposal(
        bot, query.from_user.id, session, org, i18n, deps, state, municipal=cb.muni, note=note
    )


# ----- pairs and groups ---------------------------------------------------------------------
async def _pool_for(session: AsyncSession, org: Organization) -> Pool:
    return await load_pool(session, org, municipal=True)


async def _stale_button(query: CallbackQuery, i18n: I18n) -> None:
    await query.answer(i18n("error-stale-button"), show_alert=True)


async def pairs_list(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """The pairs and groups; the head reads them too, without the buttons that change them."""
    manages = user is not None and await OrgService(session).can_manage(user.id, org.id)
    await query.answer()
    await _send_pairs_list(bot, query.from_user.id, session, org, i18n, deps, manages=manages)


async def pairs_order(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await query.answer()
    await _send_order(bot, query.from_user.id, session, org, i18n, deps)


async def pair_card(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    manages = user is not None and await OrgService(session).can_manage(user.id, org.id)
    await query.answer()
    await _show_card(
        query, bot, session, org, i18n, deps, pair.pairing, manages=manages, edit=False
    )


async def pair_confirm(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    service = _service(session, deps)
    target = pair.agreed(callback_data.assignment)
    if target is None:
        await _stale_button(query, i18n)
        return
    if await _confirm_one(query, bot, session, org, i18n, deps, service, pair.pairing, target):
        await _show_card(query, bot, session, org, i18n, deps, pair.pairing)


async def pair_check(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«The school checked the mentor» (safeguarding), then the pair is fixed."""
    service = _service(session, deps)
    target = pair.agreed(callback_data.assignment)
    if target is None:
        await _stale_button(query, i18n)
        return
    by = user.id if user else None
    if not await record_check(service, org, pair.pairing, by, deps.clock.now()):
        # recorded; the pair is fixed later, by the head's order
        await query.answer(i18n("head-check-recorded"), show_alert=True)
    elif not await _confirm_one(
        query, bot, session, org, i18n, deps, service, pair.pairing, target
    ):
        return
    await _show_card(query, bot, session, org, i18n, deps, pair.pairing)


async def _confirm_one(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    service: PairingService,
    pairing: Pairing,
    target: Assignment,
) -> bool:
    """Fixes the pair, or asks for the school's check first (False: the card stays)."""
    now = deps.clock.now()
    match await confirm_agreed(service, pairing, target, now):
        case Confirmation.CONFIRMED:
            await _start(session, deps, org, now, pairing, target)
            await query.answer(i18n("pair-confirmed-short"))
            return True
        case Confirmation.NEEDS_CHECK:
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
            return False
        case _:
            await _stale_button(query, i18n)
            return False


async def pair_group(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    service = _service(session, deps)
    await service.make_group(pair.pairing)
    await query.answer(i18n("pair-grouped-short"))
    await _show_card(query, bot, session, org, i18n, deps, pair.pairing)


async def pair_end(
    query: CallbackQuery,
    callback_data: PairCb,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«Завершить»: asks why, in place of the card's buttons."""
    target = pair.open_assignment(callback_data.assignment)
    if target is None:
        await _stale_button(query, i18n)
        return
    await query.answer()
    message = _message(query)
    if message is not None:
        await message.edit_reply_markup(
            reply_markup=view.end_reasons_keyboard(i18n, pair.pairing, target.id)
        )


async def pair_end_reason(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    service = _service(session, deps)
    now = deps.clock.now()
    ended = await end_pair(service, pair, callback_data.assignment, callback_data.value, now)
    if ended is None:
        await _stale_button(query, i18n)
        return
    await _tell_both(session, deps, ended, "pair-ended-notice", org)
    await tell_guardians_ended(session, deps, now)
    await query.answer(i18n("pair-ended-short"))
    await _show_card(query, bot, session, org, i18n, deps, pair.pairing)


async def pair_form(
    query: CallbackQuery,
    callback_data: PairCb,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    # the form follows from who the two sides are (services/pairing/forms.py)
    await query.answer(
        i18n("pairing-form-derived", form=i18n(f"form-{pair.pairing.form.value}")),
        show_alert=True,
    )


async def pair_type(
    query: CallbackQuery,
    callback_data: PairCb,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """The choice of types, in place of the card's buttons."""
    await query.answer()
    message = _message(query)
    if message is not None:
        await message.edit_reply_markup(
            reply_markup=view.choice_keyboard(i18n, pair.pairing, kind="type")
        )


async def pair_set_form(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await _set(query, callback_data, bot, session, org, pair, i18n, deps, set_form)


async def pair_set_type(
    query: CallbackQuery,
    callback_data: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await _set(query, callback_data, bot, session, org, pair, i18n, deps, set_type)


async def _set(
    query: CallbackQuery,
    cb: PairCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    pair: OrgPair,
    i18n: I18n,
    deps: AppDeps,
    setter: Callable[[PairingService, Pairing, str], Awaitable[bool]],
) -> None:
    """A new form or type; the plan is rebuilt if it must be (see ``_replan``)."""
    service = _service(session, deps)
    if not await setter(service, pair.pairing, cb.value):
        await _stale_button(query, i18n)
        return
    await _replan(query, session, deps, org, pair.pairing, i18n)
    await _show_card(query, bot, session, org, i18n, deps, pair.pairing)


async def _show_card(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    pairing: Pairing,
    *,
    manages: bool = True,
    edit: bool = True,
) -> None:
    """The pair's card as it is now: in place of the pressed message, or as a new one."""
    service = _service(session, deps)
    pairing, assignments = await service.pairing(pairing.id)
    open_ones = [a for a in assignments if a.is_open]
    pool = await _pool_for(session, org)
    grouping = await can_group(service, pairing)
    text = (
        view.pairing_card(i18n, pairing, open_ones, pool, org.timezone)
        + "\n"
        + plan_line(i18n, default_plan_shapes().for_pair(pairing.type, pairing.form))
        if open_ones
        else i18n("pair-card-closed")
    )
    markup = (
        view.pairing_keyboard(i18n, pairing, open_ones, pool, can_group=grouping)
        if open_ones and manages
        else None
    )
    message = _message(query)
    if message is not None and edit:
        with contextlib.suppress(TelegramAPIError):
            await message.edit_text(text, reply_markup=markup)
            return
    await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def confirm_all_button(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """«Закрепить все согласованные»: every pair both sides agreed to, in one press. A pair
    that needs the school's check of an outside mentor is left for its own card."""
    now = deps.clock.now()
    done = await confirm_all_agreed(
        _service(session, deps), org, now, partial(_start, session, deps, org, now)
    )
    await query.answer(
        i18n("pairs-confirmed-all", confirmed=done.confirmed, waiting=done.waiting),
        show_alert=True,
    )
    await _send_pairs_list(bot, query.from_user.id, session, org, i18n, deps, manages=True)


async def _start(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    now: datetime,
    pairing: Pairing,
    target: Assignment,
) -> None:
    """A pair the curator just fixed at ``now`` starts (its date is the school's)."""
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
            text=shorten(label, 60),
            callback_data=PairCb(act=PairAct.CARD, org=org.id, pairing=pairing.id),
        )
    if not pairings:
        lines.append(i18n("pairs-empty"))
    else:
        lines.append(i18n("pairs-legend"))
        kb.button(text=i18n("btn-order-docx"), callback_data=PairCb(act=PairAct.ORDER, org=org.id))
    approvals = Approvals(session)
    if org.pair_fixing is PairFixing.HEAD_ORDER:
        waiting, ready = len(await approvals.pending(org.id)), len(await approvals.ready(org.id))
        lines.append(i18n("head-pairs-mode-line", waiting=waiting, ready=ready))
        if manages and ready:
            kb.button(
                text=i18n("btn-head-submit", count=ready),
                callback_data=HeadCb(act=HeadAct.SUBMIT, org=org.id),
            )
    agreed = sum(
        1 for _, assignments in pairings for a in assignments if a.state is AssignmentState.AGREED
    )
    if manages and agreed and org.pair_fixing is PairFixing.CURATOR:
        kb.button(
            text=i18n("btn-confirm-all-agreed", count=agreed),
            callback_data=PairCb(act=PairAct.CONFIRM_ALL, org=org.id),
        )
    if manages:
        kb.button(
            text=i18n("btn-pairing"), callback_data=ProposalCb(act=ProposalAct.SHOW, org=org.id)
        )
        # back to the curator even without a head (one who withdrew), or the pairs would wait
        if org.pair_fixing is PairFixing.HEAD_ORDER:
            kb.button(
                text=i18n("btn-head-mode-curator"),
                callback_data=HeadCb(act=HeadAct.MODE, org=org.id, fixing=PairFixing.CURATOR.value),
            )
        elif await approvals.has_head(org.id):
            kb.button(
                text=i18n("btn-head-mode-head-order"),
                callback_data=HeadCb(
                    act=HeadAct.MODE, org=org.id, fixing=PairFixing.HEAD_ORDER.value
                ),
            )
    back = MenuCb(act=MenuAct.ORG, org=org.id) if manages else HeadCb(act=HeadAct.MENU, org=org.id)
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


_PROPOSAL_HANDLERS: dict[ProposalAct, Callable[..., Awaitable[None]]] = {
    ProposalAct.SHOW: proposal_show,
    ProposalAct.SKIP: proposal_skip,
    ProposalAct.SWAP: proposal_swap,
    ProposalAct.ALL: proposal_offer,
    ProposalAct.ONE: proposal_offer,
    ProposalAct.PICK: proposal_offer,
}
_PAIR_HANDLERS: dict[PairAct, Callable[..., Awaitable[None]]] = {
    PairAct.LIST: pairs_list,
    PairAct.ORDER: pairs_order,
    PairAct.CARD: pair_card,
    PairAct.CONFIRM: pair_confirm,
    PairAct.CHECK: pair_check,
    PairAct.GROUP: pair_group,
    PairAct.END: pair_end,
    PairAct.END_REASON: pair_end_reason,
    PairAct.FORM: pair_form,
    PairAct.TYPE: pair_type,
    PairAct.SET_FORM: pair_set_form,
    PairAct.SET_TYPE: pair_set_type,
    PairAct.CONFIRM_ALL: confirm_all_button,
}


def build_router() -> Router:
    """One handler per action; the head reads the pairs, their cards and the order list, every
    other action changes a pair and is the curator's."""
    router = Router(name="pairing")
    for proposal_act, handler in _PROPOSAL_HANDLERS.items():
        router.callback_query.register(
            handler, ProposalCb.filter(F.act == proposal_act), OrgAccess()
        )
    for pair_act, handler in _PAIR_HANDLERS.items():
        access = OrgAccess(read_only=pair_act in READ_ONLY_ACTS)
        on_a_pair = (PairOfOrg(),) if pair_act in ONE_PAIR_ACTS else ()
        router.callback_query.register(
            handler, PairCb.filter(F.act == pair_act), access, *on_a_pair
        )
    return router

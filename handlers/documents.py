"""«📄 Документы»: a school's ready-to-file DOCX documents (issue 13).

The mentors' reports, the order appointing the curator, consent forms to sign on paper, and
the reward order with thank-you letters. A curator of the school (or of its municipal office)
and the school's head may build them; nothing here writes to the database, so the head's
read-only role is kept. Every press re-reads the school and the person or pair it names within
that school. The files are built in a worker thread, so one school's documents never stall the
bot for everyone else.
"""

from __future__ import annotations

import functools
from datetime import date
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.chat_action import ChatActionSender
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.infra.metrics import build_in_thread
from bot.tg.callbacks import DocAct, DocumentsCb, PaperConsent
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.views import documents as view
from bot.tg.views.common import esc
from bot.tg.views.labels import Labels
from handlers.curator import back_to_org
from models import Audience, Organization, OrgKind, Role, User
from services.documents.repository import DocumentsRepository, Person
from services.documents.rewards import (
    MentorCandidate,
    PairCandidate,
    goals_by_mentor,
    rank_mentors,
    rank_pairs,
)
from services.errors import AccessDenied, DomainError
from services.reports.dataset import load_dataset

SHOWN_CANDIDATES = 8  # of each nomination: a message a curator reads at a glance
SELECTION = "doc_reward"  # FSM data: {"org": id, "m": [membership ids], "p": [pairing ids]}
CONSENT_PEOPLE: dict[str, tuple[Role, ...]] = {
    "pd": (Role.CURATOR, Role.HEAD, Role.MENTOR, Role.MENTEE),
    "ap": (Role.MENTOR,),
    "pa": (Role.MENTOR, Role.MENTEE),
}


async def _school_only(query: CallbackQuery, org: Organization) -> bool:
    """A filter after ``OrgAccess``: documents are a school's; an office has none."""
    if org.kind is not OrgKind.SCHOOL:
        raise AccessDenied
    return True


async def documents_menu(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await query.answer()
    back = await back_to_org(session, user, org)
    await _menu(bot, query, state, view.documents_menu(i18n, org, back))


async def reports_list(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await query.answer()
    repo = DocumentsRepository(session)
    mentors = await repo.people(org.id, (Role.MENTOR,))
    reports = await repo.mentor_reports(org.id)
    done = {m: r.completed_at for m, r in reports.items()}
    await _menu(bot, query, state, view.reports_list(i18n, org, mentors, done))


async def consents_menu(
    query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n, state: FSMContext
) -> None:
    await query.answer()
    await _menu(bot, query, state, view.consents_menu(i18n, org))


async def consent_pick(
    query: CallbackQuery,
    callback_data: DocumentsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    await query.answer()
    form = callback_data.form
    people = await _consent_people(DocumentsRepository(session), org, form)
    await _menu(bot, query, state, view.consent_pick(i18n, org, form, people))


async def _menu(
    bot: Bot, query: CallbackQuery, state: FSMContext, shown: tuple[str, InlineKeyboardMarkup]
) -> None:
    """The documents' menus are one live menu with the others: a press edits it in place."""
    text, markup = shown
    await show_menu(bot, state, text, markup, pressed=query)


def _today(org: Organization, deps: AppDeps) -> date:
    return deps.clock.now().astimezone(ZoneInfo(org.timezone)).date()


async def _document(bot: Bot, chat_id: int, data: bytes, filename: str, caption: str) -> None:
    await bot.send_document(chat_id, BufferedInputFile(data, filename=filename), caption=caption)


# ----- the mentors' reports ---------------------------------------------------------------
async def mentor_reports(
    query: CallbackQuery,
    callback_data: DocumentsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """One mentor's report (the button's membership), or every report in one document (0)."""
    repo = DocumentsRepository(session)
    mentor_id = callback_data.id
    mentors = await repo.people(org.id, (Role.MENTOR,))
    reports = await repo.mentor_reports(org.id)
    if mentor_id:
        mentors = [m for m in mentors if m.membership_id == mentor_id]
        if not mentors:
            raise DomainError("error-stale-button")
        if mentor_id not in reports:
            raise DomainError("doc-report-not-yet")
    elif not reports:
        raise DomainError("doc-report-none")
    await query.answer(i18n("doc-working"))
    from bot.tg.views import document_texts as texts

    chat_id = query.from_user.id
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        file = await build_in_thread(
            "document",
            functools.partial(
                texts.mentor_reports_file,
                i18n,
                org,
                _today(org, deps),
                mentors,
                reports,
                deps.forms,
                Labels(deps.forms, i18n.locale),
                one=bool(mentor_id),
            ),
        )
        if mentor_id:
            name = esc(view.shown_name(i18n, mentors[0]))
            caption = i18n("doc-report-caption", name=name, org=esc(org.name))
        else:
            done = sum(m.membership_id in reports for m in mentors)
            caption = i18n("doc-reports-caption", org=esc(org.name), done=done, total=len(mentors))
        await _document(bot, chat_id, file.data, file.filename, caption)


# ----- the curator's appointment ----------------------------------------------------------
async def curator_order(
    query: CallbackQuery,
    callback_data: DocumentsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """The order appointing the curator the button names (0: the only one, or pick one)."""
    repo = DocumentsRepository(session)
    curator_id = callback_data.id
    curators = await repo.people(org.id, (Role.CURATOR,))
    if not curators:
        raise DomainError("doc-curator-none")
    chat_id = query.from_user.id
    if not curator_id and len(curators) > 1:
        await query.answer()
        await _menu(bot, query, state, view.curator_pick(i18n, org, curators))
        return
    chosen = curators[0] if not curator_id else None
    chosen = chosen or next((c for c in curators if c.membership_id == curator_id), None)
    if chosen is None:
        raise DomainError("error-stale-button")
    await query.answer(i18n("doc-working"))
    from bot.tg.views import document_texts as texts

    position = texts.position_of(Labels(deps.forms, i18n.locale), chosen)
    head = await repo.head_name(org.id)
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        file = await build_in_thread(
            "document",
            texts.curator_order_file,
            i18n,
            org,
            _today(org, deps),
            chosen,
            position,
            head,
        )
        caption = i18n(
            "doc-curator-caption", name=esc(view.shown_name(i18n, chosen)), org=esc(org.name)
        )
        await _document(bot, chat_id, file.data, file.filename, caption)


# ----- consent forms ----------------------------------------------------------------------
async def _consent_people(repo: DocumentsRepository, org: Organization, form: str) -> list[Person]:
    people = await repo.people(org.id, CONSENT_PEOPLE[form])
    pupils = form == PaperConsent.PARENTAL
    return [p for p in people if (p.audience is Audience.PUPIL) == pupils]


async def consent(
    query: CallbackQuery,
    callback_data: DocumentsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    """A consent form filled in for the person the button names, or a blank one (0)."""
    repo = DocumentsRepository(session)
    membership_id, form = callback_data.id, callback_data.form
    person = None
    guardian = None
    if membership_id:
        people = await _consent_people(repo, org, form)
        person = next((p for p in people if p.membership_id == membership_id), None)
        if person is None:
            raise DomainError("error-stale-button")
        if form == PaperConsent.PARENTAL:
            guardian = await repo.guardian(person.user_id, org.id)
    await query.answer(i18n("doc-working"))
    from bot.tg.views import document_texts as texts

    chat_id = query.from_user.id
    file = await build_in_thread(
        "document", texts.consent_file, i18n, org, _today(org, deps), form, person, guardian
    )
    caption = i18n("doc-consent-caption", form=i18n(view.CONSENT_BUTTONS[form]))
    await _document(bot, chat_id, file.data, file.filename, caption)


# ----- rewards ----------------------------------------------------------------------------
async def _candidates(
    repo: DocumentsRepository, org: Organization, deps: AppDeps
) -> tuple[list[MentorCandidate], list[PairCandidate]]:
    # a session of its own: see AppDeps.read_session_factory
    async with deps.reader()() as session:
        dataset = await load_dataset(session, org, now=deps.clock.now(), forms=deps.forms)
    reports = await repo.mentor_reports(org.id)
    goals = goals_by_mentor({m: r.answers for m, r in reports.items()})
    mentors = rank_mentors(dataset, goals)[:SHOWN_CANDIDATES]
    pairs = rank_pairs(dataset, goals)[:SHOWN_CANDIDATES]
    return mentors, pairs


async def rewards(
    query: CallbackQuery,
    callback_data: DocumentsCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """The candidates with the curator's ticks: show, tick a mentor or a pair, or build."""
    cb = callback_data
    repo = DocumentsRepository(session)
    mentors, pairs = await _candidates(repo, org, deps)
    saved = (await state.get_data()).get(SELECTION) or {}
    same_org = saved.get("org") == org.id
    # ticks of candidates no longer proposed (or of another school) are dropped
    ticked_m = {m for m in saved.get("m", []) if same_org} & {c.membership_id for c in mentors}
    ticked_p = {p for p in saved.get("p", []) if same_org} & {c.pairing_id for c in pairs}
    chat_id = query.from_user.id
    match cb.act:
        case DocAct.TOGGLE_MENTOR | DocAct.TOGGLE_PAIR:
            mentor = cb.act is DocAct.TOGGLE_MENTOR
            ids = ticked_m if mentor else ticked_p
            shown = {c.membership_id for c in mentors} if mentor else {c.pairing_id for c in pairs}
            if cb.id not in shown:
                raise DomainError("error-stale-button")
            ids.symmetric_difference_update({cb.id})
        case DocAct.REWARD_DOCS:
            if not ticked_m and not ticked_p:
                raise DomainError("doc-rewards-nothing-selected")
            await query.answer(i18n("doc-working"))
            await _reward_documents(
                bot, chat_id, repo, org, mentors, pairs, ticked_m, ticked_p, i18n, deps
            )
            return
    await state.update_data(
        {SELECTION: {"org": org.id, "m": sorted(ticked_m), "p": sorted(ticked_p)}}
    )
    await query.answer()
    shown_view = view.rewards_list(i18n, org, mentors, pairs, ticked_m, ticked_p)
    message = query.message
    if cb.act is not DocAct.REWARDS and isinstance(message, Message):
        text, markup = shown_view
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message.message_id, reply_markup=markup
        )
    else:
        await _menu(bot, query, state, shown_view)


async def _reward_documents(
    bot: Bot,
    chat_id: int,
    repo: DocumentsRepository,
    org: Organization,
    mentors: list[MentorCandidate],
    pairs: list[PairCandidate],
    ticked_m: set[int],
    ticked_p: set[int],
    i18n: I18n,
    deps: AppDeps,
) -> None:
    from bot.tg.views import document_texts as texts

    rewarded = texts.Rewarded(
        mentors=tuple(c for c in mentors if c.membership_id in ticked_m),
        pairs=tuple(c for c in pairs if c.pairing_id in ticked_p),
    )
    head = await repo.head_name(org.id)
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        order, letters = await build_in_thread(
            "document",
            texts.reward_files,
            i18n,
            org,
            _today(org, deps),
            rewarded,
            Labels(deps.forms, i18n.locale),
            head,
        )
        org_name = esc(org.name)
        await _document(
            bot,
            chat_id,
            order.data,
            order.filename,
            i18n("doc-reward-order-caption", org=org_name, count=rewarded.count),
        )
        await _document(
            bot,
            chat_id,
            letters.data,
            letters.filename,
            i18n("doc-letters-caption", org=org_name, count=rewarded.count),
        )


def build_router() -> Router:
    router = Router(name="documents")
    # nothing here writes to the database: the school's head builds the documents too
    for handler, acts in (
        (documents_menu, {DocAct.MENU}),
        (reports_list, {DocAct.REPORTS}),
        (mentor_reports, {DocAct.REPORT}),
        (curator_order, {DocAct.CURATOR}),
        (consents_menu, {DocAct.CONSENTS}),
        (consent_pick, {DocAct.CONSENT_PICK}),
        (consent, {DocAct.CONSENT}),
        (
            rewards,
            {DocAct.REWARDS, DocAct.TOGGLE_MENTOR, DocAct.TOGGLE_PAIR, DocAct.REWARD_DOCS},
        ),
    ):
        router.callback_query.register(
            handler,
            DocumentsCb.filter(F.act.in_(acts)),
            OrgAccess(read_only=True),
            _school_only,
        )
    return router

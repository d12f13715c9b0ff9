"""«📥 Загрузить список сотрудников»: a curator's staff list becomes one invite link a person.

The curator picks the role for rows that do not name one, sends an XLSX or CSV, gets back the
file of links to hand out, and later sees who joined. The file is parsed by
services/roster/parse.py; every press re-checks the curator's right to the school.
"""

from __future__ import annotations

import asyncio
import io
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import MenuAct, MenuCb, RosterAct, RosterCb
from bot.tg.conversation import remembered_id
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.states import RosterUpload
from bot.tg.views.common import esc
from models import Organization, OrgKind, Role, User
from services.documents.filenames import document_filename
from services.errors import DomainError
from services.roster.export import links_workbook
from services.roster.parse import MAX_BYTES, MAX_ROWS, RosterFileError, parse_roster
from services.roster.service import RosterService

SHOWN_PROBLEMS = 20  # more than this: the first ones and a count
ROLE_KEYS = {"mentor": "roster-role-mentor", "mentee": "roster-role-mentee"}


def _school(org: Organization) -> Organization:
    if org.kind is OrgKind.MUNICIPALITY:
        raise DomainError("roster-school-only")
    return org


def _start_markup(i18n: I18n, org_id: int) -> InlineKeyboard:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-roster-mentor"),
        callback_data=RosterCb(act=RosterAct.ROLE, org=org_id, role="mentor"),
    )
    kb.button(
        text=i18n("btn-roster-mentee"),
        callback_data=RosterCb(act=RosterAct.ROLE, org=org_id, role="mentee"),
    )
    kb.button(text=i18n("btn-roster-list"), callback_data=RosterCb(act=RosterAct.LIST, org=org_id))
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    kb.adjust(1)
    return kb


async def start(query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n) -> None:
    _school(org)
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        i18n("roster-start", org=esc(org.name), limit=MAX_ROWS),
        reply_markup=_start_markup(i18n, org.id).as_markup(),
    )


async def pick_role(
    query: CallbackQuery,
    callback_data: RosterCb,
    bot: Bot,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    _school(org)
    await query.answer()
    await state.set_state(RosterUpload.file)
    await state.update_data(roster_org=org.id, roster_role=callback_data.role)
    await bot.send_message(
        query.from_user.id, i18n("roster-send-file", role=i18n(ROLE_KEYS[callback_data.role]))
    )


async def show_list(
    query: CallbackQuery, bot: Bot, session: AsyncSession, org: Organization, i18n: I18n
) -> None:
    _school(org)
    await query.answer()
    people = await RosterService(session).status(org.id)
    if not people:
        await bot.send_message(query.from_user.id, i18n("roster-empty", org=esc(org.name)))
        return
    joined = [p for p in people if p.joined]
    waiting = [p for p in people if not p.joined]
    lines = [i18n("roster-list-title", org=esc(org.name), joined=len(joined), total=len(people))]
    if joined:
        lines += ["", i18n("roster-list-joined")]
        lines += [f"✅ {esc(p.full_name)}" for p in joined]
    if waiting:
        lines += ["", i18n("roster-list-waiting")]
        lines += [f"⏳ {esc(p.full_name)}" for p in waiting]
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-roster-delete"), callback_data=RosterCb(act=RosterAct.DELETE, org=org.id)
    )
    await bot.send_message(query.from_user.id, "\n".join(lines), reply_markup=kb.as_markup())


async def ask_delete(query: CallbackQuery, bot: Bot, org: Organization, i18n: I18n) -> None:
    _school(org)
    await query.answer()
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-roster-delete-ok"),
        callback_data=RosterCb(act=RosterAct.DELETE_OK, org=org.id),
    )
    await bot.send_message(
        query.from_user.id,
        i18n("roster-delete-ask", org=esc(org.name)),
        reply_markup=kb.as_markup(),
    )


async def delete(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    _school(org)
    await query.answer()
    removed = await RosterService(session).delete(org.id, deps.clock.now())
    await bot.send_message(query.from_user.id, i18n("roster-deleted", count=removed))


async def file_sent(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    org_id = await remembered_id(message, state, i18n, "roster_org")
    if org_id is None:
        return
    org = _school(await require_org(session, user, org_id))
    document = message.document
    assert document is not None  # the filter
    name = document.file_name or ""
    if not name.lower().endswith((".xlsx", ".csv", ".txt")):
        await message.answer(i18n("roster-file-type"))
        return
    if document.file_size is not None and document.file_size > MAX_BYTES:
        await message.answer(i18n("roster-file-too-large", limit=MAX_BYTES // (1024 * 1024)))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    try:
        parsed = await asyncio.to_thread(parse_roster, buffer.getvalue(), name)
    except RosterFileError as error:
        await message.answer(i18n(error.key, **error.args_))
        return
    if parsed.problems:
        lines = [i18n("roster-problems", count=len(parsed.problems))]
        for problem in parsed.problems[:SHOWN_PROBLEMS]:
            lines.append(i18n("roster-problem-line", line=problem.line, problem=i18n(problem.key)))
        if len(parsed.problems) > SHOWN_PROBLEMS:
            lines.append(i18n("roster-problems-more", count=len(parsed.problems) - SHOWN_PROBLEMS))
        lines.append(i18n("roster-fix-and-resend"))
        await message.answer("\n".join(lines))
        return
    data = await state.get_data()
    default_role = Role(data.get("roster_role") or Role.MENTEE.value)
    links = await RosterService(session).add(
        org.id,
        parsed.rows,
        default_role,
        now=deps.clock.now(),
        created_by=user.id if user else None,
    )
    await state.set_state(None)
    await state.update_data(roster_org=None, roster_role=None)
    headers = [
        i18n("roster-col-name"),
        i18n("roster-col-position"),
        i18n("roster-col-role"),
        i18n("roster-col-link"),
    ]
    workbook = await asyncio.to_thread(
        links_workbook, links, deps.bot_username, headers, lambda role: i18n(ROLE_KEYS[role])
    )
    today = deps.clock.now().astimezone(ZoneInfo(org.timezone)).date()
    filename = document_filename(i18n("roster-file-title"), org.name, today, "xlsx")
    await message.answer_document(
        BufferedInputFile(workbook, filename=filename),
        caption=i18n("roster-links-caption", count=len(links)),
        reply_markup=_start_markup(i18n, org.id).as_markup(),
    )


async def not_a_file(message: Message, i18n: I18n) -> None:
    await message.answer(i18n("roster-send-a-file"))


def build_router() -> Router:
    router = Router(name="roster")
    # every press re-checks the curator's right to the school
    for handler, act in (
        (start, RosterAct.START),
        (pick_role, RosterAct.ROLE),
        (show_list, RosterAct.LIST),
        (ask_delete, RosterAct.DELETE),
        (delete, RosterAct.DELETE_OK),
    ):
        router.callback_query.register(handler, RosterCb.filter(F.act == act), OrgAccess())
    router.message.register(file_sent, RosterUpload.file, F.document)
    router.message.register(not_a_file, RosterUpload.file, ~F.text.startswith("/"))
    return router

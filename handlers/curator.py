"""A curator's organization: invite links and the bank of mentors and mentees."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import (
    BankCb,
    HeadAct,
    HeadCb,
    InviteAct,
    InviteCb,
    MenuAct,
    MenuCb,
    ProposalAct,
    ProposalCb,
)
from bot.tg.filters import OrgAccess, require_org
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.menus import show_menu
from bot.tg.views import next_steps as next_view
from bot.tg.views.common import esc, local_datetime, shorten, split_text
from bot.tg.views.menu import org_menu, role_name
from bot.tg.views.questionnaire import answers_text
from models import Audience, Invite, Organization, OrgKind, Role, User
from services.invites import InviteService, deep_link
from services.onboarding import CURATOR_KIND, HEAD_KIND, INVITE_KINDS
from services.org_next_step import next_step
from services.orgs import OrgService
from services.pairing.forms import PUPIL_FORMS, enabled_forms
from services.people import PeopleService
from services.questionnaire.store import QuestionnaireStore

BANK_PAGE_SIZE = 8
INVITE_TTL_DAYS = (7, 30, 0)  # 0: no expiry
# the button and card name of each kind of link but a curator's (that one keeps the role's name)
INVITE_KIND_KEYS = {
    (Role.MENTOR, Audience.TEACHER): "invite-kind-mentor-teacher",
    (Role.MENTEE, Audience.TEACHER): "invite-kind-mentee-teacher",
    (Role.MENTOR, Audience.PUPIL): "invite-kind-mentor-pupil",
    (Role.MENTEE, Audience.PUPIL): "invite-kind-mentee-pupil",
    (Role.MENTOR, Audience.EXTERNAL): "invite-kind-mentor-external",
}
SHARE_HINTS = {
    Audience.TEACHER: "invite-share-hint",
    Audience.PUPIL: "invite-share-hint-pupil",
    Audience.EXTERNAL: "invite-share-hint-external",
}


async def back_to_org(
    session: AsyncSession, user: User | None, org: Organization
) -> MenuCb | HeadCb:
    """The curator's organization menu, or the head's read-only one."""
    if user is not None and await OrgService(session).can_manage(user.id, org.id):
        return MenuCb(act=MenuAct.ORG, org=org.id)
    return HeadCb(act=HeadAct.MENU, org=org.id)


async def open_org(
    query: CallbackQuery,
    callback_data: MenuCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    text, markup = org_menu(
        i18n,
        org,
        await OrgService(session).member_counts(org.id),
        now=deps.clock.now(),
        step=await next_step(session, org),
    )
    await show_menu(bot, state, text, markup, pressed=query)


def invite_kinds(org: Organization) -> tuple[tuple[Role, Audience], ...]:
    # a municipal office invites school curators through its schools, so only co-curators here
    if org.kind is OrgKind.MUNICIPALITY:
        return (CURATOR_KIND,)
    # the head's link is a school's: the municipal curator makes it from the school's menu
    return (*INVITE_KINDS, CURATOR_KIND, HEAD_KIND)


def invite_kind_name(i18n: I18n, role: Role, audience: Audience, org: Organization) -> str:
    """«Педагог-наставник», «Ученик-наставляемый»…; a curator link keeps the role's name."""
    key = INVITE_KIND_KEYS.get((role, audience))
    return i18n(key) if key else role_name(i18n, role, org)


def _picked_kind(callback_data: InviteCb, org: Organization) -> tuple[Role, Audience] | None:
    # the callback validator refuses pairs that are no kind at all; this one checks the org's
    kind = (Role(callback_data.role), Audience(callback_data.aud))
    return kind if kind in invite_kinds(org) else None


async def new_invite_pick_role(
    query: CallbackQuery,
    callback_data: InviteCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
) -> None:
    await query.answer()
    kb = InlineKeyboard()
    for role, audience in invite_kinds(org):
        kb.button(
            text=invite_kind_name(i18n, role, audience, org),
            callback_data=InviteCb(
                act=InviteAct.ROLE, org=org.id, role=role.value, aud=audience.value
            ),
        )
    kb.adjust(1)
    await bot.send_message(
        query.from_user.id, i18n("invite-pick-role", org=esc(org.name)), reply_markup=kb.as_markup()
    )


async def new_invite_pick_ttl(
    query: CallbackQuery,
    callback_data: InviteCb,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
) -> None:
    kind = _picked_kind(callback_data, org)
    if kind is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    await query.answer()
    kb = InlineKeyboard()
    for days in INVITE_TTL_DAYS:
        label = i18n("invite-ttl-days", days=days) if days else i18n("invite-ttl-none")
        kb.button(
            text=label,
            callback_data=InviteCb(
                act=InviteAct.TTL, org=org.id, role=kind[0].value, aud=kind[1].value, ttl=days
            ),
        )
    kb.adjust(1)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n("invite-pick-ttl"), reply_markup=kb.as_markup())


def invite_card(i18n: I18n, invite: Invite, org: Organization, bot_username: str) -> str:
    expires = (
        local_datetime(invite.expires_at, org.timezone)
        if invite.expires_at
        else i18n("invite-no-expiry")
    )
    uses = (
        i18n("invite-uses-limited", uses=invite.uses, max=invite.max_uses)
        if invite.max_uses
        else i18n("invite-uses", uses=invite.uses)
    )
    return i18n(
        "invite-card",
        role=esc(invite_kind_name(i18n, invite.role, invite.audience, org)),
        org=esc(org.name),
        link=deep_link(bot_username, invite.token),
        expires=expires,
        uses=uses,
    )


def revoke_keyboard(i18n: I18n, invite: Invite) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-revoke"),
        callback_data=InviteCb(act=InviteAct.REVOKE, org=invite.org_id, id=invite.id),
    )
    return kb.as_markup()


async def new_invite_create(
    query: CallbackQuery,
    callback_data: InviteCb,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    kind = _picked_kind(callback_data, org)
    if kind is None or callback_data.ttl not in INVITE_TTL_DAYS or user is None:
        await query.answer(i18n("error-stale-button"), show_alert=True)
        return
    role, audience = kind
    invite = await InviteService(session).create(
        org.id,
        role,
        audience=audience,
        now=deps.clock.now(),
        ttl=timedelta(days=callback_data.ttl) if callback_data.ttl else None,
        # a curator or head link makes someone a curator or the head: one person, one link
        max_uses=1 if role in (Role.CURATOR, Role.HEAD) else None,
        created_by=user.id,
    )
    await query.answer()
    if isinstance(query.message, Message):
        text = invite_card(i18n, invite, org, deps.bot_username)
        text += "\n\n" + i18n(SHARE_HINTS[invite.audience])
        if invite.audience is not Audience.TEACHER and not PUPIL_FORMS & enabled_forms(
            org.enabled_forms
        ):
            # people join either way, but the matching would never propose them
            text += "\n\n" + i18n("invite-no-pupil-form")
        text, markup = next_view.invite_created(i18n, text, revoke_keyboard(i18n, invite), org.id)
        await query.message.edit_text(text, reply_markup=markup)


async def list_invites(
    query: CallbackQuery,
    callback_data: InviteCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await query.answer()
    invites = await InviteService(session).active_for_org(org.id, deps.clock.now())
    if not invites:
        await bot.send_message(query.from_user.id, i18n("invite-none", org=esc(org.name)))
        return
    for invite in invites:
        await bot.send_message(
            query.from_user.id,
            invite_card(i18n, invite, org, deps.bot_username),
            reply_markup=revoke_keyboard(i18n, invite),
        )


async def revoke_invite(
    query: CallbackQuery,
    callback_data: InviteCb,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    invites = InviteService(session)
    invite = await invites.get(callback_data.id)
    # the org in the button is not trusted: access is checked on the invite's own organization
    org = await require_org(session, user, invite.org_id)
    await invites.revoke(invite, deps.clock.now())
    await query.answer(i18n("invite-revoked-short"))
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n(
                "invite-revoked-card",
                role=esc(invite_kind_name(i18n, invite.role, invite.audience, org)),
                org=esc(org.name),
            ),
            reply_markup=None,
        )


async def bank_page(
    query: CallbackQuery,
    callback_data: BankCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    state: FSMContext,
) -> None:
    people = PeopleService(session)
    page = max(callback_data.page, 0)
    rows, total = await people.bank(org.id, offset=page * BANK_PAGE_SIZE, limit=BANK_PAGE_SIZE)
    await query.answer()
    pages = max(1, (total + BANK_PAGE_SIZE - 1) // BANK_PAGE_SIZE)
    if total == 0:
        text = i18n("bank-empty", org=esc(org.name))
    else:
        text = i18n(
            "bank-title", org=esc(org.name), total=total, page=min(page, pages - 1) + 1, pages=pages
        )
    kb = InlineKeyboard()
    for membership, person in rows:
        status = "" if membership.profile_completed_at else " ⏳"
        if person.unreachable_at is not None:
            status += " 🚫"
        name = shorten(person.full_name or i18n("name-unknown"), 40)
        kb.button(
            text=f"{role_name(i18n, membership.role)}: {name}{status}",
            callback_data=BankCb(org=org.id, page=page, member=membership.id),
        )
    nav = []
    if page > 0:
        nav.append(("◀️", page - 1))
    if (page + 1) * BANK_PAGE_SIZE < total:
        nav.append(("▶️", page + 1))
    for label, target in nav:
        kb.button(text=label, callback_data=BankCb(org=org.id, page=target, edit=True))
    kb.button(text=i18n("btn-back-to-org"), callback_data=await back_to_org(session, user, org))
    kb.adjust(*([1] * len(rows)), *([len(nav)] if nav else []), 1)
    # ◀️ ▶️ turn the page of the list they are on, whichever message that is
    await show_menu(bot, state, text, kb.as_markup(), pressed=query, edit=callback_data.edit)


async def bank_card(
    query: CallbackQuery,
    callback_data: BankCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    membership, person = await PeopleService(session).membership_with_user(callback_data.member)
    # checked on the member's own organization, whatever the button claims
    org = await require_org(session, user, membership.org_id, read_only=True)
    manages = user is not None and await OrgService(session).can_manage(user.id, org.id)
    await query.answer()
    lines = [
        i18n(
            "bank-card",
            name=esc(person.full_name or i18n("name-unknown")),
            role=role_name(i18n, membership.role, org),
            org=esc(org.name),
            since=local_datetime(membership.created_at, org.timezone),
        )
    ]
    if person.unreachable_at is not None:
        lines.append(
            i18n("bank-card-unreachable", since=local_datetime(person.unreachable_at, org.timezone))
        )
    store = QuestionnaireStore(session, deps.forms)
    response = await store.for_membership(membership.id)
    if response is None or response.form_id not in deps.forms:
        lines.append(i18n("bank-card-no-answers"))
    else:
        if membership.profile_completed_at is None:
            lines.append(i18n("bank-card-in-progress"))
        form = deps.forms[response.form_id]
        lines.append(
            answers_text(i18n, form, await store.answers(response.id), numbered=False, labels=True)
        )
    kb = InlineKeyboard()
    if manages and membership.role is Role.MENTEE and membership.profile_completed_at is not None:
        kb.button(
            text=i18n("btn-pick-mentor"),
            callback_data=ProposalCb(act=ProposalAct.SWAP, org=org.id, mentee=membership.id),
        )
    kb.button(
        text=i18n("btn-back-to-bank"), callback_data=BankCb(org=org.id, page=callback_data.page)
    )
    kb.adjust(1)
    chunks = split_text("\n\n".join(lines))
    for index, chunk in enumerate(chunks):
        markup = kb.as_markup() if index == len(chunks) - 1 else None
        await bot.send_message(query.from_user.id, chunk, reply_markup=markup)


def build_router() -> Router:
    router = Router(name="curator")
    router.callback_query.register(open_org, MenuCb.filter(F.act == MenuAct.ORG), OrgAccess())
    router.callback_query.register(
        new_invite_pick_role, InviteCb.filter(F.act == InviteAct.NEW), OrgAccess()
    )
    router.callback_query.register(
        new_invite_pick_ttl, InviteCb.filter(F.act == InviteAct.ROLE), OrgAccess()
    )
    router.callback_query.register(
        new_invite_create, InviteCb.filter(F.act == InviteAct.TTL), OrgAccess()
    )
    router.callback_query.register(
        list_invites, InviteCb.filter(F.act == InviteAct.LIST), OrgAccess()
    )
    router.callback_query.register(revoke_invite, InviteCb.filter(F.act == InviteAct.REVOKE))
    router.callback_query.register(
        bank_page, BankCb.filter(F.member == 0), OrgAccess(read_only=True)
    )
    router.callback_query.register(bank_card, BankCb.filter(F.member > 0))
    return router

"""The main menu: what a person sees depends on the roles they hold."""

from __future__ import annotations

from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import (
    AnnounceAct,
    AnnounceCb,
    BankCb,
    CalendarAct,
    CalendarCb,
    DigestAct,
    DigestCb,
    DocAct,
    DocumentsCb,
    HeadAct,
    HeadCb,
    InviteAct,
    InviteCb,
    MenuAct,
    MenuCb,
    PairAct,
    PairCb,
    PrefAct,
    PrefCb,
    ProposalAct,
    ProposalCb,
    ReportAct,
    ReportCb,
    RosterAct,
    RosterCb,
    SchoolFormsAct,
    SchoolFormsCb,
    SurveyAct,
    SurveyCb,
)
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc
from bot.tg.views.zones import zone_name
from models import Membership, Organization, OrgKind, Role
from services.org_next_step import NextStep, Step


def role_name(i18n: I18n, role: Role, org: Organization | None = None) -> str:
    if role is Role.CURATOR and org is not None and org.kind is OrgKind.MUNICIPALITY:
        return i18n("role-municipal-curator")
    return i18n(f"role-{role.value}")


def main_menu(
    i18n: I18n,
    memberships: list[tuple[Membership, Organization]],
    curated: list[Organization],
    *,
    has_open_questionnaire: bool,
    is_admin: bool,
    headed: list[Organization] | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [i18n("menu-title")]
    for membership, org in memberships:
        status = "" if membership.profile_completed_at else " " + i18n("menu-profile-incomplete")
        lines.append(f"• {esc(role_name(i18n, membership.role, org))} — {esc(org.name)}{status}")
    if not memberships:
        lines.append(i18n("menu-no-roles"))
    kb = InlineKeyboard()
    if has_open_questionnaire:
        kb.button(
            text=i18n("btn-continue-questionnaire"), callback_data=MenuCb(act=MenuAct.CONTINUE)
        )
    for org in curated:
        kb.button(text=f"🏫 {org.name}", callback_data=MenuCb(act=MenuAct.ORG, org=org.id))
    curated_ids = {org.id for org in curated}
    for org in headed or []:
        # a head who also curates the school already has its full menu
        if org.id not in curated_ids:
            kb.button(text=f"🏛 {org.name}", callback_data=HeadCb(act=HeadAct.MENU, org=org.id))
    if is_admin:
        kb.button(text=i18n("btn-new-org"), callback_data=MenuCb(act=MenuAct.NEW_ORG))
    if any(m.role in (Role.MENTOR, Role.MENTEE) for m, _ in memberships):
        kb.button(text=i18n("btn-meetings"), callback_data=MenuCb(act=MenuAct.MEETINGS))
    if memberships:
        kb.button(text=i18n("btn-my-data"), callback_data=MenuCb(act=MenuAct.MY_DATA))
    kb.button(text=i18n("btn-language"), callback_data=MenuCb(act=MenuAct.LANG))
    kb.button(text=i18n("btn-help"), callback_data=MenuCb(act=MenuAct.HELP))
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()


def org_menu(
    i18n: I18n,
    org: Organization,
    counts: dict[str, int],
    *,
    now: datetime,
    step: NextStep | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    text = i18n(
        "org-menu",
        name=esc(org.name),
        timezone=zone_name(i18n, org.timezone, now),
        mentors=counts.get("mentor", 0),
        mentees=counts.get("mentee", 0),
        pending=counts.get("pending", 0),
    )
    kb = InlineKeyboard()
    rows: list[int] = []
    if step is not None and org.kind is not OrgKind.MUNICIPALITY:
        # the one thing to do now, on top (the full list follows, in related pairs)
        line, button, target = _step(i18n, org, step)
        text += "\n\n" + line
        kb.button(text=button, callback_data=target)
        rows.append(1)
    if org.kind is OrgKind.MUNICIPALITY:
        kb.button(text=i18n("btn-schools"), callback_data=MenuCb(act=MenuAct.SCHOOLS, org=org.id))
        kb.button(
            text=i18n("btn-calendar"), callback_data=CalendarCb(act=CalendarAct.SHOW, org=org.id)
        )
        rows += [1, 1]
    else:
        kb.button(text=i18n("btn-bank"), callback_data=BankCb(org=org.id))
        kb.button(
            text=i18n("btn-pairing"), callback_data=ProposalCb(act=ProposalAct.SHOW, org=org.id)
        )
        kb.button(text=i18n("btn-pairs"), callback_data=PairCb(act=PairAct.LIST, org=org.id))
        kb.button(text=i18n("btn-preferences"), callback_data=PrefCb(act=PrefAct.START, org=org.id))
        kb.button(text=i18n("btn-digest"), callback_data=DigestCb(act=DigestAct.SHOW, org=org.id))
        kb.button(
            text=i18n("btn-documents"), callback_data=DocumentsCb(act=DocAct.MENU, org=org.id)
        )
        kb.button(
            text=i18n("btn-school-forms"),
            callback_data=SchoolFormsCb(act=SchoolFormsAct.SHOW, org=org.id),
        )
        kb.button(text=i18n("btn-roster"), callback_data=RosterCb(act=RosterAct.START, org=org.id))
        rows += [1, 2, 1, 2, 2]  # the bank alone; pairs; preferences; follow-up; set-up
    kb.button(text=i18n("btn-surveys"), callback_data=SurveyCb(act=SurveyAct.LIST, org=org.id))
    kb.button(text=i18n("btn-reports"), callback_data=ReportCb(act=ReportAct.MENU, org=org.id))
    kb.button(text=i18n("btn-announce"), callback_data=AnnounceCb(act=AnnounceAct.NEW, org=org.id))
    kb.button(text=i18n("btn-invites"), callback_data=InviteCb(act=InviteAct.LIST, org=org.id))
    kb.button(text=i18n("btn-new-invite"), callback_data=InviteCb(act=InviteAct.NEW, org=org.id))
    kb.button(text=i18n("btn-main-menu"), callback_data=MenuCb(act=MenuAct.MAIN))
    rows += [2, 1, 1, 1, 1]
    kb.adjust(*rows)
    return text, kb.as_markup()


def _step(i18n: I18n, org: Organization, step: NextStep) -> tuple[str, str, CallbackData]:
    """The next step's line, its button's text and where the button leads."""
    match step.step:
        case Step.INVITE:
            return (
                i18n("next-step-invite"),
                i18n("btn-new-invite"),
                InviteCb(act=InviteAct.NEW, org=org.id),
            )
        case Step.CONFIRM:
            return (
                i18n("next-step-confirm", count=step.count),
                i18n("btn-confirm-all-agreed", count=step.count),
                PairCb(act=PairAct.CONFIRM_ALL, org=org.id),
            )
        case Step.SUBMIT:
            return (
                i18n("next-step-submit", count=step.count),
                i18n("btn-head-submit", count=step.count),
                HeadCb(act=HeadAct.SUBMIT, org=org.id),
            )
        case Step.PAIR:
            return (
                i18n("next-step-pair", count=step.count),
                i18n("btn-pairing"),
                ProposalCb(act=ProposalAct.SHOW, org=org.id),
            )

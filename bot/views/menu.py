"""The main menu: what a person sees depends on the roles they hold."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks import (
    AnnounceCb,
    BankCb,
    CalendarAct,
    CalendarCb,
    DigestCb,
    DocumentsCb,
    HeadCb,
    InviteCb,
    MenuCb,
    PairCb,
    PrefCb,
    ProposalCb,
    ReportCb,
    RosterCb,
    SchoolFormsCb,
    SurveyCb,
)
from bot.i18n import I18n
from bot.keyboards import InlineKeyboard
from bot.views.common import esc
from models import Membership, Organization, OrgKind, Role


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
        kb.button(text=i18n("btn-continue-questionnaire"), callback_data=MenuCb(act="continue"))
    for org in curated:
        kb.button(text=f"🏫 {org.name}", callback_data=MenuCb(act="org", org=org.id))
    curated_ids = {org.id for org in curated}
    for org in headed or []:
        # a head who also curates the school already has its full menu
        if org.id not in curated_ids:
            kb.button(text=f"🏛 {org.name}", callback_data=HeadCb(act="menu", org=org.id))
    if is_admin:
        kb.button(text=i18n("btn-new-org"), callback_data=MenuCb(act="neworg"))
    if any(m.role in (Role.MENTOR, Role.MENTEE) for m, _ in memberships):
        kb.button(text=i18n("btn-meetings"), callback_data=MenuCb(act="meetings"))
    if memberships:
        kb.button(text=i18n("btn-my-data"), callback_data=MenuCb(act="mydata"))
    kb.button(text=i18n("btn-language"), callback_data=MenuCb(act="lang"))
    kb.button(text=i18n("btn-help"), callback_data=MenuCb(act="help"))
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()


def org_menu(
    i18n: I18n, org: Organization, counts: dict[str, int]
) -> tuple[str, InlineKeyboardMarkup]:
    text = i18n(
        "org-menu",
        name=esc(org.name),
        timezone=org.timezone,
        mentors=counts.get("mentor", 0),
        mentees=counts.get("mentee", 0),
        pending=counts.get("pending", 0),
    )
    kb = InlineKeyboard()
    if org.kind is OrgKind.MUNICIPALITY:
        kb.button(text=i18n("btn-schools"), callback_data=MenuCb(act="schools", org=org.id))
        kb.button(
            text=i18n("btn-calendar"), callback_data=CalendarCb(act=CalendarAct.SHOW, org=org.id)
        )
    else:
        kb.button(text=i18n("btn-bank"), callback_data=BankCb(org=org.id))
        kb.button(text=i18n("btn-pairing"), callback_data=ProposalCb(act="show", org=org.id))
        kb.button(text=i18n("btn-pairs"), callback_data=PairCb(act="list", org=org.id))
        kb.button(text=i18n("btn-preferences"), callback_data=PrefCb(act="start", org=org.id))
        kb.button(text=i18n("btn-digest"), callback_data=DigestCb(act="show", org=org.id))
        kb.button(
            text=i18n("btn-school-forms"), callback_data=SchoolFormsCb(act="show", org=org.id)
        )
        kb.button(text=i18n("btn-documents"), callback_data=DocumentsCb(act="menu", org=org.id))
        kb.button(text=i18n("btn-roster"), callback_data=RosterCb(act="st", org=org.id))
    kb.button(text=i18n("btn-surveys"), callback_data=SurveyCb(act="list", org=org.id))
    kb.button(text=i18n("btn-reports"), callback_data=ReportCb(act="menu", org=org.id))
    kb.button(text=i18n("btn-announce"), callback_data=AnnounceCb(act="new", org=org.id))
    kb.button(text=i18n("btn-invites"), callback_data=InviteCb(act="list", org=org.id))
    kb.button(text=i18n("btn-new-invite"), callback_data=InviteCb(act="new", org=org.id))
    kb.button(text=i18n("btn-main-menu"), callback_data=MenuCb(act="main"))
    kb.adjust(1)
    return text, kb.as_markup()

"""The end of a flow: what happens next, and the one button that leads there (issue 15).

A flow that ends in a dead end leaves people guessing; each final message adds a «Что дальше»
line and exactly one button. The buttons reuse the existing callback factories, so the handler
behind each one re-checks the presser's rights as it does for any other press.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.tg.callbacks import (
    HeadAct,
    HeadCb,
    InviteAct,
    InviteCb,
    MeetingAct,
    MeetingCb,
    MenuAct,
    MenuCb,
)
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from models import Meeting, MeetingStatus, Organization, OrgKind, Role


def one_button(
    text: str, callback_data: MenuCb | InviteCb | HeadCb | MeetingCb
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(text=text, callback_data=callback_data)
    return kb.as_markup()


def with_next(text: str, next_line: str) -> str:
    return f"{text}\n\n{next_line}"


def intake_done(
    i18n: I18n, thanks: str, role: Role, org: Organization
) -> tuple[str, InlineKeyboardMarkup]:
    """A profile or intake questionnaire saved: the role's next step."""
    match role:
        case Role.CURATOR if org.kind is OrgKind.MUNICIPALITY:
            # a municipal office has no mentors of its own: its schools come first
            return with_next(thanks, i18n("next-intake-municipal")), one_button(
                i18n("btn-add-school"), MenuCb(act=MenuAct.ADD_SCHOOL, org=org.id)
            )
        case Role.CURATOR:
            return with_next(thanks, i18n("next-intake-curator")), one_button(
                i18n("btn-new-invite"), InviteCb(act=InviteAct.NEW, org=org.id)
            )
        case Role.HEAD:
            return with_next(thanks, i18n("next-intake-head")), one_button(
                i18n("btn-next-org-menu", org=org.name), HeadCb(act=HeadAct.MENU, org=org.id)
            )
        case Role.MENTOR:
            next_line = i18n("next-intake-mentor")
        case _:
            next_line = i18n("next-intake-mentee")
    return with_next(thanks, next_line), main_menu_button(i18n)


def main_menu_button(i18n: I18n) -> InlineKeyboardMarkup:
    return one_button(i18n("btn-main-menu"), MenuCb(act=MenuAct.MAIN))


def meetings_button(i18n: I18n) -> InlineKeyboardMarkup:
    return one_button(i18n("btn-meetings"), MenuCb(act=MenuAct.MEETINGS))


def schedule_button(i18n: I18n, meeting: Meeting, kind: str) -> InlineKeyboardMarkup:
    # a group's meeting may be scheduled already when another mentee is fixed: then it moves
    key = (
        "btn-meeting-move" if meeting.status is MeetingStatus.SCHEDULED else "btn-meeting-schedule"
    )
    return one_button(i18n(key, kind=kind), MeetingCb(act=MeetingAct.SCHEDULE, id=meeting.id))


def meeting_logged(
    i18n: I18n, thanks: str, following: Meeting | None, kind: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The mentor's log saved: the next meeting of the sequence, ready to schedule."""
    if following is None:
        return with_next(thanks, i18n("next-meeting-logged-last")), meetings_button(i18n)
    return (
        with_next(thanks, i18n("next-meeting-logged", kind=kind)),
        schedule_button(i18n, following, kind),
    )


def invite_created(
    i18n: I18n, card: str, revoke: InlineKeyboardMarkup, org_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """A new link's card: send it on. The card keeps its revoke button (it acts on the link
    itself, not a next step) and gets «Ещё ссылка» below it."""
    more = InlineKeyboardButton(
        text=i18n("btn-next-more-invite"),
        callback_data=InviteCb(act=InviteAct.NEW, org=org_id).pack(),
    )
    markup = InlineKeyboardMarkup(inline_keyboard=[*revoke.inline_keyboard, [more]])
    return with_next(card, i18n("next-invite-created")), markup

"""«📄 Документы»: the menus; the documents' own words are in bot/tg/views/document_texts.py."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import DocAct, DocumentsCb, MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_date, shorten
from models import Organization
from services.documents.repository import Person
from services.documents.rewards import MentorCandidate, PairCandidate

BUTTON_NAME = 40  # characters of a name on a button
MAX_PEOPLE_BUTTONS = 40  # one message's keyboard; a school's list beyond that is a blank form


def shown_name(i18n: I18n, person: Person) -> str:
    """A member who has not finished the profile has no full name yet."""
    return person.name or i18n("name-unknown")


def documents_menu(
    i18n: I18n, org: Organization, back: CallbackData | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboard()
    for key, act in (
        ("btn-doc-reports", "reps"),
        ("btn-doc-curator-order", "cur"),
        ("btn-doc-consents", "cons"),
        ("btn-doc-rewards", "rew"),
    ):
        kb.button(text=i18n(key), callback_data=DocumentsCb(act=act, org=org.id))
    if back is not None:
        kb.button(text=i18n("btn-back-to-org"), callback_data=back)
    kb.button(text=i18n("btn-main-menu"), callback_data=MenuCb(act=MenuAct.MAIN))
    kb.adjust(1)
    return i18n("doc-menu", org=esc(org.name)), kb.as_markup()


def _back(kb: InlineKeyboard, i18n: I18n, org_id: int) -> InlineKeyboardMarkup:
    kb.button(text=i18n("btn-doc-back"), callback_data=DocumentsCb(act=DocAct.MENU, org=org_id))
    kb.adjust(1)
    return kb.as_markup()


def reports_list(
    i18n: I18n,
    org: Organization,
    mentors: Sequence[Person],
    reported: dict[int, datetime],
) -> tuple[str, InlineKeyboardMarkup]:
    done = sum(m.membership_id in reported for m in mentors)
    lines = [i18n("doc-reports-title", org=esc(org.name), done=done, total=len(mentors))]
    kb = InlineKeyboard()
    for mentor in mentors:
        when = reported.get(mentor.membership_id)
        if when is None:
            lines.append(i18n("doc-reports-line-missing", name=esc(shown_name(i18n, mentor))))
            continue
        date = local_date(when, org.timezone)
        lines.append(i18n("doc-reports-line-done", name=esc(shown_name(i18n, mentor)), date=date))
        if len(kb.export()) < MAX_PEOPLE_BUTTONS:
            kb.button(
                text=i18n(
                    "btn-doc-report-one", name=shorten(shown_name(i18n, mentor), BUTTON_NAME)
                ),
                callback_data=DocumentsCb(act=DocAct.REPORT, org=org.id, id=mentor.membership_id),
            )
    if not mentors:
        lines.append(i18n("doc-reports-empty"))
    if done:
        kb.button(
            text=i18n("btn-doc-report-all"),
            callback_data=DocumentsCb(act=DocAct.REPORT, org=org.id),
        )
    return "\n".join(lines), _back(kb, i18n, org.id)


def curator_pick(
    i18n: I18n, org: Organization, curators: Sequence[Person]
) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboard()
    for curator in curators[:MAX_PEOPLE_BUTTONS]:
        kb.button(
            text=i18n("btn-doc-curator", name=shorten(shown_name(i18n, curator), BUTTON_NAME)),
            callback_data=DocumentsCb(act=DocAct.CURATOR, org=org.id, id=curator.membership_id),
        )
    return i18n("doc-curator-pick"), _back(kb, i18n, org.id)


CONSENT_BUTTONS = {
    "pd": "btn-doc-consent-pd",
    "ap": "btn-doc-consent-ap",
    "pa": "btn-doc-consent-pa",
}


def consents_menu(i18n: I18n, org: Organization) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboard()
    for form, key in CONSENT_BUTTONS.items():
        kb.button(
            text=i18n(key),
            callback_data=DocumentsCb(act=DocAct.CONSENT_PICK, org=org.id, form=form),
        )
    return i18n("doc-consents-menu"), _back(kb, i18n, org.id)


def consent_pick(
    i18n: I18n, org: Organization, form: str, people: Sequence[Person]
) -> tuple[str, InlineKeyboardMarkup]:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-doc-blank"),
        callback_data=DocumentsCb(act=DocAct.CONSENT, org=org.id, form=form),
    )
    for person in people[:MAX_PEOPLE_BUTTONS]:
        kb.button(
            text=i18n("btn-doc-person", name=shorten(shown_name(i18n, person), BUTTON_NAME)),
            callback_data=DocumentsCb(
                act=DocAct.CONSENT, org=org.id, id=person.membership_id, form=form
            ),
        )
    text = i18n("doc-consent-pick", form=i18n(CONSENT_BUTTONS[form]))
    if not people:
        text += "\n" + i18n("doc-consent-nobody")
    return text, _back(kb, i18n, org.id)


def rewards_list(
    i18n: I18n,
    org: Organization,
    mentors: Sequence[MentorCandidate],
    pairs: Sequence[PairCandidate],
    ticked_mentors: Collection[int],
    ticked_pairs: Collection[int],
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [i18n("doc-rewards-title", org=esc(org.name))]
    kb = InlineKeyboard()
    if mentors:
        lines.append("")
        lines.append(i18n("doc-rewards-mentors", nomination=i18n("doc-nomination-mentor")))
    for n, mentor in enumerate(mentors, start=1):
        extra = (
            i18n("doc-rewards-goals", score=f"{mentor.goals:.0f}")
            if mentor.goals is not None
            else ""
        )
        lines.append(
            i18n(
                "doc-rewards-mentor-line",
                n=n,
                name=esc(mentor.name),
                held=mentor.meetings.held,
                planned=mentor.meetings.planned,
                extra=extra,
            )
        )
        key = (
            "btn-doc-toggle-on" if mentor.membership_id in ticked_mentors else "btn-doc-toggle-off"
        )
        kb.button(
            text=i18n(key, name=shorten(mentor.name, BUTTON_NAME)),
            callback_data=DocumentsCb(
                act=DocAct.TOGGLE_MENTOR, org=org.id, id=mentor.membership_id
            ),
        )
    if pairs:
        lines.append("")
        lines.append(i18n("doc-rewards-pairs", nomination=i18n("doc-nomination-pair")))
    for n, pair in enumerate(pairs, start=1):
        mentees = ", ".join(pair.mentee_names)
        lines.append(
            i18n(
                "doc-rewards-pair-line",
                n=n,
                mentor=esc(pair.mentor_name),
                mentees=esc(mentees),
                held=pair.meetings.held,
                planned=pair.meetings.planned,
                extra=i18n("doc-rewards-finished") if pair.finished else "",
            )
        )
        key = "btn-doc-toggle-on" if pair.pairing_id in ticked_pairs else "btn-doc-toggle-off"
        kb.button(
            text=i18n(key, name=shorten(f"{pair.mentor_name} — {mentees}", BUTTON_NAME)),
            callback_data=DocumentsCb(act=DocAct.TOGGLE_PAIR, org=org.id, id=pair.pairing_id),
        )
    if not mentors and not pairs:
        lines.append("")
        lines.append(i18n("doc-rewards-none"))
    count = len(ticked_mentors) + len(ticked_pairs)
    if mentors or pairs:
        kb.button(
            text=i18n("btn-doc-rewards-make", count=count),
            callback_data=DocumentsCb(act=DocAct.REWARD_DOCS, org=org.id),
        )
    return "\n".join(lines), _back(kb, i18n, org.id)

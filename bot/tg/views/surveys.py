"""Surveys in words and buttons: invitations to participants, the curator's list and card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import MenuAct, MenuCb, SurveyAct, SurveyCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_date, local_datetime, shorten
from models import Organization, Role, SurveyKind
from services.questionnaire.schema import Form
from services.surveys.campaigns import Invited
from services.surveys.forms import GroupKey
from services.surveys.overview import GroupSummary, Waiting, percent
from services.surveys.schedule import school_year_label

WAITING_LIMIT = 30  # names on the card; the rest is a count
NAME_LIMIT = 60
BUTTON_TITLE_LIMIT = 48

KIND_TITLE: dict[SurveyKind, str] = {
    SurveyKind.INTERIM: "survey-kind-interim",
    SurveyKind.ENTRY: "survey-kind-entry",
    SurveyKind.FINAL: "survey-kind-final",
    SurveyKind.EXIT: "survey-kind-exit",
    SurveyKind.MENTOR_REPORT: "survey-kind-mentor_report",
}
KIND_ABOUT: dict[SurveyKind, str] = {
    SurveyKind.INTERIM: "survey-about-interim",
    SurveyKind.ENTRY: "survey-about-entry",
    SurveyKind.FINAL: "survey-about-final",
    SurveyKind.EXIT: "survey-about-exit",
    SurveyKind.MENTOR_REPORT: "survey-about-mentor_report",
}
ROLE_LABEL: dict[Role, str] = {
    Role.MENTOR: "survey-role-mentor",
    Role.MENTEE: "survey-role-mentee",
    Role.CURATOR: "role-curator",
}


def kind_title(i18n: I18n, key: GroupKey) -> str:
    return i18n(KIND_TITLE[key.kind], year=school_year_label(key.year))


def _name(i18n: I18n, name: str | None) -> str:
    return esc(shorten(name, NAME_LIMIT)) if name else i18n("name-unknown")


# ----- participants ---------------------------------------------------------------------
def take_keyboard(i18n: I18n, invitation_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-survey-take"), callback_data=SurveyCb(act=SurveyAct.TAKE, id=invitation_id)
    )
    return kb.as_markup()


def invitation_text(i18n: I18n, invited: Invited, form: Form) -> str:
    campaign = invited.campaign
    lines = [
        i18n("survey-invite-title", title=esc(form.title.get(i18n.locale))),
        i18n(KIND_ABOUT[campaign.kind]),
    ]
    # a mentor of several pairs answers the interim survey once, about all of them
    if invited.partners and not (
        campaign.kind is SurveyKind.INTERIM and invited.role is Role.MENTOR
    ):
        names = ", ".join(_name(i18n, name) for name in invited.partners)
        lines.append(i18n("survey-pair", names=names))
    lines.append(
        i18n("survey-until", until=local_datetime(campaign.closes_at, invited.org.timezone))
    )
    return "\n".join(lines)


def reminder_text(i18n: I18n, invited: Invited, form: Form, *, by_curator: bool) -> str:
    return i18n(
        "survey-reminder-curator" if by_curator else "survey-reminder",
        title=esc(form.title.get(i18n.locale)),
        until=local_datetime(invited.campaign.closes_at, invited.org.timezone),
    )


# ----- the curator ----------------------------------------------------------------------
def _state(i18n: I18n, summary: GroupSummary) -> str:
    if summary.open_until is None:
        return i18n("survey-state-closed")
    return i18n("survey-state-open", until=local_datetime(summary.open_until, summary.org.timezone))


def list_text(
    i18n: I18n, org: Organization, summaries: Sequence[GroupSummary], next_interim: date | None
) -> str:
    lines = [i18n("surveys-title", org=esc(org.name))]
    if not summaries:
        lines.append(i18n("surveys-none"))
    for summary in summaries:
        lines.append(
            i18n(
                "survey-line",
                title=kind_title(i18n, summary.key),
                done=summary.completed,
                total=summary.invited,
                percent=summary.percent,
                state=_state(i18n, summary),
            )
        )
    if next_interim is not None:
        lines.append("")
        lines.append(i18n("surveys-next-interim", date=local_date(next_interim)))
    return "\n".join(lines)


def list_keyboard(
    i18n: I18n, org: Organization, summaries: Sequence[GroupSummary], *, can_start_interim: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for summary in summaries:
        kb.button(
            text=i18n(
                "btn-survey-open",
                title=shorten(kind_title(i18n, summary.key), BUTTON_TITLE_LIMIT),
                percent=summary.percent,
            ),
            callback_data=SurveyCb(act=SurveyAct.OPEN, org=org.id, survey=summary.key.token),
        )
    if can_start_interim:
        kb.button(
            text=i18n("btn-survey-start-interim"),
            callback_data=SurveyCb(act=SurveyAct.START, org=org.id),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org.id))
    kb.adjust(1)
    return kb.as_markup()


def card_text(
    i18n: I18n, summary: GroupSummary, waiting: Sequence[Waiting], *, has_reports: bool = False
) -> str:
    lines = [
        f"<b>{kind_title(i18n, summary.key)}</b> — {esc(summary.org.name)}",
        _state(i18n, summary),
        i18n(
            "survey-card-rate",
            done=summary.completed,
            total=summary.invited,
            percent=summary.percent,
        ),
    ]
    for rate in summary.rates:
        lines.append(
            i18n(
                "survey-card-role",
                role=i18n(ROLE_LABEL[rate.role]),
                done=rate.completed,
                total=rate.invited,
                percent=rate.percent,
            )
        )
    lines.append("")
    if not waiting:
        lines.append(i18n("survey-card-all-done"))
    else:
        lines.append(i18n("survey-card-waiting"))
        for person in waiting[:WAITING_LIMIT]:
            role = i18n(ROLE_LABEL[person.role]).lower()
            late = "" if person.can_answer else f", {i18n('survey-card-expired')}"
            lines.append(f"• {_name(i18n, person.name)} ({role}{late})")
        if len(waiting) > WAITING_LIMIT:
            lines.append(i18n("survey-card-more", count=len(waiting) - WAITING_LIMIT))
    if has_reports:
        lines.append("")
        lines.append(i18n("survey-card-reports"))
    return "\n".join(lines)


def card_keyboard(
    i18n: I18n,
    summary: GroupSummary,
    *,
    can_remind: bool,
    reports: Sequence[tuple[int, str | None]] = (),
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    org_id, token = summary.org.id, summary.key.token
    for invitation_id, name in reports:
        kb.button(
            text=i18n("btn-survey-read", name=shorten(name or i18n("name-unknown"), 40)),
            callback_data=SurveyCb(act=SurveyAct.READ, org=org_id, id=invitation_id),
        )
    if can_remind:
        kb.button(
            text=i18n("btn-survey-remind"),
            callback_data=SurveyCb(act=SurveyAct.REMIND, org=org_id, survey=token),
        )
    if summary.open_until is not None:
        kb.button(
            text=i18n("btn-survey-close"),
            callback_data=SurveyCb(act=SurveyAct.CLOSE, org=org_id, survey=token),
        )
    kb.button(text=i18n("btn-surveys-back"), callback_data=SurveyCb(act=SurveyAct.LIST, org=org_id))
    kb.adjust(1)
    return kb.as_markup()


def close_confirm_keyboard(i18n: I18n, summary: GroupSummary) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    org_id, token = summary.org.id, summary.key.token
    kb.button(
        text=i18n("btn-survey-close-yes"),
        callback_data=SurveyCb(act=SurveyAct.CLOSE_CONFIRMED, org=org_id, survey=token),
    )
    kb.button(
        text=i18n("btn-survey-close-no"),
        callback_data=SurveyCb(act=SurveyAct.OPEN, org=org_id, survey=token),
    )
    kb.adjust(2)
    return kb.as_markup()


def card_link_keyboard(i18n: I18n, org_id: int, key: GroupKey) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    kb.button(
        text=i18n("btn-survey-card"),
        callback_data=SurveyCb(act=SurveyAct.OPEN, org=org_id, survey=key.token),
    )
    return kb.as_markup()


def municipal_text(
    i18n: I18n,
    office: Organization,
    year: int,
    schools: Sequence[Organization],
    summaries: Sequence[GroupSummary],
) -> str:
    lines = [i18n("surveys-municipal-title", org=esc(office.name), year=school_year_label(year))]
    if not schools:
        lines.append(i18n("surveys-municipal-no-schools"))
        return "\n".join(lines)
    this_year = [s for s in summaries if s.key.year == year]
    totals: dict[GroupKey, tuple[int, int]] = {}
    for summary in this_year:
        done, total = totals.get(summary.key, (0, 0))
        totals[summary.key] = (done + summary.completed, total + summary.invited)
    if totals:
        lines.append(i18n("surveys-municipal-total"))
        for key, (done, total) in totals.items():
            lines.append(_short_line(i18n, key, done, total))
    for school in schools:
        own = [s for s in this_year if s.org.id == school.id]
        lines.append("")
        if not own:
            lines.append(i18n("surveys-municipal-school-none", school=esc(school.name)))
            continue
        lines.append(i18n("surveys-municipal-school", school=esc(school.name)))
        for summary in own:
            lines.append(_short_line(i18n, summary.key, summary.completed, summary.invited))
    return "\n".join(lines)


def _short_line(i18n: I18n, key: GroupKey, done: int, total: int) -> str:
    return i18n(
        "survey-line-short",
        title=kind_title(i18n, key),
        done=done,
        total=total,
        percent=percent(done, total),
    )


def municipal_keyboard(
    i18n: I18n, office: Organization, schools: Sequence[Organization]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    for school in schools:
        kb.button(
            text=f"🏫 {shorten(school.name, BUTTON_TITLE_LIMIT)}",
            callback_data=SurveyCb(act=SurveyAct.LIST, org=school.id),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=office.id))
    kb.adjust(1)
    return kb.as_markup()


def report_title(i18n: I18n, form: Form, name: str | None) -> str:
    return i18n(
        "survey-report-title", title=esc(form.title.get(i18n.locale)), name=_name(i18n, name)
    )


def opened_notice(i18n: I18n, org: Organization, key: GroupKey, count: int) -> str:
    return i18n(
        "survey-opened-curator", org=esc(org.name), title=kind_title(i18n, key), count=count
    )


def closed_notice(i18n: I18n, org: Organization, key: GroupKey, done: int, total: int) -> str:
    return i18n(
        "survey-closed-curator",
        org=esc(org.name),
        title=kind_title(i18n, key),
        done=done,
        total=total,
        percent=percent(done, total),
    )

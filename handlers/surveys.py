"""Surveys: taking one from its invitation, and the curator's campaigns with live response
rates, reminders on demand, closing, and launching the interim survey by hand (issue 5).

Every press re-checks the database: the participant owns the invitation and it is still open;
the curator may manage the organization in the button (a municipal curator its schools).
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.surveys import queue_again, start_interim
from bot.tg.callbacks import SurveyAct, SurveyCb
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.menus import show_menu
from bot.tg.questionnaire_ui import show_step, show_unfinished_first
from bot.tg.views import surveys as sview
from bot.tg.views.common import esc, split_text
from bot.tg.views.questionnaire import answers_text
from models import Organization, OrgKind, QuestionnaireResponse, ResponseStatus, SurveyKind, User
from services.errors import AccessDenied, DomainError
from services.orgs import OrgService
from services.questionnaire.store import QuestionnaireStore
from services.school_year.org_calendar import calendar_interim, org_calendar
from services.surveys.answering import SurveyAnswers
from services.surveys.campaigns import CampaignService
from services.surveys.forms import GroupKey, subject_of
from services.surveys.overview import GroupSummary, SurveyOverview
from services.surveys.schedule import (
    interim_month_day,
    local_day,
    next_interim,
    school_year,
)


async def show_surveys(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    await query.answer()
    if org.kind is OrgKind.MUNICIPALITY:
        await _send_municipal(bot, query.from_user.id, session, org, i18n, deps)
    else:
        await _send_list(bot, query, state, session, org, i18n, deps)


async def start_interim_survey(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    if org.kind is not OrgKind.SCHOOL:
        raise DomainError("error-stale-button")
    await _start_interim(query, bot, session, org, user, i18n, deps)


async def read_report(
    query: CallbackQuery,
    callback_data: SurveyCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await _read_report(query, bot, session, org, callback_data.id, i18n, deps)


# ----- participants ---------------------------------------------------------------------
async def take(
    query: CallbackQuery,
    callback_data: SurveyCb,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
    state: FSMContext,
) -> None:
    """«Пройти опрос»: start the survey's questionnaire, or go back to where the person was."""
    if user is None:
        raise AccessDenied
    now = deps.clock.now()
    invitation, _, membership = await SurveyAnswers(session).for_taking(
        callback_data.id, user.id, now
    )
    store = QuestionnaireStore(session, deps.forms)
    response = (
        await session.get(QuestionnaireResponse, invitation.response_id)
        if invitation.response_id is not None
        else None
    )
    fresh = response is None or response.status is ResponseStatus.COMPLETED
    if fresh:
        started = await store.start(
            user, membership, invitation.form_id, now, subject=subject_of(invitation.id)
        )
        response = started.response
        invitation.response_id = response.id
    assert response is not None
    await query.answer()
    chat_id = query.from_user.id
    if await show_unfinished_first(
        bot,
        chat_id,
        i18n,
        store,
        state,
        user_id=user.id,
        new_response_id=response.id,
        notice_key="survey-finish-other-first",
    ):
        return
    step = await store.step(response)
    if fresh and step.form.intro is not None:
        await bot.send_message(chat_id, esc(step.form.intro.get(i18n.locale)))
    await show_step(bot, chat_id, i18n, step, state)


# ----- the curator ----------------------------------------------------------------------
async def _send_list(
    bot: Bot,
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    now = deps.clock.now()
    summaries = await SurveyOverview(session).summaries([org], now)
    today = local_day(now, org.timezone)
    calendar = await org_calendar(session, org)
    month_day = interim_month_day(
        org.interim_survey_on, calendar_interim(calendar, deps.settings.survey_interim_date)
    )
    year = school_year(today, calendar)
    has_interim = any(s.key == GroupKey(year, SurveyKind.INTERIM) for s in summaries)
    upcoming = None if has_interim else next_interim(today, month_day, calendar)
    await show_menu(
        bot,
        state,
        sview.list_text(i18n, org, summaries, upcoming),
        sview.list_keyboard(i18n, org, summaries, can_start_interim=not has_interim),
        pressed=query,
    )


async def _send_municipal(
    bot: Bot, chat_id: int, session: AsyncSession, office: Organization, i18n: I18n, deps: AppDeps
) -> None:
    now = deps.clock.now()
    schools = [s for s in await OrgService(session).children(office.id) if s.kind is OrgKind.SCHOOL]
    summaries = await SurveyOverview(session).summaries(schools, now)
    year = school_year(local_day(now, office.timezone), await org_calendar(session, office))
    chunks = split_text(sview.municipal_text(i18n, office, year, schools, summaries))
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await bot.send_message(
            chat_id,
            chunk,
            reply_markup=sview.municipal_keyboard(i18n, office, schools) if last else None,
        )


async def _send_card(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    summary: GroupSummary,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    now = deps.clock.now()
    overview = SurveyOverview(session)
    campaigns = await overview.group_campaigns(summary.org, summary.key)
    waiting = await overview.waiting(campaigns, now)
    reports = await overview.completed_reports(campaigns)
    markup = sview.card_keyboard(
        i18n, summary, can_remind=any(w.can_answer for w in waiting), reports=reports
    )
    chunks = split_text(sview.card_text(i18n, summary, waiting, has_reports=bool(reports)))
    for index, chunk in enumerate(chunks):
        await bot.send_message(
            chat_id, chunk, reply_markup=markup if index == len(chunks) - 1 else None
        )


async def _summary(
    session: AsyncSession, org: Organization, callback_data: SurveyCb, deps: AppDeps
) -> GroupSummary:
    """The survey the button names, as the organization's curator sees it now."""
    key = GroupKey.parse(callback_data.survey)
    summary = await SurveyOverview(session).summary(org, key, deps.clock.now()) if key else None
    if summary is None:
        raise DomainError("error-stale-button")
    return summary


async def open_survey(
    query: CallbackQuery,
    callback_data: SurveyCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    summary = await _summary(session, org, callback_data, deps)
    await query.answer()
    await _send_card(bot, query.from_user.id, session, summary, i18n, deps)


async def remind(
    query: CallbackQuery,
    callback_data: SurveyCb,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    summary = await _summary(session, org, callback_data, deps)
    now = deps.clock.now()
    overview = SurveyOverview(session)
    campaigns = await overview.group_campaigns(summary.org, summary.key)
    ids = await overview.unanswered_open(campaigns, now)
    if not ids:
        await query.answer(i18n("survey-remind-nobody"), show_alert=True)
        return
    day = local_day(now, summary.org.timezone)
    if await overview.reminded_today(ids, day):
        await query.answer(i18n("survey-remind-once-a-day"), show_alert=True)
        return
    sent = await queue_again(session, deps, ids, now, day)
    await query.answer(i18n("survey-reminded", count=sent), show_alert=True)


async def _open_summary(
    query: CallbackQuery,
    callback_data: SurveyCb,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> GroupSummary | None:
    """The survey to close, unless it is closed already (then the press is answered)."""
    summary = await _summary(session, org, callback_data, deps)
    if summary.open_until is None:
        await query.answer(i18n("survey-closed-short"), show_alert=True)
        return None
    return summary


async def ask_close(
    query: CallbackQuery,
    callback_data: SurveyCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    summary = await _open_summary(query, callback_data, session, org, i18n, deps)
    if summary is None:
        return
    await query.answer()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramAPIError):
            await query.message.edit_reply_markup(
                reply_markup=sview.close_confirm_keyboard(i18n, summary)
            )
    await bot.send_message(query.from_user.id, i18n("survey-close-ask"))


async def close(
    query: CallbackQuery,
    callback_data: SurveyCb,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    summary = await _open_summary(query, callback_data, session, org, i18n, deps)
    if summary is None:
        return
    now = deps.clock.now()
    overview = SurveyOverview(session)
    service = CampaignService(session)
    for campaign in await overview.group_campaigns(summary.org, summary.key):
        await service.close(campaign, now)
    await query.answer(i18n("survey-closed-short"))
    refreshed = await overview.summary(summary.org, summary.key, now)
    if refreshed is not None:
        await _send_card(bot, query.from_user.id, session, refreshed, i18n, deps)


async def _start_interim(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    user: User | None,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    now = deps.clock.now()
    opened = await start_interim(session, deps, org, now, created_by=user.id if user else None)
    if opened is None:
        await query.answer(i18n("survey-interim-no-pairs"), show_alert=True)
        return
    if opened.created:
        await query.answer(
            i18n("survey-interim-started", count=len(opened.invitations)), show_alert=True
        )
    else:
        await query.answer(i18n("survey-interim-exists"), show_alert=True)
    key = GroupKey(
        school_year(
            local_day(opened.campaign.opens_at, org.timezone), await org_calendar(session, org)
        ),
        SurveyKind.INTERIM,
    )
    summary = await SurveyOverview(session).summary(org, key, now)
    if summary is not None:
        await _send_card(bot, query.from_user.id, session, summary, i18n, deps)


async def _read_report(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    org: Organization,
    invitation_id: int,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    found = await SurveyOverview(session).report(org, invitation_id)
    if found is None:
        raise DomainError("error-not-found")
    response, name = found
    store = QuestionnaireStore(session, deps.forms)
    step = await store.step(response)
    await query.answer()
    text = (
        sview.report_title(i18n, step.form, name)
        + "\n\n"
        + answers_text(i18n, step.form, step.answers, numbered=False)
    )
    for chunk in split_text(text):
        await bot.send_message(query.from_user.id, chunk)


def build_router() -> Router:
    router = Router(name="surveys")
    # a participant's own invitation: checked by the service
    router.callback_query.register(take, SurveyCb.filter(F.act == SurveyAct.TAKE))
    # the head reads the surveys, their cards and reports; starting, reminding, closing
    # stay the curator's
    for handler, act, read_only in (
        (show_surveys, SurveyAct.LIST, True),
        (open_survey, SurveyAct.OPEN, True),
        (read_report, SurveyAct.READ, True),
        (start_interim_survey, SurveyAct.START, False),
        (remind, SurveyAct.REMIND, False),
        (ask_close, SurveyAct.CLOSE, False),
        (close, SurveyAct.CLOSE_CONFIRMED, False),
    ):
        router.callback_query.register(
            handler, SurveyCb.filter(F.act == act), OrgAccess(read_only=read_only)
        )
    return router

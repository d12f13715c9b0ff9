"""What the bot tells people about surveys, queued in the outbox in each person's language.

Every message carries a key under the invitation's prefix (``survey:<id>:invite``,
``:remind:1``, ``:remind:2``, ``:again:<local date>``), so a job or a handler that runs twice
queues nothing twice, and completing or closing a survey cancels what is still pending. Survey
messages never go out in quiet hours: they wait for the morning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import markup_dict, quiet_hours
from bot.tg.views import surveys as sview
from models import Organization, SurveyCampaign
from services.orgs import OrgService
from services.outbox import NewMessage, Outbox
from services.outbox_keys import (
    again_suffix,
    survey_campaign_key,
    survey_invite_suffix,
    survey_message_key,
)
from services.school_year.org_calendar import org_calendar
from services.surveys.campaigns import CampaignService, Opened
from services.surveys.forms import GroupKey
from services.surveys.overview import group_key
from services.surveys.schedule import local_day, out_of_quiet, school_year

OUTBOX_KIND = "survey"


class Purpose(StrEnum):
    INVITE = "invite"
    REMIND = "remind"  # the scheduler's reminders
    AGAIN = "again"  # the curator's «Напомнить ещё раз»


async def queue_messages(
    session: AsyncSession,
    deps: AppDeps,
    items: Sequence[tuple[int, str]],
    now: datetime,
    purpose: Purpose,
) -> int:
    """Queue one message per ``(invitation id, key suffix)``; how many were new."""
    suffixes = dict(items)
    messages: list[NewMessage] = []
    for invited in await CampaignService(session).contexts(suffixes):
        i18n = deps.translator.for_user(invited.user)
        form = deps.forms[invited.invitation.form_id]
        if purpose is Purpose.INVITE:
            text = sview.invitation_text(i18n, invited, form)
        else:
            text = sview.reminder_text(i18n, invited, form, by_curator=purpose is Purpose.AGAIN)
        messages.append(
            NewMessage(
                chat_id=invited.user.telegram_id,
                text=text,
                kind=OUTBOX_KIND,
                not_before=out_of_quiet(now, invited.org.timezone, quiet_hours(deps)),
                dedupe_key=survey_message_key(
                    invited.invitation.id, suffixes[invited.invitation.id]
                ),
                reply_markup=markup_dict(sview.take_keyboard(i18n, invited.invitation.id)),
                about=invited.partner_ids,
            )
        )
    return await Outbox(session).enqueue_many(messages)


async def queue_invitations(
    session: AsyncSession, deps: AppDeps, invitation_ids: Sequence[int], now: datetime
) -> int:
    return await queue_messages(
        session, deps, [(i, survey_invite_suffix()) for i in invitation_ids], now, Purpose.INVITE
    )


async def queue_again(
    session: AsyncSession, deps: AppDeps, invitation_ids: Sequence[int], now: datetime, day: date
) -> int:
    return await queue_messages(
        session, deps, [(i, again_suffix(day)) for i in invitation_ids], now, Purpose.AGAIN
    )


async def open_final_stage(
    session: AsyncSession, deps: AppDeps, pairing_id: int, now: datetime
) -> int:
    """The final meeting was logged (or the program's end passed): its surveys go out."""
    settings = deps.settings
    invitations = await CampaignService(session).open_final_stage(
        pairing_id, now=now, open_days=settings.survey_open_days
    )
    return await queue_invitations(session, deps, [i.id for i in invitations], now)


async def start_interim(
    session: AsyncSession,
    deps: AppDeps,
    org: Organization,
    now: datetime,
    *,
    created_by: int | None,
) -> Opened | None:
    """The interim survey of the current school year, opened and sent (once)."""
    year = school_year(local_day(now, org.timezone), await org_calendar(session, org))
    opened = await CampaignService(session).open_interim(
        org,
        year,
        now=now,
        open_days=deps.settings.survey_open_days,
        created_by=created_by,
    )
    if opened is not None and opened.created:
        await queue_invitations(session, deps, [i.id for i in opened.invitations], now)
    return opened


async def tell_curators(
    session: AsyncSession,
    deps: AppDeps,
    campaign: SurveyCampaign,
    now: datetime,
    *,
    event: str,
    count: int = 0,
    done: int = 0,
) -> int:
    """«the survey opened / finished» to the school's curators, with a button to its card."""
    org = await OrgService(session).get(campaign.org_id)
    key: GroupKey = group_key(campaign, org, await org_calendar(session, org))
    messages = []
    for curator in await OrgService(session).curators_to_notify(org.id):
        i18n = deps.translator.bind(curator.locale)
        text = (
            sview.opened_notice(i18n, org, key, count)
            if event == "opened"
            else sview.closed_notice(i18n, org, key, done, count)
        )
        messages.append(
            NewMessage(
                chat_id=curator.telegram_id,
                text=text,
                kind="alert",
                not_before=out_of_quiet(now, org.timezone, quiet_hours(deps)),
                dedupe_key=survey_campaign_key(campaign.id, event, curator.id),
                reply_markup=markup_dict(sview.card_link_keyboard(i18n, org.id, key)),
            )
        )
    return await Outbox(session).enqueue_many(messages)

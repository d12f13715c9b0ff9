"""Periodic survey work: close what is due, open the interim, entry and overdue final surveys,
remind non-responders.

Each step runs in its own transaction and reads the database as the source of truth; campaigns
and invitations are unique by key and every message carries a dedupe key, so a step that runs
twice, on two instances at once, or again after a crash does nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import select

from bot.app.deps import AppDeps
from bot.notify.surveys import (
    Purpose,
    open_final_stage,
    queue_invitations,
    queue_messages,
    start_interim,
    tell_curators,
)
from models import Organization, OrgKind, SurveyKind
from services.outbox_keys import survey_remind_suffix
from services.school_year.org_calendar import calendar_interim, calendars_of
from services.surveys.campaigns import CampaignService
from services.surveys.overview import SurveyOverview
from services.surveys.schedule import interim_due, interim_month_day, local_day

log = logging.getLogger(__name__)


async def close_due(deps: AppDeps, now: datetime) -> int:
    """Campaigns past their deadline close; curators hear how the interim survey went."""
    closed = 0
    async with deps.session_factory() as session, session.begin():
        campaigns = CampaignService(session)
        for campaign in await campaigns.due_to_close(now):
            await campaigns.close(campaign, now)
            closed += 1
            if campaign.kind is SurveyKind.INTERIM:
                done, total = await SurveyOverview(session).campaign_rate(campaign.id)
                await tell_curators(
                    session, deps, campaign, now, event="closed", count=total, done=done
                )
    return closed


async def open_interims(deps: AppDeps, now: datetime) -> int:
    """Each school's interim survey on its date (the school's own, else its calendar's); one
    transaction per school, so a municipality's worth of invitations never holds the lock."""
    settings = deps.settings
    async with deps.session_factory() as session:
        schools = list(
            await session.scalars(select(Organization).where(Organization.kind == OrgKind.SCHOOL))
        )
        calendars = await calendars_of(session, schools)
    due = [
        org.id
        for org in schools
        if interim_due(
            local_day(now, org.timezone),
            interim_month_day(
                org.interim_survey_on,
                calendar_interim(calendars[org.id], settings.survey_interim_date),
            ),
            settings.survey_open_days,
            calendars[org.id],
        )
    ]
    opened = 0
    for org_id in due:
        async with deps.session_factory() as session, session.begin():
            org = await session.get(Organization, org_id)
            if org is None:
                continue
            result = await start_interim(session, deps, org, now, created_by=None)
            if result is not None and result.created:
                opened += 1
                await tell_curators(
                    session,
                    deps,
                    result.campaign,
                    now,
                    event="opened",
                    count=len(result.invitations),
                )
    return opened


async def open_entries(deps: AppDeps, now: datetime) -> int:
    """The entry self-assessment for each mentee of a newly confirmed pair."""
    open_days = deps.settings.survey_open_days
    async with deps.session_factory() as session, session.begin():
        campaigns = CampaignService(session)
        new_ids: list[int] = []
        for assignment, program in await campaigns.entries_due(now, open_days):
            invitation = await campaigns.open_entry(
                assignment, program, now=now, open_days=open_days
            )
            if invitation is not None:
                new_ids.append(invitation.id)
        await queue_invitations(session, deps, new_ids, now)
    return len(new_ids)


async def open_overdue_finals(deps: AppDeps, now: datetime) -> int:
    """Programs whose end passed without a logged final meeting get their final surveys."""
    count = 0
    async with deps.session_factory() as session, session.begin():
        for program in await CampaignService(session).finals_due(
            now, deps.settings.survey_open_days
        ):
            count += await open_final_stage(session, deps, program.pairing_id, now)
    return count


async def send_reminders(deps: AppDeps, now: datetime) -> int:
    """Non-responders are reminded after each delay of ``SURVEY_REMIND_AFTER`` (twice)."""
    async with deps.session_factory() as session, session.begin():
        campaigns = CampaignService(session)
        due = await campaigns.reminders_due(now, deps.settings.survey_remind_after)
        for invitation, number in due:
            campaigns.mark_reminded(invitation, number, now)
        return await queue_messages(
            session,
            deps,
            [(invitation.id, survey_remind_suffix(number)) for invitation, number in due],
            now,
            Purpose.REMIND,
        )


STEPS: tuple[Callable[[AppDeps, datetime], Awaitable[int]], ...] = (
    close_due,  # first, so nothing is reminded of or opened into a survey that just ended
    open_interims,
    open_entries,
    open_overdue_finals,
    send_reminders,
)


async def tick(deps: AppDeps, now: datetime) -> None:
    """One pass of every survey duty; one failing step does not stop the others."""
    for step in STEPS:
        try:
            await step(deps, now)
        except Exception:  # retried on the next tick
            log.exception("survey step %s failed", step.__name__)

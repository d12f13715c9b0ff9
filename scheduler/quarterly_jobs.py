"""Quarterly reports on the calendar's due dates: reminders to the school's curators and,
where the school turned it on, the quarter's report to its municipal office.

The outbox carries text and buttons, not files: the office's curators get a message whose
buttons build the quarter's files on press (handlers/report_periods.py re-checks their right
to the school). Every message has a dedupe key, so any number of instances and passes send it
once (services/reports/quarterly.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select

from bot.app.deps import AppDeps
from bot.notify.meetings import quiet_hours
from bot.notify.notices import notify_user
from bot.tg.i18n import I18n
from bot.tg.views.common import esc
from bot.tg.views.periods import period_buttons
from models import Organization, OrgKind, User
from services.orgs import OrgService
from services.outbox_keys import quarterly_reminder_key, quarterly_report_key
from services.reports.periods import period_label
from services.reports.quarterly import QuarterlyEvent, QuarterlyStep, events_due
from services.reports.texts import format_date
from services.school_year.org_calendar import org_calendar
from services.surveys.schedule import out_of_quiet

log = logging.getLogger(__name__)
KIND = "quarterly"


def _render(event: QuarterlyEvent, org: Organization, key: str) -> Callable[[I18n], str]:
    def render(i18n: I18n) -> str:
        return i18n(
            key,
            org=esc(org.name),
            period=esc(period_label(i18n, event.quarter)),
            due=format_date(event.due),
            days=event.days_before,
        )

    return render


def _buttons(event: QuarterlyEvent, org: Organization) -> Callable[[I18n], InlineKeyboardMarkup]:
    return lambda i18n: period_buttons(i18n, org.id, event.quarter)


async def quarterly_reports(deps: AppDeps, now: datetime | None = None) -> int:
    """One pass over the schools; how many messages were queued."""
    now = now or deps.clock.now()
    queued = 0
    try:
        async with deps.session_factory() as session, session.begin():
            schools = list(
                await session.scalars(
                    select(Organization).where(Organization.kind == OrgKind.SCHOOL)
                )
            )
            orgs = OrgService(session)
            for org in schools:
                today = now.astimezone(ZoneInfo(org.timezone)).date()
                for event in events_due(await org_calendar(session, org), today):
                    recipients: list[User]
                    if event.step is QuarterlyStep.REMIND:
                        recipients = await orgs.curators_to_notify(org.id)
                        key = "quarterly-remind"
                    elif org.auto_quarterly_report and org.parent_id is not None:
                        recipients = await orgs.curators_to_notify(org.parent_id)
                        key = "quarterly-report-ready"
                    else:
                        continue
                    for curator in recipients:
                        dedupe = (
                            quarterly_reminder_key(
                                org.id, event.quarter.label, event.days_before, curator.id
                            )
                            if event.step is QuarterlyStep.REMIND
                            else quarterly_report_key(org.id, event.quarter.label, curator.id)
                        )
                        queued += int(
                            await notify_user(
                                session,
                                deps,
                                curator,
                                _render(event, org, key),
                                now,
                                markup=_buttons(event, org),
                                kind=KIND,
                                dedupe_key=dedupe,
                                # the job runs hourly from local midnight: never at night
                                not_before=out_of_quiet(now, org.timezone, quiet_hours(deps)),
                            )
                        )
    except Exception:  # the next hourly pass retries; a failure must not stop the job
        log.exception("quarterly reports pass failed")
    return queued

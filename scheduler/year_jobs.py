"""The school year's closing, run by the scheduler: close each school's year on its calendar's
``year_closes``, remind the unanswered, send the curators' summary.

Each step reads the database as the source of truth. The closing is one row unique per
(organization, year), the questions one row unique per (membership, year), and every message
carries a dedupe key: a step that runs twice, on two instances at once, or again after a crash
does nothing twice. One transaction per school, so a municipality never holds the lock long.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import select

from bot.app.deps import AppDeps
from bot.notify.year import queue_questions, queue_summary, tell_closed
from models import Organization, OrgKind, YearClosure
from services.school_year.closing import YearClosing, deadlines
from services.school_year.org_calendar import calendars_of, org_calendar

log = logging.getLogger(__name__)


async def close_years(deps: AppDeps, now: datetime) -> int:
    """Each school whose year's closing day has come: archive, ask, tell the curators."""
    async with deps.session_factory() as session:
        schools = list(
            await session.scalars(select(Organization).where(Organization.kind == OrgKind.SCHOOL))
        )
        calendars = await calendars_of(session, schools)
        due = await YearClosing(session).years_due(schools, calendars, now)
    closed = 0
    for org_id, year in due:
        async with deps.session_factory() as session, session.begin():
            org = await session.get(Organization, org_id)
            if org is None:
                continue
            done = await YearClosing(session).close(
                org, year, await org_calendar(session, org), now
            )
            if done is None:
                continue  # another instance closed it first
            closed += 1
            await queue_questions(session, deps, org, done.asked, now)
            await tell_closed(session, deps, org, done.closure, done.archived, len(done.asked), now)
    return closed


async def remind_and_summarize(deps: AppDeps, now: datetime) -> int:
    """The unanswered are reminded once after the answer period; the curators get the summary
    when nobody is left to answer or after two periods (by the lists' due date at the latest)."""
    async with deps.session_factory() as session:
        open_ids = [closure.id for closure, _ in await YearClosing(session).open_closures()]
    done = 0
    for closure_id in open_ids:
        async with deps.session_factory() as session, session.begin():
            closure = await session.get(YearClosure, closure_id)
            org = await session.get(Organization, closure.org_id) if closure else None
            if closure is None or org is None or closure.summary_sent_at is not None:
                continue
            closing = YearClosing(session)
            calendar = await org_calendar(session, org)
            due = deadlines(calendar, closure, org.timezone)
            if now >= due.remind_at:
                carries = await closing.to_remind(closure)
                for carry in carries:
                    carry.reminded_at = now
                done += await queue_questions(session, deps, org, carries, now, reminder=True)
            if now >= due.summary_at or not await closing.anyone_pending(closure):
                summary = await closing.summary(closure)
                done += await queue_summary(session, deps, org, closure, summary, calendar, now)
                closure.summary_sent_at = now
    return done


STEPS: tuple[Callable[[AppDeps, datetime], Awaitable[int]], ...] = (
    close_years,
    remind_and_summarize,
)


async def tick(deps: AppDeps, now: datetime) -> None:
    """One pass of the year's duties; one failing step does not stop the others."""
    for step in STEPS:
        try:
            await step(deps, now)
        except Exception:  # retried on the next tick
            log.exception("school year step %s failed", step.__name__)

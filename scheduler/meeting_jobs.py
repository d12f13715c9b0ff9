"""Periodic meeting work: ask for logs, re-ask, escalate to the curator, drop stale reminders.

Each step reads the database (the source of truth), queues messages in the outbox with a
dedupe key, and marks what it did in the same transaction — so a job that runs twice, or on
two instances at once, or again after a crash, queues nothing twice.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.notify.meetings import markup_dict, queue_curator_alert
from bot.tg.i18n import I18n
from bot.tg.views import meetings as mview
from bot.tg.views.common import esc, local_datetime, split_text
from bot.tg.views.digest import digest_keyboard, digest_text, municipal_text
from models import Membership, Organization, OrgKind, Role, User
from scheduler import head_jobs, survey_jobs, year_jobs
from services.meetings.calendar import YearlyEvent, occurrences
from services.meetings.digest import merge
from services.meetings.repository import MeetingContext, MeetingRepository
from services.meetings.snapshots import org_digest
from services.meetings.timing import next_weekly, week_bounds
from services.orgs import OrgService
from services.outbox import Outbox
from services.outbox_keys import calendar_key, digest_key, log_escalation_prefix, log_prompt_key
from services.school_year.calendar_file import SchoolCalendar
from services.school_year.org_calendar import calendar_interim, calendars_of
from services.surveys.schedule import interim_month_day

log = logging.getLogger(__name__)


async def drop_stale_reminders(deps: AppDeps, now: datetime) -> int:
    """Record the reminders that will never go: each expires when the next reminder of its
    meeting is due, the last one when the meeting begins (see ``queue_reminders``). Rows
    queued before expiries existed keep the old guess: later than the shortest lead."""
    cutoff = now - min(deps.settings.reminder_leads, default=deps.settings.log_prompt_after)
    async with deps.session_factory() as session, session.begin():
        outbox = Outbox(session)
        return await outbox.drop_expired(now) + await outbox.drop_stale("reminder", cutoff)


async def prompt_logs(deps: AppDeps, now: datetime) -> int:
    settings = deps.settings
    count = 0
    async with deps.session_factory() as session, session.begin():
        repo = MeetingRepository(session)
        outbox = Outbox(session)
        for meeting in await repo.due_for_log_prompt(now, settings.log_prompt_after):
            ctx = await repo.context(meeting.id)
            await _ask_mentor(outbox, deps, ctx, now, attempt=1)
            meeting.log_prompted_at = now
            count += 1
        for meeting in await repo.due_for_log_reask(now, settings.log_reask_after):
            ctx = await repo.context(meeting.id)
            await _ask_mentor(outbox, deps, ctx, now, attempt=2)
            meeting.log_reasked_at = now
            count += 1
        for meeting in await repo.due_for_log_escalation(now, settings.log_reask_after):
            ctx = await repo.context(meeting.id)
            await _tell_curators(deps, session, ctx, now)
            meeting.log_escalated_at = now
            count += 1
    return count


async def _ask_mentor(
    outbox: Outbox, deps: AppDeps, ctx: MeetingContext, now: datetime, *, attempt: int
) -> None:
    mentor = ctx.mentor
    meeting = ctx.meeting
    if mentor is None or meeting.scheduled_at is None:
        return
    i18n = deps.translator.for_user(mentor.user)
    others = ", ".join(p.user.full_name or i18n("name-unknown") for p in ctx.mentees)
    text = i18n(
        "log-prompt" if attempt == 1 else "log-reask",
        kind=mview.kind_name(i18n, meeting),
        at=local_datetime(meeting.scheduled_at, ctx.org.timezone),
        with_whom=esc(others),
    )
    await outbox.enqueue(
        mentor.user.telegram_id,
        text,
        kind="log_prompt",
        not_before=now,
        dedupe_key=log_prompt_key(meeting.id, meeting.version, attempt),
        reply_markup=markup_dict(mview.log_prompt_keyboard(i18n, meeting.id)),
        about=[p.user.id for p in ctx.mentees],
    )


async def _tell_curators(
    deps: AppDeps, session: AsyncSession, ctx: MeetingContext, now: datetime
) -> None:
    meeting = ctx.meeting
    mentor = ctx.mentor

    def render(i18n: I18n) -> dict[str, str]:
        name = mentor.user.full_name if mentor and mentor.user.full_name else i18n("name-unknown")
        at = local_datetime(meeting.scheduled_at, ctx.org.timezone) if meeting.scheduled_at else "—"
        return {"mentor": esc(name), "kind": mview.kind_name(i18n, meeting), "at": at}

    await queue_curator_alert(
        session,
        deps,
        ctx,
        now,
        key="log-missing-curator",
        dedupe=log_escalation_prefix(meeting.id, meeting.version),
        render=render,
    )


async def tick(deps: AppDeps) -> None:
    """One pass of every periodic duty; scheduled by APScheduler every few seconds."""
    now = deps.clock.now()
    try:
        await drop_stale_reminders(deps, now)
        await prompt_logs(deps, now)
        await weekly_digests(deps, now)
        await yearly_calendar(deps, now)
    except Exception:  # a failed pass is retried on the next tick; it must not kill the job
        log.exception("meeting tick failed")
    await survey_jobs.tick(deps, now)  # each survey step catches its own failure
    await head_jobs.tick(deps, now)  # catches its own failure too
    await year_jobs.tick(deps, now)  # and so does each step of the year's closing


async def weekly_digests(deps: AppDeps, now: datetime) -> int:
    """Each curator gets one digest a week at the configured local time; a municipal curator
    gets one over all their organizations. The key (person, week) makes it once per week."""
    settings = deps.settings
    sent = 0
    async with deps.session_factory() as session, session.begin():
        curators = await session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.role == Role.CURATOR)
            .distinct()
            .order_by(User.id)
        )
        orgs_service = OrgService(session)
        for curator in list(curators):
            orgs = [
                o for o in await orgs_service.curated_by(curator.id) if o.kind is OrgKind.SCHOOL
            ]
            if not orgs:
                continue
            tz = orgs[0].timezone
            week_start, _ = week_bounds(now, tz)
            due = next_weekly(
                week_start - timedelta(seconds=1), tz, settings.digest_weekday, settings.digest_at
            )
            if now < due:
                continue
            week = week_start.date().isoformat()
            if await Outbox(session).has_key(digest_key(curator.id, week, 0)):
                # this week's digest is queued or sent: every later tick of the week would
                # rebuild it (17 queries a school) only for the key to turn it away
                continue
            # a school is in a week's digest once it had a mentor or mentee by that week's digest
            # time: a curator who has just registered a school gets no «Всё в порядке» about
            # nobody, and the first digest comes at the next weekly slot after people join
            staffed = await _staffed_by(session, [org.id for org in orgs], due)
            orgs = [org for org in orgs if org.id in staffed]
            if not orgs:
                continue
            i18n = deps.translator.bind(curator.locale)
            digests = [
                (
                    org,
                    await org_digest(
                        session,
                        org,
                        now=now,
                        weights=settings.matching,
                        overdue_log_after=settings.log_reask_after,
                    ),
                )
                for org in orgs
            ]
            if len(digests) == 1:
                org, digest = digests[0]
                text = digest_text(i18n, org.name, digest, org.timezone)
                markup = markup_dict(digest_keyboard(i18n, org.id, digest))
            else:
                merged = merge([(org.name, digest) for org, digest in digests])
                text = municipal_text(i18n, merged, {org.name: org.timezone for org, _ in digests})
                markup = None
            chunks = split_text(text)
            # a withdrawal in any of these schools cancels the digest; the next tick rebuilds it
            named = await orgs_service.participant_user_ids([org.id for org in orgs])
            for index, chunk in enumerate(chunks):
                queued = await Outbox(session).enqueue(
                    curator.telegram_id,
                    chunk,
                    kind="digest",
                    not_before=now,
                    dedupe_key=digest_key(curator.id, week, index),
                    reply_markup=markup if index == len(chunks) - 1 else None,
                    about=named,
                )
                sent += int(queued)
    return sent


async def _staffed_by(session: AsyncSession, org_ids: list[int], moment: datetime) -> set[int]:
    """The organizations among ``org_ids`` that had a mentor or a mentee by ``moment``."""
    rows = await session.scalars(
        select(Membership.org_id)
        .where(
            Membership.org_id.in_(org_ids),
            Membership.role.in_((Role.MENTOR, Role.MENTEE)),
            Membership.created_at <= moment,
        )
        .distinct()
    )
    return set(rows)


async def yearly_calendar(deps: AppDeps, now: datetime) -> int:
    """The roadmap's yearly duties, told to each school's curators on their calendar's day."""
    queued = 0
    async with deps.session_factory() as session, session.begin():
        schools = list(
            await session.scalars(select(Organization).where(Organization.kind == OrgKind.SCHOOL))
        )
        calendars = await calendars_of(session, schools)
        orgs = OrgService(session)
        for org in schools:
            calendar = calendars[org.id]
            today = now.astimezone(ZoneInfo(org.timezone)).date()
            interim = interim_month_day(
                org.interim_survey_on,
                calendar_interim(calendar, deps.settings.survey_interim_date),
            )
            events = occurrences(today, today, calendar, interim="{:02d}-{:02d}".format(*interim))
            for day, event in events:
                params = _event_dates(calendar, event, day)
                for curator in await orgs.curators_to_notify(org.id):
                    i18n = deps.translator.bind(curator.locale)
                    queued += int(
                        await Outbox(session).enqueue(
                            curator.telegram_id,
                            i18n(f"calendar-{event.value}", org=esc(org.name), **params),
                            kind="calendar",
                            not_before=now,
                            dedupe_key=calendar_key(org.id, day, event.value, curator.id),
                        )
                    )
    return queued


def format_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _event_dates(calendar: SchoolCalendar, event: YearlyEvent, day: date) -> dict[str, str]:
    """The dates a reminder names: the lists' due date, a window's first and last day."""
    year = calendar.school_year(day)
    if event is YearlyEvent.LISTS_UPDATE:
        due = calendar.day_in(year, calendar.lists_due)
        if due < day:  # a reminder in the school year before an early due date
            due = calendar.day_in(year + 1, calendar.lists_due)
        return {"due": format_date(due)}
    window = {
        YearlyEvent.EVALUATION: calendar.evaluation,
        YearlyEvent.MONITORING: calendar.monitoring,
    }.get(event)
    if window is not None:
        return {
            "starts": format_date(calendar.day_in(year, window.starts)),
            "ends": format_date(calendar.day_in(year, window.ends)),
        }
    return {"due": format_date(day)}

"""Which calendar an organization runs on: its own, else its municipal office's, else the
default one. A calendar id no longer on disk falls back to the default (a job never fails)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Organization
from services.school_year.calendar_file import (
    DEFAULT_CALENDAR,
    SchoolCalendar,
    calendar_by_id,
    load_calendars,
    month_day,
)


class UnknownCalendar(ValueError):
    def __init__(self, calendar_id: str) -> None:
        known = ", ".join(sorted(load_calendars()))
        super().__init__(f"unknown calendar {calendar_id!r}; known: {known}")
        self.calendar_id = calendar_id


def check_calendar_id(calendar_id: str) -> str:
    """A calendar id that is in calendars/, else :class:`UnknownCalendar` naming the known."""
    cleaned = calendar_id.strip()
    if cleaned not in load_calendars():
        raise UnknownCalendar(cleaned)
    return cleaned


def resolve_calendar_id(own: str | None, parent_own: str | None) -> str:
    return own or parent_own or DEFAULT_CALENDAR


def calendar_of(org: Organization, parent: Organization | None) -> SchoolCalendar:
    parent_own = parent.calendar_id if parent is not None else None
    return calendar_by_id(resolve_calendar_id(org.calendar_id, parent_own))


async def org_calendar(session: AsyncSession, org: Organization) -> SchoolCalendar:
    parent = await session.get(Organization, org.parent_id) if org.parent_id else None
    return calendar_of(org, parent)


async def org_calendar_by_id(session: AsyncSession, org_id: int) -> SchoolCalendar:
    org = await session.get(Organization, org_id)
    return calendar_by_id(None) if org is None else await org_calendar(session, org)


async def calendars_of(
    session: AsyncSession, orgs: Iterable[Organization]
) -> dict[int, SchoolCalendar]:
    """Each organization's calendar, the parents read in one query (for the scheduler)."""
    orgs = list(orgs)
    parent_ids = {org.parent_id for org in orgs if org.parent_id is not None}
    parents: dict[int, str | None] = {}
    if parent_ids:
        rows = await session.execute(
            select(Organization.id, Organization.calendar_id).where(Organization.id.in_(parent_ids))
        )
        parents = {row.id: row.calendar_id for row in rows}
    return {
        org.id: calendar_by_id(
            resolve_calendar_id(
                org.calendar_id, parents.get(org.parent_id) if org.parent_id else None
            )
        )
        for org in orgs
    }


def calendar_interim(calendar: SchoolCalendar, deployment: str | None) -> str:
    """The interim survey's "MM-DD" of the calendar; a deployment's ``SURVEY_INTERIM_DATE``
    replaces the default calendar's date only (a regional calendar chosen for the organization
    or its office wins over it). A school's own date (``interim_survey_on``) wins over both."""
    if deployment and calendar.id == DEFAULT_CALENDAR:
        try:
            return month_day(deployment)
        except ValueError:
            pass  # validated at start; never stop a job over it
    return calendar.interim_survey

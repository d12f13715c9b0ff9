"""One router per feature. Order matters: commands before conversation states, fallback last.

Routers are built by functions rather than at import time, so every dispatcher (one per
process, one per test) gets routers of its own.
"""

from aiogram import Router

from handlers import (
    admin,
    announcements,
    attendance,
    contact,
    curator,
    digest,
    documents,
    errors,
    fallback,
    goals,
    guardians,
    head,
    meetings,
    menu,
    municipal,
    offers,
    pairing,
    preferences,
    privacy,
    profile,
    programs,
    questionnaire,
    report_periods,
    reports,
    roster,
    school_forms,
    school_year,
    start,
    surveys,
)


def build_router() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.build_router(),
        # pupil links and parents' links before the generic /start <invite>
        guardians.build_router(),
        start.build_router(),
        menu.build_router(),
        privacy.build_router(),
        profile.build_router(),
        admin.build_router(),
        curator.build_router(),
        municipal.build_router(),
        pairing.build_router(),
        school_forms.build_router(),
        offers.build_router(),
        head.build_router(),
        preferences.build_router(),
        # a participant's answers to an invitation (MeetingCb yes, other, noprop); the other
        # MeetingCb buttons have a handler each in meetings
        attendance.build_router(),
        meetings.build_router(),
        contact.build_router(),
        goals.build_router(),
        programs.build_router(),
        digest.build_router(),
        surveys.build_router(),
        reports.build_router(),
        documents.build_router(),
        report_periods.build_router(),
        roster.build_router(),
        announcements.build_router(),
        school_year.build_router(),
        questionnaire.build_router(),
        fallback.build_router(),
    )
    return root

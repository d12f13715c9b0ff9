"""The curator's digest on demand, and nudging a mentor from it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.deps import AppDeps
from bot.tg.callbacks import DigestAct, DigestCb
from bot.tg.filters import OrgAccess
from bot.tg.i18n import I18n
from bot.tg.views import meetings as mview
from bot.tg.views.common import esc, split_text
from bot.tg.views.digest import digest_keyboard, digest_text
from models import Organization, User
from services.errors import DomainError, NotFound
from services.meetings.repository import MeetingContext, MeetingRepository
from services.meetings.snapshots import org_digest
from services.orgs import OrgService
from services.outbox import Outbox
from services.outbox_keys import nudge_key


async def show_digest(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    user: User | None,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    await query.answer()
    digest = await org_digest(
        session,
        org,
        now=deps.clock.now(),
        weights=deps.settings.matching,
        overdue_log_after=deps.settings.log_reask_after,
    )
    chunks = split_text(digest_text(i18n, org.name, digest, org.timezone))
    # the nudge buttons are the curator's; the head reads the digest without them
    manages = user is not None and await OrgService(session).can_manage(user.id, org.id)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await bot.send_message(
            query.from_user.id,
            chunk,
            reply_markup=digest_keyboard(i18n, org.id, digest) if last and manages else None,
        )


async def _meeting_of(session: AsyncSession, meeting_id: int, org: Organization) -> MeetingContext:
    """The meeting the button names, if it is still one of this organization's."""
    try:
        ctx = await MeetingRepository(session).context(meeting_id)
    except NotFound:
        raise DomainError("error-stale-button") from None
    if ctx.meeting.org_id != org.id:
        raise DomainError("error-stale-button")
    return ctx


async def nudge(
    query: CallbackQuery,
    callback_data: DigestCb,
    session: AsyncSession,
    org: Organization,
    i18n: I18n,
    deps: AppDeps,
) -> None:
    ctx = await _meeting_of(session, callback_data.meeting, org)
    mentor = ctx.mentor
    if mentor is None:
        raise DomainError("error-not-found")
    now = deps.clock.now()
    mi18n = deps.translator.for_user(mentor.user)
    day = now.astimezone(ZoneInfo(org.timezone)).date().isoformat()
    mentees = ", ".join(p.user.full_name or mi18n("name-unknown") for p in ctx.mentees)
    queued = await Outbox(session).enqueue(
        mentor.user.telegram_id,
        mi18n(
            "nudge-text",
            kind=mview.kind_name(mi18n, ctx.meeting),
            org=esc(org.name),
            mentees=esc(mentees or mi18n("name-unknown")),
        ),
        kind="notification",
        not_before=now,
        # one nudge a day per meeting, however often the button is pressed; under the
        # meeting's prefix, so moving or dropping the meeting cancels it too
        dedupe_key=nudge_key(ctx.meeting.id, day),
        about=[p.user.id for p in ctx.mentees],
    )
    await query.answer(i18n("nudge-sent" if queued else "nudge-already"), show_alert=not queued)


def build_router() -> Router:
    router = Router(name="digest")
    # the head reads the digest too; nudging a mentor stays the curator's
    router.callback_query.register(
        show_digest, DigestCb.filter(F.act == DigestAct.SHOW), OrgAccess(read_only=True)
    )
    router.callback_query.register(nudge, DigestCb.filter(F.act == DigestAct.NUDGE), OrgAccess())
    return router

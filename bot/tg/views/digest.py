"""The curator's digest in words."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.tg.callbacks import DigestAct, DigestCb, MenuAct, MenuCb
from bot.tg.i18n import I18n
from bot.tg.keyboards import InlineKeyboard
from bot.tg.views.common import esc, local_datetime, shorten
from services.meetings.digest import Digest, MeetingItem, MunicipalDigest

LIST_LIMIT = 10
NUDGE_BUTTONS = 5


def _meeting_items(i18n: I18n, title_key: str, items: list[MeetingItem], tz: str) -> list[str]:
    if not items:
        return []
    lines = [i18n(title_key, count=len(items))]
    for label, meeting in items[:LIST_LIMIT]:
        when = (
            local_datetime(meeting.scheduled_at, tz)
            if meeting.scheduled_at
            else i18n("digest-due", due=meeting.due_on.strftime("%d.%m.%Y"))
        )
        lines.append(f"• {esc(label)} — {i18n(f'meeting-kind-{meeting.kind.value}')}, {when}")
    if len(items) > LIST_LIMIT:
        lines.append(i18n("digest-more", count=len(items) - LIST_LIMIT))
    return lines


def digest_body(i18n: I18n, digest: Digest, tz: str) -> str:
    lines: list[str] = []
    stages = ", ".join(
        f"{i18n(f'stage-{stage}')}: {count}" for stage, count in digest.pairs_by_stage.items()
    )
    lines.append(i18n("digest-stages", stages=stages or "—"))
    lines.append(i18n("digest-week", held=digest.held_this_week, planned=digest.planned_this_week))
    lines += _meeting_items(i18n, "digest-overdue-meetings", digest.overdue_meetings, tz)
    lines += _meeting_items(i18n, "digest-overdue-logs", digest.overdue_logs, tz)
    lines += _meeting_items(i18n, "digest-missing-feedback", digest.missing_feedback, tz)
    lines += _meeting_items(i18n, "digest-low-feedback", digest.low_feedback, tz)
    if digest.unmatched:
        lines.append(i18n("digest-unmatched", count=len(digest.unmatched)))
        for item in digest.unmatched[:LIST_LIMIT]:
            lines.append(f"• {esc(item.name)} — {i18n(f'unmatched-{item.reason}')}")
    if digest.silent_pairs:
        lines.append(i18n("digest-silent", count=len(digest.silent_pairs)))
        for silent in digest.silent_pairs[:LIST_LIMIT]:
            lines.append(
                f"• {esc(silent.pair.label)} — {i18n('digest-since', since=silent.since.strftime('%d.%m.%Y'))}"
            )
    if digest.is_empty:
        lines.append(i18n("digest-all-good"))
    return "\n".join(lines)


def digest_text(i18n: I18n, org_name: str, digest: Digest, tz: str) -> str:
    title = i18n("digest-title", org=esc(org_name), week=digest.week_start.strftime("%d.%m.%Y"))
    return f"{title}\n\n{digest_body(i18n, digest, tz)}"


def municipal_text(i18n: I18n, merged: MunicipalDigest, zones: dict[str, str]) -> str:
    totals = merged.totals
    parts = [
        i18n(
            "digest-municipal-title",
            orgs=len(merged.sections),
            attention=totals.attention,
            held=totals.held_this_week,
            planned=totals.planned_this_week,
        )
    ]
    for name, digest in merged.sections:
        parts.append(f"<b>{esc(name)}</b>\n{digest_body(i18n, digest, zones.get(name, 'UTC'))}")
    return "\n\n".join(parts)


def digest_keyboard(i18n: I18n, org_id: int, digest: Digest) -> InlineKeyboardMarkup:
    kb = InlineKeyboard()
    # one button per pair, for its earliest overdue meeting: a pair months behind would
    # otherwise fill the keyboard with the same label once per missed meeting
    seen: set[int] = set()
    for label, meeting in [*digest.overdue_logs, *digest.overdue_meetings]:
        if meeting.pairing_id in seen or len(seen) >= NUDGE_BUTTONS:
            continue
        seen.add(meeting.pairing_id)
        kb.button(
            text=i18n("btn-nudge", label=shorten(label, 40)),
            callback_data=DigestCb(act=DigestAct.NUDGE, org=org_id, meeting=meeting.meeting_id),
        )
    kb.button(text=i18n("btn-back-to-org"), callback_data=MenuCb(act=MenuAct.ORG, org=org_id))
    kb.adjust(1)
    return kb.as_markup()

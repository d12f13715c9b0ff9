"""The outbox as a service: enqueue what the bot should say, and the sender's bookkeeping.

Nothing here commits: ``enqueue`` and ``cancel_pending`` belong in the caller's transaction, so
a reminder is stored exactly when the meeting it is about is (the transactional outbox). The
sender (``scheduler/sender.py``) wraps each call below in its own short transaction.

Claiming is one atomic statement, ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING``,
so two senders never take the same row: on PostgreSQL the subquery locks with
``FOR UPDATE SKIP LOCKED``; SQLite has one writer at a time, which is enough.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.organization import Organization
from models.outbox import OutboxMention, OutboxMessage, OutboxState
from models.person import Membership, User
from services.meetings.timing import QuietHours, out_of_quiet
from services.outbox_keys import edit_key

MAX_ERROR_LENGTH = 500
# A row keeps its text only while it may still be sent: delivered, refused and cancelled rows
# keep their state, kind and key (delivery counts need no more), never what they said.
ERASED: dict[str, Any] = {"text": "", "reply_markup": None}
# a message to a chat with no person on record (a pupil whose parent declined, or whose request
# expired): once it has an outcome the row goes too, so not even the chat id stays (152-FZ)
STRANGER_KIND = "stranger"
ENQUEUE_CHUNK = 500  # rows per INSERT: well under SQLite's limit of bound variables
_PENDING = OutboxState.PENDING


@dataclass(frozen=True)
class NewMessage:
    """A message to queue; see :meth:`Outbox.enqueue` for the fields."""

    chat_id: int
    text: str
    kind: str
    not_before: datetime
    dedupe_key: str | None = None
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = "HTML"
    # users (users.id) the text is about besides its recipient: a withdrawal cancels it
    about: tuple[int, ...] = ()
    # never sent from then on (see :meth:`Outbox.drop_expired`)
    expires_at: datetime | None = None
    edits_message_id: int | None = None  # see OutboxMessage.edits_message_id

    def row(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "edits_message_id": self.edits_message_id,
            "text": self.text,
            "reply_markup": self.reply_markup,
            "parse_mode": self.parse_mode,
            "kind": self.kind,
            "dedupe_key": self.dedupe_key,
            "not_before": self.not_before,
            "expires_at": self.expires_at,
            "next_attempt_at": self.not_before,
            "state": _PENDING,
            "attempts": 0,
            "created_at": utcnow(),
        }


@dataclass(frozen=True)
class QuietRule:
    """Every message in the outbox waits out its recipient's quiet hours.

    The hours are read in the time zone of the recipient's first organization (the earliest
    membership still in force: the school a curator joined first, say); a chat with nobody on
    record, or a person in no organization, uses ``default_tz``. Replies to a person's own
    action never pass through the outbox, so they are never held back.
    """

    hours: QuietHours
    default_tz: str

    def until(self, now: datetime, tz: str | None) -> datetime | None:
        """The end of the quiet period ``now`` is in for a recipient in ``tz``, or None."""
        morning = out_of_quiet(now, tz or self.default_tz, self.hours)
        return morning if morning > now else None


class Outbox:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        chat_id: int,
        text: str,
        *,
        kind: str,
        not_before: datetime,
        dedupe_key: str | None = None,
        reply_markup: dict[str, Any] | None = None,
        parse_mode: str | None = "HTML",
        about: Iterable[int] = (),
        expires_at: datetime | None = None,
    ) -> bool:
        """Queue a message; False when ``dedupe_key`` is already taken (in any state).

        The key is what makes "never twice" hold when a job runs twice or two instances run
        it at once: the second INSERT hits the unique index and does nothing. ``about``: the
        users the text names (see :meth:`erase_person`). ``expires_at``: a message still
        unsent then is never sent (a reminder once its meeting has begun).
        """
        message = NewMessage(
            chat_id,
            text,
            kind,
            not_before,
            dedupe_key,
            reply_markup,
            parse_mode,
            tuple(about),
            expires_at,
        )
        return await self.enqueue_many([message]) == 1

    async def has_key(self, dedupe_key: str) -> bool:
        """Whether a message was queued under ``dedupe_key`` (in any state)."""
        found = await self.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key).limit(1)
        )
        return found is not None

    async def withdraw_keyboard(
        self, dedupe_key: str, *, kind: str, now: datetime, reply_markup: dict[str, Any] | None
    ) -> bool | None:
        """The message queued under ``dedupe_key`` no longer stands: if it is still waiting it
        is cancelled (None: it never reached the person); if it was sent, an edit of its
        keyboard to ``reply_markup`` is queued (True). False: nothing to do (unknown key,
        already withdrawn, or its delivery failed)."""
        row = await self.session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if row is None:
            return False
        if row.state is _PENDING:
            row.state = OutboxState.CANCELLED
            row.text, row.reply_markup = "", None
            return None
        if row.state is not OutboxState.SENT or row.telegram_message_id is None:
            return False
        edit = NewMessage(
            row.chat_id,
            "",
            kind,
            now,
            dedupe_key=edit_key(dedupe_key),
            reply_markup=reply_markup,
            edits_message_id=row.telegram_message_id,
        )
        return await self.enqueue_many([edit]) == 1

    async def enqueue_many(self, messages: Iterable[NewMessage]) -> int:
        """Queue many messages in a few multi-row INSERTs; how many were new (not deduplicated).

        For fan-out jobs (a digest to everyone): one statement per row holds SQLite's single
        write lock about a millisecond per message, which handlers waiting behind it notice.
        """
        batch = list(messages)
        # a keyless message that names someone needs its own id back for its mentions;
        # keyed ones are matched to their ids by key (RETURNING's order is not promised)
        single = [m for m in batch if m.about and m.dedupe_key is None]
        bulk = [m for m in batch if not (m.about and m.dedupe_key is None)]
        about_by_key = {m.dedupe_key: m.about for m in bulk if m.about}
        insert = _insert_for(self.session)
        added = 0
        mentions: list[dict[str, int]] = []
        for start in range(0, len(bulk), ENQUEUE_CHUNK):
            stmt = (
                insert(OutboxMessage)
                .values([m.row() for m in bulk[start : start + ENQUEUE_CHUNK]])
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(OutboxMessage.id, OutboxMessage.dedupe_key)
            )
            for row_id, key in (await self.session.execute(stmt)).all():
                added += 1
                mentions += _mentions(row_id, about_by_key.get(key, ()))
        for message in single:
            stmt = insert(OutboxMessage).values(message.row()).returning(OutboxMessage.id)
            row_id = (await self.session.execute(stmt)).scalar_one()
            added += 1
            mentions += _mentions(row_id, message.about)
        for start in range(0, len(mentions), ENQUEUE_CHUNK):
            await self.session.execute(
                insert(OutboxMention).values(mentions[start : start + ENQUEUE_CHUNK])
            )
        return added

    async def erase_person(
        self, user_id: int, telegram_id: int, names: Iterable[str] = ()
    ) -> ErasedMessages:
        """A withdrawal (152-FZ): nothing queued may still name the person or go to them.

        Rows to the person go whole (their chat id and keys are personal data). Pending rows
        about them are cancelled with text and key erased; freeing the key lets a job queue
        its message again without the person (a digest is rebuilt on the next tick).
        ``names``: a last line of defence for a message queued without ``about``; what it
        finds is counted apart, so a test can insist that the mentions alone were enough.
        """
        deleted = await self.session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.chat_id == telegram_id)
            .returning(OutboxMessage.id)
        )
        mentioned = select(OutboxMention.outbox_id).where(OutboxMention.user_id == user_id)
        by_mention = await self._cancel_erased(OutboxMessage.id.in_(mentioned))
        by_name = 0
        for name in {n for n in names if n and n.strip()}:
            variants = {name, html.escape(name, quote=False)}
            for variant in variants:
                by_name += await self._cancel_erased(
                    func.instr(OutboxMessage.text, variant) > 0
                    if self._dialect() == "sqlite"
                    else func.strpos(OutboxMessage.text, variant) > 0
                )
        await self.session.execute(delete(OutboxMention).where(OutboxMention.user_id == user_id))
        return ErasedMessages(len(deleted.all()), by_mention, by_name)

    async def _cancel_erased(self, condition: Any) -> int:
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == _PENDING, condition)
            .values(
                state=OutboxState.CANCELLED,
                claimed_until=None,
                dedupe_key=None,
                last_error="withdrawn",
                **ERASED,
            )
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def cancel_pending(self, dedupe_prefix: str) -> int:
        """Cancel every pending message whose key starts with the prefix (case-sensitive).

        A moved or cancelled meeting replaces its reminders this way. A message a sender has
        already claimed and is sending at this very moment still goes out (one request's
        window); its row then ends up ``sent``.
        """
        if not dedupe_prefix:
            raise ValueError("an empty prefix would cancel every keyed message")
        key = OutboxMessage.dedupe_key
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.state == _PENDING)
            # substr, not LIKE: SQLite's LIKE ignores case, and "_" / "%" are common in keys
            .where(func.substr(key, 1, len(dedupe_prefix)) == dedupe_prefix)
        )
        dialect = self.session.get_bind().dialect.name
        if dialect == "sqlite":
            # a range on the unique index keeps this from scanning a year of sent messages
            # (binary collation)
            stmt = stmt.where(key >= dedupe_prefix, key < dedupe_prefix + "\U0010ffff")
        elif dialect == "postgresql":
            # LIKE is case-sensitive here and can use the text_pattern_ops index
            escaped = re.sub(r"([\\%_])", r"\\\1", dedupe_prefix)
            stmt = stmt.where(key.like(escaped + "%", escape="\\"))
        result = await self.session.execute(
            stmt.values(state=OutboxState.CANCELLED, claimed_until=None, **ERASED).returning(
                OutboxMessage.id
            )
        )
        return len(result.all())

    async def drop_expired(self, now: datetime) -> int:
        """Cancel pending messages whose ``expires_at`` has come (:meth:`claim` skips them
        already; this records why they never went and erases their text)."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == _PENDING)
            .where(OutboxMessage.expires_at.is_not(None), OutboxMessage.expires_at <= now)
            .values(state=OutboxState.CANCELLED, claimed_until=None, last_error="stale", **ERASED)
            .returning(OutboxMessage.id)
        )
        return len(result.all())

    async def drop_stale(self, kind: str, due_before: datetime) -> int:
        """Cancel pending messages of ``kind`` without an expiry that were due before
        ``due_before``: rows queued before ``expires_at`` existed (migration 0016), whose
        owner can only guess when they stopped being useful."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.state == _PENDING, OutboxMessage.expires_at.is_(None))
            .where(OutboxMessage.kind == kind, OutboxMessage.not_before < due_before)
            .values(state=OutboxState.CANCELLED, claimed_until=None, last_error="stale", **ERASED)
            .returning(OutboxMessage.id)
        )
        return len(result.all())

    async def claim(
        self,
        now: datetime,
        worker_id: str,
        limit: int,
        lease: timedelta,
        quiet: QuietRule | None = None,
    ) -> list[OutboxMessage]:
        """Take up to ``limit`` due messages for ``lease``, oldest first.

        Due: pending, ``not_before`` and ``next_attempt_at`` reached, not expired, and not
        claimed by a live lease. An expired lease is taken again: its sender died mid-batch.
        With ``quiet``, a message whose recipient is in quiet hours is not returned: it is put
        back for the morning (an ``expires_at`` before then drops it).
        """
        due = (
            select(OutboxMessage.id)
            .where(OutboxMessage.state == _PENDING)
            .where(OutboxMessage.next_attempt_at <= now, OutboxMessage.not_before <= now)
            .where(or_(OutboxMessage.expires_at.is_(None), OutboxMessage.expires_at > now))
            .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(due.scalar_subquery()))
            .values(claimed_until=now + lease, claimed_by=worker_id[:64])
            .returning(OutboxMessage)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        claimed = list((await self.session.scalars(stmt)).all())
        if quiet is not None and claimed:
            claimed = await self._hold_quiet(claimed, now, quiet)
        # RETURNING order is unspecified; send in due order
        return sorted(claimed, key=lambda m: (m.next_attempt_at, m.id))

    async def _hold_quiet(
        self, claimed: list[OutboxMessage], now: datetime, quiet: QuietRule
    ) -> list[OutboxMessage]:
        zones = await self.recipient_zones({m.chat_id for m in claimed})
        ready: list[OutboxMessage] = []
        for message in claimed:
            # an edit (buttons taken off a withdrawn offer) makes no sound: it goes at once
            morning = (
                None
                if message.edits_message_id is not None
                else quiet.until(now, zones.get(message.chat_id))
            )
            if morning is None:
                ready.append(message)
                continue
            await self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(next_attempt_at=morning, claimed_until=None)
            )
        return ready

    async def recipient_zones(self, chat_ids: Iterable[int]) -> dict[int, str]:
        """Each chat's time zone: its person's first organization still in force (see
        :class:`QuietRule`); chats without one are left out."""
        rows = await self.session.execute(
            select(User.telegram_id, Organization.timezone)
            .join(Membership, Membership.user_id == User.id)
            .join(Organization, Organization.id == Membership.org_id)
            .where(User.telegram_id.in_(list(chat_ids)), Membership.withdrawn_at.is_(None))
            .order_by(Membership.id.desc())
        )
        # the last write wins: rows come newest first, so the earliest membership is kept
        return {int(chat): str(tz) for chat, tz in rows.all()}

    async def release(self, ids: list[int], worker_id: str) -> None:
        """Give back claimed messages this worker will not send (shutting down, lease too short)."""
        if ids:
            await self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker_id[:64])
                .where(OutboxMessage.state == _PENDING)
                .values(claimed_until=None)
            )

    async def forget_stranger(self, message_id: int) -> None:
        """Delete a :data:`STRANGER_KIND` row once it is no longer pending (a retry keeps it)."""
        await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.id == message_id,
                OutboxMessage.kind == STRANGER_KIND,
                OutboxMessage.state != OutboxState.PENDING,
            )
        )

    async def mark_sent(
        self, message_id: int, *, sent_at: datetime, telegram_message_id: int
    ) -> None:
        """Record a delivery. Unconditional: even a row cancelled mid-send did go out."""
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                state=OutboxState.SENT,
                sent_at=sent_at,
                telegram_message_id=telegram_message_id,
                attempts=OutboxMessage.attempts + 1,
                claimed_until=None,
                **ERASED,
            )
        )

    async def mark_retry(
        self, message_id: int, at: datetime, error: str | None, *, count_attempt: bool = True
    ) -> None:
        """Put the message back for ``at``. Flood control and per-chat spacing do not count."""
        values: dict[str, Any] = {"next_attempt_at": at, "claimed_until": None}
        if error is not None:
            values["last_error"] = error[:MAX_ERROR_LENGTH]
        if count_attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        await self._update_pending(message_id, values)

    async def mark_failed(self, message_id: int, error: str, *, count_attempt: bool = True) -> None:
        values: dict[str, Any] = {
            "state": OutboxState.FAILED,
            "last_error": error[:MAX_ERROR_LENGTH],
            "claimed_until": None,
            **ERASED,
        }
        if count_attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        await self._update_pending(message_id, values)

    async def mark_blocked(self, message_id: int, *, at: datetime, error: str) -> None:
        """403: the person blocked the bot. Their user row shows since when (kept if set)."""
        chat_id = await self._update_pending(
            message_id,
            {
                "state": OutboxState.BLOCKED,
                "last_error": error[:MAX_ERROR_LENGTH],
                "attempts": OutboxMessage.attempts + 1,
                "claimed_until": None,
                **ERASED,
            },
        )
        if chat_id is not None:
            await self.session.execute(
                update(User)
                .where(User.telegram_id == chat_id, User.unreachable_at.is_(None))
                .values(unreachable_at=at)
            )

    async def stats(self) -> dict[OutboxState, int]:
        """Messages per state, every state present (zeros included)."""
        counts = dict.fromkeys(OutboxState, 0)
        rows = await self.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
        for state, count in rows:
            counts[state] = count
        return counts

    async def _update_pending(self, message_id: int, values: dict[str, Any]) -> int | None:
        """Update a still-pending row (never revert a sent or cancelled one); its chat id."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state == _PENDING)
            .values(**values)
            .returning(OutboxMessage.chat_id)
        )
        return result.scalar_one_or_none()


@dataclass(frozen=True)
class ErasedMessages:
    to_person: int  # rows to the person, deleted
    by_mention: int  # pending rows naming them through ``about``, cancelled and erased
    by_name: int  # pending rows found only by the name in their text (a missing ``about``)


def _mentions(outbox_id: int, about: Iterable[int]) -> list[dict[str, int]]:
    return [{"outbox_id": outbox_id, "user_id": user_id} for user_id in dict.fromkeys(about)]


def _insert_for(session: AsyncSession) -> Callable[[Any], Any]:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert

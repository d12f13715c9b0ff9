"""The outbox: every message the bot starts itself (reminders, digests, notifications).

Jobs write a row here, in the same transaction as the change that caused it, and one sender
(``scheduler/sender.py``) delivers the rows within Telegram's limits. The table is the source of
truth: a restart loses nothing, and the unique ``dedupe_key`` makes enqueueing idempotent, so a
job that runs twice still produces one message.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UtcDateTime, str_enum, utcnow


class OutboxState(StrEnum):
    PENDING = "pending"  # waiting for next_attempt_at (or claimed by a sender right now)
    SENT = "sent"
    FAILED = "failed"  # permanent: Telegram refused it, or transient errors ran out of attempts
    BLOCKED = "blocked"  # 403: the person blocked the bot; users.unreachable_at is set
    CANCELLED = "cancelled"  # replaced before it was due (a meeting moved or was cancelled)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        # the claim query: pending rows whose next attempt is due, oldest first
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        # cancel_pending looks keys up by prefix: PostgreSQL's LIKE 'prefix%' uses an index only
        # with text_pattern_ops (SQLite uses a range on the unique index instead)
        Index(
            "ix_outbox_dedupe_key_prefix",
            "dedupe_key",
            postgresql_ops={"dedupe_key": "text_pattern_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    # InlineKeyboardMarkup.model_dump(mode="json", exclude_none=True); services stay aiogram-free
    reply_markup: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    parse_mode: Mapped[str | None] = mapped_column(String(16), default="HTML")
    kind: Mapped[str] = mapped_column(String(32))
    # e.g. "meeting:42:reminder:24h"; NULLs never collide, so keyless messages always go in
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime)
    # useless from then on: never sent, cancelled as stale (a reminder once the next one is
    # due or the meeting has begun); NULL = no expiry
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    state: Mapped[OutboxState] = mapped_column(str_enum(OutboxState), default=OutboxState.PENDING)
    # tries that reached Telegram and counted: 429s and per-chat deferrals do not
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # not_before at first, later moved by retries, flood control and per-chat spacing
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # a sender's lease: until then no other sender takes the row; an expired lease means the
    # sender died mid-batch and the row is claimed again
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # the last sender that took it
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # set: this row edits that earlier message of the chat instead of sending one — only its
    # keyboard, to ``reply_markup`` (None takes the buttons off an offer that no longer stands)
    edits_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Telegram's error description only (or an exception's class name), never message text
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutboxMention(Base):
    """A person a queued message is about (a name in its text), other than its recipient.

    A withdrawal (152-FZ) finds through this every pending message that names the person and
    cancels it with its text erased, in the same transaction as the rest of the erasure.
    """

    __tablename__ = "outbox_mentions"

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProcessedUpdate(Base):
    """Telegram update ids already handled, so a re-delivered update is handled once.

    Written in the update's own transaction: an update whose handling failed is not recorded
    and is handled again when Telegram re-delivers it. Housekeeping prunes old rows.
    """

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

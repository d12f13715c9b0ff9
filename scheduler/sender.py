"""The one sender of everything in the outbox, within Telegram's limits.

Limits: sends are evenly spaced at ``rate_per_second`` (default 25/s, below Telegram's ~30/s
per bot), a chat gets at most one message per ``per_chat_interval`` (a second message to the
same chat is deferred, not sent), and a 429 pauses the whole sender for ``retry_after`` (flood
control is per bot) and puts the message back without counting an attempt. 403 marks it
``blocked`` and the person unreachable, 400 marks it ``failed`` for good, network and server
errors are retried with exponential backoff (:func:`retry_delay`) up to :data:`MAX_ATTEMPTS`.

Guarantees, honestly: the database decides. A batch is claimed atomically with a lease, so two
senders never hold the same row; a sender that dies mid-batch leaves rows whose lease expires,
and another sender (or this one after a restart) takes them. Each outcome is written in its own
transaction right after its send, so a crash loses at most the messages in flight: a message
Telegram accepted but whose ``sent`` row was not yet written (milliseconds) is sent a second
time after the lease expires. A send that times out may also have arrived; it is retried. So
delivery is at-least-once with that one-message window, and exactly-once otherwise. No send
starts unless the lease still covers it (see ``_send_timeout``): a sender paused by flood
control past its lease gives the rest of its batch back instead of racing another sender.

Per-chat spacing is remembered per process; with several instances two messages to one chat
may still leave close together, and the 429 that could cause is handled like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.infra.db import scrub_deleted_pages
from bot.infra.metrics import OUTBOX_OUTCOMES, RETRY_AFTER_SECONDS
from models.outbox import OutboxMessage
from services.clock import Clock
from services.erasure import WITHDRAWAL_NOTICE_KIND
from services.outbox import STRANGER_KIND, Outbox, QuietRule

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=2)
RETRY_CAP = timedelta(minutes=5)
# an unauthorized token is the operator's to fix; the messages wait for it (and count down)
TRANSIENT = (
    TelegramNetworkError,
    TelegramServerError,
    TelegramUnauthorizedError,
    TimeoutError,
    aiohttp.ClientError,
)


def retry_delay(attempts_before: int) -> timedelta:
    """2 s x 2^attempt, capped at 5 minutes: 2, 4, 8 ... 256 s over the eight attempts."""
    return min(RETRY_BASE * (1 << min(attempts_before, 20)), RETRY_CAP)


# Telegram's words for an edit that cannot or need not happen any more
NOTHING_TO_EDIT = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
)


@dataclass(frozen=True)
class _Job:
    """A claimed row, copied out of its session (which is closed while we send)."""

    id: int
    chat_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    attempts: int
    claimed_until: datetime
    kind: str
    edits_message_id: int | None = None

    @classmethod
    def of(cls, row: OutboxMessage) -> _Job:
        assert row.claimed_until is not None  # claim() sets it
        return cls(
            row.id,
            row.chat_id,
            row.text,
            row.parse_mode,
            row.reply_markup,
            row.attempts,
            row.claimed_until,
            row.kind,
            row.edits_message_id,
        )


async def _wait_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep, waking early when stopped; True if stopped."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), max(seconds, 0.0))
    return stop.is_set()


class _Pacer:
    """Evenly spaced sends, plus a pause for flood control.

    A token bucket holding a single token: one that could fill up would send a burst after an
    idle spell, and a sliding one-second window like Telegram's counts that burst together with
    the steady rate that follows.
    """

    def __init__(self, rate_per_second: float) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.interval = 1.0 / rate_per_second
        self._next = 0.0
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        loop_now = asyncio.get_running_loop().time()
        self._paused_until = max(self._paused_until, loop_now + seconds)

    async def turn(self, stop: asyncio.Event) -> bool:
        """Wait for the next slot; False if stopped meanwhile. One caller at a time."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            start = max(self._next, self._paused_until)
            if start <= now:
                # keep the grid when we are only a little late, so the rate stays the rate
                self._next = (start if now - start < self.interval else now) + self.interval
                return True
            if await _wait_or_stop(stop, start - now):
                return False


class OutboxSender:
    """Drains the outbox: claim a batch, send it within the limits, record each outcome."""

    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        rate_per_second: float = 25.0,
        per_chat_interval: float = 1.0,
        batch_size: int = 50,
        lease: timedelta = timedelta(seconds=60),
        worker_id: str | None = None,
        idle_sleep: float = 0.5,
        max_in_flight: int = 8,
        quiet: QuietRule | None = None,
    ) -> None:
        self.bot = bot
        self.session_factory = session_factory
        self.clock = clock
        self.per_chat_interval = per_chat_interval
        self.batch_size = batch_size
        self.lease = lease
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.idle_sleep = idle_sleep
        # the recipient's quiet hours hold every message back till the morning
        self.quiet = quiet
        # monotonic time of the loop's last turn: readiness (bot/app/health.py) checks it is recent
        self.last_turn: float | None = None
        # a send must end well inside the lease, or another sender could take the row meanwhile
        self._send_timeout = max(1, int(lease.total_seconds() / 4))
        self._pacer = _Pacer(rate_per_second)
        # sends overlap (a round trip to Telegram is longer than the gap between sends)
        self._slots = asyncio.Semaphore(max_in_flight)
        self._last_sent: dict[int, float] = {}  # chat id -> loop time of the last send
        self._stop = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Drain until ``stop`` is set; a batch in progress gives back what it did not send."""
        self._stop = stop
        log.info("outbox sender %s started", self.worker_id)
        while not stop.is_set():
            self.last_turn = time.monotonic()
            try:
                handled = await self.drain_once()
            except Exception:  # the database is away: keep the loop, try again shortly
                log.exception("outbox sender: batch failed")
                handled = 0
            if handled == 0:
                await _wait_or_stop(stop, self.idle_sleep)
        log.info("outbox sender %s stopped", self.worker_id)

    async def drain_once(self) -> int:
        """Claim one batch and send it; the number of messages handled (sent or deferred)."""
        jobs = await self._claim()
        handled = 0
        deferred: dict[int, float] = {}  # chat id -> wait given to its last deferred message
        async with asyncio.TaskGroup() as tasks:
            for index, job in enumerate(jobs):
                wait = self._chat_wait(job.chat_id)
                if job.chat_id in deferred:  # keep a chat's messages in order, a gap apart
                    wait = max(wait, deferred[job.chat_id] + self.per_chat_interval)
                if wait > 0:
                    deferred[job.chat_id] = wait
                    await self._defer(job, wait)
                    handled += 1
                    continue
                await self._slots.acquire()
                ready = await self._pacer.turn(self._stop)
                would_end_by = self.clock.now() + timedelta(seconds=self._send_timeout)
                if not ready or would_end_by >= job.claimed_until:
                    self._slots.release()
                    await self._release(jobs[index:])
                    break
                self._last_sent[job.chat_id] = asyncio.get_running_loop().time()
                tasks.create_task(self._deliver(job))
                handled += 1
        self._forget_old_chats()
        return handled

    async def _claim(self) -> list[_Job]:
        async with self.session_factory() as session, session.begin():
            rows = await Outbox(session).claim(
                self.clock.now(), self.worker_id, self.batch_size, self.lease, self.quiet
            )
            return [_Job.of(row) for row in rows]

    async def _record(self, action: Callable[[Outbox], Awaitable[None]]) -> None:
        """One short transaction per outcome, so a crash loses at most what is in flight."""
        async with self.session_factory() as session, session.begin():
            await action(Outbox(session))

    def _after(self, delay: timedelta) -> datetime:
        return self.clock.now() + delay

    def _chat_wait(self, chat_id: int) -> float:
        last = self._last_sent.get(chat_id)
        if last is None:
            return 0.0
        return last + self.per_chat_interval - asyncio.get_running_loop().time()

    async def _defer(self, job: _Job, seconds: float) -> None:
        at = self._after(timedelta(seconds=seconds))
        await self._record(lambda o: o.mark_retry(job.id, at, None, count_attempt=False))

    async def _release(self, jobs: list[_Job]) -> None:
        ids = [job.id for job in jobs]
        await self._record(lambda o: o.release(ids, self.worker_id))

    def _forget_old_chats(self) -> None:
        if len(self._last_sent) > 10_000:
            horizon = asyncio.get_running_loop().time() - self.per_chat_interval
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > horizon}

    async def _deliver(self, job: _Job) -> None:
        """Send one message and record what happened; never raises (the batch goes on)."""
        try:
            await self._send_and_record(job)
            if job.kind == STRANGER_KIND:
                await self._record(lambda o: o.forget_stranger(job.id))
            if job.kind in (WITHDRAWAL_NOTICE_KIND, STRANGER_KIND):
                # it named a person who is gone: its text, now erased, must leave the WAL too
                async with self.session_factory() as session:
                    await scrub_deleted_pages(session)
        except Exception:  # recording failed: the lease expires and the row is taken again
            log.exception("outbox message %d: could not record the outcome", job.id)
        finally:
            self._slots.release()

    async def _send_and_record(self, job: _Job) -> None:
        try:
            markup = (
                InlineKeyboardMarkup.model_validate(job.reply_markup) if job.reply_markup else None
            )
            if job.edits_message_id is not None:
                message_id = await self._edit_keyboard(job, job.edits_message_id, markup)
            else:
                sent = await self.bot.send_message(
                    chat_id=job.chat_id,
                    text=job.text,
                    parse_mode=job.parse_mode,
                    reply_markup=markup,
                    request_timeout=self._send_timeout,
                )
                message_id = sent.message_id
        except TelegramRetryAfter as exc:
            log.warning("flood control: pausing the sender for %d s", exc.retry_after)
            OUTBOX_OUTCOMES.labels("flood").inc()
            RETRY_AFTER_SECONDS.inc(exc.retry_after)
            self._pacer.pause(exc.retry_after)
            at, error = self._after(timedelta(seconds=exc.retry_after)), exc.message
            await self._record(lambda o: o.mark_retry(job.id, at, error, count_attempt=False))
        except TelegramForbiddenError as exc:
            log.info("outbox message %d: chat %d blocked the bot", job.id, job.chat_id)
            OUTBOX_OUTCOMES.labels("blocked").inc()
            at, error = self.clock.now(), exc.message
            await self._record(lambda o: o.mark_blocked(job.id, at=at, error=error))
        except TelegramBadRequest as exc:
            await self._fail(job, exc.message)
        except TRANSIENT as exc:
            await self._retry_later(job, exc)
        except TelegramAPIError as exc:  # not found, migrated chat, conflict: will not improve
            await self._fail(job, exc.message)
        except Exception as exc:  # a bug (e.g. a malformed stored keyboard): never loop on it
            log.exception("outbox message %d: unexpected error", job.id)
            await self._fail(job, type(exc).__name__)
        else:
            OUTBOX_OUTCOMES.labels("sent").inc()
            at = self.clock.now()
            await self._record(
                lambda o: o.mark_sent(job.id, sent_at=at, telegram_message_id=message_id)
            )

    async def _edit_keyboard(
        self, job: _Job, message_id: int, markup: InlineKeyboardMarkup | None
    ) -> int:
        """Change the keyboard of a message sent before. A message already without it, or one
        the person deleted or that is too old to edit, leaves nothing to do: done, not failed."""
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=job.chat_id,
                message_id=message_id,
                reply_markup=markup,
                request_timeout=self._send_timeout,
            )
        except TelegramBadRequest as exc:
            if not any(part in exc.message for part in NOTHING_TO_EDIT):
                raise
            log.info("outbox message %d: nothing left to edit (%s)", job.id, exc.message)
        return message_id

    async def _fail(self, job: _Job, error: str) -> None:
        log.warning("outbox message %d failed: %s", job.id, error)
        OUTBOX_OUTCOMES.labels("failed").inc()
        await self._record(lambda o: o.mark_failed(job.id, error))

    async def _retry_later(self, job: _Job, exc: BaseException) -> None:
        error = exc.message if isinstance(exc, TelegramAPIError) else type(exc).__name__
        if job.attempts + 1 >= MAX_ATTEMPTS:
            await self._fail(job, f"{error} (after {MAX_ATTEMPTS} attempts)")
            return
        at = self._after(retry_delay(job.attempts))
        log.info("outbox message %d: %s; retrying at %s", job.id, error, at.isoformat())
        OUTBOX_OUTCOMES.labels("retried").inc()
        await self._record(lambda o: o.mark_retry(job.id, at, error))

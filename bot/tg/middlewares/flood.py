"""Per-user flood limit: a token bucket per Telegram user, kept in this process's memory.

Each user may send ``rate`` updates at once and ``rate`` per ``period`` after that. The excess
is dropped before a database session is opened, and the user hears about it once per period.
Nothing here waits: a dropped update costs a dictionary lookup (and at most one notice).

The buckets live in one instance's memory, so with several instances behind a webhook each
one limits what it receives: a user spread over N instances gets up to N times the rate. That
is still a cap on abuse, and no shared store sits on every update's path.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser

from bot.tg.i18n import I18n, Translator
from bot.tg.middlewares.replies import current_scope

log = logging.getLogger(__name__)

DEFAULT_MAX_USERS = 100_000
# idle buckets looked at per update: eviction stays O(1) amortized, never a full sweep
_EVICT_PER_HIT = 2


class Verdict(Enum):
    ALLOW = "allow"
    DROP = "drop"
    DROP_AND_NOTIFY = "notify"  # dropped, and the first drop of this period: tell the user


@dataclass
class _Bucket:
    tokens: float
    updated: float
    notified_until: float = -math.inf
    locale: str | None = None  # the language their last handled update was answered in


class FloodLimiter:
    """The arithmetic, without aiogram: ``hit`` once per update, with an injectable clock."""

    def __init__(
        self,
        rate: int,
        period: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = DEFAULT_MAX_USERS,
    ) -> None:
        if period <= 0:
            raise ValueError("period must be positive")
        self.rate = rate
        self.period = period
        self.clock = clock
        self.max_users = max_users
        # least recently seen first: idle users are evicted from the front
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def __len__(self) -> int:
        return len(self._buckets)

    def hit(self, user_id: int) -> Verdict:
        if not self.enabled:
            return Verdict.ALLOW
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(tokens=float(self.rate), updated=now)
        else:
            self._buckets.move_to_end(user_id)
            refill = (now - bucket.updated) * self.rate / self.period
            bucket.tokens = min(float(self.rate), bucket.tokens + refill)
            bucket.updated = now
        self._evict(now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        if now >= bucket.notified_until:
            bucket.notified_until = now + self.period
            return Verdict.DROP_AND_NOTIFY
        return Verdict.DROP

    def remember_locale(self, user_id: int, locale: str) -> None:
        bucket = self._buckets.get(user_id)
        if bucket is not None:
            bucket.locale = locale

    def locale_of(self, user_id: int) -> str | None:
        bucket = self._buckets.get(user_id)
        return bucket.locale if bucket is not None else None

    def _evict(self, now: float) -> None:
        # a bucket untouched for a whole period is full again and its notice window is over:
        # forgetting it changes nothing for that user
        for _ in range(_EVICT_PER_HIT):
            user_id, oldest = next(iter(self._buckets.items()))
            if now - oldest.updated < self.period:
                break
            del self._buckets[user_id]
        while len(self._buckets) > self.max_users:
            # under a storm of distinct users: the least recently seen starts afresh
            self._buckets.popitem(last=False)


def register_before_fsm(dp: Dispatcher, *middlewares: BaseMiddleware) -> None:
    """Outer update middlewares that run before aiogram's FSM middleware.

    That one takes the per-user lock (event isolation), so updates of one user wait for each
    other after it. The flood limit must count updates as they arrive, and drop the excess
    without queueing it for the lock; a limit counted behind the lock would only see the pace
    at which the bot gets through a flooder's backlog.
    """
    outer = dp.update.outer_middleware
    outer.unregister(dp.fsm)
    for middleware in middlewares:
        outer.register(middleware)
    outer.register(dp.fsm)


class FloodMiddleware(BaseMiddleware):
    """Outer update middleware: drops what exceeds the limit, with one polite notice per period.

    Runs before the FSM and database middlewares (``register_before_fsm``), so the excess
    neither waits for the user's lock nor opens a session. The notice is in the language the
    user was last answered in (remembered from ``data["i18n"]``, which the context middleware
    further in sets), else the default one.
    """

    def __init__(self, limiter: FloodLimiter, translator: Translator) -> None:
        self.limiter = limiter
        self.translator = translator

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or not self.limiter.enabled:
            return await handler(event, data)
        verdict = self.limiter.hit(tg_user.id)
        if verdict is Verdict.ALLOW:
            try:
                return await handler(event, data)
            finally:
                i18n = data.get("i18n")
                if isinstance(i18n, I18n):
                    self.limiter.remember_locale(tg_user.id, i18n.locale)
        if verdict is Verdict.DROP_AND_NOTIFY:
            log.warning(
                "flood limit: dropping this user's updates for up to %.0f s", self.limiter.period
            )
        if (scope := current_scope()) is not None:
            # a dropped update costs a lookup and one try: it never waits out a 429
            scope.retry_budget = 0
        if isinstance(event, Update):
            await self._answer(
                event, data["bot"], tg_user, notify=verdict is Verdict.DROP_AND_NOTIFY
            )
        return None

    async def _answer(self, update: Update, bot: Bot, tg_user: TgUser, *, notify: bool) -> None:
        locale = self.limiter.locale_of(tg_user.id) or self.translator.default_locale
        text = self.translator.bind(locale)("flood-notice") if notify else None
        # the user may have blocked the bot or the query may be too old: nothing to do then
        with contextlib.suppress(TelegramAPIError):
            if update.callback_query is not None:
                # always answered, so the button's spinner stops even when the press is dropped
                await update.callback_query.answer(text)
            elif update.message is not None and text is not None:
                await bot.send_message(update.message.chat.id, text)

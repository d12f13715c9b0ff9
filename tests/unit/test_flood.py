"""The per-user flood limit: the token bucket with a fake clock, and the middleware in a dispatcher."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Dispatcher
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.wiring import build_dispatcher
from bot.infra.fsm_storage import SqlStorage
from bot.tg.i18n import Translator
from bot.tg.middlewares.flood import FloodLimiter, FloodMiddleware, Verdict
from models import Role
from tests.recording import RecordingSession, make_bot, make_callback_update, make_message_update
from tests.unit.app_factory import MovableClock, make_deps
from tests.unit.factories import NOW, join, make_org


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_burst_up_to_the_rate_passes_then_one_notice_then_silence() -> None:
    clock = FakeClock()
    limiter = FloodLimiter(5, 10.0, clock=clock)
    assert [limiter.hit(1) for _ in range(5)] == [Verdict.ALLOW] * 5
    assert limiter.hit(1) is Verdict.DROP_AND_NOTIFY
    assert [limiter.hit(1) for _ in range(10)] == [Verdict.DROP] * 10
    # another user is not affected
    assert limiter.hit(2) is Verdict.ALLOW
    # tokens come back at rate/period: one every 2 s
    clock.t += 2.0
    assert limiter.hit(1) is Verdict.ALLOW
    assert limiter.hit(1) is Verdict.DROP  # still inside the period of the first notice
    clock.t += 10.0
    assert [limiter.hit(1) for _ in range(5)] == [Verdict.ALLOW] * 5
    assert limiter.hit(1) is Verdict.DROP_AND_NOTIFY  # a new period, a new (single) notice


def test_a_steady_pace_under_the_rate_is_never_dropped() -> None:
    clock = FakeClock()
    limiter = FloodLimiter(20, 10.0, clock=clock)
    for _ in range(1000):  # 1.9 updates a second for over 8 minutes
        assert limiter.hit(7) is Verdict.ALLOW
        clock.t += 10.0 / 19
    # 3 a second is over 2 a second: the bucket drains and drops start
    verdicts = []
    for _ in range(200):
        verdicts.append(limiter.hit(7))
        clock.t += 1 / 3
    assert Verdict.DROP_AND_NOTIFY in verdicts
    allowed = verdicts.count(Verdict.ALLOW)
    assert 20 + 2 * 66 - 3 <= allowed <= 20 + 2 * 67 + 1  # burst + 2/s over ~66.7 s


def test_zero_rate_disables_the_limit() -> None:
    limiter = FloodLimiter(0, 10.0, clock=FakeClock())
    assert not limiter.enabled
    assert all(limiter.hit(1) is Verdict.ALLOW for _ in range(10_000))
    assert len(limiter) == 0


def test_idle_users_are_forgotten_and_memory_is_capped() -> None:
    clock = FakeClock()
    limiter = FloodLimiter(5, 10.0, clock=clock, max_users=500)
    for user_id in range(400):
        limiter.hit(user_id)
    assert len(limiter) == 400
    clock.t += 10.0
    # each later update evicts up to two idle buckets from the front
    for _ in range(250):
        limiter.hit(10_000)
    assert len(limiter) == 1
    # a storm of distinct users never grows past the cap
    for user_id in range(20_000, 22_000):
        limiter.hit(user_id)
    assert len(limiter) == 500


def test_a_dropped_user_is_not_forgotten_while_active() -> None:
    clock = FakeClock()
    limiter = FloodLimiter(2, 10.0, clock=clock, max_users=10)
    limiter.hit(1)
    limiter.hit(1)
    assert limiter.hit(1) is Verdict.DROP_AND_NOTIFY
    for user_id in range(100, 140):  # others come and go, user 1 keeps flooding
        clock.t += 0.1
        limiter.hit(user_id)
        assert limiter.hit(1) is Verdict.DROP
    # 4 s later: still no second notice, and 0.8 of a token regained, not a fresh bucket
    assert len(limiter) == 10
    clock.t += 1.0
    assert limiter.hit(1) is Verdict.ALLOW
    assert limiter.hit(1) is Verdict.DROP


async def test_middleware_drops_the_excess_with_one_notice(translator: Translator) -> None:
    clock = FakeClock()
    handled: list[str] = []
    dp = Dispatcher()
    dp.update.outer_middleware(FloodMiddleware(FloodLimiter(3, 10.0, clock=clock), translator))

    @dp.message()
    async def on_message(message: Message) -> None:
        handled.append(message.text or "")
        await message.answer("ok")

    @dp.callback_query()
    async def on_press(query: CallbackQuery) -> None:
        handled.append(query.data or "")
        await query.answer("pressed")

    recording = RecordingSession()
    bot = make_bot(recording)
    for number in range(6):
        await dp.feed_update(bot, make_message_update(41, f"m{number}"))
    assert handled == ["m0", "m1", "m2"]
    notices = [r.text for r in recording.requests_of(SendMessage) if r.text != "ok"]
    assert len(notices) == 1
    assert "Слишком много сообщений" in notices[0]

    # presses during the same period: each is answered (the spinner stops), none is handled,
    # and no second notice is sent
    for number in range(3):
        await dp.feed_update(bot, make_callback_update(41, f"cb{number}"))
    answers = recording.requests_of(AnswerCallbackQuery)
    assert len(answers) == 3
    assert [a.text for a in answers] == [None, None, None]
    assert handled == ["m0", "m1", "m2"]

    # another user is served meanwhile
    await dp.feed_update(bot, make_callback_update(42, "other"))
    assert handled[-1] == "other"

    # the next period: tokens are back, and a new excess gets a new notice, now on a press
    clock.t += 10.0
    for number in range(4):
        await dp.feed_update(bot, make_callback_update(41, f"late{number}"))
    assert handled[-3:] == ["late0", "late1", "late2"]
    last = recording.requests_of(AnswerCallbackQuery)[-1]
    assert last.text is not None
    assert "Слишком много сообщений" in last.text


async def test_wired_in_the_dispatcher_in_the_users_language(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    deps = make_deps(session_factory, MovableClock(NOW), flood_rate=2, flood_period_seconds=60)
    async with session_factory() as session, session.begin():
        await join(session, 43, await make_org(session), Role.MENTOR, locale="en")
    dp = build_dispatcher(deps, SqlStorage(session_factory))
    recording = RecordingSession()
    bot = make_bot(recording)
    updates: list[Any] = [make_message_update(43, "/help") for _ in range(4)]
    for update in updates:
        await dp.feed_update(bot, update)
    texts = [r.text for r in recording.requests_of(SendMessage)]
    assert len(texts) == 3, texts
    assert all("Help" in t for t in texts[:2])
    assert "Too many messages" in texts[2]


async def test_the_limit_counts_before_the_per_user_lock(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    deps = make_deps(session_factory, MovableClock(NOW), flood_rate=3, flood_period_seconds=60)
    dp = build_dispatcher(deps, SqlStorage(session_factory))
    outer = list(dp.update.outer_middleware)
    flood = next(i for i, m in enumerate(outer) if isinstance(m, FloodMiddleware))
    assert flood < outer.index(dp.fsm)
    # ten updates at once, as polling hands them over: three are handled, the rest dropped
    # at once instead of queueing for the user's lock
    recording = RecordingSession()
    bot = make_bot(recording)
    await asyncio.gather(
        *(dp.feed_update(bot, make_message_update(45, "/help")) for _ in range(10))
    )
    texts = [r.text for r in recording.requests_of(SendMessage)]
    assert sum("Справка" in t for t in texts) == 3
    assert sum("Слишком много" in t for t in texts) == 1


async def test_settings_zero_disables_it_in_the_dispatcher(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    deps = make_deps(session_factory, MovableClock(NOW), flood_rate=0)
    dp = build_dispatcher(deps, SqlStorage(session_factory))
    recording = RecordingSession()
    bot = make_bot(recording)
    for _ in range(30):
        await dp.feed_update(bot, make_message_update(44, "/help"))
    texts = [r.text for r in recording.requests_of(SendMessage)]
    assert len(texts) == 30
    assert not any("Слишком много" in t for t in texts)

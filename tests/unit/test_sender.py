"""The outbox sender against the fake Bot API: limits, Telegram's errors, crashes, restarts."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.outbox import OutboxMessage, OutboxState  # registers the table with Base.metadata
from models.person import User
from scheduler.sender import MAX_ATTEMPTS, OutboxSender, retry_delay
from services.meetings.timing import QuietHours
from services.outbox import STRANGER_KIND, Outbox, QuietRule
from tests.fake_telegram import ApiCall, FakeTelegram

Factory = async_sessionmaker[AsyncSession]


class ShiftedClock:
    """Real time plus an offset the test moves, to expire leases without waiting."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def _bot(base_url: str, token: str) -> Bot:
    return Bot(token=token, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = _bot(fake.base_url, fake.token)
    yield bot
    await bot.session.close()


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()


async def _enqueue(
    factory: Factory,
    fake: FakeTelegram,
    chats: list[int],
    text: str = "Напоминание {n}",
    *,
    reply_markup: dict[str, Any] | None = None,
    parse_mode: str | None = "HTML",
) -> None:
    """One message per entry of ``chats``, due a second ago; the fake learns the chats."""
    async with factory() as session, session.begin():
        outbox = Outbox(session)
        for n, chat in enumerate(chats):
            fake.user(chat)
            await outbox.enqueue(
                chat,
                text.format(n=n),
                kind="reminder",
                not_before=datetime.now(UTC) - timedelta(seconds=1),
                reply_markup=reply_markup,
                parse_mode=parse_mode,
            )


async def _rows(factory: Factory) -> list[OutboxMessage]:
    async with factory() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _sends(fake: FakeTelegram) -> list[ApiCall]:
    return fake.calls("sendMessage")


async def _run_until(
    sender: OutboxSender, fake: FakeTelegram, done: Callable[[], bool], timeout: float = 10.0
) -> None:
    """Run the sender's loop until ``done`` holds (re-checked whenever the fake changes)."""
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        reached = await fake.state.notifier.wait_until(lambda: done() or None, timeout)
        assert reached, f"not done within {timeout} s"
    finally:
        stop.set()
        await task


def _sender(
    bot: Bot,
    factory: Factory,
    clock: ShiftedClock,
    *,
    rate_per_second: float = 25.0,
    lease: timedelta = timedelta(seconds=60),
    worker_id: str | None = None,
) -> OutboxSender:
    return OutboxSender(
        bot,
        factory,
        clock,
        rate_per_second=rate_per_second,
        lease=lease,
        worker_id=worker_id,
        idle_sleep=0.05,
    )


async def test_delivers_text_and_keyboard_intact(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Приду", callback_data="mt:1:yes")],
            [InlineKeyboardButton(text="Подробнее", url="https://example.org/m/1")],
        ]
    )
    markup = keyboard.model_dump(mode="json", exclude_none=True)
    text = "<b>Встреча</b> завтра в 15:00 &lt;каб. 12&gt;"
    await _enqueue(session_factory, fake, [501], text, reply_markup=markup)
    await _enqueue(session_factory, fake, [502], "plain <not html>", parse_mode=None)
    assert await _sender(bot, session_factory, clock).drain_once() == 2

    (html,) = fake.messages_to(501)
    assert html.text == "Встреча завтра в 15:00 <каб. 12>"
    assert [e["type"] for e in html.entities] == ["bold"]
    assert html.reply_markup == markup
    assert html.buttons == [[("Приду", "mt:1:yes")], [("Подробнее", "https://example.org/m/1")]]
    (plain,) = fake.messages_to(502)
    assert plain.text == "plain <not html>"
    first, second = await _rows(session_factory)
    assert (first.state, first.attempts, first.telegram_message_id) == (
        OutboxState.SENT,
        1,
        html.message_id,
    )
    assert first.sent_at is not None
    assert first.claimed_until is None
    assert second.state is OutboxState.SENT


async def test_flood_control_is_honoured_without_burning_attempts(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    await _enqueue(session_factory, fake, [601])
    fake.fail_next("sendMessage", retry_after=1)
    await _run_until(_sender(bot, session_factory, clock), fake, lambda: bool(fake.sent))
    rejected, accepted = _sends(fake)
    assert (rejected.status, accepted.status) == (429, 200)
    assert accepted.time - rejected.time >= 1.0
    (row,) = await _rows(session_factory)
    assert (row.state, row.attempts) == (OutboxState.SENT, 1)
    assert row.last_error is not None
    assert "retry after 1" in row.last_error.lower()


async def test_a_blocked_bot_marks_the_person_unreachable(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    async with session_factory() as session, session.begin():
        session.add(User(telegram_id=701, locale="ru"))
    await _enqueue(session_factory, fake, [701])
    fake.block(701)
    assert await _sender(bot, session_factory, clock).drain_once() == 1
    (row,) = await _rows(session_factory)
    assert row.state is OutboxState.BLOCKED
    assert row.last_error == "Forbidden: bot was blocked by the user"
    async with session_factory() as session:
        user = (await session.scalars(select(User))).one()
    assert user.unreachable_at is not None
    assert abs(user.unreachable_at - clock.now()) < timedelta(seconds=10)


async def test_a_bad_request_fails_for_good(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    await _enqueue(session_factory, fake, [801], "я" * 5000)
    sender = _sender(bot, session_factory, clock)
    assert await sender.drain_once() == 1
    (row,) = await _rows(session_factory)
    assert (row.state, row.attempts) == (OutboxState.FAILED, 1)
    assert row.last_error == "Bad Request: message is too long"
    assert await sender.drain_once() == 0  # never tried again
    assert len(_sends(fake)) == 1


async def test_network_errors_back_off_then_fail(
    fake: FakeTelegram, session_factory: Factory, clock: ShiftedClock
) -> None:
    await _enqueue(session_factory, fake, [901])
    await fake.stop()  # nobody listens on that port any more
    dead = _bot(fake.base_url, fake.token)
    try:
        sender = _sender(dead, session_factory, clock)
        before = clock.now()
        assert await sender.drain_once() == 1
        (row,) = await _rows(session_factory)
        assert (row.state, row.attempts) == (OutboxState.PENDING, 1)
        assert row.next_attempt_at - before >= retry_delay(0)
        assert await sender.drain_once() == 0  # backing off

        async with session_factory() as session, session.begin():
            await session.execute(update(OutboxMessage).values(attempts=MAX_ATTEMPTS - 1))
        clock.offset = timedelta(minutes=6)
        restarted = _sender(dead, session_factory, clock)  # no per-chat pause left over
        assert await restarted.drain_once() == 1
        (row,) = await _rows(session_factory)
        assert (row.state, row.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
        assert row.last_error is not None
    finally:
        await dead.session.close()


def test_retry_delay_doubles_up_to_five_minutes() -> None:
    delays = [retry_delay(n).total_seconds() for n in range(MAX_ATTEMPTS)]
    assert delays == [2, 4, 8, 16, 32, 64, 128, 256]
    assert retry_delay(20) == timedelta(minutes=5)


async def test_global_rate_stays_under_the_flood_limit(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    fake.set_rate_limit(30)
    await _enqueue(session_factory, fake, list(range(10_000, 10_090)))
    sender = _sender(bot, session_factory, clock, rate_per_second=25.0)
    await _run_until(sender, fake, lambda: fake.stats.accepted_sends >= 90)
    assert fake.stats.rejected_429 == 0
    assert fake.stats.accepted_sends == 90
    times = [call.time for call in _sends(fake)]
    assert times[-1] - times[0] >= 3.4  # 89 gaps of 40 ms
    rows = await _rows(session_factory)
    assert {row.state for row in rows} == {OutboxState.SENT}


async def test_one_chat_gets_at_most_one_message_a_second(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    await _enqueue(session_factory, fake, [1100, 1100, 1101, 1100])
    await _run_until(_sender(bot, session_factory, clock), fake, lambda: len(fake.sent) >= 4)
    to_chat = fake.messages_to(1100)
    assert [m.text for m in to_chat] == ["Напоминание 0", "Напоминание 1", "Напоминание 3"]
    times = [fake.requests[m.seq].time for m in to_chat]
    assert all(b - a >= 0.9 for a, b in itertools.pairwise(times))
    other = fake.messages_to(1101)[0]
    assert fake.requests[other.seq].time - times[0] < 0.9  # other chats are not held up
    rows = await _rows(session_factory)
    assert {(row.state, row.attempts) for row in rows} == {(OutboxState.SENT, 1)}


async def test_a_batch_dropped_by_a_dead_instance_is_sent_once_after_its_lease(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    chats = list(range(2000, 2030))
    await _enqueue(session_factory, fake, chats)
    lease = timedelta(seconds=10)
    async with session_factory() as session, session.begin():  # the instance that died
        dropped = await Outbox(session).claim(clock.now(), "dead:1", 20, lease)
    assert len(dropped) == 20

    survivor = _sender(bot, session_factory, clock, lease=lease, worker_id="alive:2")
    await _run_until(survivor, fake, lambda: len(fake.sent) >= 10)
    assert await survivor.drain_once() == 0  # the dead one's lease still holds
    assert len(fake.sent) == 10

    clock.offset = lease + timedelta(seconds=1)
    await _run_until(survivor, fake, lambda: len(fake.sent) >= 30)
    assert await survivor.drain_once() == 0
    assert sorted(m.chat_id for m in fake.sent) == chats  # each exactly once
    rows = await _rows(session_factory)
    assert {(row.state, row.claimed_by) for row in rows} == {(OutboxState.SENT, "alive:2")}


async def test_stopping_mid_batch_gives_the_rest_back(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    chats = list(range(3000, 3020))
    await _enqueue(session_factory, fake, chats)
    first = _sender(bot, session_factory, clock, rate_per_second=10.0, worker_id="first")
    await _run_until(first, fake, lambda: len(fake.sent) >= 3)
    pending = [row for row in await _rows(session_factory) if row.state is OutboxState.PENDING]
    assert pending
    assert all(row.claimed_until is None for row in pending)
    # no lease to wait for: the next instance takes over at once
    second = _sender(bot, session_factory, clock, worker_id="second")
    await _run_until(second, fake, lambda: len(fake.sent) >= 20)
    assert sorted(m.chat_id for m in fake.sent) == chats


async def test_a_send_that_could_outlive_the_lease_is_not_started(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    chats = list(range(4000, 4010))
    await _enqueue(session_factory, fake, chats)
    lease = timedelta(seconds=8)  # sends time out after 2 s
    sender = _sender(bot, session_factory, clock, rate_per_second=10.0, lease=lease)
    drain = asyncio.create_task(sender.drain_once())
    await fake.wait_for_message(4002, after=0)
    clock.offset = lease - timedelta(seconds=1)  # as if flood control had held us that long
    handled = await drain
    assert 3 <= handled < 10
    rows = await _rows(session_factory)
    unsent = [row for row in rows if row.state is OutboxState.PENDING]
    assert len(unsent) == 10 - handled
    assert all(row.claimed_until is None for row in unsent)


async def test_a_message_to_a_stranger_leaves_no_row_once_it_has_an_outcome(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    """A pupil whose parent declined has no record: the notice must not keep their chat id."""
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        for chat in (901, 902):
            fake.user(chat)
            await outbox.enqueue(
                chat,
                "Родитель не дал согласие",
                kind=STRANGER_KIND,
                not_before=datetime.now(UTC) - timedelta(seconds=1),
            )
        # an ordinary notice stays as a delivery record
        fake.user(903)
        await outbox.enqueue(
            903, "Напоминание", kind="reminder", not_before=datetime.now(UTC) - timedelta(seconds=1)
        )
    fake.block(902)
    assert await _sender(bot, session_factory, clock).drain_once() == 3
    assert sorted(call.params["chat_id"] for call in _sends(fake)) == [901, 902, 903]
    rows = await _rows(session_factory)
    assert [(row.chat_id, row.state) for row in rows] == [(903, OutboxState.SENT)]


async def test_a_stranger_message_waiting_for_a_retry_is_kept(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    async with session_factory() as session, session.begin():
        fake.user(904)
        await Outbox(session).enqueue(
            904,
            "Срок ожидания истёк",
            kind=STRANGER_KIND,
            not_before=datetime.now(UTC) - timedelta(seconds=1),
        )
    fake.fail_next("sendMessage", retry_after=30)
    assert await _sender(bot, session_factory, clock).drain_once() == 1
    (row,) = await _rows(session_factory)
    assert row.state is OutboxState.PENDING
    assert row.text == "Срок ожидания истёк"


async def test_quiet_hours_hold_every_message_till_the_morning(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    """Issue 17.2: at 00:05 in Moscow a digest waits for 08:00; the sender sends it then."""
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time(21, 5), tzinfo=UTC)  # 00:05 in Moscow
    clock.offset = midnight - datetime.now(UTC)
    await _enqueue(session_factory, fake, [611])
    sender = OutboxSender(
        bot,
        session_factory,
        clock,
        idle_sleep=0.05,
        quiet=QuietRule(QuietHours(time(21), time(8)), "Europe/Moscow"),
    )
    assert await sender.drain_once() == 0
    assert _sends(fake) == []
    (row,) = await _rows(session_factory)
    morning = datetime.combine(tomorrow + timedelta(days=1), time(5), tzinfo=UTC)
    assert (row.state, row.next_attempt_at, row.attempts) == (OutboxState.PENDING, morning, 0)
    clock.offset = morning - datetime.now(UTC)
    assert await sender.drain_once() == 1
    await fake.state.notifier.wait_until(lambda: len(_sends(fake)) == 1 or None, 5)
    assert [call.params["chat_id"] for call in _sends(fake)] == [611]


async def test_a_withdrawn_offer_loses_its_buttons_or_is_never_sent(
    fake: FakeTelegram, bot: Bot, session_factory: Factory, clock: ShiftedClock
) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Согласен", callback_data="of:1:y")]]
    )
    markup = keyboard.model_dump(mode="json", exclude_none=True)
    due = datetime.now(UTC) - timedelta(seconds=1)
    fake.user(601)
    fake.user(602)
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        for chat, key in ((601, "offer:1:a"), (602, "offer:1:b")):
            await outbox.enqueue(
                chat, "Предложение", kind="n", not_before=due, dedupe_key=key, reply_markup=markup
            )
    sender = _sender(bot, session_factory, clock)
    assert await sender.drain_once() == 2
    (offer,) = fake.messages_to(601)
    assert offer.button_texts == ["Согласен"]

    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        assert await outbox.withdraw_keyboard("offer:1:a", kind="n", now=due, reply_markup=None)
        # a second withdrawal of the same offer queues nothing more
        assert not await outbox.withdraw_keyboard("offer:1:a", kind="n", now=due, reply_markup=None)
        assert not await outbox.withdraw_keyboard("offer:9:x", kind="n", now=due, reply_markup=None)
    # the chat had a message a moment ago: the edit waits its turn (1 a second per chat)
    await _run_until(sender, fake, lambda: bool(fake.calls("editMessageReplyMarkup")))
    assert fake.state.bot_message(601, offer.message_id).button_texts == []  # type: ignore[union-attr]
    assert len(_sends(fake)) == 2  # an edit, no new message

    # an edit of a message already without buttons (Telegram: "not modified") is done, not failed
    async with session_factory() as session, session.begin():
        await Outbox(session).enqueue(
            601, "", kind="n", not_before=due, dedupe_key="again", reply_markup=None
        )
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == "again"))
        assert row is not None
        row.edits_message_id = offer.message_id
    await _run_until(sender, fake, lambda: len(fake.calls("editMessageReplyMarkup")) == 2)
    states = {r.dedupe_key: r.state for r in await _rows(session_factory)}
    assert states["again"] is OutboxState.SENT

    # an offer still waiting is cancelled instead: it never reaches the person
    async with session_factory() as session, session.begin():
        await Outbox(session).enqueue(
            603, "Предложение", kind="n", not_before=due + timedelta(hours=1), dedupe_key="late"
        )
    async with session_factory() as session, session.begin():
        result = await Outbox(session).withdraw_keyboard(
            "late", kind="n", now=due, reply_markup=None
        )
        assert result is None
    states = {r.dedupe_key: r.state for r in await _rows(session_factory)}
    assert states["late"] is OutboxState.CANCELLED

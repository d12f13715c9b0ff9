"""Fan-out benchmark: N reminders due in the same minute, through the outbox and its sender.

Run from the repository root: ``python bench/bench_fanout.py [--count 10000] [--instances 2]``.
Starts the fake Bot API in-process with a 30 msg/s flood limit, a temporary SQLite database,
queues the reminders (and queues them again, as a job that ran twice would), then runs one or
more senders sharing the database until everything is delivered. Prints the time to queue,
the sustained send rate, 429s, duplicates and lost messages as counted at the fake.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.infra.db import create_engine, create_session_factory, upgrade_database
from scheduler.sender import OutboxSender
from services.clock import SystemClock
from services.outbox import NewMessage, Outbox
from tests.fake_telegram import FakeTelegram

FIRST_CHAT = 100_000
STALL_TIMEOUT = 60.0  # give up when nothing was delivered for this long


def _reminders(count: int, due: datetime) -> list[NewMessage]:
    """One reminder per person, keyed so a second run of the job adds nothing."""
    return [
        NewMessage(
            chat,
            f"Напоминание: встреча с наставником сегодня в <b>15:00</b> (#{chat})",
            "reminder",
            due,
            dedupe_key=f"bench:{due:%Y%m%d%H%M}:{chat}",
        )
        for chat in range(FIRST_CHAT, FIRST_CHAT + count)
    ]


async def _queue(engine: AsyncEngine, messages: list[NewMessage], *, bulk: bool) -> int:
    """Queue in one transaction: in multi-row INSERTs, or one ``enqueue`` call per message."""
    async with create_session_factory(engine)() as session, session.begin():
        outbox = Outbox(session)
        if bulk:
            return await outbox.enqueue_many(messages)
        added = 0
        for m in messages:
            added += await outbox.enqueue(
                m.chat_id, m.text, kind=m.kind, not_before=m.not_before, dedupe_key=m.dedupe_key
            )
        return added


def _peak_window(times: list[float]) -> int:
    """Most accepted sends inside any one-second window (what flood control looks at)."""
    peak, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


async def _deliver(
    fake: FakeTelegram,
    db_url: str,
    count: int,
    instances: int,
    rate: float,
    *,
    expected: int | None = None,
) -> float:
    """Run the senders until all ``count`` chats got a message (and ``expected`` messages
    arrived, when given); the wall time."""
    engines = [create_engine(db_url) for _ in range(instances)]
    bots = [
        Bot(fake.token, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
        for _ in range(instances)
    ]
    senders = [
        OutboxSender(
            bot,
            create_session_factory(engine),
            SystemClock(),
            rate_per_second=rate / instances,
            worker_id=f"bench-{number}",
        )
        for number, (bot, engine) in enumerate(zip(bots, engines, strict=True))
    ]
    stop = asyncio.Event()
    started = time.perf_counter()
    tasks = [asyncio.create_task(sender.run(stop)) for sender in senders]
    delivered, last_progress, last_report = 0, started, started
    try:
        while len({m.chat_id for m in fake.sent}) < count or len(fake.sent) < (expected or 0):
            await asyncio.sleep(0.2)
            now = time.perf_counter()
            if len(fake.sent) > delivered:
                delivered, last_progress = len(fake.sent), now
            elif now - last_progress > STALL_TIMEOUT:
                print(f"  no progress for {STALL_TIMEOUT:.0f} s, giving up")
                break
            if now - last_report >= 30:
                last_report = now
                print(f"  ... {delivered} delivered after {now - started:.0f} s", flush=True)
        return time.perf_counter() - started
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        for bot in bots:
            await bot.session.close()
        for engine in engines:
            await engine.dispose()


async def bench(
    count: int, instances: int, rate: float, fake_limit: float, database_url: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(db_url)
        await upgrade_database(engine)
        async with FakeTelegram() as fake:
            fake.set_rate_limit(fake_limit)
            for chat in range(FIRST_CHAT, FIRST_CHAT + count):
                fake.user(chat)
            now = datetime.now(UTC)
            due = now.replace(second=0, microsecond=0) - timedelta(minutes=1)

            reminders = _reminders(count, due)
            started = time.perf_counter()
            added = await _queue(engine, reminders, bulk=True)
            bulk_in = time.perf_counter() - started
            started = time.perf_counter()
            again = await _queue(engine, reminders, bulk=False)
            single_in = time.perf_counter() - started
            print(f"queue {count} reminders, enqueue_many: {bulk_in:.2f} s, {added} added")
            print(f"the job runs again, enqueue one by one: {single_in:.2f} s, {again} added")
            print(
                f"sending: {instances} instance(s) at {rate / instances:g}/s each, "
                f"fake limit {fake_limit:g}/s"
            )
            wall = await _deliver(fake, db_url, count, instances, rate)
            async with create_session_factory(engine)() as session:
                states = await Outbox(session).stats()
        await engine.dispose()

    times = sorted(c.time for c in fake.calls("sendMessage") if c.ok)
    per_message = Counter((m.chat_id, m.text) for m in fake.sent)
    duplicates = sum(n - 1 for n in per_message.values())
    lost = count - len(per_message)
    sustained = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    print(
        f"delivered {len(per_message)} in {wall:.1f} s (first to last send {times[-1] - times[0]:.1f} s)"
    )
    print(f"sustained send rate: {sustained:.2f} msg/s; busiest 1-s window: {_peak_window(times)}")
    print(f"429s: {fake.stats.rejected_429}; duplicates: {duplicates}; lost: {lost}")
    print("outbox states: " + ", ".join(f"{state}={n}" for state, n in states.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000, help="reminders (default 10,000)")
    parser.add_argument("--instances", type=int, default=1, help="senders sharing the database")
    parser.add_argument("--rate", type=float, default=28.0, help="total send rate, msg/s")
    parser.add_argument("--fake-limit", type=float, default=30.0, help="the fake's flood limit")
    parser.add_argument(
        "--database-url", default="", help="an empty database, e.g. postgresql+asyncpg://…"
    )
    args = parser.parse_args()
    asyncio.run(bench(args.count, args.instances, args.rate, args.fake_limit, args.database_url))


if __name__ == "__main__":
    main()

"""Memory and start-up of one instance with 10,000 people and 100,000 planned meetings.

Seeds a SQLite file (or an empty PostgreSQL database with ``--postgres``): 5,000 active pairs
(10,000 people) with 20 meetings each, then starts ``python -m bot`` against the fake Bot API and
reports the time to the first ``getUpdates``, and resident memory (VmRSS, and the peak VmHWM)
after the scheduler has made several passes over everything and 1,000 people have written.

    python bench/bench_memory.py [--pairs 5000] [--meetings-per-pair 20] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from sqlalchemy import func, insert, select

from bench.bench_reminders import FIRST_USER, _seed
from bot.infra.db import create_engine, create_session_factory, upgrade_database
from models import Meeting, MeetingKindDb, MeetingStatus, Pairing
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram


def _memory(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024  # MB
    return fields


async def _seed_all(database_url: str, pairs: int, per_pair: int) -> int:
    now = datetime.now(UTC)
    engine = create_engine(database_url)
    await upgrade_database(engine)
    factory = create_session_factory(engine)
    await _seed(factory, pairs, now + timedelta(days=3), now)
    async with factory() as session, session.begin():
        rows = list((await session.execute(select(Pairing.id, Pairing.org_id))).all())
        batch = []
        for pairing_id, org_id in rows:
            for sequence in range(2, per_pair + 1):
                batch.append(
                    {
                        "pairing_id": pairing_id,
                        "org_id": org_id,
                        "sequence": sequence,
                        "kind": MeetingKindDb.REGULAR,
                        "due_on": date(2027, 1, 1) + timedelta(weeks=sequence),
                        "status": MeetingStatus.PLANNED,
                        "version": 0,
                        "times_moved": 0,
                        "times_missed": 0,
                    }
                )
            if len(batch) >= 20_000:
                await session.execute(insert(Meeting), batch)
                batch = []
        if batch:
            await session.execute(insert(Meeting), batch)
        total = int(await session.scalar(select(func.count()).select_from(Meeting)) or 0)
    await engine.dispose()
    return total


async def _open_menu(fake: FakeTelegram, people: range) -> None:
    mark = fake.mark()
    for i in people:
        fake.send_text(FIRST_USER + i, "/menu")
    waiting = {FIRST_USER + i for i in people}
    deadline = time.perf_counter() + 300
    while waiting and time.perf_counter() < deadline:
        waiting -= {m.chat_id for m in fake.sent if m.seq >= mark}
        await asyncio.sleep(0.2)
    if waiting:
        raise SystemExit(f"{len(waiting)} people got no menu in 5 minutes")


async def bench(pairs: int, per_pair: int, postgres: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeTelegram() as fake:
            for i in range(2 * pairs):
                fake.user(FIRST_USER + i)
            env = {"LOG_LEVEL": "WARNING", "FLOOD_RATE": "0", "SCHEDULER_TICK_SECONDS": "2"}
            if postgres:
                env["DATABASE_URL"] = postgres
            proc = BotProcess(fake, Path(tmp), extra_env=env)
            database_url = postgres or proc.database_url
            started = time.perf_counter()
            meetings = await _seed_all(database_url, pairs, per_pair)
            print(
                f"seeded {2 * pairs} people, {pairs} pairs, {meetings} meetings "
                f"in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            await proc.start()
            startup = time.perf_counter() - started
            assert proc.process is not None
            pid = proc.process.pid
            print(f"start-up to the first getUpdates: {startup:.2f} s; memory {_memory(pid)} MB")
            try:
                await asyncio.sleep(10)  # several scheduler passes over every meeting
                print(f"after 10 s of scheduler ticks: {_memory(pid)} MB")
                # one person first: what the first update builds once (aiogram's types are
                # built on first use), apart from what many people at once cost
                waves = [("1 person", range(1)), ("1,000 people", range(1, 1001))]
                waves.append(("1,000 other people", range(1001, 2001)))
                for label, people in waves:
                    await _open_menu(fake, people)
                    print(f"after {label} opened the menu: {_memory(pid)} MB")
            finally:
                await proc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--meetings-per-pair", type=int, default=20)
    parser.add_argument("--postgres", default="", help="postgresql+asyncpg://… (an empty database)")
    args = parser.parse_args()
    asyncio.run(bench(args.pairs, args.meetings_per_pair, args.postgres))


if __name__ == "__main__":
    main()

"""Reminder queueing through the real code path: N active pairs, one meeting each, all at the
same minute. Each meeting is scheduled as the mentor's handler does it — its own transaction,
``queue_schedule_messages`` rendering the invitation and the reminders in each person's language
and queueing them in the outbox. Prints the time to queue them (total, per meeting, p95).

``--send`` then delivers everything through the sender against the fake Bot API limiting at
30 msg/s (3 messages per pair: an invitation and two 1-hour reminders — about 18 minutes for
10,000 pairs at 28 msg/s); ``bench/bench_fanout.py`` measures the sending alone.

Run from the repository root: ``python bench/bench_reminders.py [--pairs 10000] [--send]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from sqlalchemy import insert, select

from bench.bench_fanout import _deliver, _peak_window
from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.infra.db import create_engine, create_session_factory, upgrade_database
from bot.notify.meetings import queue_schedule_messages
from bot.tg.i18n import LOCALES_DIR, Translator
from models import (
    Assignment,
    AssignmentState,
    Meeting,
    MeetingKindDb,
    MeetingStatus,
    Membership,
    MentoringForm,
    MentoringType,
    Organization,
    OrgKind,
    OutboxMessage,
    Pairing,
    Reply,
    Role,
    User,
)
from services.clock import SystemClock
from services.meetings.repository import MeetingRepository
from services.outbox import Outbox
from services.questionnaire.schema import load_forms
from tests.fake_telegram import FakeTelegram

FIRST_USER = 1_000_000


async def _seed(factory: object, pairs: int, meeting_at: datetime, now: datetime) -> list[int]:
    """Bulk rows: one school, ``pairs`` mentors and mentees, an active pair and a meeting each."""
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    assert isinstance(factory, async_sessionmaker)
    session: AsyncSession
    async with factory() as session, session.begin():
        org = Organization(
            name="МБОУ СОШ № 1", kind=OrgKind.SCHOOL, timezone="Europe/Moscow", created_at=now
        )
        session.add(org)
        await session.flush()
        users = [
            {
                "telegram_id": FIRST_USER + i,
                "locale": "ru",
                "full_name": f"Участник {i}",
                "created_at": now,
            }
            for i in range(2 * pairs)
        ]
        await session.execute(insert(User), users)
        ids = list(await session.scalars(select(User.id).order_by(User.id)))
        members = [
            {
                "user_id": uid,
                "org_id": org.id,
                "role": Role.MENTOR if i < pairs else Role.MENTEE,
                "created_at": now,
                "profile_completed_at": now,
                "capacity": 1 if i < pairs else None,
                "load": 1 if i < pairs else 0,
            }
            for i, uid in enumerate(ids)
        ]
        await session.execute(insert(Membership), members)
        mids = list(await session.scalars(select(Membership.id).order_by(Membership.id)))
        mentors, mentees = mids[:pairs], mids[pairs:]
        await session.execute(
            insert(Pairing),
            [
                {
                    "org_id": org.id,
                    "mentor_membership_id": m,
                    "form": MentoringForm.TEACHER_TEACHER,
                    "type": MentoringType.TRADITIONAL,
                    "created_at": now,
                }
                for m in mentors
            ],
        )
        pids = list(await session.scalars(select(Pairing.id).order_by(Pairing.id)))
        await session.execute(
            insert(Assignment),
            [
                {
                    "pairing_id": p,
                    "org_id": org.id,
                    "mentor_membership_id": m,
                    "mentee_membership_id": e,
                    "state": AssignmentState.ACTIVE,
                    "is_open": True,
                    "mentor_reply": Reply.ACCEPTED,
                    "mentee_reply": Reply.ACCEPTED,
                    "offered_at": now,
                    "confirmed_at": now,
                }
                for p, m, e in zip(pids, mentors, mentees, strict=True)
            ],
        )
        await session.execute(
            insert(Meeting),
            [
                {
                    "pairing_id": p,
                    "org_id": org.id,
                    "sequence": 1,
                    "kind": MeetingKindDb.ORGANIZATIONAL,
                    "due_on": date(2026, 12, 1),
                    "status": MeetingStatus.SCHEDULED,
                    "scheduled_at": meeting_at,
                    "version": 1,
                    "format": "offline",
                    "place": "каб. 214",
                    "times_moved": 0,
                    "times_missed": 0,
                }
                for p in pids
            ],
        )
        return list(await session.scalars(select(Meeting.id).order_by(Meeting.id)))


async def bench(pairs: int, send: bool, rate: float) -> None:
    now = datetime.now(UTC)
    # the 1 h reminders fall due once all are queued (about 20 ms a meeting); the 24 h ones
    # are already past and not queued
    meeting_at = now + timedelta(hours=1, seconds=max(30.0, pairs * 0.03))
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(db_url)
        await upgrade_database(engine)
        factory = create_session_factory(engine)
        started = time.perf_counter()
        meeting_ids = await _seed(factory, pairs, meeting_at, now)
        print(
            f"seeded {pairs} active pairs with a meeting at the same minute: {time.perf_counter() - started:.1f} s"
        )
        deps = AppDeps(
            # production leads (24h, 1h); no quiet hours, so the run does not depend on the hour
            settings=Settings(bot_token="1:x", quiet_hours="0:00-0:00"),
            translator=Translator("ru"),
            forms=load_forms(LOCALES_DIR / "forms"),
            clock=SystemClock(),
            session_factory=factory,
        )
        latencies = []
        started = time.perf_counter()
        for meeting_id in meeting_ids:
            begin = time.perf_counter()
            async with factory() as session, session.begin():
                ctx = await MeetingRepository(session).context(meeting_id)
                await queue_schedule_messages(session, deps, ctx, deps.clock.now(), moved=False)
            latencies.append(time.perf_counter() - begin)
        total = time.perf_counter() - started
        async with factory() as session:
            kinds = Counter(k for k in await session.scalars(select(OutboxMessage.kind)))
        latencies.sort()
        print(
            f"queued through queue_schedule_messages: {total:.1f} s total, "
            f"{statistics.mean(latencies) * 1000:.2f} ms per meeting (p95 {latencies[int(0.95 * len(latencies))] * 1000:.2f} ms)"
        )
        print("outbox rows: " + ", ".join(f"{k}={n}" for k, n in sorted(kinds.items())))
        if send:
            async with FakeTelegram() as fake:
                fake.set_rate_limit(30)
                for i in range(2 * pairs):
                    fake.user(FIRST_USER + i)
                expected = sum(kinds.values())
                wall = await _deliver(fake, db_url, 2 * pairs, 1, rate, expected=expected)
                times = sorted(c.time for c in fake.calls("sendMessage") if c.ok)
                per_message = Counter((m.chat_id, m.text) for m in fake.sent)
                sustained = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
                print(
                    f"delivered {len(fake.sent)} of {expected} in {wall:.1f} s; sustained {sustained:.2f} msg/s"
                )
                print(
                    f"busiest 1-s window {_peak_window(times)}; 429s {fake.stats.rejected_429}; "
                    f"duplicates {sum(n - 1 for n in per_message.values())}"
                )
                async with factory() as session:
                    print(
                        "outbox states: "
                        + ", ".join(f"{s}={n}" for s, n in (await Outbox(session).stats()).items())
                    )
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--send", action="store_true", help="also deliver everything (slow)")
    parser.add_argument("--rate", type=float, default=28.0)
    args = parser.parse_args()
    asyncio.run(bench(args.pairs, args.send, args.rate))


if __name__ == "__main__":
    main()

"""The outbox table as a service: idempotent enqueue, cancellation, atomic claims with leases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.outbox import OutboxMessage, OutboxState  # registers the table with Base.metadata
from models.person import Role, User
from services.meetings.timing import QuietHours
from services.outbox import NewMessage, Outbox, QuietRule
from tests.unit.factories import join, make_org

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
KEYBOARD = {"inline_keyboard": [[{"text": "Да", "callback_data": "m:1:yes"}]]}

Factory = async_sessionmaker[AsyncSession]


async def _enqueue(factory: Factory, *keys: str | None, due: datetime = NOW) -> None:
    async with factory() as session, session.begin():
        for number, key in enumerate(keys):
            await Outbox(session).enqueue(
                1000 + number, f"text {number}", kind="reminder", not_before=due, dedupe_key=key
            )


async def _rows(factory: Factory) -> dict[str | None, OutboxMessage]:
    async with factory() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return {row.dedupe_key or f"#{row.id}": row for row in rows}


async def _claim(
    factory: Factory, now: datetime, worker: str = "w1", limit: int = 50
) -> list[OutboxMessage]:
    async with factory() as session, session.begin():
        return await Outbox(session).claim(now, worker, limit, LEASE)


async def test_enqueue_stores_the_message_and_a_key_only_once(session_factory: Factory) -> None:
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        assert await outbox.enqueue(
            7,
            "<b>Встреча</b>",
            kind="reminder",
            not_before=NOW,
            dedupe_key="m:1:24h",
            reply_markup=KEYBOARD,
        )
        again = await outbox.enqueue(
            7, "again", kind="reminder", not_before=NOW, dedupe_key="m:1:24h"
        )
        assert not again
        # messages without a key are never deduplicated
        assert await outbox.enqueue(7, "a", kind="notification", not_before=NOW)
        assert await outbox.enqueue(7, "a", kind="notification", not_before=NOW)
    rows = await _rows(session_factory)
    assert len(rows) == 3
    first = rows["m:1:24h"]
    assert (first.chat_id, first.text, first.kind) == (7, "<b>Встреча</b>", "reminder")
    assert first.reply_markup == KEYBOARD
    assert first.parse_mode == "HTML"
    assert first.state is OutboxState.PENDING
    assert first.attempts == 0
    assert first.not_before == first.next_attempt_at == NOW
    assert first.claimed_until is None


async def test_enqueue_many_counts_only_new_messages(session_factory: Factory) -> None:
    def digest(chat: int, key: str | None) -> NewMessage:
        return NewMessage(chat, f"digest {chat}", "digest", NOW, dedupe_key=key)

    batch = [digest(n, f"digest:{n}") for n in range(1200)]  # more than one INSERT's worth
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        assert await outbox.enqueue_many(batch) == 1200
        again = [*batch[:10], digest(5000, "digest:5000"), digest(5001, None)]
        assert await outbox.enqueue_many(again) == 2
        assert await outbox.enqueue_many([]) == 0
    rows = await _rows(session_factory)
    assert len(rows) == 1202
    assert rows["digest:7"].text == "digest 7"
    assert rows["digest:7"].reply_markup is None


async def test_a_key_stays_taken_after_the_message_was_sent(session_factory: Factory) -> None:
    await _enqueue(session_factory, "digest:2026-11-20:7")
    (claimed,) = await _claim(session_factory, NOW)
    async with session_factory() as session, session.begin():
        await Outbox(session).mark_sent(claimed.id, sent_at=NOW, telegram_message_id=5)
    async with session_factory() as session, session.begin():
        again = await Outbox(session).enqueue(
            7, "x", kind="digest", not_before=NOW, dedupe_key="digest:2026-11-20:7"
        )
    assert not again


async def test_cancel_pending_by_prefix(session_factory: Factory) -> None:
    keys = ["m:1:24h", "m:1:1h", "m:10:24h", "m:2:1h", "M:1:24h", "m_1:24h"]
    await _enqueue(session_factory, *keys)
    async with session_factory() as session, session.begin():
        sent_id = (await session.scalars(select(OutboxMessage.id).limit(1))).one()  # m:1:24h
        await Outbox(session).mark_sent(sent_id, sent_at=NOW, telegram_message_id=1)
    async with session_factory() as session, session.begin():
        cancelled = await Outbox(session).cancel_pending("m:1:")
    assert cancelled == 1  # only m:1:1h: the other m:1: one was sent already
    states = {key: row.state for key, row in (await _rows(session_factory)).items()}
    assert states == {
        "m:1:24h": OutboxState.SENT,
        "m:1:1h": OutboxState.CANCELLED,
        "m:10:24h": OutboxState.PENDING,  # a prefix ends with its separator
        "m:2:1h": OutboxState.PENDING,
        "M:1:24h": OutboxState.PENDING,  # case-sensitive, unlike SQLite's LIKE
        "m_1:24h": OutboxState.PENDING,  # "_" is not a wildcard
    }
    async with session_factory() as session:
        with pytest.raises(ValueError, match="empty prefix"):
            await Outbox(session).cancel_pending("")


async def test_claim_takes_only_due_messages(session_factory: Factory) -> None:
    await _enqueue(session_factory, "due", due=NOW - timedelta(minutes=1))
    await _enqueue(session_factory, "later", due=NOW + timedelta(seconds=30))
    (due,) = await _claim(session_factory, NOW)
    assert due.dedupe_key == "due"
    async with session_factory() as session, session.begin():
        await Outbox(session).mark_sent(due.id, sent_at=NOW, telegram_message_id=1)
    assert await _claim(session_factory, NOW + timedelta(seconds=29)) == []

    (later,) = await _claim(session_factory, NOW + timedelta(seconds=30))
    assert later.dedupe_key == "later"
    async with session_factory() as session, session.begin():
        await Outbox(session).mark_retry(later.id, NOW + timedelta(minutes=10), "Bad Gateway")
    row = (await _rows(session_factory))["later"]
    assert (row.attempts, row.last_error, row.claimed_until) == (1, "Bad Gateway", None)
    # next_attempt_at holds it back although no lease is on it any more
    assert await _claim(session_factory, NOW + timedelta(minutes=9), "w2") == []
    (again,) = await _claim(session_factory, NOW + timedelta(minutes=10), "w2")
    assert again.id == later.id


async def test_a_lease_keeps_others_off_until_it_expires(session_factory: Factory) -> None:
    await _enqueue(session_factory, "a", "b", "c")
    first = await _claim(session_factory, NOW, "w1", limit=2)
    assert [m.dedupe_key for m in first] == ["a", "b"]
    assert all(m.claimed_until == NOW + LEASE and m.claimed_by == "w1" for m in first)
    # during the lease only the unclaimed one is available
    assert [m.dedupe_key for m in await _claim(session_factory, NOW + LEASE / 2, "w2")] == ["c"]
    assert await _claim(session_factory, NOW + LEASE / 2, "w2") == []
    # w1 died: after its lease the rows are taken again
    later = NOW + LEASE + timedelta(seconds=1)
    again = await _claim(session_factory, later, "w2")
    assert [m.dedupe_key for m in again] == ["a", "b"]
    assert all(m.claimed_by == "w2" for m in again)


async def test_released_messages_are_claimable_at_once(session_factory: Factory) -> None:
    await _enqueue(session_factory, "a", "b")
    claimed = await _claim(session_factory, NOW, "w1")
    async with session_factory() as session, session.begin():
        await Outbox(session).release([m.id for m in claimed], "w2")  # not w2's to release
    assert await _claim(session_factory, NOW, "w2") == []
    async with session_factory() as session, session.begin():
        await Outbox(session).release([m.id for m in claimed], "w1")
    assert len(await _claim(session_factory, NOW, "w2")) == 2


async def test_concurrent_claimers_never_share_a_message(session_factory: Factory) -> None:
    total = 120
    await _enqueue(session_factory, *(f"k{n}" for n in range(total)))
    taken: dict[str, list[int]] = {"w1": [], "w2": [], "w3": []}
    for _ in range(10):
        batches = await asyncio.gather(
            *(_claim(session_factory, NOW, worker, limit=7) for worker in taken)
        )
        for worker, batch in zip(taken, batches, strict=True):
            taken[worker].extend(m.id for m in batch)
    everything = [i for ids in taken.values() for i in ids]
    assert len(everything) == len(set(everything)) == total
    assert all(taken.values())  # every claimer got some


async def test_mark_blocked_sets_unreachable_once(session_factory: Factory) -> None:
    earlier = NOW - timedelta(days=3)
    async with session_factory() as session, session.begin():
        session.add_all(
            [
                User(telegram_id=1000, locale="ru"),
                User(telegram_id=1001, locale="ru", unreachable_at=earlier),
                User(telegram_id=1002, locale="ru"),
            ]
        )
    await _enqueue(session_factory, "to-1000", "to-1001")
    claimed = await _claim(session_factory, NOW)
    async with session_factory() as session, session.begin():
        for message in claimed:
            await Outbox(session).mark_blocked(
                message.id, at=NOW, error="Forbidden: bot was blocked by the user"
            )
    async with session_factory() as session:
        users = {u.telegram_id: u.unreachable_at for u in await session.scalars(select(User))}
    assert users == {1000: NOW, 1001: earlier, 1002: None}
    rows = await _rows(session_factory)
    assert {r.state for r in rows.values()} == {OutboxState.BLOCKED}
    assert rows["to-1000"].last_error == "Forbidden: bot was blocked by the user"


async def test_outcomes_never_revive_a_cancelled_message(session_factory: Factory) -> None:
    await _enqueue(session_factory, "m:1:a", "m:1:b")
    a, b = await _claim(session_factory, NOW)
    async with session_factory() as session, session.begin():
        await Outbox(session).cancel_pending("m:1:")
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        await outbox.mark_retry(a.id, NOW, "Bad Gateway")
        await outbox.mark_failed(a.id, "Bad Request: chat not found")
        # it went out while being cancelled: the row tells the truth
        await outbox.mark_sent(b.id, sent_at=NOW, telegram_message_id=9)
    rows = await _rows(session_factory)
    assert (rows["m:1:a"].state, rows["m:1:a"].attempts) == (OutboxState.CANCELLED, 0)
    assert rows["m:1:b"].state is OutboxState.SENT


async def test_drop_stale(session_factory: Factory) -> None:
    await _enqueue(session_factory, "old", due=NOW - timedelta(hours=3))
    await _enqueue(session_factory, "fresh", due=NOW - timedelta(minutes=5))
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        assert await outbox.drop_stale("digest", NOW - timedelta(hours=1)) == 0
        assert await outbox.drop_stale("reminder", NOW - timedelta(hours=1)) == 1
    states = {key: row.state for key, row in (await _rows(session_factory)).items()}
    assert states == {"old": OutboxState.CANCELLED, "fresh": OutboxState.PENDING}


async def test_an_expired_message_is_never_claimed_and_is_dropped(
    session_factory: Factory,
) -> None:
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        for key, expires in (("soon", NOW), ("later", NOW + timedelta(hours=1)), ("never", None)):
            await outbox.enqueue(
                1,
                key,
                kind="reminder",
                not_before=NOW - timedelta(hours=3),
                dedupe_key=key,
                expires_at=expires,
            )
    claimed = await _claim(session_factory, NOW)
    assert sorted(row.dedupe_key or "" for row in claimed) == ["later", "never"]
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        await outbox.release([row.id for row in claimed], "w1")
        assert await outbox.drop_expired(NOW) == 1
        # rows with an expiry are not second-guessed by the legacy cutoff
        assert await outbox.drop_stale("reminder", NOW - timedelta(hours=1)) == 1
    rows = await _rows(session_factory)
    assert {key: (row.state, row.text) for key, row in rows.items()} == {
        "soon": (OutboxState.CANCELLED, ""),
        "later": (OutboxState.PENDING, "later"),
        "never": (OutboxState.CANCELLED, ""),
    }


async def test_quiet_hours_hold_a_message_till_the_recipients_morning(
    session_factory: Factory,
) -> None:
    """Issue 17.2: 07:30 in Moscow, 14:30 in Vladivostok. A person is in the zone of the
    first school they joined; a chat with nobody on record is in the default zone."""
    at = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)
    async with session_factory() as session, session.begin():
        moscow = await make_org(session, "Школа в Москве")
        far = await make_org(session, "Школа во Владивостоке")
        far.timezone = "Asia/Vladivostok"
        await join(session, 71, moscow, Role.CURATOR)  # first Moscow, then Vladivostok
        await join(session, 71, far, Role.CURATOR)
        await join(session, 72, far, Role.MENTOR)
        outbox = Outbox(session)
        for chat in (71, 72, 73):
            await outbox.enqueue(
                chat, "дайджест", kind="digest", not_before=at - timedelta(hours=8)
            )
    rule = QuietRule(QuietHours(time(21), time(8)), default_tz="Asia/Vladivostok")
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        claimed = await outbox.claim(at, "w1", 50, LEASE, rule)
        for number, message in enumerate(claimed):
            await outbox.mark_sent(message.id, sent_at=at, telegram_message_id=number)
    assert sorted(m.chat_id for m in claimed) == [72, 73]
    held = {m.chat_id: m for m in (await _rows(session_factory)).values() if m.chat_id == 71}[71]
    morning = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
    assert (held.next_attempt_at, held.claimed_until, held.attempts) == (morning, None, 0)
    assert await _claim(session_factory, morning - timedelta(seconds=1)) == []
    async with session_factory() as session, session.begin():
        (woken,) = await Outbox(session).claim(morning, "w1", 50, LEASE, rule)
    assert woken.chat_id == 71


def test_the_quiet_rule_reads_the_hours_in_the_given_zone() -> None:
    rule = QuietRule(QuietHours(time(21), time(8)), default_tz="Europe/Moscow")
    evening = datetime(2026, 11, 20, 18, 5, tzinfo=UTC)  # 21:05 in Moscow, 22:05 in Samara
    assert rule.until(evening, None) == datetime(2026, 11, 21, 5, 0, tzinfo=UTC)
    assert rule.until(evening, "Europe/Samara") == datetime(2026, 11, 21, 4, 0, tzinfo=UTC)
    assert rule.until(evening, "Europe/Kaliningrad") is None  # 20:05 there
    assert QuietRule(QuietHours(time(0), time(0)), "Europe/Moscow").until(evening, None) is None


async def test_stats_counts_every_state(session_factory: Factory) -> None:
    await _enqueue(session_factory, "a", "b", "c", "d")
    a, b, _c, _d = await _claim(session_factory, NOW)
    async with session_factory() as session, session.begin():
        outbox = Outbox(session)
        await outbox.mark_sent(a.id, sent_at=NOW, telegram_message_id=1)
        await outbox.mark_failed(b.id, "Bad Request: message is too long")
    async with session_factory() as session:
        stats = await Outbox(session).stats()
    assert stats == {
        OutboxState.PENDING: 2,
        OutboxState.SENT: 1,
        OutboxState.FAILED: 1,
        OutboxState.BLOCKED: 0,
        OutboxState.CANCELLED: 0,
    }

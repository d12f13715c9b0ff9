"""Several instances behind one webhook: each due message is sent once, a dead instance's batch
is finished by another, an update delivered again (to the same or the other instance, or to
both at once) is handled once, the webhook refuses strangers, and conversations survive restarts.

These run on SQLite by default (two processes sharing one WAL file) and on PostgreSQL (with
``SELECT … FOR UPDATE SKIP LOCKED`` claims) and Redis when ``.ci/run`` runs the suite that way.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bench.bench_reminders import FIRST_USER, _seed
from bot.app.config import Settings
from bot.app.deps import AppDeps
from bot.infra.db import create_engine, create_session_factory
from bot.notify.meetings import queue_schedule_messages
from bot.tg.i18n import LOCALES_DIR, Translator
from services.clock import SystemClock
from services.meetings.repository import MeetingRepository
from services.questionnaire.schema import load_forms
from tests import backends
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import QUESTION, SUMMARY, accept_consent, create_school
from tests.e2e.harness import WEBHOOK_PUBLIC_URL, BotProcess, Person
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.webhook import SECRET_HEADER

LEASE_SECONDS = 3
FAST_SENDER = {
    "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
    # two instances share Telegram's ~30 msg/s: each takes half
    "OUTBOX_RATE_PER_SECOND": "14",
    "QUIET_HOURS": "0:00-0:00",
    "SCHEDULER_TICK_SECONDS": "1",
}


async def _queue_reminders(database_url: str, pairs: int) -> int:
    """``pairs`` active pairs, each with a meeting scheduled through the real handler path:
    an invitation now and a one-hour reminder to both sides a few seconds from now."""
    now = datetime.now(UTC)
    engine = create_engine(database_url)
    factory = create_session_factory(engine)
    try:
        meeting_ids = await _seed(factory, pairs, now + timedelta(hours=1, seconds=4), now)
        deps = AppDeps(
            settings=Settings(bot_token="1:x", quiet_hours="0:00-0:00"),
            translator=Translator("ru"),
            forms=load_forms(LOCALES_DIR / "forms"),
            clock=SystemClock(),
            session_factory=factory,
        )
        for meeting_id in meeting_ids:
            async with factory() as session, session.begin():
                ctx = await MeetingRepository(session).context(meeting_id)
                await queue_schedule_messages(session, deps, ctx, now, moved=False)
    finally:
        await engine.dispose()
    return pairs * 3  # an invitation to the mentee, a reminder to each side


def _instances(fake: FakeTelegram, tmp_path: Path, count: int) -> list[BotProcess]:
    first = BotProcess(
        fake, tmp_path / "a", admin_ids=[ADMIN_ID], extra_env=dict(FAST_SENDER), webhook=True
    )
    first.workdir.mkdir()
    instances = [first]
    for index in range(1, count):
        other = BotProcess(
            fake,
            tmp_path / chr(ord("a") + index),
            admin_ids=[ADMIN_ID],
            extra_env=dict(FAST_SENDER),
            webhook=True,
            pg_database=first.pg_database,
            redis_prefix=first.redis_prefix,
        )
        other.workdir.mkdir()
        if not first.pg_database:  # SQLite: the second process opens the first one's file
            other.extra_env["DATABASE_URL"] = first.database_url
        instances.append(other)
    return instances


def _assert_clean(*instances: BotProcess) -> None:
    for instance in instances:
        log = instance.log()
        assert "Traceback" not in log, log
        assert "unhandled error" not in log, log


def _per_message(fake: FakeTelegram) -> Counter[tuple[int, str | None]]:
    return Counter((m.chat_id, m.text) for m in fake.sent if m.chat_id >= FIRST_USER)


async def _wait_delivered(fake: FakeTelegram, expected: int, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(_per_message(fake)) < expected and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.2)


async def test_two_instances_send_each_due_reminder_exactly_once(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    pairs = 40
    for i in range(2 * pairs):
        fake.user(FIRST_USER + i)
    fake.set_rate_limit(30)
    a, b = _instances(fake, tmp_path, 2)
    # both start at once: on PostgreSQL one migrates under the advisory lock, the other waits
    await asyncio.gather(a.start(), b.start())
    try:
        fake.route_webhook([a.web_base, b.web_base])
        expected = await _queue_reminders(a.database_url, pairs)
        await _wait_delivered(fake, expected, timeout=60)
        await asyncio.sleep(LEASE_SECONDS + 1)  # a late duplicate would have shown up by now
        per_message = _per_message(fake)
        assert len(per_message) == expected  # nothing lost
        assert max(per_message.values()) == 1  # nothing twice
        senders = {row[0] for row in a.query("SELECT claimed_by FROM outbox WHERE state = 'sent'")}
        assert len(senders) == 2  # both instances really did the work
        reminders = a.query(
            "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND state = 'sent'"
        )
        assert reminders[0][0] == 2 * pairs
    finally:
        await asyncio.gather(a.stop(), b.stop())
    _assert_clean(a, b)


async def test_an_instance_killed_mid_batch_leaves_the_rest_to_the_other(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    pairs = 60
    for i in range(2 * pairs):
        fake.user(FIRST_USER + i)
    fake.set_rate_limit(30)
    a, b = _instances(fake, tmp_path, 2)
    await a.start()
    await b.start()
    try:
        fake.route_webhook([a.web_base, b.web_base])
        expected = await _queue_reminders(a.database_url, pairs)
        # let both get going, then kill one in the middle of its batch
        while len(_per_message(fake)) < expected // 4:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        await a.stop(kill=True)
        killed_at = len(_per_message(fake))
        assert killed_at < expected
        await _wait_delivered(fake, expected, timeout=90)
        per_message = _per_message(fake)
        assert len(per_message) == expected  # nothing lost: b took over a's expired claims
        # kill -9 between Telegram's answer and the sender's commit re-sends that message after
        # the lease (README, "Honest limits"); at most the sends that were in flight
        duplicates = sum(n - 1 for n in per_message.values())
        assert duplicates <= 8, duplicates
        pending = a.query("SELECT count(*) FROM outbox WHERE state = 'pending'")
        assert pending[0][0] == 0
    finally:
        await asyncio.gather(a.stop(), b.stop())
    _assert_clean(b)


CURATOR_ANSWERS = (
    "SELECT a.question_id FROM answers a "
    "JOIN questionnaire_responses r ON r.id = a.response_id "
    "JOIN users u ON u.id = r.user_id WHERE u.telegram_id = {} ORDER BY a.question_id"
)


async def test_an_update_delivered_again_is_handled_once(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Telegram re-sends an update when the instance that had it died after its commit but
    before answering 200; the retry may reach the same instance, the other, or (while the first
    still works on it) both. A typed name was saved as the name and as the next answer."""
    a, b = _instances(fake, tmp_path, 2)
    await asyncio.gather(a.start(), b.start())
    try:
        fake.route_webhook([a.web_base, b.web_base])
        curator = Person(fake, 100)
        await accept_consent(curator, await create_school(a, "МБОУ СОШ № 9"))
        cursor = fake.mark()
        name = fake.send_text(curator.id, "Петрова Мария Ивановна")
        await curator.expect(QUESTION, "2 из 2", after=cursor)
        name_id = name["update_id"]

        def first_delivery() -> str | None:
            done = [d.target for d in fake.webhook.deliveries if d.update_id == name_id]
            return done[0] if done else None  # recorded once the update was handled

        first = await fake.state.notifier.wait_until(first_delivery, 10)
        assert first is not None
        other = b.web_base if first == a.web_base else a.web_base
        replied = fake.mark()
        assert await fake.deliver_at_once(name, [first]) == [200]
        assert await fake.deliver_at_once(name, [other]) == [200]
        assert await fake.deliver_at_once(name, [a.web_base, b.web_base]) == [200, 200]
        assert a.replies_to(curator.id, replied) == []  # one reply in all
        assert a.skipped(name_id) + b.skipped(name_id) == 4
        # the name was not taken as the answer to the next question (the position)
        assert a.query(CURATOR_ANSWERS.format(curator.id)) == [("full_name",)]

        # a new answer whose first delivery races its retry on the other instance
        cursor = fake.mark()
        position = fake.send_text(curator.id, "Заместитель директора по УВР")
        assert await fake.deliver_at_once(position, [a.web_base, b.web_base]) == [200, 200]
        summary = await curator.expect(SUMMARY, after=cursor)
        assert "Петрова Мария Ивановна" in (summary.text or "")
        assert "Заместитель директора по УВР" in (summary.text or "")
        assert a.replies_to(curator.id, cursor).count("sendMessage") == 1
        assert a.skipped(position["update_id"]) + b.skipped(position["update_id"]) == 1
        rows = a.query(CURATOR_ANSWERS.format(curator.id))
        assert rows == [("full_name",), ("position",)]
    finally:
        await asyncio.gather(a.stop(), b.stop())
    _assert_clean(a, b)


async def test_the_webhook_refuses_a_wrong_secret_and_serves_health(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bot = BotProcess(fake, tmp_path, admin_ids=[ADMIN_ID], webhook=True)
    await bot.start()
    try:
        set_webhook = fake.calls("setWebhook")[-1]
        assert set_webhook.params["url"] == WEBHOOK_PUBLIC_URL
        assert set_webhook.params["secret_token"] == bot.webhook_secret
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 4242, "type": "private"},
                "from": {"id": 4242, "is_bot": False, "first_name": "Mallory"},
                "text": "/start",
            },
        }
        url = bot.web_base + "/tg/updates"
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong-secret-0000000"}):
                async with http.post(url, json=update, headers=headers) as response:
                    assert response.status == 401
            async with http.get(bot.web_base + "/healthz") as response:
                assert response.status == 200
                assert (await response.json())["status"] == "ok"
            async with http.get(bot.web_base + "/readyz") as response:
                assert response.status == 200
                assert (await response.json())["checks"]["database"] == "ok"
        assert fake.messages_to(4242) == []  # the forged update reached no handler

        fake.route_webhook([bot.web_base])
        stranger = Person(fake, 4343)
        await stranger.say("/start", "")
        assert all(d.status == 200 for d in fake.webhook.deliveries)
    finally:
        await bot.stop()
    _assert_clean(bot)


@pytest.mark.skipif(not backends.REDIS_URL, reason="needs TEST_REDIS_URL (the PostgreSQL run)")
async def test_conversation_state_survives_a_restart_in_redis(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bot = BotProcess(fake, tmp_path, admin_ids=[ADMIN_ID])
    await bot.start()
    try:
        admin = Person(fake, ADMIN_ID)
        await admin.say("/neworg", "")
        # the bot now waits for the organization's name: that state lives in Redis only
        assert bot.query("SELECT count(*) FROM fsm_records")[0][0] == 0
        await bot.restart(kill=True)
        answer = await admin.say("Школа после перезапуска", "")
        assert "Школа после перезапуска" in (answer.text or "")
    finally:
        await bot.stop()
    _assert_clean(bot)

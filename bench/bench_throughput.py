"""Update throughput: N people answer a questionnaire step at once, through the fake Bot API.

The real bot runs as its own process (``python -m bot``), as in production. Every simulated
person is in the middle of the mentee intake (consent given, waiting at the first question);
all send their answer at the same moment, and the clock runs until each got the next question.
The same burst then goes to a bare aiogram echo bot (``bench/echo_bot.py``) on the same machine,
so the ratio shows what the bot's own work costs (database write, FSM, rendering), and to an
aiogram bot doing only the step's Telegram side (``echo_bot.py --step``: state filter, state in
memory, the same question and keyboard, no database), which splits that cost in two.

    python bench/bench_throughput.py [--users 1000]                      # SQLite, long polling
    python bench/bench_throughput.py --postgres URL --redis URL --instances 2   # webhook, 2 instances

Prints updates/s for both and the ratio (goal: ≥ 0.5 on SQLite).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import insert, select

from bot.app.config import Settings
from bot.infra.db import create_engine, create_session_factory, upgrade_database
from bot.infra.storage import build_storage
from bot.tg.i18n import LOCALES_DIR
from bot.tg.states import Questionnaire
from models import (
    Membership,
    Organization,
    OrgKind,
    QuestionnaireResponse,
    ResponseStatus,
    Role,
    User,
)
from services.questionnaire.schema import load_forms
from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram

FIRST_USER = 5_000_000
PROJECT = Path(__file__).resolve().parents[1]


async def _seed(database_url: str, redis_url: str, prefix: str, bot_id: int, users: int) -> None:
    """People with consent and an intake waiting at its first question (bulk rows)."""
    now = datetime.now(UTC)
    form = load_forms(LOCALES_DIR / "forms")["mentee_intake"]
    engine = create_engine(database_url)
    await upgrade_database(engine)
    factory = create_session_factory(engine)
    async with factory() as session, session.begin():
        org = Organization(name="Школа", kind=OrgKind.SCHOOL, timezone="Europe/Moscow")
        session.add(org)
        await session.flush()
        await session.execute(
            insert(User),
            [
                {"telegram_id": FIRST_USER + i, "locale": "ru", "created_at": now}
                for i in range(users)
            ],
        )
        uids = list(await session.scalars(select(User.id).order_by(User.id)))
        await session.execute(
            insert(Membership),
            [
                {"user_id": u, "org_id": org.id, "role": Role.MENTEE, "created_at": now}
                for u in uids
            ],
        )
        mids = list(await session.scalars(select(Membership.id).order_by(Membership.id)))
        await session.execute(
            insert(QuestionnaireResponse),
            [
                {
                    "user_id": u,
                    "membership_id": m,
                    "form_id": form.id,
                    "form_version": form.version,
                    "status": ResponseStatus.IN_PROGRESS,
                    "current_question": form.questions[0].id,
                    "editing": False,
                    "started_at": now,
                }
                for u, m in zip(uids, mids, strict=True)
            ],
        )
    settings = Settings(
        bot_token="1:x",
        database_url=database_url,
        redis_url=redis_url or None,
        redis_key_prefix=prefix,
    )
    storage, _ = build_storage(settings, factory)
    for i in range(users):
        key = StorageKey(bot_id=bot_id, chat_id=FIRST_USER + i, user_id=FIRST_USER + i)
        await storage.set_state(key, Questionnaire.answering)
    await storage.close()
    await engine.dispose()


async def _burst(fake: FakeTelegram, users: int, text: str) -> float:
    """All users send at once; seconds until every one of them got a reply."""
    mark = fake.mark()
    started = time.perf_counter()
    for i in range(users):
        fake.send_text(FIRST_USER + i, f"{text} {i}")
    waiting = {FIRST_USER + i for i in range(users)}
    while waiting:
        answered = {m.chat_id for m in fake.sent[-5 * users :] if m.seq >= mark}
        waiting -= answered
        if time.perf_counter() - started > 600:
            raise SystemExit(f"{len(waiting)} users got no answer in 10 minutes")
        await asyncio.sleep(0.02)
    return time.perf_counter() - started


async def _baseline(fake: FakeTelegram, users: int, *args: str) -> float:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(PROJECT / "bench" / "echo_bot.py"),
        fake.token,
        fake.base_url,
        *args,
        cwd=PROJECT,
    )
    try:
        await fake.wait_for_call("getUpdates", timeout=60)
        return await _burst(fake, users, "echo")
    finally:
        proc.terminate()
        await proc.wait()


async def bench(users: int, postgres: str, redis: str, instances: int) -> None:
    async with FakeTelegram() as fake:
        for i in range(users):
            fake.user(FIRST_USER + i)
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            processes: list[BotProcess] = []
            for number in range(instances):
                path = workdir / f"i{number}"
                path.mkdir()
                # scripted users would trip the per-user flood limit; it is not what we measure
                env = {"LOG_LEVEL": "WARNING", "FLOOD_RATE": "0"}
                if postgres:
                    env["DATABASE_URL"] = postgres
                elif number:
                    env["DATABASE_URL"] = processes[0].database_url
                if redis:
                    env["REDIS_URL"] = redis
                    env["REDIS_KEY_PREFIX"] = "bench" + secrets.token_hex(4)
                processes.append(BotProcess(fake, path, extra_env=env, webhook=instances > 1))
            prefix = processes[0].extra_env.get("REDIS_KEY_PREFIX", "fsm")
            for proc in processes[1:]:
                proc.extra_env["REDIS_KEY_PREFIX"] = prefix
            database_url = postgres or processes[0].database_url
            await _seed(database_url, redis, prefix, fake.bot_id, users)
            for proc in processes:
                await proc.start()
            if instances > 1:
                fake.route_webhook([p.web_base for p in processes])
            try:
                bot_seconds = await _burst(fake, users, "Иванова Мария Петровна")
            finally:
                for proc in processes:
                    await proc.stop()
            answered = len({m.chat_id for m in fake.sent if m.chat_id >= FIRST_USER})
        mode = f"{'PostgreSQL+Redis' if postgres else 'SQLite'}, {instances} instance(s), " + (
            "webhook" if instances > 1 else "long polling"
        )
        bot_rate = users / bot_seconds
        print(
            f"mentor bot ({mode}): {users} answers in {bot_seconds:.2f} s = {bot_rate:.0f} updates/s"
        )
        print(f"  every user answered: {answered == users}")
        if instances == 1:
            echo_rate = users / await _baseline(fake, users)
            step_rate = users / await _baseline(fake, users, "--step")
            print(f"echo bot (aiogram, long polling): {echo_rate:.0f} updates/s")
            print(
                "the step's Telegram side alone (aiogram, state in memory, the same keyboard,"
                f" no database): {step_rate:.0f} updates/s"
            )
            print(f"ratio mentor/echo: {bot_rate / echo_rate:.2f}")
            print(f"ratio mentor/Telegram side alone: {bot_rate / step_rate:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--postgres", default="", help="postgresql+asyncpg://… (an empty database)")
    parser.add_argument("--redis", default="", help="redis://…")
    parser.add_argument("--instances", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(bench(args.users, args.postgres, args.redis, args.instances))


if __name__ == "__main__":
    main()

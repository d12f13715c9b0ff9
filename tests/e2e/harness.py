"""Runs the real bot as a separate process against the fake Bot API, and talks to it as users."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import socket
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests import backends
from tests.fake_telegram import FakeTelegram, SentMessage

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # a loaded CI machine imports aiogram slowly
REPLY_TIMEOUT = 10.0
WEBHOOK_PUBLIC_URL = "https://bot.example.test/tg/updates"
LINK_RE = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(
    fake: FakeTelegram, database_url: str, admin_ids: Sequence[int], **extra: str
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "ADMIN_", "REDIS_", "WEBHOOK_"))
    }
    env.update(
        BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE=fake.base_url,
        DATABASE_URL=database_url,
        ADMIN_IDS=",".join(str(i) for i in admin_ids),
        POLLING_TIMEOUT="2",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(PROJECT_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class BotProcess:
    """``python -m bot`` started from an empty folder, so nothing relies on the working dir."""

    fake: FakeTelegram
    workdir: Path
    admin_ids: Sequence[int] = ()
    extra_env: dict[str, str] = field(default_factory=dict)
    process: asyncio.subprocess.Process | None = None
    runs: int = 0
    # PostgreSQL runs (tests/backends.py): the database's name; instances may share one
    pg_database: str = ""
    # Redis runs: the FSM key prefix, unique per test unless instances share it
    redis_prefix: str = ""
    # webhook mode: the fake posts updates to http://127.0.0.1:<web_port><WEBHOOK_PATH>
    webhook: bool = False
    web_port: int = 0
    webhook_secret: str = "test-secret-" + "x" * 8

    def __post_init__(self) -> None:
        # both modes serve /healthz, /readyz and /metrics: every bot gets a port of its own
        if not self.web_port:
            self.web_port = free_port()
        if backends.on_postgres() and not self.pg_database:
            self.pg_database = backends.create_database()
        if backends.REDIS_URL and not self.redis_prefix:
            self.redis_prefix = "t" + secrets.token_hex(6)

    @property
    def db_path(self) -> Path:
        return self.workdir / "bot.sqlite3"

    @property
    def database_url(self) -> str:
        if self.pg_database:
            return backends.async_url(self.pg_database)
        return f"sqlite+aiosqlite:///{self.db_path}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def env(self) -> dict[str, str]:
        extra = dict(self.extra_env)
        extra.update(WEB_HOST="127.0.0.1", WEB_PORT=str(self.web_port))
        if "CLOCK_OFFSET_SECONDS" not in extra:
            # on the real clock the time of day is whenever the suite runs: quiet hours would
            # hold other people's notices back at night, so such a run has none
            extra.setdefault("QUIET_HOURS", "0:00-0:00")
        if self.webhook:
            extra.update(WEBHOOK_URL=WEBHOOK_PUBLIC_URL, WEBHOOK_SECRET=self.webhook_secret)
        if self.redis_prefix:
            extra.setdefault("REDIS_URL", backends.REDIS_URL)
            extra.setdefault("REDIS_KEY_PREFIX", self.redis_prefix)
        return bot_env(self.fake, self.database_url, self.admin_ids, **extra)

    async def start(self) -> None:
        cursor = self.fake.mark()
        self.runs += 1
        log = self.log_path.open("ab")
        log.write(f"\n===== run {self.runs} =====\n".encode())
        log.flush()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=self.workdir,
            env=self.env(),
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()
        ready = "setWebhook" if self.webhook else "getUpdates"
        try:
            await self.fake.wait_for_call(ready, after=cursor, timeout=START_TIMEOUT)
        except AssertionError as exc:
            raise AssertionError(f"the bot did not start ({ready}):\n{self.log()}") from exc

    @property
    def web_base(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    async def stop(self, *, kill: bool = False) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=30)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    async def restart(self, *, kill: bool = True) -> None:
        await self.stop(kill=kill)
        await self.start()

    def log(self) -> str:
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the bot's real database, the way an auditor would."""
        if self.pg_database:
            return backends.query(self.pg_database, sql, params)
        with sqlite3.connect(self.db_path) as conn:
            return conn.execute(sql, params).fetchall()

    async def query_until(
        self, sql: str, check: Callable[[list[tuple[Any, ...]]], bool], timeout: float = 5.0
    ) -> list[tuple[Any, ...]]:
        """Poll the database: the bot may reply a moment before its transaction commits."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            rows = self.query(sql)
            if check(rows) or asyncio.get_running_loop().time() > deadline:
                return rows
            await asyncio.sleep(0.05)

    def replies_to(self, chat_id: int, after: int) -> list[str]:
        """Bot API methods called for the chat since the cursor ``after``, less what the outbox
        sent: a scheduled message (a curator's weekly digest) may fall due mid-test."""
        queued = {
            row[0] for row in self.query(f"SELECT text FROM outbox WHERE chat_id = {chat_id}")
        }
        return [
            call.method
            for call in self.fake.requests[after:]
            if str(call.params.get("chat_id")) == str(chat_id)
            and call.params.get("text") not in queued
        ]

    def skipped(self, update_id: int) -> int:
        """How often this instance's log says it skipped the update as already handled."""
        return self.log().count(f"update {update_id} was handled already: skipped")

    async def cli(self, *args: str) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=self.workdir,
            env=self.env(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
        return proc.returncode or 0, out.decode()


def contains(*needles: str, buttons: bool = False) -> Callable[[SentMessage], bool]:
    def match(message: SentMessage) -> bool:
        text = message.text or ""
        if buttons and not message.button_texts:
            return False
        return all(n.lower() in text.lower() for n in needles)

    return match


class Person:
    """One Telegram user in a conversation with the bot."""

    def __init__(self, fake: FakeTelegram, user_id: int, language_code: str = "ru") -> None:
        self.fake = fake
        self.id = user_id
        fake.user(user_id, first_name=f"User{user_id}", language_code=language_code)

    async def expect(
        self, *needles: str, after: int, buttons: bool = False, timeout: float = REPLY_TIMEOUT
    ) -> SentMessage:
        """The first message (or edit) since ``after`` containing every needle."""
        return await self.fake.wait_for_message(
            self.id, contains(*needles, buttons=buttons), timeout=timeout, after=after
        )

    async def say(self, text: str, *expect: str) -> SentMessage:
        """Send a text and wait for a bot message containing every ``expect`` string."""
        cursor = self.fake.mark()
        self.fake.send_text(self.id, text)
        return await self.expect(*expect, after=cursor)

    async def press(self, message: SentMessage, button: str, *expect: str) -> SentMessage:
        cursor = self.fake.mark()
        self.fake.press_button(self.id, message, button)
        return await self.expect(*expect, after=cursor)

    async def press_data(self, message: SentMessage, data: str, *expect: str) -> SentMessage:
        cursor = self.fake.mark()
        self.fake.press(self.id, message, data)
        return await self.expect(*expect, after=cursor)

    async def alert(self, send: Callable[[], dict[str, Any]]) -> str:
        """Press something and return the text of the callback answer (toast or alert)."""
        update = send()
        query_id = update["callback_query"]["id"]
        call = await self.fake.wait_for_callback_answer(query_id, timeout=REPLY_TIMEOUT)
        return str(call.params.get("text", ""))

    def last(self) -> SentMessage:
        return self.fake.messages_to(self.id)[-1]


def database_text(bot: BotProcess) -> str:
    """Every row of every table, as text: what an auditor with the database would read."""
    if bot.pg_database:
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    tables = [t for (t,) in bot.query(sql)]
    text = "\n".join(repr(bot.query(f'SELECT * FROM "{table}"')) for table in tables)
    # SQLite keeps JSON values (answers) with non-ASCII letters escaped as \uXXXX: read them
    # as the letters they are, or a name in an answer would hide from the search
    return re.sub(r"\\+u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def invite_token(message: SentMessage) -> str:
    match = LINK_RE.search(message.text or "")
    assert match, f"no invite link in: {message.text}"
    return match.group(1)

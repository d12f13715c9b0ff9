"""Starting the bot with a revoked token or no way to Telegram: one line for the operator and
a non-zero exit, not a traceback and not a bot that hangs."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.e2e.harness import bot_env
from tests.fake_telegram import FakeTelegram


async def _start(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_revoked_token(fake: FakeTelegram, tmp_path: Path) -> None:
    env = bot_env(fake, f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3", [])
    env.update(BOT_TOKEN="999:revoked", DEFAULT_LOCALE="en", LOG_LEVEL="WARNING")
    code, output = await _start(env, tmp_path)
    assert code == 1
    assert "Telegram refused the bot's token (401 Unauthorized)" in output
    assert "@BotFather" in output
    assert "Traceback" not in output


async def test_unreachable_telegram(fake: FakeTelegram, tmp_path: Path) -> None:
    env = bot_env(fake, f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3", [])
    env.update(TELEGRAM_API_BASE="http://127.0.0.1:1", DEFAULT_LOCALE="ru", LOG_LEVEL="WARNING")
    code, output = await _start(env, tmp_path)
    assert code == 1
    assert "Не удаётся связаться с Telegram Bot API (http://127.0.0.1:1)" in output
    assert "Traceback" not in output

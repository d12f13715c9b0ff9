from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.fake_telegram import FakeTelegram

ADMIN_ID = 900


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(fake, tmp_path, admin_ids=[ADMIN_ID])
    await process.start()
    yield process
    await process.stop()
    log = process.log()
    # "every handler answers, nothing raises to the user": an unhandled error is a failure
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log

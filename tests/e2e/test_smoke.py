from __future__ import annotations

from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram


async def test_start_without_invite_explains_how_to_join(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    stranger = Person(fake, 501)
    reply = await stranger.say("/start", "ссылку-приглашение")
    assert "куратор" in (reply.text or "")
    # nothing about a stranger is stored
    assert bot.query("SELECT count(*) FROM users") == [(0,)]

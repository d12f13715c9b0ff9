"""The operator's view of a running bot in polling mode: liveness, readiness, metrics."""

from __future__ import annotations

import re

import aiohttp

from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram


def _sample(metrics: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} ([0-9.e+-]+)$"
    found = re.search(pattern, metrics, re.MULTILINE)
    assert found is not None, f"{name}{{{wanted}}} not in /metrics"
    return float(found.group(1))


async def test_polling_bot_serves_health_readiness_and_metrics(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    stranger = Person(fake, 601)
    await stranger.say("/start", "ссылку-приглашение")
    await stranger.say("/help", "")

    async with aiohttp.ClientSession() as http:
        async with http.get(bot.web_base + "/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok"}
        async with http.get(bot.web_base + "/readyz") as response:
            body = await response.json()
            assert response.status == 200, body
            assert body["checks"] == {
                "database": "ok",
                "scheduler": "ok",
                "sender": "ok",
                "outbox_backlog": "ok",
            }
            assert body["outbox_due"] == 0
        async with http.get(bot.web_base + "/metrics") as response:
            assert response.status == 200
            assert response.content_type == "text/plain"
            metrics = await response.text()

    assert _sample(metrics, "mentorbot_updates_total", kind="message", outcome="handled") >= 2
    assert _sample(metrics, "mentorbot_update_seconds_count", kind="message") >= 2
    assert _sample(metrics, "mentorbot_outbox_messages", state="pending") == 0
    assert _sample(metrics, "mentorbot_people", state="active") == 0
    assert "# TYPE mentorbot_job_seconds histogram" in metrics
    assert "process_resident_memory_bytes" in metrics

"""The command line keeps the bot's clock: ``CLOCK_OFFSET_SECONDS`` moves what ``create-org``
stamps, so a rehearsal on a moved clock finds its school and curator link valid (issue 17.7)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.unit.cli_runner import run_cli

AHEAD = timedelta(days=400)


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_create_org_stamps_the_moved_clock(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    before = datetime.now(UTC)
    env = {"CLOCK_OFFSET_SECONDS": str(AHEAD.total_seconds())}
    done = run_cli(url, "create-org", "Школа № 7", token=None, env=env)
    after = datetime.now(UTC)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        (org_created,) = db.execute("SELECT created_at FROM organizations").fetchone()
        invite_created, expires = db.execute(
            "SELECT created_at, expires_at FROM invites"
        ).fetchone()
    for stamp in (_moment(org_created), _moment(invite_created)):
        assert before + AHEAD <= stamp <= after + AHEAD
    # the single-use curator link lives its default 30 days from the moved now
    assert _moment(expires) - _moment(invite_created) == timedelta(days=30)

"""What an operator sees when something is wrong: one or two lines, an exit code, never a
traceback. Each case runs the real command line in its own process."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.infra.db import running_lock
from tests.unit.cli_runner import run_cli

EN = {"DEFAULT_LOCALE": "en"}


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) <= 3, output


def _url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"


def test_run_without_a_token_says_where_to_get_one(tmp_path: Path) -> None:
    done = run_cli(_url(tmp_path), "run", token=None, env=EN)
    assert done.returncode == 2
    assert "@BotFather" in done.stderr
    assert "BOT_TOKEN" in done.stderr
    _no_traceback(done.stderr)


def test_a_bad_setting_is_named_without_its_value(tmp_path: Path) -> None:
    done = run_cli(_url(tmp_path), "migrate", env={**EN, "POLLING_TIMEOUT": "soon"})
    assert done.returncode == 2
    assert "POLLING_TIMEOUT" in done.stderr
    assert "soon" not in done.stderr
    _no_traceback(done.stderr)


def test_unsupported_driver(tmp_path: Path) -> None:
    done = run_cli("mysql+aiomysql://u@h/db", "migrate", env=EN)
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr
    assert "mysql+aiomysql is not supported" in done.stderr
    _no_traceback(done.stderr)


def test_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://mentor:secret-pw@127.0.0.1:1/mentor"
    done = run_cli(url, "migrate", env=EN)
    assert done.returncode == 1
    assert "Cannot connect to the database postgresql+asyncpg://mentor:***@127.0.0.1:1" in (
        done.stderr
    )
    assert "secret-pw" not in done.stderr
    _no_traceback(done.stderr)


def test_schema_written_by_a_newer_version(tmp_path: Path) -> None:
    assert run_cli(_url(tmp_path), "migrate").returncode == 0
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    done = run_cli(_url(tmp_path), "migrate", env=EN)
    assert done.returncode == 1
    assert "written by a newer version of the bot (schema 9999" in done.stderr
    _no_traceback(done.stderr)


def test_create_org_without_a_token_prints_a_placeholder_link(tmp_path: Path) -> None:
    started = time.perf_counter()
    done = run_cli(_url(tmp_path), "create-org", "Школа № 5", token=None, env=EN)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "https://t.me/<your_bot>?start=" in done.stdout
    assert elapsed < 30  # the figure itself is measured by bench/bench_cli.py


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--parent", "99"], "There is no organization #99"),
        (["--timezone", "Moscow"], "Unknown time zone “Moscow”"),
    ],
)
def test_create_org_refusals(tmp_path: Path, args: list[str], expected: str) -> None:
    done = run_cli(_url(tmp_path), "create-org", "Школа", *args, token=None, env=EN)
    assert done.returncode == 2
    assert expected in done.stderr
    _no_traceback(done.stderr)


def test_create_org_with_an_empty_name(tmp_path: Path) -> None:
    done = run_cli(_url(tmp_path), "create-org", "  ", token=None, env=EN)
    assert done.returncode == 2
    assert "The organization's name is empty" in done.stderr
    _no_traceback(done.stderr)


def test_create_org_under_a_school_is_refused(tmp_path: Path) -> None:
    assert run_cli(_url(tmp_path), "create-org", "Школа", token=None).returncode == 0
    done = run_cli(_url(tmp_path), "create-org", "Другая", "--parent", "1", token=None, env=EN)
    assert done.returncode == 2
    assert "is not a municipal office" in done.stderr


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("missing/report.xlsx", "There is no folder"),
        (".", "is a folder"),
        ("report.csv", "must end in .xlsx"),
    ],
)
def test_report_out_is_checked_before_any_work(tmp_path: Path, out: str, expected: str) -> None:
    target = tmp_path / out
    done = run_cli(_url(tmp_path), "report", "1", "--out", str(target), env=EN)
    assert done.returncode == 2
    assert expected in done.stderr
    _no_traceback(done.stderr)
    assert not (tmp_path / "bot.sqlite3").exists()  # refused before touching the database


def test_restore_while_the_bot_runs_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert run_cli(_url(tmp_path), "migrate").returncode == 0
    assert run_cli(_url(tmp_path), "backup", "--out", str(copy)).returncode == 0
    with running_lock(_url(tmp_path)):  # what a running bot holds
        done = run_cli(_url(tmp_path), "restore", str(copy), "--force", env=EN)
    assert done.returncode == 1
    assert "Stop the bot" in done.stderr
    _no_traceback(done.stderr)
    done = run_cli(_url(tmp_path), "restore", str(copy), "--force", env=EN)
    assert done.returncode == 0, done.stderr

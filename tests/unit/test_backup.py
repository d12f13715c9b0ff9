"""Backups of a live SQLite database and restoring them (services/backup.py, ``python -m bot``)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.infra.db import create_engine, upgrade_database
from services.backup import (
    BackupError,
    backup,
    default_backup_path,
    inspect,
    known_revisions,
    postgres_instructions,
    prune,
    restore,
    sqlite_path,
)
from tests.unit.cli_runner import run_cli

NOW = datetime(2026, 11, 20, 9, 0)


def _head() -> str:
    heads = [revision for revision, is_head in known_revisions().items() if is_head]
    assert len(heads) == 1
    return heads[0]


async def _new_database(path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM organizations").fetchone()[0])


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


class Writer(threading.Thread):
    """Another connection committing rows as fast as it can, the way the running bot would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.committed = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, timeout=15)
            connection.execute("PRAGMA journal_mode=WAL")
            while not self.stop.is_set():
                with connection:
                    connection.executemany(
                        "INSERT INTO organizations (name, kind, timezone, created_at) "
                        "VALUES (?, 'school', 'Europe/Moscow', '2026-11-20 09:00:00')",
                        [(f"Школа {self.committed + i}",) for i in range(10)],
                    )
                self.committed += 10
            connection.close()
        except BaseException as exc:  # reported to the test, not lost in the thread
            self.error = exc


async def test_a_backup_taken_during_writes_restores_whole(tmp_path: Path) -> None:
    live = tmp_path / "data" / "bot.sqlite3"
    await _new_database(live)
    writer = Writer(live)
    writer.start()
    try:
        while writer.committed < 200:  # the writes are well under way
            await _sleep()
        copies = []
        for number in range(3):
            before = writer.committed
            info = backup(live, tmp_path / "backups" / f"copy{number}.sqlite3")
            after = writer.committed
            copies.append((info, before, after))
    finally:
        writer.stop.set()
        writer.join(10)
    assert writer.error is None, writer.error
    for info, before, after in copies:
        assert info.revision == _head()
        rows = _count(info.path)
        # one consistent snapshot: whole transactions only, taken between the two readings
        assert before <= rows <= after + 10
        assert rows % 10 == 0
        with sqlite3.connect(info.path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list((tmp_path / "backups").glob("*.part"))

    info, _, _ = copies[-1]
    target = tmp_path / "restored" / "bot.sqlite3"
    restored = restore(info.path, target, force=False, now=NOW)
    assert restored.revision == _head() == _revision(target)
    assert restored.previous is None
    assert _count(target) == _count(info.path)


async def _sleep() -> None:
    await asyncio.sleep(0.01)


async def test_restore_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    live = tmp_path / "bot.sqlite3"
    await _new_database(live)
    with sqlite3.connect(live) as connection:
        connection.execute(
            "INSERT INTO organizations (name, kind, timezone, created_at) "
            "VALUES ('Старая', 'school', 'Europe/Moscow', '2026-01-01 00:00:00')"
        )
    copy = backup(live, tmp_path / "copy.sqlite3").path
    with sqlite3.connect(live) as connection:
        connection.execute("DELETE FROM organizations")
        connection.execute(
            "INSERT INTO organizations (name, kind, timezone, created_at) "
            "VALUES ('Новая', 'school', 'Europe/Moscow', '2026-01-01 00:00:00')"
        )
    with pytest.raises(BackupError, match="already exists"):
        backup(live, copy)
    with pytest.raises(BackupError, match="--force"):
        restore(copy, live, force=False, now=NOW)
    with sqlite3.connect(live) as connection:
        assert connection.execute("SELECT name FROM organizations").fetchall() == [("Новая",)]

    info = restore(copy, live, force=True, now=NOW)
    with sqlite3.connect(live) as connection:
        assert connection.execute("SELECT name FROM organizations").fetchall() == [("Старая",)]
    # the database it replaced is kept beside it
    assert info.previous is not None
    with sqlite3.connect(info.previous) as connection:
        assert connection.execute("SELECT name FROM organizations").fetchall() == [("Новая",)]


async def test_only_sound_databases_of_a_known_revision_are_restored(tmp_path: Path) -> None:
    target = tmp_path / "bot.sqlite3"
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(8192))
    with pytest.raises(BackupError, match="not a database"):
        restore(garbage, target, force=True, now=NOW)

    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(BackupError, match="not a database of this bot"):
        restore(foreign, target, force=True, now=NOW)

    newer = tmp_path / "newer.sqlite3"
    await _new_database(newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    with pytest.raises(BackupError, match="unknown to this version"):
        inspect(newer)
    with pytest.raises(BackupError, match="no such file"):
        restore(tmp_path / "missing.sqlite3", target, force=False, now=NOW)
    assert not target.exists()

    # a forced restore over a file that is no database keeps its bytes and replaces it
    good = tmp_path / "good.sqlite3"
    await _new_database(good)
    target.write_bytes(b"not a database at all" * 100)
    info = restore(good, target, force=True, now=NOW)
    assert _revision(target) == _head()
    assert info.previous is not None
    assert info.previous.read_bytes().startswith(b"not a database")


def test_paths_and_postgres() -> None:
    assert sqlite_path("sqlite+aiosqlite:///data/bot.sqlite3") == Path.cwd() / "data/bot.sqlite3"
    assert sqlite_path("sqlite+aiosqlite:////srv/bot.sqlite3") == Path("/srv/bot.sqlite3")
    assert sqlite_path("postgresql+asyncpg://bot:secret@db/mentor") is None
    with pytest.raises(BackupError):
        sqlite_path("sqlite+aiosqlite://")
    assert default_backup_path(Path("/srv/data/bot.sqlite3"), NOW) == Path(
        "/srv/data/backups/bot-20261120-090000.sqlite3"
    )
    text = postgres_instructions("postgresql+asyncpg://bot:secret@db:5432/mentor")
    assert "pg_dump" in text
    assert "pg_restore" in text
    assert "secret" not in text
    assert "postgresql://bot:***@db:5432/mentor" in text


async def test_the_command_line(tmp_path: Path) -> None:
    await _new_database(tmp_path / "data" / "bot.sqlite3")

    default_url = f"sqlite+aiosqlite:///{tmp_path}/data/bot.sqlite3"

    def bot(*args: str, url: str = default_url) -> tuple[int, str]:
        done = run_cli(url, *args, cwd=tmp_path)
        return done.returncode, done.stdout + done.stderr

    stale = tmp_path / "data" / "backups" / "bot-20000101-000000.sqlite3"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x")
    code, out = bot("backup")
    assert code == 0, out
    assert not stale.exists()  # BACKUP_KEEP_DAYS (14) applies on every backup
    assert "removed a backup older than 14 days" in out
    made = list((tmp_path / "data" / "backups").glob("bot-*.sqlite3"))
    assert len(made) == 1
    assert f"schema {_head()}" in out
    copy = str(made[0])
    code, out = bot("restore", copy)
    assert code == 1
    assert "--force" in out
    code, out = bot("restore", copy, url=f"sqlite+aiosqlite:///{tmp_path}/fresh/bot.sqlite3")
    assert code == 0, out
    assert _revision(tmp_path / "fresh" / "bot.sqlite3") == _head()

    code, out = bot("backup", url="postgresql+asyncpg://bot:pw@localhost/mentor")
    assert code == 2
    assert "pg_dump" in out


def test_retention_deletes_copies_older_than_the_promise(tmp_path: Path) -> None:
    """A withdrawn person must be gone from every copy after BACKUP_KEEP_DAYS."""
    db = tmp_path / "bot.sqlite3"
    db.write_bytes(b"")
    (tmp_path / "backups").mkdir()
    ages = {"old": 15, "edge": 14, "new": 13}
    paths = {}
    for label, days in ages.items():
        made = NOW - timedelta(days=days, seconds=1 if label == "edge" else 0)
        paths[label] = default_backup_path(db, made)
        paths[label].write_bytes(b"x")
    kept_by_restore = (
        tmp_path / f"bot.before-restore-{NOW - timedelta(days=30):%Y%m%d-%H%M%S}.sqlite3"
    )
    kept_by_restore.write_bytes(b"x")
    foreign = tmp_path / "backups" / "notes-20200101-000000.sqlite3"
    foreign.write_bytes(b"x")
    removed = prune(db, 14, NOW)
    assert sorted(removed) == sorted([paths["old"], paths["edge"], kept_by_restore])
    assert paths["new"].exists()
    assert foreign.exists()  # not a file backup or restore made


async def test_backups_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    await _new_database(db)
    previous = os.umask(0o022)
    try:
        info = backup(db, default_backup_path(db, NOW))
    finally:
        os.umask(previous)
    assert info.path.stat().st_mode & 0o777 == 0o600

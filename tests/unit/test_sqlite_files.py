"""The SQLite database, its WAL and shared-memory files are private to the bot's user."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from bot.infra.db import create_engine


async def test_database_and_wal_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    previous = os.umask(0o002)  # a permissive umask: files would be 0664
    try:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (name TEXT)"))
            await connection.execute(text("INSERT INTO t VALUES ('Иванова')"))
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 1
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            for file in files:
                assert file.exists(), file
                assert file.stat().st_mode & 0o777 == 0o600, (file, oct(file.stat().st_mode))
        await engine.dispose()
    finally:
        os.umask(previous)


async def test_an_existing_world_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    await engine.dispose()
    assert path.stat().st_mode & 0o777 == 0o600

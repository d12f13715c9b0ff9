"""Backing up and restoring the SQLite database (``python -m bot backup`` / ``restore``).

The copy uses SQLite's online backup API in a single step: it reads one consistent snapshot
while the bot keeps writing (in WAL mode a reader never blocks the writer), so the bot need not
stop. Every file is checked before it is trusted: SQLite's ``quick_check`` and an Alembic
revision this code knows. PostgreSQL is backed up with its own tools (``pg_dump``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from models.migrations import alembic_config

# how long the copy waits for a writer's lock before giving up, seconds
LOCK_TIMEOUT = 30.0
_COMPANIONS = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """Refused or failed; the message is for the operator."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    size: int
    previous: Path | None = None  # restore: where the replaced database was kept


def sqlite_path(database_url: str) -> Path | None:
    """The database file of a SQLite URL (relative to the working directory, as the engine
    sees it); None for any other backend."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database).expanduser().absolute()


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def default_backup_path(db_path: Path, now: datetime) -> Path:
    return backups_dir(db_path) / f"{db_path.stem}-{now:%Y%m%d-%H%M%S}.sqlite3"


def prune(db_path: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete the backups, and the copies ``restore`` kept, older than ``keep_days``.

    This is the retention the README promises for withdrawn people (152-FZ): a withdrawal
    erases the live database at once and every copy of it within ``keep_days``. Age is read
    from the time in the file's name, which a copy or a restore of the file keeps; files not
    named by ``backup`` or ``restore`` are left alone.
    """
    cutoff = now - timedelta(days=keep_days)
    removed = []
    candidates = [
        *backups_dir(db_path).glob(f"{db_path.stem}-*.sqlite3"),
        *db_path.parent.glob(f"{db_path.stem}.before-restore-*.sqlite3"),
    ]
    for path in sorted(candidates):
        made = _stamp(path.stem)
        if made is not None and made < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _stamp(stem: str) -> datetime | None:
    try:
        return datetime.strptime(stem[-15:], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def known_revisions() -> dict[str, bool]:
    """Every migration revision of this code → whether it is the head."""
    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    return {rev.revision: rev.revision in heads for rev in script.walk_revisions()}


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(target, uri=read_only, timeout=LOCK_TIMEOUT)
    try:
        yield connection
    finally:
        connection.close()


def inspect(path: Path) -> str:
    """The file's schema revision, after checking it is a sound database this code knows."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with _connect(path, read_only=True) as connection:
            check = connection.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise BackupError(f"{path}: the database is damaged ({check})")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a database of this bot ({exc})") from exc
    if row is None:
        raise BackupError(f"{path}: no schema revision recorded")
    revision = str(row[0])
    if revision not in known_revisions():
        raise BackupError(
            f"{path}: schema revision {revision} is unknown to this version of the bot "
            "(made by a newer one?)"
        )
    return revision


def _copy(source: Path, target: Path) -> None:
    with _connect(source) as src, _connect(target) as dst:
        # pages=-1: the whole database in one step, from one snapshot; a step-wise copy would
        # restart each time the bot commits
        src.backup(dst, pages=-1)


def _snapshot(db_path: Path, out: Path) -> None:
    """A standalone copy at ``out``, written to a side file and moved in place when whole."""
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        # personal data: readable by the bot's own user only (umask may say otherwise)
        partial.touch(mode=0o600)
        os.chmod(partial, 0o600)
        _copy(db_path, partial)
        with _connect(partial) as connection:
            # no -wal/-shm companions to lose when the file is moved around
            connection.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def backup(db_path: Path, out: Path) -> BackupInfo:
    """Copy a live database to ``out`` (a new file), then check the copy."""
    if not db_path.is_file():
        raise BackupError(f"{db_path}: no such database")
    if out.exists():
        raise BackupError(f"{out} already exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        _snapshot(db_path, out)
    except sqlite3.Error as exc:
        raise BackupError(f"backup failed: {exc}") from exc
    try:
        revision = inspect(out)
    except BackupError:
        out.unlink()  # a copy that does not check out is not a backup
        raise
    return BackupInfo(out, revision, out.stat().st_size)


def restore(source: Path, db_path: Path, *, force: bool, now: datetime) -> BackupInfo:
    """Put a backup in place of the database; an existing one only with ``force``, and then
    a copy of it is kept next to it first (``<name>.before-restore-<time>.sqlite3``)."""
    revision = inspect(source)
    keep: Path | None = None
    if db_path.exists():
        if not force:
            raise BackupError(
                f"{db_path} already exists; stop the bot and repeat with --force to replace it"
            )
        keep = db_path.with_name(f"{db_path.stem}.before-restore-{now:%Y%m%d-%H%M%S}.sqlite3")
        try:
            _snapshot(db_path, keep)
        except sqlite3.DatabaseError:
            # whatever is there is not a readable database: keep its bytes as they are
            shutil.copyfile(db_path, keep)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        try:
            # through SQLite, not a file copy: the target's own journal (and a WAL left by a
            # crashed bot) stays consistent with the pages written into it
            _copy(source, db_path)
        except sqlite3.DatabaseError:
            if keep is None:
                raise
            # the file there is no database at all (its bytes are kept): start afresh, and
            # never let a stray -wal be replayed onto the restored pages
            for stale in (db_path, *(db_path.with_name(db_path.name + s) for s in _COMPANIONS)):
                stale.unlink(missing_ok=True)
            _copy(source, db_path)
    except sqlite3.Error as exc:
        raise BackupError(f"restore failed: {exc}") from exc
    restored = inspect(db_path)
    if restored != revision:
        raise BackupError(f"restore failed: {db_path} is at {restored}, expected {revision}")
    return BackupInfo(db_path, revision, db_path.stat().st_size, previous=keep)


def postgres_instructions(database_url: str) -> str:
    url = make_url(database_url).set(drivername="postgresql")
    safe = url.render_as_string(hide_password=True)
    return (
        "PostgreSQL is backed up with its own tools, which make a consistent dump of a live "
        "database:\n\n"
        f"  pg_dump --format=custom --file=mentorbot-$(date +%Y%m%d-%H%M%S).dump '{safe}'\n\n"
        "Restore into an empty database (stop the bots first), then start them — migrations "
        "bring an older dump up to date:\n\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname='{safe}' mentorbot-YYYYMMDD-HHMMSS.dump\n\n"
        "The password comes from PGPASSWORD or ~/.pgpass, never from the command line."
    )

"""Engine, sessions and schema migrations."""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.app.operator_errors import OperatorError, short_reason
from bot.infra.patches import sqlite_loop
from bot.infra.patches.guard import proven
from models.migrations import alembic_config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers proceed while one writer commits; the busy timeout makes concurrent
    # writers wait for the lock instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # deleted rows are overwritten with zeros, not left readable in free pages (152-FZ)
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


PRIVATE_FILE_MODE = 0o600


def protect_sqlite_files(database: Path) -> None:
    """The database file and its WAL and shared-memory files hold personal data: readable and
    writable by the bot's own user only, whatever the umask made them (152-FZ)."""
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                path.chmod(PRIVATE_FILE_MODE)


def create_engine(url: str, *, sqlite_worker_thread: bool = False, **kwargs: Any) -> AsyncEngine:
    """``sqlite_worker_thread``: run aiosqlite's calls in its own thread, as aiosqlite does by
    default, instead of on the event loop (``bot/infra/patches/sqlite_loop.py`` says why that is the default)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if (
            parsed.get_driver_name() == "aiosqlite"
            and not sqlite_worker_thread
            and proven("sqlite_loop", "aiosqlite")
        ):
            connect_args["async_creator_fn"] = sqlite_loop.connect
        kwargs.setdefault("connect_args", connect_args)
    elif parsed.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
        # a connection dropped by a restarted server or a proxy is replaced, not handed out
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).expanduser()
            # after the pragmas: WAL mode has created the -wal and -shm files by then
            event.listen(engine.sync_engine, "connect", lambda *_: protect_sqlite_files(path))
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def dialect_filter(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object``: skip schema items declared for another backend only
    (``Index(...).ddl_if(dialect=...)``), which autogenerate would otherwise report."""

    def include(obj: Any, _name: str | None, _type: str, _reflected: bool, _other: Any) -> bool:
        only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return only is None or only == dialect

    return include


def _upgrade(connection: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    _refuse_newer_schema(connection, cfg)
    command.upgrade(cfg, revision)


def _refuse_newer_schema(connection: Connection, cfg: Config) -> None:
    """A database a newer bot migrated has a revision this code has never heard of: say so,
    instead of Alembic's "Can't locate revision" and a traceback."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    current = MigrationContext.configure(connection).get_current_heads()
    script = ScriptDirectory.from_config(cfg)
    for revision in current:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise OperatorError(
                "operator-schema-newer", revision=revision, head=script.get_current_head() or "—"
            )


def _downgrade(connection: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.downgrade(cfg, revision)


# any constant shared by every instance of this bot; pg_advisory_xact_lock takes a bigint
MIGRATION_LOCK_ID = 0x6D656E746F72  # "mentor"


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe when several instances start at once.

    On PostgreSQL the first instance takes a transaction-scoped advisory lock and migrates; the
    others wait on the lock, then find the schema current and do nothing. SQLite serves one
    process, whose write lock already serializes this.
    """
    await check_reachable(engine)
    with _sqlite_file_lock(engine):
        async with engine.connect() as connection, _sqlite_foreign_keys_off(connection):
            if connection.dialect.name == "postgresql":
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID}
                )
            await connection.run_sync(_upgrade, revision)
            await connection.commit()
    log.info("database schema is at %s", revision)


async def check_reachable(engine: AsyncEngine) -> None:
    """Connect once: a refused connection, a wrong password, a missing database or an
    unwritable SQLite folder becomes one line for the operator instead of a traceback."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, DBAPIError) as exc:
        raise database_unreachable(engine, exc) from exc


def database_unreachable(engine: AsyncEngine, exc: BaseException) -> OperatorError:
    original = getattr(exc, "orig", None) or exc
    return OperatorError(
        "operator-database-unreachable",
        database=engine.url.render_as_string(hide_password=True),
        reason=short_reason(original),
    )


@contextlib.contextmanager
def running_lock(database_url: str) -> Iterator[None]:
    """Held (shared) by every bot process on a SQLite file for as long as it runs, so that
    ``restore`` can tell that the database is in use and refuse (``restore_lock``)."""
    path = _lock_path(database_url)
    if path is None:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def restore_lock(database_url: str) -> Iterator[None]:
    """Exclusive for the length of a restore; OperatorError when a bot holds the file."""
    path = _lock_path(database_url)
    if path is None:
        yield
        return
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OperatorError("operator-restore-bot-running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_path(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database or "").expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return Path(f"{path}.running-lock")


@contextlib.asynccontextmanager
async def _sqlite_foreign_keys_off(connection: AsyncConnection) -> AsyncIterator[None]:
    """SQLite changes a column by rebuilding its table (Alembic's batch mode), and dropping the
    old table with foreign keys on would cascade into every row that references it. Alembic's
    advice: turn enforcement off for the migration, then check the keys before going on.

    The pragma is a no-op inside a transaction, so it is the connection's first statement."""
    if connection.dialect.name != "sqlite":
        yield
        return
    await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} broken foreign keys: {broken[:5]}")
    finally:
        await connection.rollback()  # nothing is open after the commit; ends a failed one
        await connection.exec_driver_sql("PRAGMA foreign_keys=ON")


@contextlib.contextmanager
def _sqlite_file_lock(engine: AsyncEngine) -> Iterator[None]:
    """Two processes on one SQLite file (a rehearsal of scale-out) migrate one after the other:
    SQLite's deferred transactions would let both see an old schema and both try to change it."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # start-up only; nothing else runs yet
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


async def downgrade_database(engine: AsyncEngine, revision: str) -> None:
    async with engine.connect() as connection, _sqlite_foreign_keys_off(connection):
        await connection.run_sync(_downgrade, revision)
        await connection.commit()


async def scrub_deleted_pages(session: AsyncSession) -> None:
    """After an erasure: copy SQLite's WAL into the database and truncate it to zero bytes.

    The WAL keeps whole pages as they were before each change, the erased text included,
    until it is overwritten; a TRUNCATE checkpoint removes them. With ``secure_delete`` the
    database file itself then holds zeros where the rows were. Best effort: a reader in the
    middle of a long report keeps its pages, and the next scrub (or SQLite's own checkpoint
    once the reader is done) takes them. PostgreSQL's dead rows are vacuumed by autovacuum.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        await session.commit()
    row = (await session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))).one()
    await session.commit()
    if row[0]:
        log.info("WAL scrub deferred: a reader still holds old pages")

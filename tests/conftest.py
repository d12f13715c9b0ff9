from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.infra.db import create_engine, create_session_factory, upgrade_database
from bot.tg.i18n import LOCALES_DIR, Translator
from services.questionnaire.schema import Form, load_forms
from tests import backends

# Scripted users answer far faster than people; the per-user flood limit has tests of its own
# (test_flood, the fuzz test) and is off elsewhere, here and in the bot processes tests start.
os.environ.setdefault("FLOOD_RATE", "0")


@pytest.fixture(scope="session", autouse=True)
def _postgres_template() -> Iterator[None]:
    if backends.on_postgres():
        backends.drop_leftovers()
        backends.prepare_template()
        backends.prepare_shared()
    yield
    if backends.on_postgres():
        backends.drop_leftovers()
        backends.drop_database(backends.SHARED)
        backends.drop_database(backends.TEMPLATE)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A database of the test's own: a SQLite file, or a PostgreSQL database (tests/backends.py)."""
    if not backends.on_postgres():
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    yield backends.empty_shared()


@pytest.fixture
def fresh_db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database, not even migrated: for the migration tests."""
    if not backends.on_postgres():
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = backends.create_database(migrated=False)
    yield backends.async_url(name)
    backends.drop_database(name)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


@pytest.fixture(scope="session")
def forms() -> dict[str, Form]:
    return load_forms(LOCALES_DIR / "forms")


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator("ru")

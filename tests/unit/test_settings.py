"""Settings an operator writes: where the database is, its password, its driver."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.app.config import PROJECT_ROOT, Settings


def test_relative_sqlite_path_is_taken_from_the_project_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(bot_token="1:x", database_url="sqlite+aiosqlite:///data/bot.sqlite3")
    assert settings.database_url == f"sqlite+aiosqlite:///{PROJECT_ROOT}/data/bot.sqlite3"
    absolute = Settings(bot_token="1:x", database_url=f"sqlite+aiosqlite:///{tmp_path}/x.db")
    assert absolute.database_url == f"sqlite+aiosqlite:///{tmp_path}/x.db"


def test_database_password_with_url_characters_needs_no_escaping() -> None:
    password = "p@ss:w/rd#1%"
    settings = Settings(
        bot_token="1:x",
        database_url="postgresql+asyncpg://mentor@postgres:5432/mentor",
        database_password=password,
    )
    url = make_url(settings.database_url)
    assert url.password == password
    assert (url.host, url.port, url.database, url.username) == (
        "postgres",
        5432,
        "mentor",
        "mentor",
    )


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@h/db",
        "postgresql+psycopg2://u@h/db",
        "mysql+aiomysql://u@h/db",
        "sqlite:///x",
    ],
)
def test_unsupported_driver_is_named(url: str) -> None:
    with pytest.raises(ValidationError, match="is not supported; use sqlite\\+aiosqlite://"):
        Settings(bot_token="1:x", database_url=url)


def test_not_a_url() -> None:
    with pytest.raises(ValidationError, match="DATABASE_URL is not a database URL"):
        Settings(bot_token="1:x", database_url="data/bot.sqlite3")

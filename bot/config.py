"""Application settings, read from the environment or ``.env`` (pydantic-settings)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.matching.weights import MatchWeights

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_nested_delimiter="__",
    )

    bot_token: SecretStr = Field(description="Bot token from @BotFather")
    telegram_api_base: str = Field(
        default="https://api.telegram.org",
        description="Bot API server; point it at a local Bot API server or a test fake",
    )
    database_url: str = Field(
        default="sqlite+aiosqlite:///data/bot.sqlite3",
        description="SQLAlchemy async URL (sqlite+aiosqlite:// or postgresql+asyncpg://)",
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Telegram ids allowed to create organizations in chat"
    )
    default_locale: Literal["ru", "en"] = "ru"
    default_timezone: str = "Europe/Moscow"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # how long a new organization's curator link stays valid (it is single-use either way)
    curator_invite_ttl_days: int = Field(default=30, ge=1, le=365)
    polling_timeout: int = Field(default=30, ge=1, le=60)
    # weights of the pair score, e.g. MATCHING__SUBJECT=3 (services/matching/weights.py)
    matching: MatchWeights = Field(default_factory=MatchWeights)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone: {value}") from exc
        return value

    @property
    def curator_invite_ttl(self) -> timedelta:
        return timedelta(days=self.curator_invite_ttl_days)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()  # values come from the environment

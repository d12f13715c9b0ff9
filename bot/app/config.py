"""Application settings, read from the environment or ``.env`` (pydantic-settings)."""

from __future__ import annotations

import re
from datetime import time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.matching.weights import MatchWeights
from services.surveys.schedule import parse_month_day

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Telegram accepts 1-256 of these; 16 is our floor so a secret cannot be guessed
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{16,256}")


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def parse_duration(text: str) -> timedelta:
    """ "90s", "15m", "24h", "2d" → timedelta."""
    cleaned = text.strip().lower()
    if (
        len(cleaned) < 2
        or cleaned[-1] not in _UNITS
        or not cleaned[:-1].replace(".", "", 1).isdigit()
    ):
        raise ValueError(f"not a duration: {text!r} (use s, m, h or d, e.g. 24h)")
    return timedelta(seconds=float(cleaned[:-1]) * _UNITS[cleaned[-1]])


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        # the project's .env wherever the command is run from; one in the current folder wins
        env_file=(PROJECT_ROOT / ".env", ".env"),
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_nested_delimiter="__",
    )

    # required to run the bot; the set-up commands (create-org, migrate, report …) work without
    bot_token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    telegram_api_base: str = Field(
        default="https://api.telegram.org",
        description="Bot API server; point it at a local Bot API server or a test fake",
    )
    database_url: str = Field(
        default="sqlite+aiosqlite:///data/bot.sqlite3",
        description="SQLAlchemy async URL (sqlite+aiosqlite:// or postgresql+asyncpg://)",
    )
    # the database password apart from the URL: any characters (@ : / # …), no escaping needed
    database_password: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Telegram ids allowed to create organizations in chat"
    )
    # who answers for the personal data, as /privacy names them: the school, or the office or
    # company running the bot for several schools; unset, /privacy names the organization
    # a person joins (its name is in the invitation and the consent)
    operator_name: str | None = Field(default=None, max_length=300)
    operator_contact: str | None = Field(default=None, max_length=300)
    default_locale: Literal["ru", "en"] = "ru"
    default_timezone: str = "Europe/Moscow"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # errors to Sentry when set; personal data is scrubbed first (bot/infra/error_reporting.py)
    sentry_dsn: SecretStr | None = None
    sentry_environment: str = "production"
    # how long a new organization's curator link stays valid (it is single-use either way)
    parent_consent_until_age: Literal[14, 18] = Field(
        default=18,
        description="Pupils younger than this need a parent's consent: 18 asks for every minor "
        "(the default), 14 lets pupils of 14-17 consent themselves; under 14 always need one",
    )
    parent_request_days: int = Field(
        default=14,
        ge=1,
        le=60,
        description="Days a pupil's request waits for a parent's answer before it is erased",
    )
    curator_invite_ttl_days: int = Field(default=30, ge=1, le=365)
    polling_timeout: int = Field(default=30, ge=1, le=60)
    # weights of the pair score, e.g. MATCHING__SUBJECT=3 (services/matching/weights.py)
    matching: MatchWeights = Field(default_factory=MatchWeights)

    # meetings: deadlines of the first three after the pair starts, and the regular rhythm
    # (an organization may override the rhythm)
    meeting_deadlines_weeks: Annotated[tuple[int, int, int], NoDecode] = (1, 2, 3)
    meeting_every_weeks: int = Field(default=2, ge=1, le=8)
    # reminders before a meeting, e.g. "24h,1h" (units s, m, h, d)
    reminder_leads: Annotated[tuple[timedelta, ...], NoDecode] = (
        timedelta(hours=24),
        timedelta(hours=1),
    )
    quiet_hours: str = Field(default="21:00-08:00", pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$")
    # the mentor is asked "how did it go?" this long after the meeting's start
    log_prompt_after: Annotated[timedelta, NoDecode] = timedelta(hours=1)
    # a missing log is asked again after this, and after as long again goes to the curator
    log_reask_after: Annotated[timedelta, NoDecode] = timedelta(hours=48)
    # the weekly digest: weekday (0 = Monday) and local time in each organization's zone
    digest_weekday: int = Field(default=0, ge=0, le=6)
    digest_time: str = Field(default="09:00", pattern=r"^\d{1,2}:\d{2}$")
    # surveys: the interim survey opens on the organization's calendar's date (calendars/*.yaml);
    # this "MM-DD", when set, replaces the default calendar's date for the whole deployment (a
    # regional calendar and a school's own date win over it); a survey stays open this many
    # days, and non-responders are reminded this long after the invitation, e.g. "3d,7d"
    survey_interim_date: str | None = Field(default=None, pattern=r"^\d{2}-\d{2}$")
    survey_open_days: int = Field(default=14, ge=1, le=120)
    survey_remind_after: Annotated[tuple[timedelta, ...], NoDecode] = (
        timedelta(days=3),
        timedelta(days=7),
    )
    # how often the scheduler looks for due work, seconds
    scheduler_tick_seconds: float = Field(default=30.0, gt=0, le=3600)
    # outgoing messages per second for the whole bot (Telegram allows about 30)
    outbox_rate_per_second: float = Field(default=25.0, gt=0, le=30)
    # shifts the bot's clock: for rehearsals on a copy of the data, and for end-to-end tests
    clock_offset_seconds: float = 0.0
    # per-user flood limit, in each instance's memory: FLOOD_RATE updates per
    # FLOOD_PERIOD_SECONDS (a token bucket); the excess is dropped with one notice; 0 disables
    flood_rate: int = Field(default=20, ge=0, le=10_000)
    flood_period_seconds: float = Field(default=10.0, gt=0, le=3600)
    # backups (and copies kept by restore) older than this are deleted by `backup` and by the
    # bot's hourly housekeeping: a withdrawn person is gone from every copy after this many days
    backup_keep_days: int = Field(default=14, ge=1, le=3650)
    # handled update ids are remembered this long, so a re-delivered update is skipped;
    # Telegram gives up on an update after 24 h, so a shorter memory could let one through
    processed_updates_keep_hours: int = Field(default=48, ge=24, le=24 * 90)
    # while an update is handled, a reply Telegram refuses with 429 is sent again after its
    # retry_after, for at most this many seconds of waiting per update in total; 0 disables
    retry_after_budget_seconds: float = Field(default=30.0, ge=0, le=600)
    # a report's «⏳ Готовлю…» message shows its stages no more often than this, seconds:
    # Telegram allows about one message a second in a chat, edits included
    progress_interval_seconds: float = Field(default=1.0, ge=0, le=60)

    # --- scale-out (README "Production") ---
    # aiogram's RedisStorage for conversation state, and event isolation across instances
    redis_url: SecretStr | None = None
    # connections per instance; a burst of updates waits for one rather than failing
    redis_max_connections: int = Field(default=50, ge=2, le=10_000)
    # FSM keys are prefixed with this; several deployments may share one Redis
    redis_key_prefix: str = Field(default="fsm", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    # webhook mode when set: the public HTTPS URL Telegram posts updates to
    webhook_url: str | None = Field(default=None, pattern=r"^https://\S+$")
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; a request without it is refused
    webhook_secret: SecretStr | None = None
    # where this instance listens (behind the TLS-terminating proxy or load balancer)
    web_host: str = "0.0.0.0"  # a container listens on all its interfaces
    web_port: int = Field(default=8080, ge=1, le=65535)
    # /readyz fails when more outbox messages than this are due and unsent (a stuck sender,
    # or Telegram refusing us): a load balancer then stops sending updates to the instance
    ready_outbox_backlog: int = Field(default=5000, ge=1)
    # a sender's claim on a batch; a dead instance's batch is retried by another after it
    outbox_lease_seconds: float = Field(default=60.0, ge=2, le=3600)
    # SQLite: run aiosqlite's calls in its worker thread instead of on the event loop
    # (bot/infra/patches/sqlite_loop.py: 4× slower per statement, but a lock wait never stalls the loop)
    sqlite_worker_thread: bool = False
    # database connections per instance (PostgreSQL)
    db_pool_size: int = Field(default=10, ge=1, le=200)

    @model_validator(mode="after")
    def _resolve_database(self) -> Self:
        """A supported driver; the password from DATABASE_PASSWORD (any characters, no URL
        escaping); a relative SQLite path taken from the project folder, not the current one."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(self.database_url)
        except ArgumentError:
            raise ValueError(
                "DATABASE_URL is not a database URL; use sqlite+aiosqlite:///data/bot.sqlite3 "
                "or postgresql+asyncpg://user@host:5432/name"
            ) from None
        driver = f"{url.get_backend_name()}+{url.get_driver_name()}"
        if driver not in SUPPORTED_DRIVERS:
            raise ValueError(
                f"DATABASE_URL: the driver {driver} is not supported; use "
                + " or ".join(f"{d}://" for d in SUPPORTED_DRIVERS)
            )
        if self.database_password is not None:
            url = url.set(password=self.database_password.get_secret_value())
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database or "").expanduser()
            if not path.is_absolute():
                url = url.set(database=str(PROJECT_ROOT / path))
        self.database_url = url.render_as_string(hide_password=False)
        return self

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Self:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if self.webhook_secret is not None and not _SECRET_RE.fullmatch(secret):
            raise ValueError("WEBHOOK_SECRET: 16-256 characters A-Z, a-z, 0-9, _ and -")
        return self

    @property
    def webhook_path(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.webhook_url or "").path or "/"

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

    @field_validator("meeting_deadlines_weeks", mode="before")
    @classmethod
    def _weeks(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("reminder_leads", "survey_remind_after", mode="before")
    @classmethod
    def _leads(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(parse_duration(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("log_prompt_after", "log_reask_after", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @field_validator("survey_interim_date")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value:
            parse_month_day(value)
        return value or None

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
    def quiet(self) -> tuple[time, time]:
        start, end = self.quiet_hours.split("-")
        return _clock_time(start), _clock_time(end)

    @property
    def digest_at(self) -> time:
        return _clock_time(self.digest_time)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()  # values come from the environment

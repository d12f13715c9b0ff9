"""Where the schema's migrations live, for the bot's start-up and for the backup's check alike.

Here, beside the models they migrate, so that services (the backup) reach them without
importing the Telegram side of the bot.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg

"""Run ``python -m bot <command>`` against a test's database, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_cli(db_url: str, *args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    """``cwd``: where a relative SQLite path (and ``data/backups``) is taken from."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "BOT_TOKEN": "1:x",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

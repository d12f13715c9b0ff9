"""Run ``python -m bot <command>`` against a test's database, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    db_url: str,
    *args: str,
    cwd: Path = PROJECT_ROOT,
    token: str | None = "1:x",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``cwd``: the working folder; ``token=None`` runs without BOT_TOKEN."""
    extra_env = env or {}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
        "DATABASE_URL": db_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
        **extra_env,
    }
    if token is not None:
        env["BOT_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

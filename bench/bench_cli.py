"""What an operator waits for: a restart of scripts/run.sh when nothing changed, and the
set-up commands of the command line.

    python bench/bench_cli.py [--runs 7]

Prints the median and the slowest of N runs of:
* ``scripts/install.sh requirements/run.txt`` on an installed, current venv (the part of
  ``scripts/run.sh`` before ``python -m bot`` starts);
* ``python -m bot --help`` (the interpreter, the package, the argument parser);
* ``python -m bot create-org`` without BOT_TOKEN on a migrated SQLite file;
* ``python -m bot migrate`` on a current database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def _timed(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _report(name: str, seconds: list[float]) -> None:
    print(f"{name:<44} median {statistics.median(seconds):6.2f} s   max {max(seconds):6.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args(argv).runs
    python = str(PYTHON if PYTHON.exists() else Path(sys.executable))
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        env["LOG_LEVEL"] = "WARNING"
        subprocess.run([python, "-m", "bot", "migrate"], cwd=ROOT, env=env, check=True)
        cases: list[tuple[str, list[str]]] = [
            ("install.sh, nothing changed", ["scripts/install.sh", "requirements/run.txt"]),
            ("python -m bot --help", [python, "-m", "bot", "--help"]),
            ("python -m bot create-org (no token)", [python, "-m", "bot", "create-org", "Школа"]),
            ("python -m bot migrate (current)", [python, "-m", "bot", "migrate"]),
        ]
        for name, command in cases:
            _timed(command, env)  # warm the file cache once
            _report(name, [_timed(command, env) for _ in range(runs)])


if __name__ == "__main__":
    main()

"""The patches run only on the versions they were proven with, and the lock agrees with them."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.infra.patches import guard as patch_guard
from bot.infra.patches.guard import PROVEN, installed_version, matches, proven

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("installed", "series", "expected"),
    [
        ("3.31.0", ("3.31",), True),
        ("3.31.12", ("3.31",), True),
        ("3.310.0", ("3.31",), False),
        ("3.32.0", ("3.31",), False),
        ("2.13", ("2.13",), True),
        ("0.22.1", ("0.21", "0.22"), True),
    ],
)
def test_series_match(installed: str, series: tuple[str, ...], expected: bool) -> None:
    assert matches(installed, series) is expected


def test_installed_versions_are_the_proven_ones() -> None:
    """The venv the tests run in holds what the lock pins: the patches are exercised."""
    for package, series in PROVEN.items():
        installed = installed_version(package)
        assert installed is not None
        assert matches(installed, series), (package, installed, series)


@pytest.mark.parametrize("lock", ["requirements/run.txt", "requirements/dev.txt"])
def test_lock_pins_proven_versions(lock: str) -> None:
    text = (ROOT / lock).read_text(encoding="utf-8")
    for package, series in PROVEN.items():
        found = re.search(rf"^{package}==([\w.]+)", text, re.MULTILINE)
        assert found is not None, f"{package} is not pinned in {lock}"
        assert matches(found.group(1), series), (lock, package, found.group(1))


def test_unproven_version_warns_once_and_refuses(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    proven.cache_clear()
    monkeypatch.setitem(patch_guard.PROVEN, "aiosqlite", ("0.1",))
    try:
        with caplog.at_level(logging.WARNING, logger="bot.infra.patches.guard"):
            assert proven("sqlite_loop", "aiosqlite") is False
            assert proven("sqlite_loop", "aiosqlite") is False
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "sqlite_loop skipped: aiosqlite" in warnings[0].getMessage()
        assert "0.1.x" in warnings[0].getMessage()
    finally:
        proven.cache_clear()


def test_missing_package_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    proven.cache_clear()
    monkeypatch.setitem(patch_guard.PROVEN, "no-such-package-xyz", ("1.0",))
    try:
        assert proven("test_patch", "no-such-package-xyz") is False
    finally:
        proven.cache_clear()


@pytest.mark.parametrize("is_proven", [True, False])
async def test_sqlite_loop_only_on_proven_aiosqlite(
    monkeypatch: pytest.MonkeyPatch, is_proven: bool
) -> None:
    from bot.infra.db import create_engine
    from bot.infra.patches import sqlite_loop

    used: list[bool] = []
    original = sqlite_loop.connect

    def recording(*args: object, **kwargs: object) -> sqlite_loop.EventLoopConnection:
        used.append(True)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    proven.cache_clear()
    if not is_proven:
        monkeypatch.setitem(patch_guard.PROVEN, "aiosqlite", ("0.1",))
    monkeypatch.setattr(sqlite_loop, "connect", recording)
    try:
        engine = create_engine("sqlite+aiosqlite:///:memory:")
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("select 1")).scalar() == 1
        await engine.dispose()
    finally:
        proven.cache_clear()
    assert bool(used) is is_proven

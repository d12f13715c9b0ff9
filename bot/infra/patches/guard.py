"""Each of the bot's patches runs only on the library versions it was proven against.

``bot/infra/patches/lazy_types.py``, ``bot/infra/patches/sqlite_loop.py`` and ``bot/infra/patches/inline_filters.py`` reach into private
internals of aiogram, pydantic and aiosqlite to save memory and CPU. The lock file pins the
versions they were measured and tested with (``PROVEN``). Anything else installed — an operator
who upgraded one package, a distribution's build — gets the library's plain path and one
WARNING line saying which patch was skipped: slower, never broken.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import PackageNotFoundError, version

logger = logging.getLogger(__name__)

# package → the release series each patch was proven on ("3.31" admits 3.31.x); keep these in
# step with requirements/*.txt: tests/unit/test_patch_guard.py fails when they drift apart
PROVEN: dict[str, tuple[str, ...]] = {
    "aiogram": ("3.31",),
    "pydantic": ("2.13",),
    "aiosqlite": ("0.22",),
}


def matches(installed: str, series: tuple[str, ...]) -> bool:
    return any(installed == s or installed.startswith(f"{s}.") for s in series)


def installed_version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


@cache
def proven(patch: str, *packages: str) -> bool:
    """True when every package is at a proven version; else one WARNING for this patch."""
    for package in packages:
        installed = installed_version(package)
        if installed is None or not matches(installed, PROVEN[package]):
            logger.warning(
                "%s skipped: %s %s is not the version it was proven with (%s); "
                "using the library's own path",
                patch,
                package,
                installed or "(not installed)",
                ", ".join(f"{s}.x" for s in PROVEN[package]),
            )
            return False
    return True

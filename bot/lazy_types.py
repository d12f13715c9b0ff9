"""Let pydantic build aiogram's Telegram types on first use instead of all ~300 at import.

``aiogram.types`` ends with a loop that calls ``model_rebuild()`` on every Telegram type, which
builds each one's pydantic-core validator and serializer at once: a bare ``import aiogram`` costs
about 150 MB of resident memory and 3 s here (aiogram issue #1513). The bot meets a few dozen of
those types. The types are declared ``defer_build=True`` already; only that loop defeats it.

While ``aiogram.types`` is imported, ``model_rebuild`` is replaced by a function that copies the
namespace aiogram passes (every type by name) into the type's own module, so that pydantic can
resolve the forward references when it builds the type on first use, and returns without
building. The original ``model_rebuild`` is restored right after the import.
``tests/unit/test_lazy_types.py`` builds every type and method this way, so an aiogram upgrade
that breaks the trick fails the tests, not a user's update.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

_AIOGRAM_PREFIX = "aiogram."


def _record_namespace(
    cls: type[BaseModel],
    *,
    force: bool = False,
    raise_errors: bool = True,
    _parent_namespace_depth: int = 2,
    _types_namespace: Any = None,
) -> bool | None:
    if force or _types_namespace is None or not cls.__module__.startswith(_AIOGRAM_PREFIX):
        rebuilt: bool | None = _ORIGINAL_REBUILD(
            cls,
            force=force,
            raise_errors=raise_errors,
            _parent_namespace_depth=_parent_namespace_depth,
            _types_namespace=_types_namespace,
        )
        return rebuilt
    module_globals = sys.modules[cls.__module__].__dict__
    for name, value in _types_namespace.items():
        module_globals.setdefault(name, value)
    return None


_ORIGINAL_DESCRIPTOR = BaseModel.__dict__["model_rebuild"]
_ORIGINAL_REBUILD: Any = _ORIGINAL_DESCRIPTOR.__func__


def import_aiogram_types_lazily() -> bool:
    """Import ``aiogram.types`` with deferred schemas; False when it was imported already."""
    if "aiogram.types" in sys.modules:
        return False
    BaseModel.model_rebuild = classmethod(_record_namespace)  # type: ignore[assignment,method-assign]
    try:
        import aiogram.types  # noqa: F401
    finally:
        BaseModel.model_rebuild = _ORIGINAL_DESCRIPTOR  # type: ignore[method-assign]
    return True

"""Let pydantic build aiogram's Telegram types on first use instead of all ~300 at import.

``aiogram.types`` ends with a loop that calls ``model_rebuild()`` on every Telegram type, which
builds each one's pydantic-core validator and serializer at once: a bare ``import aiogram`` costs
about 150 MB of resident memory and 3 s here (aiogram issue #1513). The bot meets a few dozen of
those types. The types are declared ``defer_build=True`` already; only that loop defeats it.

An import hook (``install``, run by ``bot/__init__.py``) wraps the import of ``aiogram.types``:
while it runs, ``model_rebuild`` is replaced by a function that copies the namespace aiogram
passes (every type by name) into the type's own module, so that pydantic can resolve the forward
references when it builds the type on first use, and returns without building. The original
``model_rebuild`` is restored right after the import. A hook rather than an eager import, so
that the command line and scripts that never touch aiogram do not load it.
``tests/unit/test_update_plumbing.py`` builds every type and method this way, so an aiogram
upgrade that breaks the trick fails the tests, not a user's update.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from bot.infra.patches.guard import proven

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


@contextlib.contextmanager
def _rebuilds_deferred() -> Iterator[None]:
    BaseModel.model_rebuild = classmethod(_record_namespace)  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        BaseModel.model_rebuild = _ORIGINAL_DESCRIPTOR  # type: ignore[method-assign]


class _DeferringLoader(importlib.abc.Loader):
    """``aiogram.types``' own loader, run with ``model_rebuild`` deferred."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with _rebuilds_deferred():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package… for tools
        return getattr(self._loader, name)


class _AiogramTypesFinder(importlib.abc.MetaPathFinder):
    """Finds ``aiogram.types`` as the normal finders do and hands it the deferring loader;
    costs nothing until something imports aiogram (the command line mostly does not)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "aiogram.types":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _DeferringLoader(spec.loader)
        return spec


def install() -> bool:
    """Defer aiogram's schemas from now on; False when ``aiogram.types`` is already imported
    or the installed aiogram/pydantic are not the versions this was proven with."""
    if "aiogram.types" in sys.modules:
        return False
    if not proven("lazy_types", "aiogram", "pydantic"):
        return False
    if not any(isinstance(finder, _AiogramTypesFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AiogramTypesFinder())
    return True

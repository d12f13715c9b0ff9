"""The layers stay where docs/architecture.md puts them, checked on the source itself.

- ``services/`` and ``models/`` are plain Python: they import neither aiogram nor the bot's
  Telegram side, so domain logic is tested without a dispatcher and reused by jobs and the CLI.
- ``handlers/`` hold no SQL: they parse, call a service and render. A handler may still name
  ``AsyncSession`` to hand the update's session to a service.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, imported names) of every import in the file, nested ones included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def _is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("folder", ["services", "models"])
def test_domain_layers_import_no_telegram_side(folder: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files(folder)
        for line, module, _ in _imports(path)
        if _is_under(module, "aiogram") or _is_under(module, "bot") or _is_under(module, "handlers")
    ]
    assert offenders == []


# what a handler may take from SQLAlchemy: the session's type, to pass it on
ALLOWED_FROM_SQLALCHEMY = {("sqlalchemy.ext.asyncio", "AsyncSession")}


def test_handlers_hold_no_sql() -> None:
    offenders = []
    for path in _python_files("handlers"):
        for line, module, names in _imports(path):
            if not _is_under(module, "sqlalchemy"):
                continue
            for name in names or ["*"]:
                if (module, name) not in ALLOWED_FROM_SQLALCHEMY:
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}.{name}")
    assert offenders == []


def test_the_checks_see_real_files() -> None:
    # a moved folder would otherwise make both checks pass over nothing
    assert len(_python_files("services")) > 50
    assert len(_python_files("handlers")) > 20
    assert any(
        module == "sqlalchemy.ext.asyncio"
        for _, module, _ in _imports(ROOT / "handlers" / "menu.py")
    )


def _factories() -> dict[str, set[str]]:
    from aiogram.filters.callback_data import CallbackData

    from bot.tg import callbacks

    return {
        name: set(value.model_fields)
        for name, value in vars(callbacks).items()
        if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData
    }


def _magic_fields(node: ast.AST) -> Iterator[str]:
    """The first attribute of every ``F.…`` chain inside ``node``."""
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Attribute)
            and isinstance(child.value, ast.Name)
            and child.value.id == "F"
        ):
            yield child.attr


def test_every_callback_built_or_filtered_names_real_fields() -> None:
    # pydantic ignores an unknown keyword and a magic filter on a missing field never matches:
    # a field renamed in bot/tg/callbacks.py but not at a call site would fail silently
    factories = _factories()
    assert {"PairCb", "MeetingCb", "AnswerCb"} <= factories.keys()
    offenders = []
    checked = 0
    for folder in ("bot", "handlers", "scheduler", "tests"):
        for path in _python_files(folder):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                if isinstance(func, ast.Name) and func.id in factories:
                    fields = factories[func.id]
                    names = [k.arg for k in node.keywords if k.arg is not None]
                elif (
                    isinstance(func, ast.Attribute)
                    and func.attr == "filter"
                    and isinstance(func.value, ast.Name)
                    and func.value.id in factories
                ):
                    fields = factories[func.value.id]
                    names = [name for arg in node.args for name in _magic_fields(arg)]
                else:
                    continue
                checked += 1
                offenders += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                    for name in names
                    if name not in fields
                ]
    assert checked > 300
    assert offenders == []

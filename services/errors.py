"""Domain errors carry a locale key, so handlers can answer politely without if-chains."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class AccessDenied(DomainError):
    def __init__(self) -> None:
        super().__init__("error-no-access")


class NotFound(DomainError):
    def __init__(self) -> None:
        super().__init__("error-not-found")

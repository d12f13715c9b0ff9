"""Translations in Project Fluent files: ``locales/<locale>/*.ftl``.

Fluent handles Russian plural forms (one/few/many) in the data files, so code never builds
sentences from pieces. A missing message falls back to the default locale and is logged; the
locale check in the test suite keeps that from happening in practice.

Pupils are addressed with «ты»: ``locales/<locale>/pupil/*.ftl`` is an optional overlay of the
shared messages a pupil sees, looked up first for a person with an age band. A key missing
there falls back to the ordinary text, so the overlay holds only what reads differently.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk

from bot.app.config import PROJECT_ROOT

log = logging.getLogger(__name__)

LOCALES_DIR = PROJECT_ROOT / "locales"
SUPPORTED_LOCALES: tuple[str, ...] = ("ru", "en")
PUPIL_DIR = "pupil"


class Addressee(Protocol):
    """Whom a text is for: a ``models.User`` (pupils have an age band, adults none)."""

    @property
    def locale(self) -> str: ...

    @property
    def age_band(self) -> object | None: ...


def load_bundle(locale: str, directory: Path = LOCALES_DIR) -> FluentBundle:
    files = sorted((directory / locale).glob("*.ftl"))
    if not files:
        raise FileNotFoundError(f"no .ftl files for locale {locale} in {directory}")
    return _bundle(locale, files)


def load_pupil_bundle(locale: str, directory: Path = LOCALES_DIR) -> FluentBundle:
    """The «ты» overlay; empty when the locale has none (English has no ты/вы)."""
    return _bundle(locale, sorted((directory / locale / PUPIL_DIR).glob("*.ftl")))


def _bundle(locale: str, files: list[Path]) -> FluentBundle:
    bundle = FluentBundle([locale], use_isolating=False)
    for path in files:
        resource = FluentResource(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, Junk)]
        if junk:
            raise ValueError(f"{path}: cannot parse {junk[0].content!r}")
        bundle.add_resource(resource)
    return bundle


class Translator:
    """All locales' bundles, loaded once at start-up."""

    def __init__(self, default_locale: str = "ru", directory: Path = LOCALES_DIR) -> None:
        self.default_locale = default_locale
        self.bundles = {loc: load_bundle(loc, directory) for loc in SUPPORTED_LOCALES}
        self.pupil_bundles = {loc: load_pupil_bundle(loc, directory) for loc in SUPPORTED_LOCALES}

    def supports(self, locale: str | None) -> bool:
        return locale in self.bundles

    def message_ids(self, locale: str) -> set[str]:
        return set(self.bundles[locale]._messages)

    def get(
        self,
        locale: str,
        key: str,
        args: Mapping[str, Any] | None = None,
        *,
        pupil: bool = False,
    ) -> str:
        for loc, bundle in self._lookup_order(locale, pupil=pupil):
            if not bundle.has_message(key):
                continue
            message = bundle.get_message(key)
            if message.value is None:
                continue
            text, errors = bundle.format_pattern(message.value, dict(args or {}))
            if errors:
                log.warning("locale %s, message %s: %s", loc, key, errors)
            return str(text)
        log.error("missing translation %s", key)
        return key

    def _lookup_order(self, locale: str, *, pupil: bool) -> list[tuple[str, FluentBundle]]:
        order: list[tuple[str, FluentBundle]] = []
        for loc in (locale, self.default_locale):
            if pupil and loc in self.pupil_bundles:
                order.append((loc, self.pupil_bundles[loc]))
            if loc in self.bundles:
                order.append((loc, self.bundles[loc]))
        return order

    def bind(self, locale: str, *, pupil: bool = False) -> I18n:
        return I18n(self, locale if self.supports(locale) else self.default_locale, pupil=pupil)

    def for_user(self, user: Addressee) -> I18n:
        """The person's language, with «ты» for a pupil."""
        return self.bind(user.locale, pupil=user.age_band is not None)


class I18n:
    """The translator bound to one user's locale; handlers call ``i18n("key", name=...)``."""

    def __init__(self, translator: Translator, locale: str, *, pupil: bool = False) -> None:
        self.translator = translator
        self.locale = locale
        self.pupil = pupil

    def __call__(self, key: str, /, **args: Any) -> str:
        return self.translator.get(self.locale, key, args, pupil=self.pupil)

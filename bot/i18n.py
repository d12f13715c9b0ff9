"""Translations in Project Fluent files: ``locales/<locale>/*.ftl``.

Fluent handles Russian plural forms (one/few/many) in the data files, so code never builds
sentences from pieces. A missing message falls back to the default locale and is logged; the
locale check in the test suite keeps that from happening in practice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk

from bot.config import PROJECT_ROOT

log = logging.getLogger(__name__)

LOCALES_DIR = PROJECT_ROOT / "locales"
SUPPORTED_LOCALES: tuple[str, ...] = ("ru", "en")


def load_bundle(locale: str, directory: Path = LOCALES_DIR) -> FluentBundle:
    bundle = FluentBundle([locale], use_isolating=False)
    files = sorted((directory / locale).glob("*.ftl"))
    if not files:
        raise FileNotFoundError(f"no .ftl files for locale {locale} in {directory}")
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

    def supports(self, locale: str | None) -> bool:
        return locale in self.bundles

    def message_ids(self, locale: str) -> set[str]:
        return set(self.bundles[locale]._messages)

    def get(self, locale: str, key: str, args: Mapping[str, Any] | None = None) -> str:
        for loc in (locale, self.default_locale):
            bundle = self.bundles.get(loc)
            if bundle is None or not bundle.has_message(key):
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

    def bind(self, locale: str) -> I18n:
        return I18n(self, locale if self.supports(locale) else self.default_locale)


class I18n:
    """The translator bound to one user's locale; handlers call ``i18n("key", name=...)``."""

    def __init__(self, translator: Translator, locale: str) -> None:
        self.translator = translator
        self.locale = locale

    def __call__(self, key: str, /, **args: Any) -> str:
        return self.translator.get(self.locale, key, args)

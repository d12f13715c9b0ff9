"""Locale tooling: every message exists in every language, with the same placeholders,
and every key the code asks for is defined (a missing string fails the build, not a user)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.tg.commands import COMMANDS
from bot.tg.i18n import LOCALES_DIR, PUPIL_DIR, SUPPORTED_LOCALES, Translator
from bot.tg.views.zones import RUSSIAN_ZONES, zone_key
from models import (
    AnnouncementKind,
    AssignmentState,
    CarryAnswer,
    ConsentKind,
    MeetingKindDb,
    MentoringForm,
    MentoringType,
    OrgKind,
    ProgramState,
    Reply,
    Role,
)
from services.matching import UnmatchedReason
from services.meetings.calendar import YearlyEvent
from services.meetings.digest import STAGE_ORDER
from services.meetings.plan import PeriodUnit
from services.pairing.service import DECLINE_REASONS, END_REASONS
from services.surveys.forms import SURVEY_FORM_IDS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "services", "scheduler")
# a key passed straight to a translator or a domain error
STATIC_KEY = re.compile(
    r"""(?:i18n|ci18n|Invalid|DomainError|__init__|\.get\(\s*\w+,)\(?\s*["']([a-z][a-z0-9_]*-[a-z0-9_-]+)["']"""
)
# any string literal shaped like a key (keys picked in a conditional expression, for instance)
KEY_LITERAL = re.compile(r"""["']([a-z][a-z0-9_]*-[a-z0-9_-]+)["']""")
# keys built at run time from enumerations
DYNAMIC_KEYS = (
    {zone_key(zone) for zone in RUSSIAN_ZONES}
    | {f"role-{r.value}" for r in Role}
    | {f"help-{r.value}" for r in Role}
    | {f"q-completed-{r.value}" for r in Role}
    | {f"org-kind-{k.value}" for k in OrgKind}
    | {f"consent-kind-{k.value}" for k in ConsentKind}
    | {f"cmd-{name}" for name in COMMANDS}
    | {f"form-{f.value}" for f in MentoringForm}
    | {f"type-{t.value}" for t in MentoringType}
    | {f"state-{s.value}" for s in AssignmentState}
    | {f"reply-{r.value}" for r in Reply}
    | {f"decline-{code}" for code in DECLINE_REASONS}
    | {f"end-{code}" for code in END_REASONS}
    | {f"unmatched-{r.value}" for r in UnmatchedReason}
    | {"unmatched-declined", "unmatched-awaiting"}
    | {f"meeting-kind-{k.value}" for k in MeetingKindDb}
    | {f"stage-{stage}" for stage in STAGE_ORDER}
    | {f"plan-period-{unit.value}" for unit in PeriodUnit}
    | {f"month-{number}" for number in range(1, 13)}
    | {f"btn-log-{outcome}" for outcome in ("held", "moved", "missed")}
    | {f"meeting-ask-place-{fmt}" for fmt in ("offline", "online")}
    | {"q-completed-meeting_log"}
    | {f"calendar-{event.value}" for event in YearlyEvent}
    | {f"carry-answer-{answer.value}" for answer in CarryAnswer}
    | {f"carry-answered-{answer.value}" for answer in CarryAnswer if answer.value != "pending"}
    | {f"q-completed-{form_id}" for form_id in SURVEY_FORM_IDS}
    | {f"announce-kind-{k.value}" for k in AnnouncementKind}
    | {f"announce-role-{r.value}" for r in Role}
    | {f"program-state-{s.value}" for s in ProgramState}
    | {f"program-form-{fmt}" for fmt in ("offline", "online")}
)
# literals shaped like keys that are not keys
NOT_KEYS = {"utf-8", "create-org", "set-org", "outbox-sender"}


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _messages(locale: str, folder: str = "") -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / locale / folder).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: {entry.content!r}"
            if isinstance(entry, ast.Message):
                names = _Variables()
                names.visit(entry)
                assert entry.id.name not in result, f"{locale}: {entry.id.name} defined twice"
                result[entry.id.name] = names.names
    return result


def _scan(pattern: re.Pattern[str]) -> set[str]:
    keys: set[str] = set()
    for folder in CODE_DIRS:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def _used_keys() -> set[str]:
    return _scan(STATIC_KEY) | (_scan(KEY_LITERAL) - NOT_KEYS) | DYNAMIC_KEYS


def test_every_locale_has_the_same_messages_and_placeholders() -> None:
    reference = _messages("ru")
    for locale in SUPPORTED_LOCALES:
        messages = _messages(locale)
        assert set(messages) == set(reference), f"{locale}: {set(messages) ^ set(reference)}"
        for key, variables in reference.items():
            assert messages[key] == variables, f"{locale}/{key}: {messages[key]} != {variables}"


def test_every_key_the_code_uses_is_defined() -> None:
    defined = set(_messages("ru"))
    used = _used_keys()
    assert len(used) > 50  # the scanner really finds the code's keys
    assert used - defined == set()


def test_no_message_is_left_unused() -> None:
    assert set(_messages("ru")) - _scan(KEY_LITERAL) - DYNAMIC_KEYS == set()


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_renders(translator: Translator, locale: str) -> None:
    for key, variables in _messages(locale).items():
        text = translator.get(locale, key, dict.fromkeys(variables, 3))
        assert text
        assert text != key
        assert "{" not in text, f"{locale}/{key}: {text}"


# «вы» as a word: «Выбери», «выполнить», «вышел» are words of their own
ADULT_ADDRESS = re.compile(r"\b(?:вы|вас|вам|вами|ваш\w*)\b", re.IGNORECASE)
# a «вы» imperative («Напишите», «Выберите», «Проверьте», «Подождите»)
ADULT_IMPERATIVE = re.compile(r"\b\w+(?:ите|йте|ьте)\b", re.IGNORECASE)
# plural «you two», not a polite «вы»: «когда договоритесь» with the partner
TOGETHER = {"договоритесь"}


def _pupil_texts(locale: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / locale / PUPIL_DIR).glob("*.ftl")):
        source = path.read_text(encoding="utf-8")
        for entry in FluentParser().parse(source).body:
            if isinstance(entry, ast.Message) and entry.span is not None:
                texts[entry.id.name] = source[entry.span.start : entry.span.end]
    return texts


def test_the_pupil_overlay_exists_and_parses() -> None:
    overlay = _messages("ru", PUPIL_DIR)  # asserts no junk and no key twice
    assert len(overlay) > 50
    for locale in SUPPORTED_LOCALES:
        _messages(locale, PUPIL_DIR)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_pupil_overlay_only_rewords_messages_of_its_locale(locale: str) -> None:
    base = _messages(locale)
    for key, variables in _messages(locale, PUPIL_DIR).items():
        assert key in base, f"{locale}/{PUPIL_DIR}/{key}: not a message of {locale}"
        assert variables == base[key], f"{locale}/{PUPIL_DIR}/{key}: {variables} != {base[key]}"


def test_the_pupil_overlay_never_says_vy() -> None:
    texts = _pupil_texts("ru")
    assert texts
    for key, text in texts.items():
        assert not ADULT_ADDRESS.search(text), f"{key}: {text}"
        imperatives = set(ADULT_IMPERATIVE.findall(text.lower())) - TOGETHER
        assert not imperatives, f"{key}: {imperatives}"


def test_the_vy_check_can_fail() -> None:
    assert ADULT_ADDRESS.search("✅ Вы согласились")
    assert ADULT_ADDRESS.search("Ваш наставник вышел")
    assert ADULT_ADDRESS.search("что бот о вас хранит")
    assert not ADULT_ADDRESS.search("Выбери дату, чтобы выполнить план; наставник вышел")
    assert ADULT_IMPERATIVE.findall("Проверьте анкету и нажмите") == ["Проверьте", "нажмите"]
    assert not ADULT_IMPERATIVE.findall("Проверь анкету и нажми «Готово»")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_pupil_message_renders(translator: Translator, locale: str) -> None:
    for key, variables in _messages(locale, PUPIL_DIR).items():
        text = translator.get(locale, key, dict.fromkeys(variables, 3), pupil=True)
        assert text != translator.get(locale, key, dict.fromkeys(variables, 3)), key
        assert "{" not in text, f"{locale}/{PUPIL_DIR}/{key}: {text}"

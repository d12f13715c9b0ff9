"""Conversations from the fake's chat log as text: "screenshots" of the bot for docs/flows.md.

Each event becomes a few lines: what the user sent or pressed, and every bot message, edit,
deletion and toast with its inline keyboard drawn row by row (``[ Да ] [ Нет ]``). Volatile
bits (invite tokens, ...) go through a :class:`Normalizer` so the text is the same every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import ChatEvent

USER = "👤"
BOT = "🤖"
INDENT = "   "
PRESSED = "[нажата кнопка: {}]"
FORGED = "?"  # a press whose data no button on the message carried
EDITED = "(сообщение изменено)"
DELETED = "(сообщение удалено)"
TOAST = "(всплывающее уведомление)"
FILE = "📎"
NOTE = "⏩"

# invite links and /start payloads are random per run; a bare token after /start as well
DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    (r"(start=)[A-Za-z0-9_-]+", r"\1<TOKEN>"),
    (r"(/start )[A-Za-z0-9_-]{6,}", r"\1<TOKEN>"),
)


@dataclass
class Normalizer:
    """Regex substitutions applied, in order, to every text, button and file name."""

    rules: Sequence[tuple[str, str]] = DEFAULT_RULES
    _compiled: list[tuple[re.Pattern[str], str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._compiled = [(re.compile(pattern), repl) for pattern, repl in self.rules]

    def __call__(self, text: str) -> str:
        for pattern, repl in self._compiled:
            text = pattern.sub(repl, text)
        return text


def keyboard_rows(markup: Mapping[str, Any] | None, normalize: Normalizer) -> list[str]:
    """One line per inline keyboard row; a link button is marked with ↗."""
    rows = (markup or {}).get("inline_keyboard") or []
    lines = []
    for row in rows:
        cells = []
        for button in row:
            label = normalize(str(button.get("text", "")))
            cells.append(f"[ {label} ↗ ]" if "url" in button else f"[ {label} ]")
        lines.append(" ".join(cells))
    return lines


def _block(head: str, text: str | None, normalize: Normalizer) -> list[str]:
    """``head`` followed by the text's first line, the other lines indented under it."""
    body = normalize(text or "").splitlines() or [""]
    first = f"{head} {body[0]}".rstrip()
    return [first, *(f"{INDENT}{line}".rstrip() for line in body[1:])]


def render_event(event: ChatEvent, normalize: Normalizer) -> list[str]:
    if event.kind == "user_text":
        return _block(USER, event.text, normalize)
    if event.kind == "user_press":
        label = normalize(event.text) if event.text is not None else FORGED
        return [f"{USER} {PRESSED.format(label)}"]
    if event.kind == "user_file":
        lines = [f"{USER} {FILE} {normalize(event.file_name or '')}".rstrip()]
        return lines + [
            f"{INDENT}{line}".rstrip() for line in normalize(event.text or "").splitlines()
        ]
    if event.kind == "toast":
        return _block(f"{BOT} {TOAST}", event.text, normalize)
    if event.kind == "bot_delete":
        return [f"{BOT} {DELETED}"]
    if event.kind == "note":
        return _block(NOTE, event.text, normalize)
    head = BOT if event.kind == "bot_message" else f"{BOT} {EDITED}"
    if event.file_name is not None:
        lines = [f"{head} {FILE} {normalize(event.file_name)}"]
        lines += [f"{INDENT}{line}".rstrip() for line in normalize(event.text or "").splitlines()]
    else:
        lines = _block(head, event.text, normalize)
    return lines + [f"{INDENT}{row}" for row in keyboard_rows(event.reply_markup, normalize)]


def queue_order(
    events: Sequence[ChatEvent], queued: Mapping[tuple[int, int], Any]
) -> list[ChatEvent]:
    """Each run of consecutive messages the bot queued (its outbox) sorted by their queue key
    ((chat id, message id) -> the outbox row's id): notifications queued in one order may reach
    a chat in another, and a document of them must not depend on which came first. Anything
    else (the user's action, a direct reply, an edit, a note) ends a run and keeps its place."""
    ordered: list[ChatEvent] = []
    run: list[ChatEvent] = []
    for event in events:
        key = (event.chat_id, event.message_id)
        if event.kind == "bot_message" and key in queued:
            run.append(event)
            continue
        ordered += sorted(run, key=lambda e: queued[(e.chat_id, e.message_id)])
        run = []
        ordered.append(event)
    return ordered + sorted(run, key=lambda e: queued[(e.chat_id, e.message_id)])


def render_conversation(events: Iterable[ChatEvent], normalize: Normalizer) -> str:
    """The events as lines, a blank line between events."""
    return "\n\n".join("\n".join(render_event(event, normalize)) for event in events)


@dataclass
class Section:
    title: str
    start: int  # chat log position where it begins
    end: int | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (who, text) shown first
    first: tuple[int, ...] = ()  # chats shown before the others (the step's main actor)


@dataclass
class FlowDoc:
    """A markdown document of numbered sections; each shows, per person (in the order of
    ``people``), that person's part of the chat log between the section's marks."""

    log: Sequence[ChatEvent]  # the fake's chat log (live: it grows as the test goes)
    people: Mapping[int, str]  # chat id -> how the document names that person
    normalize: Normalizer
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    # (chat id, message id) of messages sent from the bot's queue -> their place in it
    queued: dict[tuple[int, int], Any] = field(default_factory=dict)

    def section(self, title: str, *first: int) -> None:
        """Start a section here; ``first`` chats are shown before the others."""
        if self.sections:
            self.sections[-1].end = len(self.log)
        self.sections.append(Section(title, len(self.log), first=first))

    def note(self, who: str, text: str) -> None:
        """Something outside the chat, e.g. the operator's command line and its output."""
        self.sections[-1].notes.append((who, text))

    def render(self) -> str:
        parts = [self.preamble.strip()] if self.preamble.strip() else []
        for number, section in enumerate(self.sections, start=1):
            parts.append(f"## {number}. {section.title}")
            for who, text in section.notes:
                parts.append(f"**{who}:**\n\n```text\n{self.normalize(text).strip()}\n```")
            events = list(self.log[section.start : section.end])
            # people in a fixed order, not that of their first event: notifications to several
            # people go out in no fixed order
            present = {event.chat_id for event in events}
            listed = dict.fromkeys([*section.first, *self.people])
            chats = [chat_id for chat_id in listed if chat_id in present]
            chats += sorted(present - set(chats))
            for chat_id in chats:
                mine = queue_order([e for e in events if e.chat_id == chat_id], self.queued)
                who = self.people.get(chat_id, f"Chat {chat_id}")
                body = render_conversation(mine, self.normalize)
                parts.append(f"**{who}:**\n\n```text\n{body}\n```")
        return "\n\n".join(parts) + "\n"

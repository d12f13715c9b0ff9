"""Consent forms on paper: the very text the bot shows at consent, with lines to sign.

Some schools file a signed paper consent next to the one given in the bot (seed 003: «сбор
согласий на обработку персональных данных», a mentor's written consent to the appointment,
seed 002 §4.3.2). The form carries the same text and version the person accepted in Telegram,
the blanks a paper form needs (full name, date, signature), filled in only with what the bot
holds. The seeds' forms ask for no passport details, and neither does this one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx.shared import Mm

from services.documents.docx_kit import (
    Align,
    add_paragraph,
    add_signatures,
    new_document,
    to_bytes,
)

__all__ = ["ConsentForm", "build_consent_form", "plain_text"]

_TAG = re.compile(r"<[^>]+>")
BLANK = "_______________________________________"


def plain_text(markup: str) -> str:
    """A message as the bot shows it (Telegram HTML) as plain text for paper."""
    return html.unescape(_TAG.sub("", markup)).strip()


@dataclass(frozen=True)
class ConsentForm:
    title: str
    org_line: str
    intro: str  # «Я, Иванова Мария Петровна, …» or with a blank line for the name
    body: str  # plain text, one paragraph per line
    fields: tuple[tuple[str, str], ...]  # (label, value); an empty value prints a blank line
    signer: str  # the name under the signature, "" for a blank
    date_blank: str


def build_consent_form(form: ConsentForm) -> bytes:
    doc = new_document(title=form.title)
    add_paragraph(doc, form.org_line, align=Align.RIGHT)
    add_paragraph(doc, form.title, bold=True, align=Align.CENTER, space_before=12, space_after=12)
    add_paragraph(doc, form.intro, align=Align.JUSTIFY, first_line_indent=Mm(12.5))
    for block in _paragraphs(form.body):
        add_paragraph(doc, block, align=Align.JUSTIFY, space_before=6)
    for label, value in form.fields:
        add_paragraph(doc, f"{label}: {value or BLANK}", space_before=10)
    add_signatures(doc, [(form.date_blank, form.signer)])
    return to_bytes(doc)


def _paragraphs(text: str) -> Sequence[str]:
    # each line of the bot's message is a point of its own («Цель: …», «Срок: …»)
    return [line.strip() for line in text.splitlines() if line.strip()]

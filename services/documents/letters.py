"""Thank-you letters (благодарственные письма), one per page of a single document.

One file rather than a file per person: the office prints the whole set at once on the
school's letterhead or certificate blanks, and the curator gets one message in Telegram, not
twenty. Each letter starts on a new page and is kept short enough never to spill over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.shared import Pt

from services.documents.docx_kit import Align, add_paragraph, add_signatures, new_document, to_bytes

__all__ = ["Letter", "LetterLabels", "build_letters"]


@dataclass(frozen=True)
class Letter:
    recipients: tuple[str, ...]  # one name, or a pair's two names
    details: str  # the position, or «наставник — наставляемый»; may be ""
    nomination: str  # «в номинации «Наставник года»»
    body: str  # the thanks, localized


@dataclass(frozen=True)
class LetterLabels:
    title: str  # «Благодарственное письмо»
    org_line: str
    awarded: str  # «награждается» / «награждаются»
    awarded_many: str
    head_position: str
    head_name: str
    place_date: str  # ««___» ________ 20__ г.»


def build_letters(letters: Sequence[Letter], labels: LetterLabels) -> bytes:
    doc = new_document(title=labels.title)
    for index, letter in enumerate(letters):
        org = add_paragraph(doc, labels.org_line, align=Align.CENTER)
        org.paragraph_format.page_break_before = index > 0
        add_paragraph(
            doc,
            labels.title.upper(),
            bold=True,
            size=Pt(26),
            align=Align.CENTER,
            space_before=72,
            space_after=36,
        )
        awarded = labels.awarded_many if len(letter.recipients) > 1 else labels.awarded
        add_paragraph(doc, awarded, align=Align.CENTER, space_after=12)
        for name in letter.recipients:
            add_paragraph(doc, name, bold=True, size=Pt(18), align=Align.CENTER)
        if letter.details:
            add_paragraph(doc, letter.details, italic=True, align=Align.CENTER, space_before=6)
        add_paragraph(
            doc, letter.nomination, bold=True, size=Pt(14), align=Align.CENTER, space_before=18
        )
        add_paragraph(doc, letter.body, align=Align.CENTER, space_before=18, space_after=48)
        add_signatures(doc, [(labels.head_position, labels.head_name)])
        add_paragraph(doc, labels.place_date, space_before=12)
    return to_bytes(doc)

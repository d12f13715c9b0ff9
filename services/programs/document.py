"""DOCX «Персонализированная программа наставничества».

Plain Python on top of :mod:`services.documents.docx_kit`: every visible text comes from the
caller already localized (and dates already formatted); this module lays the page out: the
«УТВЕРЖДАЮ» block for the head on the right, the title and the organization, the participants
and the period, the goals with the difficulties they address and the results expected, the
planned meetings, and the signature lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.shared import Mm

from services.documents.docx_kit import (
    FOOTER_SIZE,
    Align,
    add_paragraph,
    add_signatures,
    add_table,
    new_document,
    to_bytes,
)

__all__ = ["ProgramDocument", "build_program_docx"]

# № | goal | difficulties | expected result — 170 mm of a portrait A4 page
_GOAL_WIDTHS = (Mm(12), Mm(60), Mm(49), Mm(49))
# № | kind | due by | form
_MEETING_WIDTHS = (Mm(12), Mm(80), Mm(39), Mm(39))


@dataclass(frozen=True)
class ProgramDocument:
    title: str  # «Персонализированная программа наставничества»
    org_line: str
    approval: tuple[str, ...]  # «УТВЕРЖДАЮ», the head's position, the name line, the date line
    facts: tuple[str, ...]  # mentor, mentee(s), form, type, period — one line each
    goals_heading: str
    goals_header: tuple[str, str, str, str]
    goals: tuple[tuple[str, str, str], ...]  # (goal, difficulties, expected result)
    meetings_heading: str
    meetings_header: tuple[str, str, str, str]
    meetings: tuple[tuple[str, str, str], ...]  # (kind, due by, form)
    signatures: tuple[tuple[str, str], ...]  # (position, name)
    footer: str  # how and when it was approved in the bot


def _numbered(rows: Sequence[tuple[str, str, str]]) -> list[list[list[str]]]:
    return [
        [[str(number)], *([value] for value in row)] for number, row in enumerate(rows, start=1)
    ]


def build_program_docx(doc_data: ProgramDocument) -> bytes:
    doc = new_document(title=doc_data.title)
    for index, line in enumerate(doc_data.approval):
        add_paragraph(doc, line, bold=index == 0, align=Align.RIGHT)
    add_paragraph(doc, doc_data.title, bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(doc, doc_data.org_line, align=Align.CENTER, space_after=12)
    for line in doc_data.facts:
        add_paragraph(doc, line, space_after=2)
    add_paragraph(doc, doc_data.goals_heading, bold=True, space_before=12, space_after=6)
    add_table(doc, doc_data.goals_header, _numbered(doc_data.goals), _GOAL_WIDTHS, centered=[0])
    add_paragraph(
        doc,
        doc_data.meetings_heading,
        bold=True,
        space_before=12,
        space_after=6,
        keep_with_next=True,
    )
    add_table(
        doc,
        doc_data.meetings_header,
        _numbered(doc_data.meetings),
        _MEETING_WIDTHS,
        centered=[0, 2],
    )
    add_signatures(doc, doc_data.signatures)
    if doc_data.footer:
        add_paragraph(doc, doc_data.footer, italic=True, size=FOOTER_SIZE, space_before=18)
    return to_bytes(doc)

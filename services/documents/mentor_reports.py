"""The mentor's report on the personalized program (seed 002, item 16) as a document to file.

One section per mentor with each question of the ``mentor_report`` form and the answer, the
mentor's signature line under it; several mentors go in one file with a page break between
them, and those who have not reported yet are listed at the end so the curator sees who to
ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.documents.docx_kit import (
    FOOTER_SIZE,
    Align,
    add_paragraph,
    add_signatures,
    new_document,
    to_bytes,
)

__all__ = ["ReportLabels", "ReportSection", "build_mentor_reports"]


@dataclass(frozen=True)
class ReportSection:
    mentor_name: str
    details: tuple[str, ...]  # «Должность: …», «Дата отчёта: …», already localized
    answers: tuple[tuple[str, str], ...]  # (question, answer) in the form's order


@dataclass(frozen=True)
class ReportLabels:
    title: str  # «Отчёт наставника о реализации персонализированной программы наставничества»
    org_line: str
    signature: str  # «Наставник»
    missing_title: str  # «Отчёт ещё не представили:»
    generated: str


def build_mentor_reports(
    sections: Sequence[ReportSection], missing: Sequence[str], labels: ReportLabels
) -> bytes:
    doc = new_document(title=labels.title)
    for index, section in enumerate(sections):
        org = add_paragraph(doc, labels.org_line, align=Align.CENTER)
        if index:
            org.paragraph_format.page_break_before = True
        add_paragraph(doc, labels.title, bold=True, align=Align.CENTER, space_before=12)
        add_paragraph(doc, section.mentor_name, bold=True, align=Align.CENTER, space_after=12)
        for line in section.details:
            add_paragraph(doc, line)
        for question, answer in section.answers:
            add_paragraph(doc, question, bold=True, space_before=10, keep_with_next=True)
            add_paragraph(doc, answer, align=Align.JUSTIFY)
        add_signatures(doc, [(labels.signature, section.mentor_name)])
    if missing:
        if not sections:
            add_paragraph(doc, labels.org_line, align=Align.CENTER, space_after=12)
        heading = add_paragraph(doc, labels.missing_title, bold=True, space_before=12)
        heading.paragraph_format.page_break_before = bool(sections)
        for number, name in enumerate(missing, start=1):
            add_paragraph(doc, f"{number}. {name}")
    add_paragraph(doc, labels.generated, italic=True, size=FOOTER_SIZE, space_before=12)
    return to_bytes(doc)

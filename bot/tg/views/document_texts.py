"""The words of each «📄 Документы» file, in the reader's language, and the files themselves.

Imported on first use (handlers/documents.py): python-docx costs resident memory in every
instance, and most never build a document (bench/bench_memory.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.tg.i18n import I18n
from bot.tg.views.common import esc, local_date
from bot.tg.views.labels import Labels
from bot.tg.views.menu import role_name
from bot.tg.views.questionnaire import format_answer
from models import Organization
from services.documents.consent_forms import ConsentForm, build_consent_form, plain_text
from services.documents.docx_kit import format_date
from services.documents.filenames import document_filename
from services.documents.letters import Letter, LetterLabels, build_letters
from services.documents.mentor_reports import ReportLabels, ReportSection, build_mentor_reports
from services.documents.orders import (
    Appendix,
    OrderItem,
    OrderText,
    build_order,
    numbered_rows,
    widths_mm,
)
from services.documents.repository import Guardian, MentorReport, Person
from services.documents.rewards import MentorCandidate, PairCandidate
from services.guardians.requests import PARENTAL_TEXT_VERSION
from services.people import CONSENT_TEXT_VERSION
from services.questionnaire.schema import Form
from services.surveys.schedule import school_year, school_year_label


@dataclass(frozen=True)
class File:
    data: bytes
    filename: str


def _file(data: bytes, title: str, org: Organization, today: date) -> File:
    return File(data, document_filename(title, org.name, today))


def person_line(name: str, position: str) -> str:
    """«Name, position,» — the position in commas, as an apposition inside a sentence."""
    return f"{name}, {position}," if position else name


def position_of(labels: Labels, person: Person | None) -> str:
    if person is None or person.position is None:
        return ""
    return labels.one("positions", person.position)


# ----- the mentors' reports ---------------------------------------------------------------
def mentor_reports_file(
    i18n: I18n,
    org: Organization,
    today: date,
    mentors: Sequence[Person],
    reports: Mapping[int, MentorReport],
    forms: Mapping[str, Form],
    labels: Labels,
    *,
    one: bool,
) -> File:
    """One mentor's report (``one``: ``mentors`` holds just them), or the school's set."""
    sections = []
    for mentor in mentors:
        report = reports.get(mentor.membership_id)
        if report is None:
            continue
        form = forms.get(report.form_id)
        questions = form.questions if form is not None else ()
        answers = tuple(
            (q.text.get(i18n.locale), format_answer(i18n, q, report.answers[q.id]))
            for q in questions
            if q.id in report.answers
        )
        details = [i18n("doc-report-date", date=local_date(report.completed_at, org.timezone))]
        position = position_of(labels, mentor)
        if position:
            details.insert(0, i18n("doc-report-position", position=position))
        sections.append(ReportSection(mentor.name, tuple(details), answers))
    missing = [m.name for m in mentors if m.membership_id not in reports]
    data = build_mentor_reports(
        sections,
        missing,
        ReportLabels(
            title=i18n("doc-report-title"),
            org_line=org.name,
            signature=i18n("doc-report-signature"),
            missing_title=i18n("doc-report-missing"),
            generated=i18n("doc-generated", date=format_date(today)),
        ),
    )
    # one mentor's report is named after them; the whole set after the school
    title = f"{i18n('doc-report-file')} — {mentors[0].name}" if one else i18n("doc-reports-file")
    return _file(data, title, org, today)


# ----- orders -----------------------------------------------------------------------------
def _order_frame(i18n: I18n, org: Organization, head_name: str) -> dict[str, Any]:
    return {
        "org_line": org.name,
        "heading": i18n("doc-order-heading"),
        "number_line": i18n("doc-order-number"),
        "head_position": i18n("doc-head-position"),
        "head_name": head_name,
        "acquainted_label": i18n("doc-acquainted"),
        "date_blank": i18n("doc-date-blank"),
    }


def curator_order_file(
    i18n: I18n, org: Organization, today: date, curator: Person, position: str, head_name: str
) -> File:
    duties = tuple(line.strip() for line in i18n("doc-curator-duties").splitlines() if line.strip())
    title = i18n("doc-curator-title")
    # a curator who has not filled in the profile yet: the office writes the name in
    name = curator.name or i18n("doc-name-blank")
    text = OrderText(
        title=title,
        subject=i18n("doc-curator-subject"),
        preamble=i18n("doc-curator-preamble", org=org.name),
        items=(
            OrderItem(
                i18n("doc-curator-appoint", person=person_line(name, position), org=org.name)
            ),
            OrderItem(i18n("doc-curator-duties-intro"), duties),
            OrderItem(i18n("doc-order-control")),
        ),
        acquainted=(curator.name,),
        **_order_frame(i18n, org, head_name),
    )
    return _file(
        build_order(text),
        " — ".join(filter(None, (i18n("doc-curator-file"), curator.name))),
        org,
        today,
    )


@dataclass(frozen=True)
class Rewarded:
    mentors: tuple[MentorCandidate, ...]
    pairs: tuple[PairCandidate, ...]

    @property
    def count(self) -> int:
        return len(self.mentors) + len(self.pairs)


def reward_files(
    i18n: I18n,
    org: Organization,
    today: date,
    rewarded: Rewarded,
    labels: Labels,
    head_name: str,
) -> tuple[File, File]:
    year = school_year_label(school_year(today))
    mentor_nomination = i18n("doc-nomination-mentor")
    pair_nomination = i18n("doc-nomination-pair")
    rows: list[tuple[str, str, str, str]] = []
    letters: list[Letter] = []
    for mentor in rewarded.mentors:
        position = labels.one("positions", mentor.position) if mentor.position else ""
        role = position or i18n("role-mentor")
        basis = i18n("doc-reward-basis", held=mentor.meetings.held, planned=mentor.meetings.planned)
        rows.append((mentor.name, role, mentor_nomination, basis))
        letters.append(
            Letter(
                recipients=(mentor.name,),
                details=position,
                nomination=i18n("doc-letter-nomination", nomination=mentor_nomination),
                body=i18n("doc-letter-body-mentor", org=org.name, year=year),
            )
        )
    for pair in rewarded.pairs:
        basis = i18n("doc-reward-basis", held=pair.meetings.held, planned=pair.meetings.planned)
        rows.append((pair.mentor_name, i18n("role-mentor"), pair_nomination, basis))
        for mentee in pair.mentee_names:
            rows.append((mentee, i18n("role-mentee"), pair_nomination, basis))
        letters.append(
            Letter(
                recipients=(pair.mentor_name, *pair.mentee_names),
                details=i18n("doc-letter-pair-details"),
                nomination=i18n("doc-letter-nomination", nomination=pair_nomination),
                body=i18n("doc-letter-body-pair", org=org.name, year=year),
            )
        )
    order_title = i18n("doc-reward-title")
    order = OrderText(
        title=order_title,
        subject=i18n("doc-reward-subject"),
        preamble=i18n("doc-reward-preamble", org=org.name, year=year),
        items=(
            OrderItem(i18n("doc-reward-item-thanks")),
            OrderItem(i18n("doc-reward-item-letters")),
            OrderItem(i18n("doc-reward-item-site")),
            OrderItem(i18n("doc-order-control")),
        ),
        appendix=Appendix(
            caption=i18n("doc-reward-appendix-caption"),
            title=i18n("doc-reward-appendix-title"),
            columns=(
                i18n("doc-reward-col-number"),
                i18n("doc-reward-col-name"),
                i18n("doc-reward-col-role"),
                i18n("doc-reward-col-nomination"),
                i18n("doc-reward-col-basis"),
            ),
            rows=numbered_rows(rows),
            # № | name | position | nomination | grounds: 170 mm of a portrait page
            widths=widths_mm(12, 50, 40, 32, 36),
        ),
        **_order_frame(i18n, org, head_name),
    )
    letters_data = build_letters(
        letters,
        LetterLabels(
            title=i18n("doc-letter-title"),
            org_line=org.name,
            awarded=i18n("doc-letter-awarded"),
            awarded_many=i18n("doc-letter-awarded-many"),
            head_position=i18n("doc-head-position"),
            head_name=head_name,
            place_date=i18n("doc-date-blank"),
        ),
    )
    return (
        _file(build_order(order), order_title, org, today),
        _file(letters_data, i18n("doc-letters-file"), org, today),
    )


# ----- consent forms ----------------------------------------------------------------------
CONSENT_TITLES = {
    "pd": "doc-consent-title-pd",
    "ap": "doc-consent-title-ap",
    "pa": "doc-consent-title-pa",
}
CONSENT_SHORT = {
    "pd": "btn-doc-consent-pd",
    "ap": "btn-doc-consent-ap",
    "pa": "btn-doc-consent-pa",
}
CONSENT_INTROS = {
    "pd": "doc-consent-intro-pd",
    "ap": "doc-consent-intro-ap",
    "pa": "doc-consent-intro-pa",
}
RELATIONS = {
    "mother": "guardian-relation-mother",
    "father": "guardian-relation-father",
    "guardian": "guardian-relation-guardian",
}


def consent_file(
    i18n: I18n,
    org: Organization,
    today: date,
    form: str,
    person: Person | None,
    guardian: Guardian | None,
) -> File:
    # the bot's own consent texts are Telegram HTML: their values are escaped like the bot
    # escapes them, and plain_text() takes the markup off again
    blank = i18n("doc-blank-short")
    role = esc(role_name(i18n, person.role, org)) if person is not None else blank
    org_name = esc(org.name)
    fields: tuple[tuple[str, str], ...] = ()
    match form:
        case "pd":
            signer = person.name if person else ""
            body = i18n(
                "consent-personal-data", org=org_name, role=role, version=CONSENT_TEXT_VERSION
            )
        case "ap":
            signer = person.name if person else ""
            body = i18n("consent-mentor-appointment", org=org_name, version=CONSENT_TEXT_VERSION)
        case _:
            signer = guardian.name if guardian else ""
            grade = str(person.grade) if person is not None and person.grade else blank
            body = i18n(
                "guardian-consent-text",
                child=esc(person.name) if person else blank,
                grade=grade,
                role=role,
                org=org_name,
                version=PARENTAL_TEXT_VERSION,
            )
            known = guardian is not None and guardian.relation in RELATIONS
            relation = i18n(RELATIONS[guardian.relation]) if guardian and known else ""
            fields = ((i18n("doc-field-relation"), relation),)
    title = i18n(CONSENT_TITLES[form])
    data = build_consent_form(
        ConsentForm(
            title=title,
            org_line=org.name,
            intro=i18n(CONSENT_INTROS[form], name=signer or i18n("doc-name-blank")),
            # the bot's message opens with its own bold title; the form has its title above
            body=plain_text(body).partition("\n")[2],
            fields=fields,
            signer=signer,
            date_blank=i18n("doc-date-blank"),
        )
    )
    # the file is named by the form's short label: the full title leaves no room for the rest
    short = i18n(CONSENT_SHORT[form])
    name = f"{short} — {person.name}" if person is not None and person.name else short
    return _file(data, name, org, today)

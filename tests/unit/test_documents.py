"""«📄 Документы»: candidate ranking, and each document read back with python-docx and rendered
the way a school's office prints it (LibreOffice → PDF → text per page)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from docx import Document

from bot.tg.i18n import I18n, Translator
from bot.tg.views import document_texts as texts
from bot.tg.views.labels import Labels
from models import Audience, Organization, OrgKind, Role
from services.documents.consent_forms import plain_text
from services.documents.repository import Guardian, MentorReport, Person
from services.documents.rewards import (
    Meetings,
    MentorCandidate,
    PairCandidate,
    goals_by_mentor,
    rank_mentors,
    rank_pairs,
)
from services.questionnaire.schema import Form
from services.reports.records import PairStatus
from tests.rendered import render_docx
from tests.unit.report_factories import PAIRS, meeting, pair, school_dataset

TODAY = date(2027, 5, 20)
HELD = datetime(2027, 2, 1, 12, tzinfo=UTC)
ORG = Organization(id=7, name="МБОУ СОШ № 5", timezone="Europe/Moscow", kind=OrgKind.SCHOOL)


def text_of(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def i18n(translator: Translator) -> I18n:
    return I18n(translator, "ru")


def mentor(membership_id: int, name: str, position: str | None = "teacher") -> Person:
    return Person(membership_id, membership_id, Role.MENTOR, name, Audience.TEACHER, None, position)


# ----- ranking ----------------------------------------------------------------------------
def test_mentors_are_ranked_by_the_share_of_meetings_held_and_the_idle_are_left_out() -> None:
    ranked = rank_mentors(school_dataset(), {})
    # 102: 2 of 2 held (a finished group); 101: 3 of 6 over three pairs; 103 has no pair
    assert [(c.membership_id, c.meetings.held, c.meetings.planned) for c in ranked] == [
        (102, 2, 2),
        (101, 3, 6),
    ]
    assert ranked[0].finished == 1


def test_the_goals_score_of_the_report_breaks_a_tie() -> None:
    # both pairs finished, 2 of 2: the mentor who reported the higher score comes first
    dataset = school_dataset(
        pairs=(pair(1, 101, (111,), PairStatus.FINISHED, "finished"), PAIRS[1]),
        meetings=(
            meeting(1, 1, 1, "organizational", date(2026, 10, 1), "held", HELD),
            meeting(2, 1, 2, "trial", date(2026, 10, 8), "held", HELD),
            meeting(5, 2, 1, "organizational", date(2026, 9, 20), "held", HELD),
            meeting(6, 2, 2, "final", date(2027, 3, 1), "held", HELD),
        ),
    )
    assert [c.membership_id for c in rank_mentors(dataset, {101: 9.0, 102: 6.0})] == [101, 102]
    assert [c.membership_id for c in rank_mentors(dataset, {101: 5.0, 102: 6.0})] == [102, 101]


def test_pairs_that_ended_early_or_held_nothing_are_not_proposed() -> None:
    ranked = rank_pairs(school_dataset(), {})
    assert [(c.pairing_id, c.finished) for c in ranked] == [(2, True), (1, False)]
    assert ranked[0].mentee_names == ("Петров Егор", "Сидорова Жанна")


def test_a_withdrawn_member_keeps_the_pair_out_of_the_proposal() -> None:
    dataset = school_dataset()
    people = tuple(
        replace(p, user_id=None, name="") if p.membership_id == 112 else p for p in dataset.people
    )
    assert [c.pairing_id for c in rank_pairs(replace(dataset, people=people), {})] == [1]


def test_goals_are_read_from_the_reports_numbers_only() -> None:
    answers: dict[int, dict[str, object]] = {
        1: {"goals_achieved": 8},
        2: {"goals_achieved": "8"},
        3: {"done": "x"},
    }
    assert goals_by_mentor(answers) == {1: 8.0}


def test_plain_text_takes_the_markup_off_and_keeps_the_letters() -> None:
    assert plain_text("<b>Оператор:</b> «Школа &lt;1&gt;» &amp; Ко") == "Оператор: «Школа <1>» & Ко"


# ----- documents --------------------------------------------------------------------------
def test_mentor_reports_one_section_per_mentor_and_the_missing_listed(
    i18n: I18n, forms: dict[str, Form]
) -> None:
    mentors = [
        mentor(1, "Смирнова Анна Петровна"),
        mentor(2, "Кузнецов Борис Иванович"),
        mentor(3, "Орлова Вера Павловна"),
    ]
    done = datetime(2027, 5, 15, 9, tzinfo=UTC)
    answers = {
        "goals_achieved": 9,
        "done": "Провели 12 встреч и открытый урок",
        "results": "Уверенно ведёт уроки в 7 «Б»",
        "recommendations": "Продолжить работу с родителями",
        "continue_needed": False,
    }
    reports = {
        1: MentorReport(1, "mentor_report", done, answers),
        2: MentorReport(2, "mentor_report", done, {**answers, "done": "Разобрали 5 уроков"}),
    }
    file = texts.mentor_reports_file(
        i18n, ORG, TODAY, mentors, reports, forms, Labels(forms, "ru"), one=False
    )
    assert file.filename == "Отчёты наставников — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Провели 12 встреч" in text_of(file.data)
    pages = render_docx(file.data).pages
    assert len(pages) == 3
    first, second, last = (" ".join(page.split()) for page in pages)
    assert "Смирнова Анна Петровна" in first
    assert "Провели 12 встреч и открытый урок" in first
    assert "Насколько достигнуты цели" in first
    assert "Кузнецов" not in first
    assert "Кузнецов Борис Иванович" in second
    assert "Разобрали 5 уроков" in second
    assert "Отчёт ещё не представили" in last
    assert "Орлова Вера Павловна" in last
    assert "МБОУ СОШ № 5" in first
    assert "Дата отчёта: 15.05.2027" in first


def test_the_curator_order_names_the_curator_the_duties_and_the_signatures(i18n: I18n) -> None:
    curator = Person(5, 5, Role.CURATOR, "Иванова Мария Петровна", Audience.TEACHER, None, None)
    file = texts.curator_order_file(
        i18n, ORG, TODAY, curator, "заместитель директора по УВР", "Петров Пётр Петрович"
    )
    assert file.filename == (
        "Приказ о назначении куратора — Иванова Мария Петровна — МБОУ СОШ № 5 — 20.05.2027.docx"
    )
    rendered = render_docx(file.data)
    page = rendered.squashed()
    assert "ПРИКАЗ" in page
    assert "№ ______" in page
    assert (
        "Назначить Иванова Мария Петровна, заместитель директора по УВР, куратором "
        "внедрения целевой модели наставничества в МБОУ СОШ № 5" in page
    )
    assert "вести банк (персонифицированный учёт) наставников и наставляемых" in page
    assert "/ Петров Пётр Петрович /" in page
    assert "С приказом ознакомлен(а):" in page
    assert "/ Иванова Мария Петровна /" in page
    assert len(rendered.pages) <= 2
    assert "Иванова Мария Петровна /" in rendered.pages[-1]


def test_a_blank_personal_data_consent_has_lines_for_the_name_and_the_signature(
    i18n: I18n,
) -> None:
    file = texts.consent_file(i18n, ORG, TODAY, "pd", None, None)
    assert file.filename == (
        "Согласие на обработку персональных данных — МБОУ СОШ № 5 — 20.05.2027.docx"
    )
    rendered = render_docx(file.data)
    page = rendered.squashed()
    assert "(фамилия, имя, отчество)" in page
    assert "Оператор: МБОУ СОШ № 5" in page
    assert "<b>" not in page
    assert "Версия текста: 2026-11-v2" in page
    assert "/____________________/" in page
    assert len(rendered.pages) == 1


def test_a_parental_consent_is_filled_with_what_the_bot_holds(i18n: I18n) -> None:
    pupil = Person(9, 9, Role.MENTEE, "Дарья", Audience.PUPIL, 7, None)
    guardian = Guardian("Иванова Мария Петровна", "mother")
    file = texts.consent_file(i18n, ORG, TODAY, "pa", pupil, guardian)
    assert file.filename == (
        "Согласие родителя (законного представителя) — Дарья — МБОУ СОШ № 5 — 20.05.2027.docx"
    )
    rendered = render_docx(file.data)
    page = rendered.squashed()
    assert "Я, Иванова Мария Петровна, являясь родителем" in page
    assert "Ребёнок: Дарья, 7 класс" in page
    # the bot's own heading is not repeated under the form's title
    assert page.count("на обработку персональных данных") == 1
    assert "Кем приходится ребёнку: мать" in page
    assert "/ Иванова Мария Петровна /" in page
    assert len(rendered.pages) == 1


def test_the_reward_order_has_an_appendix_and_one_letter_per_page(
    i18n: I18n, forms: dict[str, Form]
) -> None:
    rewarded = texts.Rewarded(
        mentors=(
            MentorCandidate(1, "Смирнова Анна Петровна", "teacher", 2, 1, Meetings(9, 8), 9.0),
            MentorCandidate(2, "Кузнецов Борис Иванович", None, 1, 0, Meetings(6, 4), None),
        ),
        pairs=(
            PairCandidate(
                3, 4, "Орлова Вера Павловна", ("Иванова Дарья",), True, Meetings(8, 8), None
            ),
        ),
    )
    order, letters = texts.reward_files(
        i18n, ORG, TODAY, rewarded, Labels(forms, "ru"), "Петров Пётр Петрович"
    )
    assert order.filename == "Приказ о поощрении наставников — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert letters.filename == "Благодарственные письма — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Наставник года" in text_of(order.data)

    table = Document(io.BytesIO(order.data)).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        ["1", "Смирнова Анна Петровна", "Учитель", "Наставник года", "проведено встреч: 8 из 9"],
        ["2", "Кузнецов Борис Иванович", "Наставник", "Наставник года", "проведено встреч: 4 из 6"],
        ["3", "Орлова Вера Павловна", "Наставник", "Лучшая пара", "проведено встреч: 8 из 8"],
        ["4", "Иванова Дарья", "Наставляемый", "Лучшая пара", "проведено встреч: 8 из 8"],
    ]
    pages = render_docx(order.data).pages
    # the appendix is a page of its own, after the order; a name may wrap inside its cell
    appendix = " ".join(pages[-1].split())
    assert "Приложение к приказу" in appendix
    assert "Лучшая пара" in appendix
    for surname in ("Смирнова", "Кузнецов", "Орлова", "Иванова"):
        assert surname in appendix
        assert surname not in " ".join(pages[:-1])
    body = " ".join(" ".join(page.split()) for page in pages[:-1])
    assert "О поощрении участников наставнической деятельности" in body
    assert "2026/27 учебном году" in body
    assert "ПРИКАЗЫВАЮ" in body

    letter_pages = [" ".join(page.split()) for page in render_docx(letters.data).pages]
    assert len(letter_pages) == 3
    assert "Смирнова Анна Петровна" in letter_pages[0]
    assert "в номинации «Наставник года»" in letter_pages[0]
    assert "Кузнецов Борис Иванович" in letter_pages[1]
    assert "Смирнова" not in letter_pages[1]
    assert "Орлова Вера Павловна" in letter_pages[2]
    assert "Иванова Дарья" in letter_pages[2]
    assert "в номинации «Лучшая пара»" in letter_pages[2]
    assert "награждаются" in letter_pages[2]
    for page in letter_pages:
        assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in page
        assert "МБОУ СОШ № 5" in page
        assert "/ Петров Пётр Петрович /" in page


def test_an_english_reader_gets_english_documents_and_file_names(
    translator: Translator, forms: dict[str, Form]
) -> None:
    english = I18n(translator, "en")
    rewarded = texts.Rewarded(
        mentors=(MentorCandidate(1, "Anna Smirnova", None, 1, 0, Meetings(4, 3), None),),
        pairs=(),
    )
    order, letters = texts.reward_files(
        english, ORG, TODAY, rewarded, Labels(forms, "en"), "Petr Petrov"
    )
    assert order.filename == "Order on rewarding mentors — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert letters.filename == "Letters of thanks — МБОУ СОШ № 5 — 20.05.2027.docx"
    text = text_of(letters.data)
    assert "LETTER OF THANKS" in text
    assert "in the nomination “Mentor of the Year”" in text
    assert "2026/27 school year" in text
    consent = texts.consent_file(english, ORG, TODAY, "ap", None, None)
    assert consent.filename == "Consent to the mentor appointment — МБОУ СОШ № 5 — 20.05.2027.docx"
    assert "Consent to act as a mentor" not in text_of(consent.data)  # the bot's own heading
    assert "(full name)" in text_of(consent.data)

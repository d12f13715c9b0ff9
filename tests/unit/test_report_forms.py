"""Reports by form of mentoring, and the pupils' indicators, on a school with teacher pairs and
pupil pairs of the forms «ученик – ученик» and «работодатель – ученик» (report_factories)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.tg.i18n import Translator
from bot.tg.views.reports import reports_menu
from services.questionnaire.schema import Form
from services.reports.indicators import (
    AudienceIndicators,
    FormIndicators,
    Mean,
    Share,
    compute,
    pupils_involved,
)
from services.reports.note import build_note
from services.reports.records import OrgRecord
from services.reports.texts import indicator_rows
from services.reports.xlsx import build_workbook
from tests.unit.report_factories import (
    ORG,
    PUPIL_PEOPLE,
    mixed_dataset,
    person,
    school_dataset,
)

FORMS_SHEET = "По формам наставничества"


def _rows(ws: Worksheet) -> list[tuple[object, ...]]:
    return [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]


def test_teacher_only_data_gives_todays_figures() -> None:
    ind = compute(school_dataset())
    # the totals the existing tests pin, and nothing about pupils shown
    assert (ind.mentors, ind.mentees, ind.participants) == (3, 6, 8)
    assert ind.teachers_involved == Share(8, 40)
    assert (ind.meetings_planned, ind.meetings_due, ind.meetings_held) == (8, 6, 5)
    assert ind.mentees_without_pair == 2
    assert not ind.pupil_scope
    assert not ind.by_form_shown
    # the one form is the totals themselves
    (form,) = ind.by_form
    assert form == FormIndicators(
        form="teacher_teacher",
        mentors=2,
        mentees=5,
        pairs=3,
        groups=1,
        active=2,
        finished=1,
        ended=1,
        meetings_planned=8,
        meetings_due=6,
        meetings_held=5,
        # the teachers' fixture answers are not tied to a program: no form to put them under
        satisfaction_mentors=Mean(None, 0),
        satisfaction_mentees=Mean(None, 0),
    )
    assert ind.by_audience == (AudienceIndicators("teacher", 3, 6, 2),)
    assert ind.pupils_total is None
    assert ind.pupils_involved == Share(0, None)


def test_totals_with_pupils() -> None:
    ind = compute(mixed_dataset())
    assert (ind.mentors, ind.mentees) == (5, 11)
    assert ind.participants == 15
    # pupils and the employer are not the school's teachers
    assert ind.teachers_involved == Share(8, 40)
    assert (ind.pairs, ind.groups, ind.active, ind.finished, ind.ended) == (7, 1, 4, 2, 2)
    assert (ind.meetings_planned, ind.meetings_due, ind.meetings_held) == (14, 11, 9)
    assert ind.mentees_without_pair == 4  # teachers 114, 115; pupils 313, 315
    assert ind.pupils_without_pair == 2
    # young teachers: pupils have no experience and are not counted
    assert ind.young_with_mentor == Share(2, 4)
    assert ind.pupil_scope
    assert ind.by_form_shown


def test_by_form_figures() -> None:
    by_form = {f.form: f for f in compute(mixed_dataset()).by_form}
    assert list(by_form) == ["teacher_teacher", "pupil_pupil", "employer_pupil"]
    assert by_form["pupil_pupil"] == FormIndicators(
        form="pupil_pupil",
        mentors=1,
        mentees=2,
        pairs=2,
        groups=0,
        active=2,
        finished=0,
        ended=0,
        meetings_planned=3,
        meetings_due=2,
        meetings_held=2,
        satisfaction_mentors=Mean(10.0, 1),
        satisfaction_mentees=Mean(6.0, 1),
    )
    employer = by_form["employer_pupil"]
    assert (employer.mentors, employer.mentees, employer.pairs_and_groups) == (1, 2, 2)
    assert (employer.active, employer.finished, employer.ended) == (0, 1, 1)
    assert (employer.meetings_planned, employer.meetings_due, employer.meetings_held) == (3, 3, 2)
    assert employer.meetings_held_share.value == pytest.approx(2 / 3)
    assert employer.satisfaction_mentors == Mean(7.0, 1)
    assert employer.satisfaction_mentees == Mean(9.0, 1)
    assert by_form["teacher_teacher"].meetings_held == 5
    # the forms add up to the totals
    ind = compute(mixed_dataset())
    assert sum(f.pairs_and_groups for f in by_form.values()) == ind.pairs_and_groups
    assert sum(f.meetings_held for f in by_form.values()) == ind.meetings_held


def test_mentees_without_a_pair_by_audience() -> None:
    assert compute(mixed_dataset()).by_audience == (
        AudienceIndicators("teacher", 3, 6, 2),
        AudienceIndicators("pupil", 1, 5, 2),
        AudienceIndicators("external", 1, 0, 0),
    )


def test_pupils_share_set_and_unset() -> None:
    # the peer mentor (class 10), Мила (7, active) and Никита (8, finished); not Паша (class 4),
    # Оля (no pair), Рита (her only pair ended early), nor the employer
    assert pupils_involved(mixed_dataset()) == {31, 32, 33}
    ind = compute(mixed_dataset())
    assert ind.pupils_total == 120
    assert ind.pupils_involved == Share(3, 120)
    assert ind.pupils_involved.value == pytest.approx(0.025)
    unset = compute(mixed_dataset(pupils_total=None))
    assert unset.pupils_total is None
    assert unset.pupils_involved == Share(3, None)
    assert unset.pupils_involved.value is None
    # a pupil whose class is unknown counts; one person in two pairs counts once
    unknown_grade = tuple(
        replace(p, grade=None) if p.membership_id == 314 else p for p in PUPIL_PEOPLE
    )
    people = school_dataset().people + unknown_grade
    assert compute(mixed_dataset(people=people)).pupils_involved == Share(4, 120)


def test_a_pupil_count_alone_shows_the_pupils_rows() -> None:
    ind = compute(school_dataset(orgs=(replace(ORG, pupils_total=300),)))
    assert ind.pupil_scope
    assert ind.pupils_involved == Share(0, 300)


def test_pupils_satisfaction() -> None:
    ind = compute(mixed_dataset())
    assert ind.satisfaction_pupils.value == pytest.approx(25 / 3)
    assert ind.satisfaction_pupils.n == 3
    # pupils are in the role averages too: mentees 7, 9, 10, 9, 6; mentors 8, 9.5, 10, 7
    assert ind.satisfaction_mentees == Mean(8.2, 5)
    assert ind.satisfaction_mentors == Mean(8.625, 4)
    # no pupils' answers yet: no data, not zero
    assert compute(school_dataset()).satisfaction_pupils == Mean(None, 0)


def test_municipal_pupils_share_adds_up_schools() -> None:
    second = OrgRecord(8, "МБОУ СОШ № 8", "Europe/Moscow", 10, 80)
    peer = replace(PUPIL_PEOPLE[0], membership_id=901, user_id=91, org_id=8)
    mentee = replace(PUPIL_PEOPLE[2], membership_id=902, user_id=92, org_id=8)
    pair = replace(
        mixed_dataset().pairs[-1], pairing_id=90, org_id=8, mentor_id=901, mentee_ids=(902,)
    )
    base = mixed_dataset()
    office = replace(
        base,
        title="МКУ ЦРО",
        municipal=True,
        orgs=(base.orgs[0], second),
        people=(*base.people, peer, mentee),
        pairs=(*base.pairs, pair),
    )
    ind = compute(office)
    assert ind.pupils_involved == Share(5, 200)
    assert compute(office.split()[8]).pupils_involved == Share(2, 80)
    unknown = replace(office, orgs=(base.orgs[0], replace(second, pupils_total=None)))
    assert compute(unknown).pupils_involved.value is None


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_pupil_rows_of_the_indicators(translator: Translator, locale: str) -> None:
    t = translator.bind(locale)
    assert len(indicator_rows(t, compute(school_dataset()))) == 20
    rows = {r.label: r for r in indicator_rows(t, compute(mixed_dataset()))}
    assert len(rows) == 23
    if locale == "ru":
        share = rows["Доля обучающихся 10–18 лет, вовлечённых в наставничество"]
        assert share.text == "2,5\xa0% (3 из 120)"
        assert share.value == pytest.approx(0.025)
        assert rows["Удовлетворённость обучающихся (1–10)"].text == "8,3 (ответили: 3)"
        assert rows["Обучающиеся-наставляемые без пары"].value == 2
        unset = {r.label: r for r in indicator_rows(t, compute(mixed_dataset(pupils_total=None)))}
        row = unset["Доля обучающихся 10–18 лет, вовлечённых в наставничество"]
        assert (row.text, row.value) == ("не задано", None)
        assert "Указать число обучающихся" in row.formula
    else:
        assert rows["Share of pupils aged 10–18 involved in mentoring"].text == "2.5% (3 of 120)"


def test_xlsx_by_form_sheet(translator: Translator, forms: dict[str, Form]) -> None:
    book = load_workbook(io.BytesIO(build_workbook(mixed_dataset(), translator.bind("ru"), forms)))
    assert book.sheetnames[:2] == ["Показатели", FORMS_SHEET]
    ws = book[FORMS_SHEET]
    assert ws.freeze_panes == "A2"
    rows = _rows(ws)
    assert rows[0][:4] == (
        "Форма наставничества",
        "Наставники",
        "Наставляемые",
        "Наставнические пары",
    )
    assert rows[0][11:] == (
        "Проведено из запланированных",
        "Удовлетворённость наставников (1–10)",
        "Удовлетворённость наставляемых (1–10)",
    )
    by_form = {row[0]: row for row in rows[1:4]}
    assert list(by_form) == ["учитель – учитель", "ученик – ученик", "работодатель – ученик"]
    assert by_form["учитель – учитель"][1:11] == (2, 5, 3, 1, 2, 1, 1, 8, 6, 5)
    assert by_form["учитель – учитель"][11] == pytest.approx(5 / 6)
    assert by_form["учитель – учитель"][12:] == (None, None)
    assert by_form["ученик – ученик"][1:] == (1, 2, 2, 0, 2, 0, 0, 3, 2, 2, 1.0, 10, 6)
    employer = by_form["работодатель – ученик"]
    assert employer[1:11] == (1, 2, 2, 0, 0, 1, 1, 3, 3, 2)
    assert employer[11] == pytest.approx(2 / 3)
    assert employer[12:] == (7, 9)
    share_cell = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "работодатель – ученик")
    assert share_cell[11].number_format == "0.0%"
    # under the forms, who is in the bank and who waits for a pair, by audience
    assert rows[4][:4] == (
        "Категория участников",
        "Наставники в базе",
        "Наставляемые в базе",
        "Наставляемые без пары",
    )
    assert [r[:4] for r in rows[5:]] == [
        ("Педагоги", 3, 6, 2),
        ("Обучающиеся", 1, 5, 2),
        ("Внешние наставники", 1, 0, 0),
    ]
    indicators = {row[0]: row for row in _rows(book["Показатели"])[1:]}
    assert indicators["Доля обучающихся 10–18 лет, вовлечённых в наставничество"][1] == (
        pytest.approx(0.025)
    )
    assert indicators["Наставляемые"][1] == 11
    # the pairs list names each pair's form
    forms_of_pairs = [row[4] for row in _rows(book["Пары и группы"])[1:]]
    assert forms_of_pairs.count("работодатель – ученик") == 2


def test_xlsx_teacher_only_has_no_by_form_sheet(
    translator: Translator, forms: dict[str, Form]
) -> None:
    book = load_workbook(io.BytesIO(build_workbook(school_dataset(), translator.bind("ru"), forms)))
    assert FORMS_SHEET not in book.sheetnames
    # two teacher forms are worth a breakdown
    head = replace(school_dataset().pairs[0], form="head_teacher")
    data = school_dataset(pairs=(head, *school_dataset().pairs[1:]))
    book = load_workbook(io.BytesIO(build_workbook(data, translator.bind("ru"), forms)))
    rows = _rows(book[FORMS_SHEET])
    assert [r[0] for r in rows[1:3]] == ["учитель – учитель", "руководитель ОО – учитель"]
    assert [r[0] for r in rows[3:]] == ["Категория участников", "Педагоги"]


def test_municipal_orgs_sheet_has_the_pupils_columns(
    translator: Translator, forms: dict[str, Form]
) -> None:
    second = OrgRecord(8, "МБОУ СОШ № 8", "Europe/Moscow", 10)
    extra = (person(201, 21, "mentor", "Лебедева Ольга", 30, org=8),)
    base = mixed_dataset()
    office = replace(
        base, title="МКУ ЦРО", municipal=True, orgs=(*base.orgs, second), people=base.people + extra
    )
    book = load_workbook(io.BytesIO(build_workbook(office, translator.bind("ru"), forms)))
    assert book.sheetnames[:4] == ["Показатели", "По организациям", "Кураторы", FORMS_SHEET]
    rows = _rows(book["По организациям"])
    assert rows[0][-2:] == (
        "Обучающихся 10–18 лет",
        "Доля обучающихся 10–18 лет, вовлечённых в наставничество",
    )
    seventh = next(r for r in rows if r[0] == "МБОУ СОШ № 7")
    assert seventh[-2] == 120
    assert seventh[-1] == pytest.approx(0.025)
    eighth = next(r for r in rows if r[0] == "МБОУ СОШ № 8")
    assert eighth[-2:] == (None, None)


def test_note_by_form_table_and_pupils_sentence(translator: Translator) -> None:
    t = translator.bind("ru")
    doc = Document(io.BytesIO(build_note(mixed_dataset(), t, [])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "В наставничество вовлечено 3 из 120 обучающихся 10–18 лет (2,5\xa0%)." in text
    assert "По формам наставничества" in text
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in doc.tables]
    forms_table = tables[1]
    assert forms_table[0][0] == "Форма наставничества"
    assert forms_table[1:] == [
        ["учитель – учитель", "2", "5", "4", "1", "83,3\xa0% (5 из 6)", "нет данных"],
        ["ученик – ученик", "1", "2", "2", "0", "100\xa0% (2 из 2)", "6,0 (ответили: 1)"],
        ["работодатель – ученик", "1", "2", "2", "1", "66,7\xa0% (2 из 3)", "9,0 (ответили: 1)"],
    ]
    unset = Document(io.BytesIO(build_note(mixed_dataset(pupils_total=None), t, [])))
    assert any(
        "обучающихся: 3. Число обучающихся 10–18 лет в организации не задано" in p.text
        for p in unset.paragraphs
    )
    # teachers only: no by-form table, no sentence about pupils
    teachers = Document(io.BytesIO(build_note(school_dataset(), t, [])))
    assert len(teachers.tables) == 1
    assert not any("обучающ" in p.text for p in teachers.paragraphs)


def test_menu_lists_the_active_forms(translator: Translator) -> None:
    i18n = translator.bind("ru")
    text, markup = reports_menu(
        i18n,
        org_id=7,
        org_name="МБОУ СОШ № 7",
        municipal=False,
        schools=1,
        today=date(2027, 3, 15),
        indicators=compute(mixed_dataset(pupils_total=None)),
        pupils_button=True,
    )
    assert "<b>По формам наставничества</b>" in text
    assert (
        "• ученик – ученик: пар и групп 2 (действуют 2, завершили 0), встреч проведено 2 из 2"
        in text
    )
    assert "• работодатель – ученик: пар и групп 2 (действуют 0, завершили 1)" in text
    assert "• Доля обучающихся 10–18 лет, вовлечённых в наставничество: <b>не задано</b>" in text
    assert "укажите число обучающихся 10–18 лет" in text
    buttons = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert "rp:pupils:7" in buttons
    plain, plain_markup = reports_menu(
        i18n,
        org_id=7,
        org_name="МБОУ СОШ № 7",
        municipal=False,
        schools=1,
        today=date(2027, 3, 15),
        indicators=compute(school_dataset()),
    )
    assert "По формам" not in plain
    assert "обучающ" not in plain
    assert "rp:pupils:7" not in str(plain_markup)

"""A school year of one school in fast motion: four pairs formed through chat, the entry
self-assessment, the program's end, the final surveys answered by half of the participants,
the curator's live response rate, the report files read back, and a withdrawal that leaves the
anonymous survey numbers in place."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import (
    Answer,
    answer_survey,
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 14"
# pairs are confirmed on a Wednesday morning in Moscow (survey messages wait out quiet hours);
# the programs then end on 31 May, and the final surveys open the next morning
CONFIRMED_AT = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
AFTER_END = datetime(2027, 6, 1, 6, 0, tzinfo=UTC)
# (mentor id, mentor, mentee id, mentee, the subject that makes them a pair)
PAIRS = [
    (201, "Смирнов Алексей Петрович", 301, "Иванова Анна Сергеевна", "Математика"),
    (202, "Кузнецова Ирина Олеговна", 302, "Петров Олег Игоревич", "История"),
    (203, "Попова Елена Викторовна", 303, "Сидорова Мария Павловна", "Русский язык"),
    (204, "Морозов Пётр Ильич", 304, "Орлов Денис Андреевич", "Химия"),
]
SAT = "Итоговый опрос удовлетворённости 2026/27"

# what the participants answer; None is a skipped optional question (group meetings)
ENTRY: dict[int, tuple[tuple[str, ...], int]] = {
    301: (("Дисциплина", "родителями"), 4),
    302: (("Планирование",), 5),
}
EXIT: dict[int, tuple[tuple[str, ...], int]] = {301: ((), 8), 302: (("Дисциплина",), 7)}
MENTOR_SCALES: dict[int, list[int | None]] = {
    201: [9, 10, None, 9, 8, 8, 9, 7],
    202: [6, 7, 5, 8, 7, 6, 7, 8],
}
MENTEE_SCALES: dict[int, list[int | None]] = {
    301: [10, 9, None, 10, 8, 9, 10],
    302: [7, 8, 6, 7, 7, 8, 9],
}


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


@pytest.fixture
async def year_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(
        fake,
        tmp_path,
        admin_ids=[ADMIN_ID],
        extra_env={"SCHEDULER_TICK_SECONDS": "1", "CLOCK_OFFSET_SECONDS": _offset(CONFIRMED_AT)},
    )
    await process.start()
    yield process
    await process.stop()
    log = process.log()
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log


def _respondent_mean(scales: list[int | None]) -> float:
    return mean(v for v in scales if v is not None)


def _final_answers(scales: list[int | None], *, mentee: bool) -> list[Answer]:
    texts: list[Answer] = ["Научиться планировать уроки", None, "Разбор уроков", None]
    yes_no: list[Answer] = ["Да", "Да", "Нет"] if mentee else ["Да", "Нет"]
    return [*scales, *texts, *yes_no]


async def _offer(person: Person, after: int) -> SentMessage:
    return await person.fake.wait_for_message(
        person.id,
        lambda m: "предлагает вам" in (m.text or "") and bool(m.button_texts),
        after=after,
        timeout=20,
    )


async def _org_card(curator: Person) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    return await curator.press(menu, SCHOOL, "Часовой пояс")


async def _surveys(curator: Person, *expect: str) -> SentMessage:
    return await curator.press(await _org_card(curator), "Опросы", "Опросы —", *expect)


async def _workbook(fake: FakeTelegram, curator: Person) -> bytes:
    reports = await curator.press(await _org_card(curator), "Отчёты и мониторинг", "По состоянию")
    cursor = fake.mark()
    fake.press_button(curator.id, reports, "Таблица XLSX")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert (document.file_name or "").endswith(".xlsx")
    assert (document.text or "").startswith(f"📊 Отчёт по наставничеству — {SCHOOL}")
    assert document.file_bytes is not None
    return document.file_bytes


def _sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book}


def _indicators(sheets: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    return {row[0]: row[1] for row in sheets["Показатели"][1:]}


async def _form_pairs(fake: FakeTelegram, bot: BotProcess) -> tuple[Person, dict[int, Person]]:
    """The curator, four mentors and four mentees through the real chat flows; four pairs
    confirmed. Returns the curator and everyone by id."""
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    people: dict[int, Person] = {}
    for mentor_id, mentor_name, mentee_id, mentee_name, subject in PAIRS:
        mentor, mentee = Person(fake, mentor_id), Person(fake, mentee_id)
        summary = await fill_mentor(
            mentor, mentor_token, mentor_name, subjects=(subject,), capacity=1
        )
        await mentor.press(summary, "Подтвердить", "сохранена")
        summary = await fill_mentee(mentee, mentee_token, mentee_name, subjects=(subject,))
        await mentee.press(summary, "Подтвердить", "сохранена")
        people |= {mentor_id: mentor, mentee_id: mentee}

    proposal = await curator.press(await _org_card(curator), "Подбор пар", "Предложено пар: 4")
    for _, mentor_name, _, mentee_name, _ in PAIRS:
        assert f"{mentee_name} → {mentor_name}" in (proposal.text or ""), proposal.text
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (4)", "Отправлено предложений: 4")
    for person in people.values():
        await person.press(await _offer(person, cursor), "Согласен", "Вы согласились")

    cursor = fake.mark()
    pairs = await curator.press(await _org_card(curator), "Пары и группы", "Пары и группы")
    labels = [b for b in pairs.button_texts if b.startswith("🟡")]
    assert len(labels) == 4, pairs.button_texts
    for label in labels:
        card = await curator.press(pairs, label[2:], "Наставник:")
        await curator.press(card, "Закрепить", "закреплена с")
    await bot.query_until(
        "SELECT count(*) FROM assignments WHERE state = 'active'", lambda r: r == [(4,)]
    )
    return curator, people


async def test_program_year_from_pairs_to_reports(fake: FakeTelegram, year_bot: BotProcess) -> None:
    bot = year_bot
    curator, people = await _form_pairs(fake, bot)

    # 1. the entry self-assessment reaches every mentee; two of them answer it
    entry = {
        mentee_id: await people[mentee_id].expect(
            "Самооценка профессиональных затруднений", "принимаются до", after=0, buttons=True
        )
        for _, _, mentee_id, _, _ in PAIRS
    }
    for mentee_id, (difficulties, confidence) in ENTRY.items():
        await answer_survey(
            people[mentee_id],
            entry[mentee_id],
            [difficulties, confidence],
            done="Самооценка сохранена",
            review=False,
        )
    await _surveys(curator, "Входная самооценка наставляемых 2026/27: 2 из 4 (50%), идёт до")

    # 2. the programs end on 31 May; the next morning the final stage opens for every pair
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(AFTER_END)
    cursor = fake.mark()
    await bot.restart(kill=False)
    invitations: dict[tuple[int, str], SentMessage] = {}
    for mentor_id, _, mentee_id, _, _ in PAIRS:
        for person_id, title in (
            (mentor_id, "Итоговая анкета наставника"),
            (mentor_id, "Отчёт наставника о программе"),
            (mentee_id, "Итоговая анкета наставляемого"),
            (mentee_id, "Самооценка профессиональных затруднений"),
        ):
            invitations[person_id, title] = await people[person_id].expect(
                title, "принимаются до", after=cursor, buttons=True, timeout=20
            )
    listing = await _surveys(curator, SAT)
    text = listing.text or ""
    assert f"{SAT}: 0 из 8 (0%), идёт до 15.06.2027" in text, text
    assert "Входная самооценка наставляемых 2026/27: 2 из 4 (50%), завершён" in text, text
    assert "Итоговая самооценка наставляемых 2026/27: 0 из 4 (0%)" in text, text
    assert "Отчёты наставников 2026/27: 0 из 4 (0%)" in text, text

    # two mentors and two mentees answer everything; a third mentor starts and stops
    for mentor_id, scales in MENTOR_SCALES.items():
        await answer_survey(
            people[mentor_id],
            invitations[mentor_id, "Итоговая анкета наставника"],
            _final_answers(scales, mentee=False),
            done="Спасибо за ответы и за вашу работу наставником",
        )
        await answer_survey(
            people[mentor_id],
            invitations[mentor_id, "Отчёт наставника о программе"],
            [
                8,
                "Провели 20 встреч",
                f"Отчёт {mentor_id}: уроки стали лучше",
                "Продолжать",
                "Да",
                None,
            ],
            done="Отчёт сохранён",
        )
        if mentor_id == 201:
            # live: the first answers show up at once
            await _surveys(curator, f"{SAT}: 1 из 8 (13%)")
    for mentee_id, scales in MENTEE_SCALES.items():
        await answer_survey(
            people[mentee_id],
            invitations[mentee_id, "Итоговая анкета наставляемого"],
            _final_answers(scales, mentee=True),
            done="Спасибо за ответы! Успехов в работе.",
        )
        difficulties, confidence = EXIT[mentee_id]
        await answer_survey(
            people[mentee_id],
            invitations[mentee_id, "Самооценка профессиональных затруднений"],
            [difficulties, confidence],
            done="Самооценка сохранена",
            review=False,
        )
    unfinished = people[203]
    await unfinished.press(
        invitations[203, "Итоговая анкета наставника"], "Пройти опрос", "вопрос 1 из 14"
    )

    listing = await _surveys(curator, f"{SAT}: 4 из 8 (50%)")
    text = listing.text or ""
    assert "Итоговая самооценка наставляемых 2026/27: 2 из 4 (50%)" in text, text
    assert "Отчёты наставников 2026/27: 2 из 4 (50%)" in text, text
    card = await curator.press(listing, f"{SAT}: 50%", "Ответили: 4 из 8 (50%)")
    text = card.text or ""
    assert "Наставники: 2 из 4 (50%)" in text, text
    assert "Наставляемые: 2 из 4 (50%)" in text, text
    waiting = text.split("Ещё не ответили:")[1]
    for _, mentor_name, _, mentee_name, _ in PAIRS[2:]:
        assert all(name in waiting for name in (mentor_name, mentee_name)), waiting
    for _, mentor_name, _, mentee_name, _ in PAIRS[:2]:
        assert not [name for name in (mentor_name, mentee_name) if name in waiting], waiting
    # the mentors' finished reports are readable from their card
    listing = await _surveys(curator, SAT)
    reports_card = await curator.press(listing, "Отчёты наставников 2026/27", "Ответили: 2 из 4")
    report = await curator.press(reports_card, PAIRS[0][1], "Отчёт 201: уроки стали лучше")
    assert "Провели 20 встреч" in (report.text or "")

    # the anonymous copies: a respondent per completed response, nothing of the unfinished one
    respondents = bot.query(
        "SELECT kind, role, count(DISTINCT respondent) FROM survey_results "
        "GROUP BY kind, role ORDER BY kind, role"
    )
    assert respondents == [
        ("entry", "mentee", 2),
        ("exit", "mentee", 2),
        ("final", "mentee", 2),
        ("final", "mentor", 2),
        ("mentor_report", "mentor", 2),
    ]

    # 3. the report files
    sheets = _sheets(await _workbook(fake, curator))
    assert list(sheets) == [
        "Показатели",
        "Наставники",
        "Наставляемые",
        "Пары и группы",
        "Журнал встреч",
        "Результаты опросов",
        "Реестр программ",
    ]
    indicators = _indicators(sheets)
    assert indicators["Наставники"] == 4
    assert indicators["Наставляемые"] == 4
    assert indicators["Наставнические пары"] == 4
    assert indicators["Наставнические группы"] == 0
    assert indicators["Наставляемые без пары"] == 0
    sat_mentors = mean(_respondent_mean(s) for s in MENTOR_SCALES.values())
    sat_mentees = mean(_respondent_mean(s) for s in MENTEE_SCALES.values())
    assert indicators["Удовлетворённость наставников (1–10)"] == pytest.approx(sat_mentors)
    assert indicators["Удовлетворённость наставляемых (1–10)"] == pytest.approx(sat_mentees)
    entry_marks = mean(len(d) for d, _ in ENTRY.values())
    exit_marks = mean(len(d) for d, _ in EXIT.values())
    assert indicators["Затруднений на входе (в среднем)"] == pytest.approx(entry_marks)
    assert indicators["Затруднений на выходе (в среднем)"] == pytest.approx(exit_marks)
    assert indicators["Снижение числа затруднений"] == pytest.approx(entry_marks - exit_marks)
    confidence_growth = mean(c for _, c in EXIT.values()) - mean(c for _, c in ENTRY.values())
    assert indicators["Рост уверенности (1–10)"] == pytest.approx(confidence_growth)
    # the mentees' effectiveness row: n, mean and the 1–10 distribution
    found = [
        row
        for row in sheets["Результаты опросов"]
        if row[:2] == ("Итоговый опрос удовлетворённости", "Наставляемый")
        and str(row[2]).startswith("Насколько эффективной")
    ]
    assert len(found) == 1, sheets["Результаты опросов"]
    effectiveness = found[0]
    scores = [s[0] for s in MENTEE_SCALES.values()]
    assert effectiveness[4] == len(scores)
    assert effectiveness[5] == pytest.approx(mean(v for v in scores if v is not None))
    assert list(effectiveness[7:17]) == [scores.count(point) for point in range(1, 11)]
    names = {
        cell for rows in sheets.values() for row in rows for cell in row if isinstance(cell, str)
    }
    assert any("Иванова Анна Сергеевна" in cell for cell in names)

    reports = await curator.press(
        await _org_card(curator), "Отчёты и мониторинг", "По состоянию на 01.06.2027"
    )
    assert "Наставники: 4" in (reports.text or ""), reports.text
    cursor = fake.mark()
    fake.press_button(curator.id, reports, "Графики")
    for caption in ("Встречи по месяцам", "Удовлетворённость участников", "Этапы программ"):
        photo = await curator.expect(caption, SCHOOL, after=cursor, timeout=30)
        assert photo.method == "sendPhoto"
        assert photo.file_bytes is not None
        assert photo.file_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    cursor = fake.mark()
    fake.press_button(curator.id, reports, "Аналитическая справка")
    note = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )
    assert (note.file_name or "").endswith(".docx")
    assert note.file_bytes is not None
    docx = Document(io.BytesIO(note.file_bytes))
    assert docx.paragraphs[0].text == "Аналитическая справка"
    assert any(SCHOOL in p.text for p in docx.paragraphs[:3])
    table = {row.cells[0].text: row.cells[1].text for row in docx.tables[0].rows}
    assert table["Наставники"] == "4"
    assert table["Наставнические пары"] == "4"
    assert table["Удовлетворённость наставляемых (1–10)"].startswith(
        f"{sat_mentees:.1f}".replace(".", ",")
    ), table
    assert len(docx.inline_shapes) == 3

    # 4. a mentee who answered withdraws: the anonymous numbers stay, the name goes
    withdrawn = people[301]
    confirm = await withdrawn.say("/forget", "Отозвать согласие")
    await withdrawn.press(confirm, "Да, удалить мои данные", "Ваши данные удалены")
    after = _sheets(await _workbook(fake, curator))
    assert after["Результаты опросов"] == sheets["Результаты опросов"]
    after_indicators = _indicators(after)
    for key in (
        "Удовлетворённость наставников (1–10)",
        "Удовлетворённость наставляемых (1–10)",
        "Затруднений на входе (в среднем)",
        "Затруднений на выходе (в среднем)",
        "Рост уверенности (1–10)",
    ):
        assert after_indicators[key] == indicators[key], key
    # what the school filed does not change after the fact: the pair, its plan and the mentee
    # stay in the figures, anonymously (services/erasure.py)
    assert after_indicators["Наставляемые"] == 4
    assert after_indicators["Наставнические пары"] == 4
    assert after_indicators["Встреч в планах всего"] == indicators["Встреч в планах всего"]
    cells = [str(cell) for rows in after.values() for row in rows for cell in row if cell]
    assert not [cell for cell in cells if "Иванова" in cell]
    assert any("(данные удалены по отзыву согласия)" in cell for cell in cells)

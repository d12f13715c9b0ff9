"""From the bank to confirmed pairs and a group: proposal, offers, a decline, re-proposal,
an unmatched mentee, confirmation, the group, and the list for the head's order."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document

from tests.e2e.flows import (
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 9"
MENTORS = [
    (201, "Смирнов Алексей", ("Математика",), 3),
    (202, "Кузнецова Ирина", ("История",), 1),
    (203, "Попова Елена", ("Русский язык",), 1),
]
MENTEES = [
    (301, "Иванова Анна", ("Математика",)),
    (302, "Петров Олег", ("Математика",)),
    (303, "Сидорова Мария", ("Математика",)),
    (304, "Орлов Денис", ("История",)),
    (305, "Волкова Дарья", ("Русский язык",)),
    (306, "Зайцев Игорь", ("Химия",)),
]


async def _confirm_questionnaire(person: Person, summary: SentMessage) -> None:
    await person.press(summary, "Подтвердить", "сохранена")


async def _offer_to(person: Person, after: int, skip: tuple[int, ...] = ()) -> SentMessage:
    return await person.fake.wait_for_message(
        person.id,
        lambda m: (
            "предлагает вам" in (m.text or "") and bool(m.button_texts) and m.message_id not in skip
        ),
        after=after,
        timeout=20,
    )


async def test_school_goes_from_bank_to_confirmed_pairs_and_a_group(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    people: dict[str, Person] = {}
    for uid, name, subjects, capacity in MENTORS:
        person = Person(fake, uid)
        summary = await fill_mentor(
            person, mentor_token, name, subjects=subjects, capacity=capacity
        )
        await _confirm_questionnaire(person, summary)
        people[name] = person
    for uid, name, subjects in MENTEES:
        person = Person(fake, uid)
        summary = await fill_mentee(person, mentee_token, name, subjects=subjects)
        await _confirm_questionnaire(person, summary)
        people[name] = person

    # the proposal: five pairs by subject, the chemistry teacher left without a pair, with a reason
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Наставников: 3, наставляемых: 6")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 5", "Без пары: 1")
    text = proposal.text or ""
    assert "Орлов Денис → Кузнецова Ирина" in text
    assert "Волкова Дарья → Попова Елена" in text
    assert "совпадает предмет: Математика" in text
    assert "Зайцев Игорь — нет наставника по предмету" in text

    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (5)", "Отправлено предложений: 5")
    offers = {
        name: await _offer_to(people[name], cursor) for name in people if name != "Зайцев Игорь"
    }
    assert "Может помочь" in (offers["Орлов Денис"].text or "")  # the mentor's introduction
    assert "Запрос" in (offers["Кузнецова Ирина"].text or "")  # the mentee's, without free text
    assert "Сложно держать внимание" not in (offers["Кузнецова Ирина"].text or "")

    # Смирнов got three offers, one per mentee
    second = await _offer_to(
        people["Смирнов Алексей"], cursor, (offers["Смирнов Алексей"].message_id,)
    )
    third = await _offer_to(
        people["Смирнов Алексей"], cursor, (offers["Смирнов Алексей"].message_id, second.message_id)
    )
    for extra in (second, third):
        await people["Смирнов Алексей"].press(extra, "Согласен", "Вы согласились")
    # everyone agrees but Орлов, who declines with a reason before his mentor Кузнецова has
    # answered; the curator hears why
    for name, offer in offers.items():
        if name in ("Орлов Денис", "Кузнецова Ирина"):
            continue
        await people[name].press(offer, "Согласен", "Вы согласились")
    cursor = fake.mark()
    fake.press_button(304, offers["Орлов Денис"], "Отказаться")
    reasons = await fake.wait_for_message(
        304, lambda m: "Не подходит формат или время" in m.button_texts, after=cursor
    )
    await people["Орлов Денис"].press(reasons, "Не подходит формат", "Вы отказались")
    await curator.expect("отказался(ась)", "Не подходит формат или время", after=cursor)
    # Кузнецова is told which pair is off, and her offer loses its buttons
    await people["Кузнецова Ирина"].expect("Орлов Денис", "снято", after=cursor)
    await fake.wait_for_retired(
        people["Кузнецова Ирина"].id, offers["Кузнецова Ирина"].message_id, after=cursor
    )

    # re-proposal: the freed place goes to the chemistry teacher, Орлов is not sent back to
    # the mentor he declined and is listed without a pair
    again = await curator.say("/menu", "Главное меню")
    org = await curator.press(again, SCHOOL, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 1")
    text = proposal.text or ""
    assert "Зайцев Игорь → Кузнецова Ирина" in text
    assert "Орлов Денис — предыдущая пара не сложилась" in text
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (1)", "Отправлено предложений: 1")
    for name in ("Зайцев Игорь", "Кузнецова Ирина"):
        offer = await _offer_to(people[name], cursor)
        await people[name].press(offer, "Согласен", "Вы согласились")

    # the curator confirms every agreed pair from the pairs list
    pairs = await _pairs_list(curator, "Пары и группы")
    for label in [b for b in pairs.button_texts if b.startswith("🟡")]:
        card = await curator.press(pairs, label[2:], "Наставник:")
        while (
            button := next((b for b in card.button_texts if "Закрепить" in b), None)
        ) is not None:
            card = await curator.press(card, button, "закреплена с")
    cursor = fake.mark()
    pairs = await _pairs_list(curator, "Пары и группы")
    assert all(b.startswith("🟢") for b in pairs.button_texts if "→" in b), pairs.button_texts
    assert len([b for b in pairs.button_texts if "→" in b]) == 5

    # the three pairs of Смирнов become one group
    card = await curator.press(
        pairs, "Смирнов Алексей → Иванова Анна", "Наставник: Смирнов Алексей"
    )
    group = await curator.press(card, "Объединить", "групповое")
    text = group.text or ""
    for mentee in ("Иванова Анна", "Петров Олег", "Сидорова Мария"):
        assert mentee in text
    assert await bot.query_until(
        "SELECT count(DISTINCT pairing_id) FROM assignments WHERE is_open", lambda r: r == [(3,)]
    ) == [(3,)]
    assert bot.query("SELECT count(*) FROM assignments WHERE state = 'active'") == [(5,)]
    assert bot.query("SELECT count(*) FROM assignments WHERE state = 'declined'") == [(1,)]
    assert bot.query("SELECT sum(load), sum(capacity) FROM memberships WHERE role = 'mentor'") == [
        (5, 5)
    ]

    # the list for the head's order, as a DOCX the test reads back
    pairs = await _pairs_list(curator, "Пары и группы")
    cursor = fake.mark()
    fake.press_button(curator.id, pairs, "Список для приказа")
    document = await fake.wait_for_message(
        curator.id, lambda m: m.method == "sendDocument", after=cursor
    )
    assert document.file_name is not None
    # what, whose and when, in the curator's language: «Пары_наставничество_СОШ_9_<date>.docx»
    today = datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()
    assert document.file_name == f"Пары_наставничество_СОШ_9_{today}.docx"
    assert document.file_bytes is not None
    docx = Document(io.BytesIO(document.file_bytes))
    table = docx.tables[0]
    body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(body) == 3  # a group and two pairs
    group_row = next(row for row in body if "Смирнов Алексей" in row[1])
    assert group_row[2].count("\n") == 2  # three mentees, one per line
    assert "учитель – учитель" in group_row[3]
    assert "групповое" in group_row[4]


async def _pairs_list(curator: Person, expect: str) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    return await curator.press(org, "Пары и группы", expect)

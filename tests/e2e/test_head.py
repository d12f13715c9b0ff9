"""The head of the organization, end to end: the curator makes the head's link, the head joins,
the curator switches the school to fixing pairs by the head's order and sends two agreed pairs
for approval, the head approves them by order «15-о» of today, the pairs are active from the
order's date, and the head receives the order as a DOCX that reads back with everyone's names."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from docx import Document

from tests.e2e.flows import (
    QUESTION,
    SUMMARY,
    accept_consent,
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage
from tests.rendered import render_docx

SCHOOL = "МБОУ СОШ № 9"
HEAD_NAME = "Ковалёв Сергей Иванович"
CURATOR_NAME = "Петрова Мария Ивановна"
PAIRS = [
    (201, "Смирнов Алексей Петрович", 301, "Иванова Анна Сергеевна", "Математика"),
    (202, "Кузнецова Ирина Олеговна", 302, "Петров Олег Игоревич", "История"),
]


async def _org_card(curator: Person) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    return await curator.press(menu, SCHOOL, "Часовой пояс")


async def test_pairs_fixed_by_the_heads_order(fake: FakeTelegram, bot: BotProcess) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL), CURATOR_NAME)

    # 1. the head's link, and the head joins: consent, name, position — nothing else
    head_token = await curator_invite(curator, SCHOOL, "Руководитель организации")
    head = Person(fake, 150)
    await accept_consent(head, head_token)
    await head.say(HEAD_NAME, QUESTION, "2 из 2")
    summary = await head.say("Директор", SUMMARY)
    # the profile's thanks ends with its next step: the organization's menu
    menu = await head.press(summary, "Подтвердить", "Профиль руководителя сохранён", "Что дальше")
    head_menu = await head.press(menu, SCHOOL, "руководитель", "Ждут вашего утверждения: 0")
    assert "Банк наставников" in " ".join(head_menu.button_texts), head_menu.button_texts

    # 2. two pairs agreed through the chat
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    people: dict[int, Person] = {}
    for mentor_id, mentor_name, mentee_id, mentee_name, subject in PAIRS:
        mentor, mentee = Person(fake, mentor_id), Person(fake, mentee_id)
        form = await fill_mentor(mentor, mentor_token, mentor_name, subjects=(subject,), capacity=1)
        await mentor.press(form, "Подтвердить", "сохранена")
        form = await fill_mentee(mentee, mentee_token, mentee_name, subjects=(subject,))
        await mentee.press(form, "Подтвердить", "сохранена")
        people |= {mentor_id: mentor, mentee_id: mentee}

    # the curator switches the school to fixing by the head's order
    pairs = await curator.press(await _org_card(curator), "Пары и группы", "Пары и группы")
    switch = curator.alert(
        lambda: fake.press_button(curator.id, pairs, "Закреплять пары приказом руководителя")
    )
    assert "приказом руководителя" in await switch

    proposal = await curator.press(await _org_card(curator), "Подбор пар", "Предложено пар: 2")
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (2)", "Отправлено предложений: 2")
    for person in people.values():
        offer = await person.expect("предлагает вам", after=cursor, buttons=True, timeout=20)
        await person.press(offer, "Согласен", "Вы согласились")
    await curator.expect("Её закрепит приказ руководителя", after=cursor, timeout=20)

    # 3. the curator sends them for approval; confirming by hand is refused meanwhile
    pairs = await curator.press(await _org_card(curator), "Пары и группы", "готовы к отправке: 2")
    card = await curator.press(pairs, PAIRS[0][1], "Наставник:")
    refusal = await curator.alert(lambda: fake.press_button(curator.id, card, "Закрепить"))
    assert "приказом руководителя" in refusal
    cursor = fake.mark()
    sent = await curator.alert(
        lambda: fake.press_button(curator.id, pairs, "Отправить на утверждение руководителю (2)")
    )
    assert "Отправлено на утверждение руководителю: 2" in sent
    notice = await head.expect("отправил на утверждение", after=cursor, buttons=True, timeout=20)
    for _, mentor_name, _, mentee_name, _ in PAIRS:
        assert f"{mentor_name} → {mentee_name}" in (notice.text or ""), notice.text

    # 4. the head approves by order «15-о» of today
    pending = await head.press(notice, "Открыть список", "Пары на утверждение", "(2)")
    await head.press(pending, "Утвердить приказом", "номер приказа")
    await head.say("15-о", "дату приказа")
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    dated = today.strftime("%d.%m.%Y")
    cursor = fake.mark()
    await head.say(dated, f"Приказ № 15-о от {dated} записан", "Закреплено пар: 2")
    document = await fake.wait_for_message(
        head.id, lambda m: m.method == "sendDocument", after=cursor, timeout=30
    )

    # 5. the pairs are active from the order's date, and everyone concerned is told
    await bot.query_until(
        "SELECT count(*) FROM assignments WHERE state = 'active' AND order_id IS NOT NULL",
        lambda rows: rows == [(2,)],
    )
    # str(): SQLite returns ISO text, PostgreSQL a date
    orders = [
        (number, str(dated)) for number, dated in bot.query("SELECT number, dated FROM orders")
    ]
    assert orders == [("15-о", today.isoformat())]
    starts = [str(start) for (start,) in bot.query("SELECT DISTINCT start_on FROM programs")]
    assert starts == [today.isoformat()]
    for person in people.values():
        await person.expect(f"Пара закреплена с {dated}", after=cursor, timeout=20)
    await curator.expect("руководитель утвердил пары приказом № 15-о", after=cursor, timeout=20)

    # 6. the order, read back and rendered
    assert document.file_name == (
        f"Приказ о закреплении наставнических пар — {SCHOOL} — {dated}.docx"
    )
    assert document.file_bytes is not None
    docx = Document(io.BytesIO(document.file_bytes))
    paragraphs = [p.text for p in docx.paragraphs]
    assert paragraphs[0] == SCHOOL
    assert paragraphs[1] == "ПРИКАЗ"
    assert paragraphs[2] == f"от {dated}\t№ 15-о"
    assert f"Директор\t____________________ / {HEAD_NAME} /" in paragraphs
    table = [[cell.text.strip() for cell in row.cells] for row in docx.tables[0].rows]
    mentors = {row[1].split(",")[0] for row in table[1:]}
    assert mentors == {name for _, name, _, _, _ in PAIRS}
    assert {row[5] for row in table[1:]} == {dated}
    page = render_docx(document.file_bytes)
    order = " ".join(page.pages[0].split())
    for phrase in ("ПРИКАЗ", f"от {dated}", "№ 15-о", HEAD_NAME, CURATOR_NAME, "ПРИКАЗЫВАЮ"):
        assert phrase in order, phrase
    appendix = " ".join(page.pages[-1].split())
    assert f"Приложение к приказу от {dated} № 15-о" in appendix
    assert "Петров Олег" in appendix

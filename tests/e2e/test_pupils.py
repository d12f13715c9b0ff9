"""Pupil mentoring end to end (issue 12): pupils join with a parent's consent, an outside mentor
and a peer mentor join, the curator enables the forms, pairs are matched by form (an outside
adult with a minor only after the school's check), parents are told, a meeting is logged, and a
parent's withdrawal leaves nothing of the child anywhere. A declining parent and a request
nobody answered in time leave nothing either."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import (
    PUPIL_SUMMARY,
    QUESTION,
    SUMMARY,
    create_school,
    curator_invite,
    pick_many,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person, database_text
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 12"
# a Wednesday afternoon in Moscow, half a minute before 15:30: the meeting is then due at once
BOT_TIME = datetime(2026, 11, 25, 12, 29, 5, tzinfo=UTC)
FAST = {"REMINDER_LEADS": "30s", "LOG_PROMPT_AFTER": "3s", "SCHEDULER_TICK_SECONDS": "1"}
# Telegram ids that appear nowhere else as numbers, so the search below cannot mistake them
MASHA, MASHA_PARENT = 7_000_401, 7_000_501
DIMA, DIMA_PARENT = 7_000_402, 7_000_502
OLYA, OLYA_PARENT = 7_000_403, 7_000_503
SOKOLOV = 7_000_404
PETYA, PETYA_PARENT = 7_000_405, 7_000_505
VANYA, VANYA_PARENT = 7_000_406, 7_000_506
MASHA_GOAL = "Хочу победить на олимпиаде по биологии"


def _parent_token(message: SentMessage) -> str:
    return (message.text or "").split("start=")[-1].split()[0]


async def _ask_parent(pupil: Person, token: str, grade: int, name: str) -> str:
    """A pupil of 14–17 opens the pupil link: age, class, first name → the parent's link."""
    ask = await pupil.say(f"/start {token}", "сколько тебе лет")
    grade_question = await pupil.press(ask, "Мне 14–17", "В каком ты классе?")
    await pupil.press(grade_question, str(grade), "Как тебя зовут?")
    link = await pupil.say(name, "нужно согласие твоего родителя", "start=")
    return _parent_token(link)


async def _parent_consents(
    fake: FakeTelegram, pupil: Person, parent: Person, token: str, parent_name: str
) -> SentMessage:
    consent = await parent.say(f"/start {token}", "Согласие родителя", "Оператор")
    ask_name = await parent.press(consent, "Даю согласие", "фамилию, имя и отчество")
    assert ask_name.text
    relation = await parent.say(parent_name, "Кем вы приходитесь ребёнку")
    cursor = fake.mark()
    await parent.press(relation, "мать", "Согласие записано", parent_name)
    return await pupil.expect("дал согласие", after=cursor, buttons=True)


async def _fill_pupil_mentee(
    pupil: Person, accepted: SentMessage, full_name: str, grade: int, goal: str
) -> None:
    q = await pupil.press(accepted, "Заполнить анкету", QUESTION, "1 из 9")
    q = await pupil.say(full_name, QUESTION, "2 из 9")
    q = await pupil.say(str(grade), QUESTION, "3 из 9")
    q = await pick_many(pupil, q, ["Биология"], "4 из 9")
    q = await pick_many(pupil, q, ["Олимпиады", "Выбор профессии"], "5 из 9")
    q = await pupil.say(goal, QUESTION, "6 из 9")
    q = await pupil.press(q, "Пропустить", QUESTION, "7 из 9")
    q = await pupil.press(q, "Пропустить", QUESTION, "8 из 9")
    q = await pupil.press(q, "Очно", QUESTION, "9 из 9")
    summary = await pick_many(pupil, q, ["Будни, днём"], PUPIL_SUMMARY)
    await pupil.press(summary, "Подтвердить", "сохранена")


async def _fill_peer_mentor(pupil: Person, accepted: SentMessage) -> None:
    q = await pupil.press(accepted, "Заполнить анкету", QUESTION, "1 из 10")
    q = await pupil.say("Дима Орлов", QUESTION, "2 из 10")
    q = await pupil.say("10", QUESTION, "3 из 10")
    q = await pick_many(pupil, q, ["Биология"], "4 из 10")
    q = await pick_many(pupil, q, ["Олимпиады"], "5 из 10")
    q = await pupil.say("Призёр региональной олимпиады по биологии", QUESTION, "6 из 10")
    q = await pupil.press(q, "Очно", QUESTION, "7 из 10")
    q = await pick_many(pupil, q, ["Будни, днём"], "8 из 10")
    q = await pupil.say("1", QUESTION, "9 из 10")
    q = await pupil.press(q, "8", QUESTION, "10 из 10")
    summary = await pupil.press(q, "Да", PUPIL_SUMMARY)
    await pupil.press(summary, "Подтвердить", "сохранена")


async def _fill_employer(person: Person, token: str) -> None:
    consent = await person.say(f"/start {token}", "Согласие на обработку персональных данных")
    consent = await person.press(consent, "Даю согласие", "в качестве наставника")
    q = await person.press(consent, "Даю согласие", QUESTION, "1 из 11")
    q = await person.say("Соколов Игорь Андреевич", QUESTION, "2 из 11")
    q = await person.press(q, "Специалист предприятия", QUESTION, "3 из 11")
    q = await person.say("АО «Медтехника»", QUESTION, "4 из 11")
    q = await person.say("Инженер-биотехнолог", QUESTION, "5 из 11")
    q = await person.press(q, "Медицина", QUESTION, "6 из 11")
    q = await pick_many(person, q, ["Выбор профессии", "Проекты"], "7 из 11")
    q = await person.press(q, "Пропустить", QUESTION, "8 из 11")
    q = await person.press(q, "Очно", QUESTION, "9 из 11")
    q = await pick_many(person, q, ["Будни, днём"], "10 из 11")
    q = await person.say("2", QUESTION, "11 из 11")
    summary = await person.press(q, "Нет", SUMMARY)
    await person.press(summary, "Подтвердить", "сохранена")


async def _confirm_pair(curator: Person, agreed: SentMessage, *, check: bool) -> SentMessage:
    card = await curator.press(agreed, "Открыть пару", "Наставник:")
    if not check:
        return await curator.press(card, "Закрепить", "закреплена с")
    ask = await curator.press(card, "Закрепить", "Перед закреплением пары школа проверяет")
    return await curator.press(ask, "Школа проверила наставника", "закреплена с")


@pytest.mark.timeout(900)
async def test_pupils_parents_and_outside_mentors(fake: FakeTelegram, tmp_path: Path) -> None:
    offset = (BOT_TIME - datetime.now(UTC)).total_seconds()
    bot = BotProcess(
        fake,
        tmp_path,
        admin_ids=[ADMIN_ID],
        extra_env={**FAST, "CLOCK_OFFSET_SECONDS": str(offset)},
    )
    await bot.start()
    try:
        await _walk(fake, bot, offset)
    finally:
        await bot.stop()
    log = bot.log()
    assert "Traceback" not in log, log
    assert "unhandled error" not in log, log


async def _walk(fake: FakeTelegram, bot: BotProcess, offset: float) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    ((org_id,),) = bot.query("SELECT id FROM organizations")
    code, out = await bot.cli("set-org", str(org_id), "--forms", "teacher_teacher,pupil_pupil")
    assert code == 0, out
    mentee_link = await curator_invite(curator, SCHOOL, "Ученик-наставляемый")
    peer_link = await curator_invite(curator, SCHOOL, "Ученик-наставник")
    outside_link = await curator_invite(curator, SCHOOL, "Внешний наставник")

    # --- pupils ask their parents; until a parent answers only name, class and the token wait
    masha, masha_parent = Person(fake, MASHA), Person(fake, MASHA_PARENT)
    masha_token = await _ask_parent(masha, mentee_link, 7, "Маша")
    assert bot.query("SELECT count(*) FROM users") == [(1,)]  # the curator only
    assert bot.query("SELECT child_first_name, child_grade FROM guardian_requests") == [("Маша", 7)]
    accepted = await _parent_consents(
        fake, masha, masha_parent, masha_token, "Кузнецова Елена Викторовна"
    )
    await _fill_pupil_mentee(masha, accepted, "Маша Кузнецова", 7, MASHA_GOAL)
    consent = bot.query(
        "SELECT g.guardian_name, g.relation, c.kind FROM guardianships g "
        "JOIN consents c ON c.user_id = g.child_user_id"
    )
    assert consent == [("Кузнецова Елена Викторовна", "mother", "parental")]

    dima, dima_parent = Person(fake, DIMA), Person(fake, DIMA_PARENT)
    dima_token = await _ask_parent(dima, peer_link, 10, "Дима")
    await _fill_peer_mentor(
        dima, await _parent_consents(fake, dima, dima_parent, dima_token, "Орлова Анна Ивановна")
    )
    olya, olya_parent = Person(fake, OLYA), Person(fake, OLYA_PARENT)
    olya_token = await _ask_parent(olya, mentee_link, 11, "Оля")
    accepted = await _parent_consents(fake, olya, olya_parent, olya_token, "Белова Ирина Сергеевна")
    await _fill_pupil_mentee(olya, accepted, "Оля Белова", 11, "Понять, кем работать")
    sokolov = Person(fake, SOKOLOV)
    await _fill_employer(sokolov, outside_link)

    # --- a parent who declines: the pupil is told, and nothing about the child stays
    petya, petya_parent = Person(fake, PETYA), Person(fake, PETYA_PARENT)
    petya_token = await _ask_parent(petya, mentee_link, 6, "Петя")
    consent_text = await petya_parent.say(f"/start {petya_token}", "Согласие родителя")
    cursor = fake.mark()
    await petya_parent.press(consent_text, "Не согласен", "не дали согласия")
    await petya.expect("не дал согласия", after=cursor)
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'stranger'", lambda rows: rows == [(0,)]
    )

    # a request no parent answers: Ваня asks now; his request expires later (see the end)
    vanya = Person(fake, VANYA)
    vanya_token = await _ask_parent(vanya, mentee_link, 5, "Ваня")

    # --- only «ученик – ученик» is on: the outside mentor is not proposed for anyone
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 1", "Без пары: 1")
    assert "Дима Орлов" in (proposal.text or "")
    assert "Соколов" not in (proposal.text or "")
    assert "нет наставника включённой формы" in (proposal.text or "")
    # the curator enables «работодатель – ученик» in the school's menu
    org = await curator.press(proposal, "К организации", "Часовой пояс")
    forms = await curator.press(org, "Формы наставничества", "Формы наставничества —")
    assert "▫️ работодатель – ученик" in forms.button_texts
    cursor = fake.mark()
    fake.press_button(curator.id, forms, "работодатель – ученик")
    forms = await fake.wait_for_message(
        curator.id, lambda m: m.message_id == forms.message_id, after=cursor
    )
    assert "✅ работодатель – ученик" in forms.button_texts
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 2", "Без пары: 0")
    # the peer mentor is older than Маша only; Оля (11th class) goes to the outside mentor
    text = proposal.text or ""
    assert text.index("Маша Кузнецова") < text.index("Дима Орлов") < text.index("Оля Белова")
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (2)", "Отправлено предложений: 2")
    for person, needle in (
        (masha, "предлагает тебе наставника"),
        (dima, "предлагает тебе стать наставником"),
        (olya, "предлагает тебе наставника"),
        (sokolov, "предлагает вам наставляемого"),
    ):
        offer = await person.expect(needle, after=cursor, buttons=True)
        # an outside adult and a minor: contacts stay with the school
        outside_pair = person in (olya, sokolov)
        assert ("Контакты участников не передаются" in (offer.text or "")) is outside_pair
        # the outside adult is addressed with «вы», the pupils with «ты»
        thanks = "Вы согласились" if person is sokolov else "Отлично!"
        await person.press(offer, "Согласен", thanks, "вторая сторона")
    agreed = [
        await curator.expect("Пара согласована", name, after=cursor, buttons=True)
        for name in ("Дима Орлов", "Соколов Игорь Андреевич")
    ]
    cursor = fake.mark()
    for message in agreed:
        outside = "Соколов" in (message.text or "")
        await _confirm_pair(curator, message, check=outside)
    checked = bot.query(
        "SELECT p.form, p.safeguarding_checked_at IS NOT NULL FROM pairings p ORDER BY p.form"
    )
    assert checked == [("employer_pupil", True), ("pupil_pupil", False)]
    # parents hear who mentors their child: names and roles, never answers
    told = await masha_parent.expect("начинает программу наставничества", "Дима", after=cursor)
    assert "олимпиад" not in (told.text or "").lower()
    await olya_parent.expect("Соколов Игорь Андреевич", after=cursor)
    await dima_parent.expect("стал(а) наставником", after=cursor)

    # --- the peer mentor schedules and logs the first meeting
    meetings = await dima.say("/meetings", "Организационная встреча")
    await dima.press(meetings, "Назначить", "Выбери дату")
    fmt = await dima.say("25.11 15:30", "Как она пройдёт?")
    await dima.press(fmt, "Очно", "Где пройдёт встреча")
    cursor = fake.mark()
    await dima.say("каб. 214", "Назначено")
    prompt = await dima.expect("Как прошла встреча", after=cursor, buttons=True, timeout=90)
    q = await dima.press(prompt, "Встреча состоялась", QUESTION, "1 из 5")
    q = await dima.say("40", QUESTION, "2 из 5")
    q = await dima.say("Маша рассказала про олимпиаду", QUESTION, "3 из 5")
    q = await dima.press(q, "Пропустить", QUESTION, "4 из 5")
    q = await dima.press(q, "Пропустить", QUESTION, "5 из 5")
    await dima.press(q, "Пропустить", "Встреча записана")
    assert bot.query("SELECT count(*) FROM meetings WHERE status = 'held'") == [(1,)]

    # --- Маша's mother withdraws: the child's data goes from every table and the outbox
    mydata = await masha_parent.say("/mydata", "Данные ваших детей", "Маша", MASHA_GOAL)
    confirm = await masha_parent.press(mydata, "Отозвать согласие", "будут удалены")
    cursor = fake.mark()
    await masha_parent.press(
        confirm, "Да, отозвать и удалить", "данные ребёнка Маша Кузнецова удалены"
    )
    await dima.expect("Пара завершена", after=cursor)
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'withdrawal' AND state <> 'sent'",
        lambda rows: rows == [(0,)],
    )
    everything = database_text(bot)
    for secret in ("Маша", "Кузнецова", MASHA_GOAL, "рассказала про олимпиаду", "Петя"):
        assert secret not in everything, secret
    for number in (MASHA, MASHA_PARENT, PETYA, PETYA_PARENT):
        assert f"{number}," not in everything, number
        assert f"{number})" not in everything, number
    # the school's filed pair stays, anonymously, with its held meeting
    assert bot.query("SELECT count(*) FROM memberships WHERE user_id IS NULL") == [(1,)]
    assert bot.query("SELECT count(*) FROM meetings WHERE status = 'held'") == [(1,)]
    # the other families are untouched
    assert bot.query("SELECT count(*) FROM guardianships") == [(2,)]

    # --- fifteen days later nobody answered Ваня's request: it goes, and he is told
    assert bot.query("SELECT child_first_name FROM guardian_requests") == [("Ваня",)]
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = str(offset + 15 * 24 * 3600)
    cursor = fake.mark()
    await bot.restart(kill=False)
    await vanya.expect("ссылка для него истекла", after=cursor, timeout=30)
    await bot.query_until(
        "SELECT count(*) FROM outbox WHERE kind = 'stranger'", lambda rows: rows == [(0,)]
    )
    late = await Person(fake, VANYA_PARENT).say(f"/start {vanya_token}", "не найдена")
    assert late.text
    everything = database_text(bot)
    assert "Ваня" not in everything
    assert f"{VANYA}," not in everything
    assert f"{VANYA})" not in everything

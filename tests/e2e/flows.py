"""Whole conversations reused by end-to-end tests: create an organization, join, fill in forms."""

from __future__ import annotations

from tests.e2e.harness import BotProcess, Person, invite_token
from tests.fake_telegram import FakeTelegram, SentMessage

QUESTION = "вопрос"
SUMMARY = "Проверьте анкету"
PUPIL_SUMMARY = "Проверь анкету"  # pupils are addressed with «ты»


async def create_school(bot: BotProcess, name: str = "МБОУ СОШ № 5") -> str:
    code, out = await bot.cli("create-org", name, "--timezone", "Europe/Moscow")
    assert code == 0, out
    assert "start=" in out, out
    return out.strip().split("start=")[-1].split()[0]


async def accept_consent(person: Person, token: str, *, mentor: bool = False) -> SentMessage:
    consent = await person.say(f"/start {token}", "Согласие на обработку персональных данных")
    if mentor:
        consent = await person.press(
            consent, "Даю согласие", "Согласие на участие в качестве наставника"
        )
    return await person.press(consent, "Даю согласие", QUESTION, "1 из")


async def pick_many(
    person: Person, question: SentMessage, options: list[str], *expect: str
) -> SentMessage:
    """Tick options one by one (the keyboard is redrawn in place), then press "done"."""
    message_id = question.message_id
    for option in options:
        cursor = person.fake.mark()
        person.fake.press_button(person.id, question, option)
        question = await person.fake.wait_for_message(
            person.id, lambda m: m.message_id == message_id, after=cursor
        )
    return await person.press(question, "Готово", *expect)


async def register_curator(
    person: Person, token: str, name: str = "Петрова Мария Ивановна"
) -> None:
    q = await accept_consent(person, token)
    await person.say(name, QUESTION, "2 из")
    summary = await person.say("Заместитель директора по УВР", SUMMARY)
    done = await person.press(summary, "Подтвердить", "Профиль куратора сохранён", "Что дальше")
    assert done.button_texts == ["➕ Новая ссылка-приглашение"], done.button_texts
    assert q.text


# the teacher kinds' buttons before invite links had kinds (issue 12): older tests name them so
TEACHER_KIND_BUTTONS = {"Наставник": "Педагог-наставник", "Наставляемый": "Наставляемый педагог"}


async def curator_invite(curator: Person, org_name: str, role_button: str) -> str:
    """A 30-day link of the kind on ``role_button`` (e.g. «Ученик-наставляемый»)."""
    role_button = TEACHER_KIND_BUTTONS.get(role_button, role_button)
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, org_name, "Часовой пояс")
    pick = await curator.press(org, "Новая ссылка-приглашение", "Для кого ссылка")
    ttl = await curator.press(pick, role_button, "Сколько будет действовать")
    card = await curator.press(ttl, "30 дней", "start=")
    return invite_token(card)


async def fill_mentor(
    person: Person,
    token: str,
    name: str = "Смирнов Алексей Петрович",
    *,
    subjects: tuple[str, ...] = ("Математика", "Физика"),
    competences: tuple[str, ...] = ("Дисциплина", "родителями"),
    capacity: int = 2,
    open_to_others: bool = False,
) -> SentMessage:
    await accept_consent(person, token, mentor=True)
    q = await person.say(name, QUESTION, "2 из")
    q = await person.press(q, "Учитель", QUESTION, "3 из")
    q = await pick_many(person, q, list(subjects), "4 из")
    q = await person.say("15", QUESTION, "5 из")
    q = await person.press(q, "Пропустить", QUESTION, "6 из")
    q = await pick_many(person, q, list(competences), "7 из")
    q = await pick_many(person, q, ["Молодой педагог"], "8 из")
    q = await person.press(q, "Дистанционно", QUESTION, "9 из")
    q = await pick_many(person, q, ["Будни, вечером"], "10 из")
    q = await person.say(str(capacity), QUESTION, "11 из")
    q = await person.press(q, "8", QUESTION, "12 из")
    q = await person.press(q, "Да", QUESTION, "13 из")
    return await person.press(q, "Да" if open_to_others else "Нет", SUMMARY)


async def fill_mentee(
    person: Person,
    token: str,
    name: str = "Иванова Анна Сергеевна",
    *,
    subjects: tuple[str, ...] = ("Математика",),
    difficulties: tuple[str, ...] = ("Дисциплина",),
    menu_midway: bool = False,
) -> SentMessage:
    """``menu_midway``: /menu after the name, then back to the questionnaire from the menu."""
    await accept_consent(person, token)
    q = await person.say(name, QUESTION, "2 из")
    if menu_midway:
        cursor = person.fake.mark()
        person.fake.send_text(person.id, "/menu")
        await person.expect("Анкета на паузе", "Продолжить анкету", after=cursor)
        menu = await person.expect("Главное меню", after=cursor, buttons=True)
        cursor = person.fake.mark()
        person.fake.press_button(person.id, menu, "Продолжить анкету")
        # the question is asked again below the menu (the old copy loses its buttons)
        q = await person.expect(QUESTION, "2 из", after=cursor, buttons=True)
    q = await person.press(q, "Учитель", QUESTION, "3 из")
    q = await pick_many(person, q, list(subjects), "4 из")
    q = await person.say("1", QUESTION, "5 из")
    q = await person.press(q, "Молодой педагог", QUESTION, "6 из")
    q = await pick_many(person, q, list(difficulties), "7 из")
    q = await person.say("Сложно держать внимание 7 класса", QUESTION, "8 из")
    q = await person.say("Научиться выстраивать урок", QUESTION, "9 из")
    q = await person.press(q, "Дистанционно", QUESTION, "10 из")
    q = await pick_many(person, q, ["Будни, вечером"], "11 из")
    q = await person.say("01.12.2026", QUESTION, "12 из")
    return await person.press(q, "Да", SUMMARY)


async def confirmed_pair(
    fake: FakeTelegram, bot: BotProcess, school: str
) -> tuple[Person, Person, Person]:
    """A school with one curator, one mentor and one mentee in a confirmed pair."""
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, school))
    mentor_token = await curator_invite(curator, school, "Наставник")
    mentee_token = await curator_invite(curator, school, "Наставляемый")
    mentor, mentee = Person(fake, 200), Person(fake, 300)
    await mentor.press(await fill_mentor(mentor, mentor_token), "Подтвердить", "сохранена")
    await mentee.press(await fill_mentee(mentee, mentee_token), "Подтвердить", "сохранена")
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, school, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 1")
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (1)", "Отправлено предложений: 1")
    for person in (mentor, mentee):
        offer = await person.expect("предлагает вам", after=cursor, buttons=True)
        await person.press(offer, "Согласен", "Вы согласились")
    agreed = await curator.expect("Пара согласована", after=cursor, buttons=True)
    card = await curator.press(agreed, "Открыть пару", "Наставник:")
    await curator.press(card, "Закрепить", "закреплена с")
    return curator, mentor, mentee


# ----- surveys ------------------------------------------------------------------------------
# one answer per question: a number presses that point of a 1–10 scale, None presses «Пропустить»,
# "Да"/"Нет" press that button, a tuple ticks those options (an empty one ticks none), and any
# other text is typed
Answer = int | str | tuple[str, ...] | None
YES_NO = ("Да", "Нет")


async def press_exact(person: Person, message: SentMessage, text: str, *expect: str) -> SentMessage:
    """Press the button whose text is exactly ``text`` («1» on a scale, not «10»)."""
    data = next((d for row in message.buttons for t, d in row if t == text), None)
    assert data is not None, f"no button {text!r} in {message.button_texts}"
    return await person.press_data(message, data, *expect)


async def answer_survey(
    person: Person,
    invitation: SentMessage,
    answers: list[Answer],
    *,
    done: str,
    review: bool = True,
) -> SentMessage:
    """Take a survey from its invitation («📝 Пройти опрос») and answer every question in
    order; with ``review`` the form ends with «Проверьте анкету», which is confirmed."""
    total = len(answers)
    question = await person.press(invitation, "Пройти опрос", f"вопрос 1 из {total}")
    for number, answer in enumerate(answers, start=1):
        if number < total:
            expect = f"вопрос {number + 1} из {total}"
        else:
            expect = SUMMARY if review else done
        if isinstance(answer, tuple):
            question = await pick_many(person, question, list(answer), expect)
        elif answer is None:
            question = await person.press(question, "Пропустить", expect)
        elif isinstance(answer, int) or answer in YES_NO:
            question = await press_exact(person, question, str(answer), expect)
        else:
            question = await person.say(answer, expect)
    if review:
        return await person.press(question, "Подтвердить", done)
    return question

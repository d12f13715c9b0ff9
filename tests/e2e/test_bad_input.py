"""Wrong input never breaks a flow: each case gets a clear answer and nothing is lost."""

from __future__ import annotations

from functools import partial

from tests.e2e.flows import (
    QUESTION,
    SUMMARY,
    accept_consent,
    create_school,
    curator_invite,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5"


async def _school_with_curator(fake: FakeTelegram, bot: BotProcess) -> tuple[Person, str, str]:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    return curator, mentee_token, mentor_token


async def test_questionnaire_survives_every_kind_of_bad_input(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    _, mentee_token, mentor_token = await _school_with_curator(fake, bot)
    mentee = Person(fake, 300)
    first = await accept_consent(mentee, mentee_token)

    # a photo, a sticker and a document where a name is expected
    for send in (fake.send_photo, fake.send_sticker, fake.send_document):
        cursor = fake.mark()
        send(mentee.id)
        await mentee.expect("ответ текстом", after=cursor)
        await mentee.expect(QUESTION, "1 из", after=cursor)

    # a name over the question's limit (120)
    await mentee.say("Я" * 500, "слишком длинный", "500 символов")
    q = await mentee.say("Иванова Анна", QUESTION, "2 из")

    # typed text on a choice question, then an option typed by its number
    await mentee.say("что-то своё", "выберите вариант кнопками")
    q = await mentee.say("1", QUESTION, "3 из")

    # "done" with nothing ticked is refused with an alert, the question stays
    alert = await mentee.alert(lambda: fake.press_button(mentee.id, q, "Готово"))
    assert "хотя бы 1" in alert
    fake.press_button(mentee.id, q, "Математика")
    q = await mentee.press(q, "Готово", QUESTION, "4 из")

    # numbers: words, out of range, then right
    await mentee.say("много", "число цифрами")
    await mentee.say("99", "от 0 до 60")
    q = await mentee.say("2", QUESTION, "5 из")

    # "back" returns to the previous question with its answer kept
    back = await mentee.press(q, "Назад", QUESTION, "4 из")
    q = await mentee.say("3", QUESTION, "5 из")

    # pressing a button of an old, already answered question
    alert = await mentee.alert(
        lambda: fake.forge_callback(mentee.id, first.message_id, "qa:1:full_name:b:0")
    )
    assert "устарела" in alert
    alert = await mentee.alert(
        lambda: fake.forge_callback(mentee.id, back.message_id, "garbage:data")
    )
    assert "устарела" in alert

    # a button pointing at another person's questionnaire
    mentor = Person(fake, 400)
    await accept_consent(mentor, mentor_token, mentor=True)
    rows = await bot.query_until(
        "SELECT r.id FROM questionnaire_responses r JOIN users u ON u.id = r.user_id WHERE u.telegram_id = 400",
        bool,
    )
    assert rows
    forged = f"qa:{rows[0][0]}:full_name:s:0"
    alert = await mentee.alert(lambda: fake.forge_callback(mentee.id, q.message_id, forged))
    assert "устарела" in alert
    assert bot.query(
        "SELECT count(*) FROM answers a JOIN questionnaire_responses r ON r.id = a.response_id "
        f"WHERE r.id = {rows[0][0]}"
    ) == [(0,)]

    q = await mentee.press(q, "Молодой педагог", QUESTION, "6 из")
    fake.press_button(mentee.id, q, "Дисциплина")
    q = await mentee.press(q, "Готово", QUESTION, "7 из")
    q = await mentee.press(q, "Пропустить", QUESTION, "8 из")
    q = await mentee.say("Хочу научиться", QUESTION, "9 из")
    q = await mentee.press(q, "Очно", QUESTION, "10 из")
    fake.press_button(mentee.id, q, "Выходные")
    q = await mentee.press(q, "Готово", QUESTION, "11 из")

    # dates: nonsense, impossible, then right
    await mentee.say("в следующем месяце", "ДД.ММ.ГГГГ")
    await mentee.say("31.02.2027", "ДД.ММ.ГГГГ")
    q = await mentee.say("15.01.2027", QUESTION, "12 из")
    summary = await mentee.press(q, "Нет", SUMMARY)
    text = summary.text or ""
    assert "Иванова Анна" in text
    assert "15.01.2027" in text
    assert "3" in text

    # typing on the summary points at its buttons; editing answer 1 returns to the summary
    cursor = fake.mark()
    await mentee.say("всё верно", "Подтвердите её")
    summary = await mentee.expect(SUMMARY, after=cursor, buttons=True)
    picker = await mentee.press(summary, "Изменить ответ", "Проверьте анкету")
    edit = await mentee.press(picker, "1", "Вы меняете ответ", "1 из")
    assert edit.text
    summary = await mentee.say("Иванова Анна Сергеевна", SUMMARY)
    assert "Иванова Анна Сергеевна" in (summary.text or "")
    await mentee.press(summary, "Подтвердить", "Куратор программы подберёт вам наставника")
    assert await bot.query_until(
        "SELECT full_name FROM users WHERE telegram_id = 300", lambda rows: rows[0][0] is not None
    ) == [("Иванова Анна Сергеевна",)]


async def test_roles_are_checked_on_every_press(fake: FakeTelegram, bot: BotProcess) -> None:
    curator, mentee_token, _ = await _school_with_curator(fake, bot)
    (org_id,) = bot.query("SELECT id FROM organizations")[0]
    stranger = Person(fake, 700)
    menu = await stranger.say("/menu", "ссылку-приглашение")
    # a forged "open the organization" button from someone with no role
    alert = await stranger.alert(
        lambda: fake.forge_callback(stranger.id, menu.message_id, f"m:org:{org_id}")
    )
    assert "нет прав" in alert
    # a mentee cannot open the bank or make invites either
    mentee = Person(fake, 300)
    await accept_consent(mentee, mentee_token)
    for data in (f"bk:{org_id}:0:0:0", f"iv:ttl:{org_id}:curator:0:0:teacher"):
        alert = await mentee.alert(partial(fake.forge_callback, mentee.id, 1, data))
        assert "нет прав" in alert
    assert bot.query("SELECT count(*) FROM invites WHERE role = 'curator'") == [(1,)]
    # the curator still can
    menu = await curator.say("/menu", "Главное меню")
    await curator.press(menu, SCHOOL, "Часовой пояс")


async def test_invite_links_that_do_not_work_say_why(fake: FakeTelegram, bot: BotProcess) -> None:
    curator, mentee_token, _ = await _school_with_curator(fake, bot)
    visitor = Person(fake, 800)
    await visitor.say("/start not-a-real-token", "не найдена")
    await visitor.say("/start " + "x" * 60, "не найдена")
    # the curator revokes the mentee link; it stops working at once
    invites = await curator.say("/menu", "Главное меню")
    org = await curator.press(invites, SCHOOL, "Часовой пояс")
    cursor = fake.mark()
    fake.press_button(curator.id, org, "Активные приглашения")
    card = await curator.expect("Наставляемый", mentee_token, after=cursor)
    await curator.press(card, "Отозвать", "отозвана")
    await visitor.say(f"/start {mentee_token}", "отозвана")
    # the curator's own single-use link cannot make a second curator
    (used,) = bot.query("SELECT token FROM invites WHERE role = 'curator'")[0]
    await visitor.say(f"/start {used}", "уже использована")
    assert bot.query("SELECT count(*) FROM users WHERE telegram_id = 800") == [(0,)]


async def test_declining_consent_stores_nothing(fake: FakeTelegram, bot: BotProcess) -> None:
    _, mentee_token, _ = await _school_with_curator(fake, bot)
    before = bot.query("SELECT count(*) FROM fsm_records")
    person = Person(fake, 600)
    await person.say("/lang", "Choose the language")
    consent_lang = person.last()
    await person.press(consent_lang, "English", "Interface language: English")
    consent = await person.say(
        f"/start {mentee_token}", "Consent to the processing of personal data"
    )
    await person.press(consent, "I do not consent", "Nothing about you has been stored")
    assert bot.query("SELECT count(*) FROM users WHERE telegram_id = 600") == [(0,)]
    assert await bot.query_until(
        "SELECT count(*) FROM fsm_records WHERE user_id = 600", lambda rows: rows == [(0,)]
    ) == [(0,)]
    assert bot.query("SELECT count(*) FROM fsm_records") == before
    assert bot.query("SELECT count(*) FROM consents") == [(1,)]  # the curator's only


async def test_forged_button_values_get_the_stale_button_alert(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator, _, _ = await _school_with_curator(fake, bot)
    (org_id,) = bot.query("SELECT id FROM organizations")[0]
    menu = await curator.say("/menu", "Главное меню")
    # ids past the database's columns, impossible dates, unknown actions: refused when parsed
    for forged in (
        f"m:org:{2**63}",
        f"bk:{org_id}:0:{2**31}:0",
        "mt:day:1:44",
        "mt:cal:1:14",
        f"rp:boom:{org_id}",
        f"an:kind:{org_id}:party",
    ):
        alert = await curator.alert(
            partial(fake.forge_callback, curator.id, menu.message_id, forged)
        )
        assert "устарела" in alert, forged
    # the organization itself still opens
    await curator.press(menu, SCHOOL, "Часовой пояс")


async def test_replies_wait_out_telegrams_flood_control(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    await fake.wait_for_polling()
    # a second chance after two refusals for one person ...
    first = Person(fake, 900_001)
    fake.fail_next("sendMessage", count=2, retry_after=1)
    await first.say("/help", "Справка")
    # ... and for many at once, under a cap of 3 messages a second (as while an announcement
    # goes out): every one gets the reply, nobody's press is left spinning
    fake.set_rate_limit(3)
    people = [Person(fake, 900_010 + n) for n in range(12)]
    cursor = fake.mark()
    for person in people:
        fake.send_text(person.id, "/help")
    presses = [
        fake.forge_callback(p.id, 1, "zz:garbage")["callback_query"]["id"] for p in people[:4]
    ]
    for person in people:
        await person.expect("Справка", after=cursor, timeout=30)
    for query_id in presses:
        await fake.wait_for_callback_answer(query_id, timeout=30)
    fake.set_rate_limit(None)
    assert fake.stats.rejected_429 >= 9
    log = bot.log()
    assert "flood control" not in log  # nothing was given up
    assert "Traceback" not in log


async def test_in_a_group_the_bot_only_points_to_a_private_chat(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator, _, _ = await _school_with_curator(fake, bot)
    group = -100_500
    fake.group(group, "Учительская")
    for command in ("/mydata", "/menu"):
        cursor = fake.mark()
        fake.send_group_text(curator.id, group, command)
        refusal = await fake.wait_for_message(
            group, lambda m: "только в личном чате" in (m.text or ""), after=cursor
        )
        assert refusal.buttons == [[("Написать боту", f"https://t.me/{fake.bot_username}")]]
    # a press on that message from the group: an alert, nothing else
    cursor = fake.mark()
    update = fake.press_in_group(curator.id, refusal, "m:mydata:0")
    call = await fake.wait_for_callback_answer(update["callback_query"]["id"])
    assert "только в личном чате" in str(call.params.get("text"))
    # nothing of the curator's ever reached the group
    await curator.say("/mydata", "Петрова Мария Ивановна")  # the private chat still works
    group_texts = [m.text or "" for m in fake.messages_to(group)]
    assert len(group_texts) == 2
    assert not any("Петрова" in text or SCHOOL in text for text in group_texts)
    assert [c.method for c in fake.requests[cursor:] if c.params.get("chat_id") == group] == []

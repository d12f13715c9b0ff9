"""The whole first slice: organization → curator → invites → mentor and mentee → /mydata → /forget."""

from __future__ import annotations

from tests.e2e.conftest import ADMIN_ID
from tests.e2e.flows import (
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person, invite_token
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5"


async def test_full_onboarding_walk(fake: FakeTelegram, bot: BotProcess) -> None:
    # the stranger's command menu is registered in both languages (members get their own)
    assert {"ru", "en", ""} <= set(fake.commands)
    assert [c["command"] for c in fake.commands["en"]] == ["start", "help", "privacy"]

    token = await create_school(bot, SCHOOL)
    curator = Person(fake, 100)
    await register_curator(curator, token)
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    assert mentor_token != mentee_token

    mentor = Person(fake, 200)
    summary = await fill_mentor(mentor, mentor_token)
    assert "Смирнов Алексей Петрович" in (summary.text or "")
    cursor = fake.mark()
    await mentor.press(summary, "Подтвердить", "анкета наставника сохранена")
    await curator.expect("Новый участник", "Смирнов Алексей Петрович", "Наставник", after=cursor)

    mentee = Person(fake, 300)
    summary = await fill_mentee(mentee, mentee_token)
    text = summary.text or ""
    assert "Дисциплина и управление классом" in text
    assert "01.12.2026" in text
    # her own summary keeps the full questions (issue 17)
    assert "Укажите, пожалуйста, ваши фамилию, имя и отчество." in text
    cursor = fake.mark()
    await mentee.press(summary, "Подтвердить", "Куратор программы подберёт вам наставника")
    await curator.expect("Новый участник", "Иванова Анна Сергеевна", after=cursor)

    # the curator sees both in the bank and opens the mentee's card with her answers
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Наставников: 1, наставляемых: 1")
    bank = await curator.press(org, "Банк наставников", "Всего: 2")
    card = await curator.press(bank, "Иванова", "Иванова Анна Сергеевна", "Сложно держать внимание")
    assert "Наставляемый" in (card.text or "")
    # ... under short labels, not the full questions (issue 17)
    assert "ФИО\nИванова Анна Сергеевна" in (card.text or "")
    assert "Затруднения\n" in (card.text or "")
    assert "Укажите, пожалуйста" not in (card.text or "")

    # /mydata shows the mentee everything stored, with the consent's version and time
    data = await mentee.say("/mydata", "Ваши данные")
    assert "Иванова Анна Сергеевна" in (data.text or "")
    assert "Обработка персональных данных" in (data.text or "")
    assert "Научиться выстраивать урок" in (data.text or "")
    assert "Ожидания\nНаучиться выстраивать урок" in (data.text or "")
    assert "Чего вы ожидаете" not in (data.text or "")

    # /forget deletes her after a confirmation and tells the curator
    confirm = await mentee.say("/forget", "Отозвать согласие")
    cursor = fake.mark()
    await mentee.press(confirm, "Да, удалить", "Ваши данные удалены")
    await curator.expect("отозвал(а) согласие", "Иванова Анна Сергеевна", after=cursor)
    assert bot.query("SELECT count(*) FROM users WHERE telegram_id = 300") == [(0,)]
    assert bot.query("SELECT count(*) FROM fsm_records WHERE user_id = 300") == [(0,)]
    remaining = bot.query("SELECT value FROM answers")
    assert all("Иванова" not in str(v) for (v,) in remaining)
    assert bot.query("SELECT kind, role FROM audit_events") == [("consent_withdrawn", "mentee")]
    again = await mentee.say("/mydata", "не хранит")
    assert again.text
    # issue 17.7: the erasure and the conversation storage agree on who deletes the row
    assert "expected to delete" not in bot.log()
    assert "SAWarning" not in bot.log()


async def test_admin_creates_school_in_chat(fake: FakeTelegram, bot: BotProcess) -> None:
    admin = Person(fake, ADMIN_ID)
    await admin.say("/neworg", "название организации")
    kind = await admin.say("Лицей № 2", "Выберите тип")
    tz = await admin.press(kind, "Образовательная организация", "часовой пояс")
    created = await admin.press(tz, "Asia/Yekaterinburg", "Создана организация", "start=")
    assert "Asia/Yekaterinburg" in (created.text or "")
    assert bot.query("SELECT name, timezone, kind FROM organizations") == [
        ("Лицей № 2", "Asia/Yekaterinburg", "school")
    ]
    # anyone else is refused, politely
    other = Person(fake, 555)
    refused = await other.say("/neworg", "нет прав")
    assert refused.text


async def test_each_step_ends_with_what_comes_next_and_its_button(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    """Issue 15: the curator's profile, an invite link and a mentee's intake each end with
    «Что дальше» and the one button that leads there; /menu midway keeps the questionnaire."""
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    done = curator.fake.messages_to(curator.id)
    profile = next(m for m in reversed(done) if "Профиль куратора сохранён" in (m.text or ""))
    # the profile's button starts a link at once
    pick = await curator.press(profile, "Новая ссылка-приглашение", "Для кого ссылка")
    ttl = await curator.press(pick, "Наставляемый педагог", "Сколько будет действовать")
    card = await curator.press(ttl, "30 дней", "start=", "Что дальше")
    assert card.button_texts == ["⛔ Отозвать ссылку", "➕ Ещё ссылка"], card.button_texts
    token = invite_token(card)
    await curator.press(card, "Ещё ссылка", "Для кого ссылка")

    mentee = Person(fake, 300)
    summary = await fill_mentee(mentee, token, menu_midway=True)
    cursor = fake.mark()
    thanks = await mentee.press(summary, "Подтвердить", "Куратор программы подберёт вам наставника")
    text = thanks.text or ""
    assert "Что дальше" in text
    assert "куратор сформирует пары" in text
    assert thanks.button_texts == ["← Главное меню"], thanks.button_texts
    menu = await mentee.press(thanks, "Главное меню", "Главное меню", SCHOOL)
    # the flow ended on the thanks: the only menu after it is the one the button asked for
    later = [m for m in fake.messages_to(mentee.id) if m.message_id > thanks.message_id]
    assert [m.message_id for m in later if "Главное меню" in (m.text or "")] == [menu.message_id]
    assert "анкета не завершена" not in (menu.text or "")
    assert "Продолжить анкету" not in " ".join(menu.button_texts)
    await curator.expect("Новый участник", "Иванова Анна Сергеевна", after=cursor)

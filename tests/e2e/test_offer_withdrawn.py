"""A proposed pair whose other side declines or withdraws: the offer left behind stops offering
buttons, and its holder hears which pair is off (issue 17, items 4 and 8)."""

from __future__ import annotations

from tests.e2e.flows import (
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SCHOOL = "МБОУ СОШ № 5"


async def test_a_mentee_who_withdraws_before_answering_takes_the_mentors_offer_with_her(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    curator = Person(fake, 100)
    await register_curator(curator, await create_school(bot, SCHOOL))
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    mentor, mentee = Person(fake, 200), Person(fake, 300)
    await mentor.press(await fill_mentor(mentor, mentor_token), "Подтвердить", "сохранена")
    await mentee.press(await fill_mentee(mentee, mentee_token), "Подтвердить", "сохранена")
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    proposal = await curator.press(org, "Подбор пар", "Предложено пар: 1")
    cursor = fake.mark()
    await curator.press(proposal, "Предложить все пары (1)", "Отправлено предложений: 1")
    offer = await mentor.expect("предлагает вам", after=cursor, buttons=True)
    await mentee.expect("предлагает вам", after=cursor, buttons=True)

    confirm = await mentee.say("/forget", "Отозвать согласие")
    cursor = fake.mark()
    await mentee.press(confirm, "Да, удалить", "Ваши данные удалены")
    notice = await mentor.expect("не состоится", after=cursor)
    assert "Иванова" not in (notice.text or "")  # the person is gone: so is her name
    await fake.wait_for_retired(mentor.id, offer.message_id, after=cursor)

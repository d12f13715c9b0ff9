"""A pair months behind, then a year over, on a moved clock: one nudge per pair naming the
mentee, and after the program's period neither overdue meetings nor running pairs (issue 17,
items 5 and 6)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.flows import confirmed_pair
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram, SentMessage

SCHOOL = "МБОУ СОШ № 7"
MENTEE = "Иванова Анна Сергеевна"


def _offset(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


async def _digest(curator: Person) -> SentMessage:
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    return await curator.press(org, "Дайджест", "Дайджест —")


async def test_a_pair_far_behind_then_a_year_over(fake: FakeTelegram, bot: BotProcess) -> None:
    curator, mentor, _ = await confirmed_pair(fake, bot, SCHOOL)

    # 20 January, noon in Moscow: the pair has let several meetings pass
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))
    await bot.restart(kill=False)
    digest = await _digest(curator)
    assert "Просроченные встречи" in (digest.text or "")
    nudges = [text for text in digest.button_texts if text.startswith("🔔")]
    assert len(nudges) == 1, digest.button_texts  # one per pair, not one per missed meeting
    cursor = fake.mark()
    toast = await curator.alert(lambda: fake.press_button(curator.id, digest, nudges[0]))
    assert toast == "Напоминание отправлено наставнику"
    nudge = await mentor.expect("напоминает о встрече", after=cursor)
    assert MENTEE in (nudge.text or "")

    # 10 June: the program ended on 31 May; nothing is overdue and no pair is running
    bot.extra_env["CLOCK_OFFSET_SECONDS"] = _offset(datetime(2027, 6, 10, 9, 0, tzinfo=UTC))
    await bot.restart(kill=False)
    digest = await _digest(curator)
    assert "Просроченные встречи" not in (digest.text or "")
    assert not [text for text in digest.button_texts if text.startswith("🔔")]
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    report = await curator.press(org, "Отчёты и мониторинг", "По состоянию")
    text = report.text or ""
    assert "Действующие пары и группы: 0" in text, text

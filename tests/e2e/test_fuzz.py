"""Many users at once send random text, commands, media, stale and forged button presses.

The bot must stay whole: no unhandled exception in its log, every user hears back after every
burst, every button press is answered (no endless spinner), and nobody sees another person's
data. Each participant registers under a unique name first; apart from the curator (who may
see everyone) no message to one participant may contain another's name, and none may reach
the log. Seeded (``FUZZ_SEED``): the same kinds of action in the same order; which buttons
exist to press at a given moment still depends on how fast the bot answered.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import string
from collections.abc import AsyncIterator, Callable
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from pydantic.fields import FieldInfo

import bot.tg.callbacks as callbacks
from tests.e2e.flows import (
    QUESTION,
    accept_consent,
    create_school,
    curator_invite,
    fill_mentee,
    fill_mentor,
    register_curator,
)
from tests.e2e.harness import BotProcess, Person
from tests.fake_telegram import FakeTelegram

SEED = int(os.environ.get("FUZZ_SEED", "20261120"))
SCHOOL = "МБОУ СОШ № 9"
CURATOR_ID, ADMIN_ID = 100, 900
MENTORS, MENTEES, PARTIAL, OUTSIDERS = 3, 3, 24, 4  # 30 participants, 4 strangers
ROUNDS, BURST = 3, 4
REGISTER_AT_ONCE = 6  # the bot serializes writes (SQLite): more at once only queues longer
FLOOD_BURST = 40  # one user's flood in the last round
ANSWER_TIMEOUT = 30.0

FACTORIES: list[type[CallbackData]] = [
    obj
    for obj in vars(callbacks).values()
    if isinstance(obj, type) and issubclass(obj, CallbackData) and obj is not CallbackData
]
# what a forged string field carries: real values of every factory's fields (dates, times,
# formats, outcomes, kinds, roles, reasons, survey names) and near misses; the actions come
# from each factory's own enum (bot/tg/callbacks.py), a few junk ones from here
VALUES = [
    "new",
    "open",
    "hist",
    "page",
    "muni",
    "seminar",
    "party",
    "mentor",
    "mentee",
    "curator",
    "admin",
    "full_name",
    "math",
    "classroom_management",
    "20261125",
    "20261101",
    "20260230",
    "202611251530",
    "202611252561",
    "1530",
    "44",
    "offline",
    "online",
    "held",
    "moved",
    "missed",
    "no_time",
    "left",
    "completed_early",
    "teacher_teacher",
    "traditional",
    "interim.2027",
    "final.27",
    "deadbeef",
    "deadbeef.mentor",
    "0123456789",
    "Europe/Moscow",
    "school",
    "en",
]
COMMANDS = [
    "/start",
    "/menu",
    "/help",
    "/cancel",
    "/lang",
    "/mydata",
    "/meetings",
    "/neworg",
    "/forget",
    "/start@x",
    "/unknown",
    "/start%20x",
    "/cancel@mentor_bot",
]


def name_token(index: int) -> str:
    return f"Уникум{index:02d}"


def full_name(index: int) -> str:
    return f"Фаззова {name_token(index)} Петровна"


@pytest.fixture
async def fuzz_bot(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    # a quick refill (4 a second) so a burst after a flood is not all dropped; DEBUG so the
    # check for personal data covers every line the bot can write
    process = BotProcess(
        fake,
        tmp_path,
        admin_ids=[ADMIN_ID],
        extra_env={"FLOOD_RATE": "20", "FLOOD_PERIOD_SECONDS": "5", "LOG_LEVEL": "DEBUG"},
    )
    await process.start()
    yield process
    await process.stop()


class Fuzzer:
    def __init__(
        self,
        fake: FakeTelegram,
        rng: random.Random,
        tokens: list[str],
        ids: list[int],
    ) -> None:
        self.fake = fake
        self.rng = rng
        self.tokens = tokens
        self.ids = ids
        self.query_ids: dict[int, list[str]] = {}

    def _text(self) -> str:
        rng = self.rng
        choice = rng.randrange(7)
        if choice == 0:
            return "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 60)))
        if choice == 1:
            return rng.choice(["<b>жирный</b>", "<script>x</script>", "&amp; & <", "{ $name }"])
        if choice == 2:
            return "я" * rng.choice([121, 1001, 4096, 5000])
        if choice == 3:
            return str(rng.choice([0, 1, 2, 3, 7, 10, 11, -1, 99, 10**12]))
        if choice == 4:
            return rng.choice(["25.11 15:30", "завтра 16:00", "31.02.2026", "01.12.2026"])
        if choice == 5:
            return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randint(1, 30)))
        return rng.choice(["Да", "Нет", "Готово", "1", "🙂", "  ", "\n"])

    def _value(self, field: FieldInfo) -> str:
        """One field, packed as text: mostly plausible, sometimes out of range or malformed."""
        rng = self.rng
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, Enum):
            # a real action far more often than not, so forged presses reach the handlers
            return str(rng.choice([*(m.value for m in kind)] * 3 + ["zzz", rng.choice(VALUES)]))
        if kind is bool:
            return rng.choice(["0", "1", "1", "2"])
        if kind is int:
            return str(rng.choice([*self.ids, 0, 1, 2, -1, 10**9, 2**31, 2**63]))
        return rng.choice([*VALUES, *self.tokens, "", "x" * 10]).replace(":", "")

    def _forged(self) -> str:
        factory = self.rng.choice(FACTORIES)
        values = [self._value(field) for field in factory.model_fields.values()]
        # packed by hand: building the factory would refuse most of these before they are sent
        return ":".join([factory.__prefix__, *values])[:64]

    def _others_button(self, user_id: int) -> str | None:
        # real buttons the bot drew for somebody else (the curator's bank, others' questions)
        datas = [
            data
            for message in self.fake.sent
            if message.chat_id != user_id
            for data in message.callback_datas
        ]
        return self.rng.choice(datas) if datas else None

    def _press(self, user_id: int, send: Callable[[], dict[str, Any]]) -> None:
        update = send()
        self.query_ids.setdefault(user_id, []).append(update["callback_query"]["id"])

    def act(self, user_id: int) -> None:
        rng, fake = self.rng, self.fake
        own = [m for m in fake.messages_to(user_id) if m.callback_datas and not m.deleted]
        last_id = own[-1].message_id if own else rng.randint(1, 50)
        kind = rng.choices(
            ["text", "command", "own", "others", "forged", "garbage", "media", "invite"],
            weights=[22, 14, 18, 14, 16, 4, 9, 3],
        )[0]
        if kind == "text":
            fake.send_text(user_id, self._text())
        elif kind == "command":
            fake.send_text(user_id, rng.choice(COMMANDS))
        elif kind == "invite":
            token = rng.choice([*self.tokens, "nonexistent-token", "a" * 64])
            fake.send_text(user_id, f"/start {token}")
        elif kind == "media":
            rng.choice([fake.send_photo, fake.send_sticker, fake.send_document])(user_id)
        elif kind == "own" and own:
            message = rng.choice(own)
            data = rng.choice(message.callback_datas)
            self._press(user_id, lambda: fake.press(user_id, message, data))
        else:
            if kind == "others":
                data = self._others_button(user_id) or self._forged()
            elif kind == "garbage":
                data = "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 64)))
            else:
                data = self._forged()
            self._press(user_id, lambda: fake.forge_callback(user_id, last_id, data))


async def _register(
    fake: FakeTelegram, people: dict[int, int], mentor_token: str, mentee_token: str
) -> None:
    async def one(user_id: int, index: int) -> None:
        person = Person(fake, user_id)
        if index < MENTORS:
            summary = await fill_mentor(person, mentor_token, full_name(index))
            await person.press(summary, "Подтвердить", "сохранена")
        elif index < MENTORS + MENTEES:
            summary = await fill_mentee(person, mentee_token, full_name(index))
            await person.press(summary, "Подтвердить", "сохранена")
        else:  # consented and named, the questionnaire left open
            await accept_consent(person, mentee_token)
            await person.say(full_name(index), QUESTION, "2 из")

    pending = list(people.items())
    while pending:
        wave, pending = pending[:REGISTER_AT_ONCE], pending[REGISTER_AT_ONCE:]
        await asyncio.gather(*(one(user_id, index) for user_id, index in wave))


def _answered(fake: FakeTelegram, user_id: int, cursor: int, queries: set[str]) -> bool:
    if any(m.chat_id == user_id and m.changed_seq >= cursor for m in fake.sent):
        return True
    return any(
        str(call.params.get("callback_query_id")) in queries
        for call in fake.requests[cursor:]
        if call.method.lower() == "answercallbackquery"
    )


async def _wait_for_answers(
    fake: FakeTelegram, users: list[int], cursor: int, fuzzer: Fuzzer, round_no: int
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ANSWER_TIMEOUT
    while True:
        silent = [
            u for u in users if not _answered(fake, u, cursor, set(fuzzer.query_ids.get(u, [])))
        ]
        if not silent or loop.time() > deadline:
            break
        await asyncio.sleep(0.1)
    assert not silent, f"round {round_no} (seed {SEED}): no answer to users {silent}"


async def test_fuzz_many_users_at_once(fake: FakeTelegram, fuzz_bot: BotProcess) -> None:
    rng = random.Random(SEED)
    curator = Person(fake, CURATOR_ID)
    await register_curator(curator, await create_school(fuzz_bot, SCHOOL))
    mentor_token = await curator_invite(curator, SCHOOL, "Наставник")
    mentee_token = await curator_invite(curator, SCHOOL, "Наставляемый")
    people = {1000 + index: index for index in range(MENTORS + MENTEES + PARTIAL)}
    outsiders = [5000 + n for n in range(OUTSIDERS)]
    await _register(fake, people, mentor_token, mentee_token)
    # the curator's bank, so its buttons (other people's membership ids) are there to forge
    menu = await curator.say("/menu", "Главное меню")
    org = await curator.press(menu, SCHOOL, "Часовой пояс")
    await curator.press(org, "Банк наставников", "Всего: 30")

    ids = [row[0] for row in fuzz_bot.query("SELECT id FROM memberships")]
    ids += [row[0] for row in fuzz_bot.query("SELECT id FROM questionnaire_responses")]
    ids += [row[0] for row in fuzz_bot.query("SELECT id FROM organizations")]
    fuzzer = Fuzzer(fake, rng, [mentor_token, mentee_token], sorted(set(ids)))
    fuzzers = [*people, *outsiders]
    for round_no in range(ROUNDS):
        cursor = fake.mark()
        for _ in range(BURST):
            for user_id in fuzzers:
                fuzzer.act(user_id)
        flooder = None
        if round_no == ROUNDS - 1:
            flooder = rng.choice(list(people))
            for number in range(FLOOD_BURST):
                fake.send_text(flooder, f"flood {number}")
        await _wait_for_answers(fake, fuzzers, cursor, fuzzer, round_no)
        if flooder is not None:
            notices = await _flood_notices(fake, flooder, cursor)
            assert len(notices) == 1, notices

    # every press was answered, so no button is left spinning; forged presses mostly carry
    # valid actions and reach the handlers, so on a loaded machine the last ones take a while
    all_queries = {q for queries in fuzzer.query_ids.values() for q in queries}
    answered: set[str] = set()
    for _ in range(int(ANSWER_TIMEOUT * 10)):
        answered = {
            str(c.params.get("callback_query_id")) for c in fake.calls("answerCallbackQuery")
        }
        if all_queries <= answered:
            break
        await asyncio.sleep(0.1)
    assert all_queries <= answered, f"{len(all_queries - answered)} presses never answered"

    _assert_no_leaks(fake, fuzz_bot, people, outsiders, fuzzer)
    log = fuzz_bot.log()
    assert "Traceback" not in log, log[-5000:]
    assert "unhandled error" not in log, log[-5000:]


async def _flood_notices(fake: FakeTelegram, user_id: int, cursor: int) -> list[str]:
    await asyncio.sleep(0.5)  # whatever else the flood caused has arrived
    return [
        m.text or ""
        for m in fake.sent
        # the fuzz may have switched the flooder to English with /lang
        if m.chat_id == user_id
        and m.changed_seq >= cursor
        and any(n in (m.text or "") for n in ("Слишком много", "Too many"))
    ]


def _assert_no_leaks(
    fake: FakeTelegram,
    fuzz_bot: BotProcess,
    people: dict[int, int],
    outsiders: list[int],
    fuzzer: Fuzzer,
) -> None:
    tokens = {index: name_token(index) for index in people.values()}
    pattern = re.compile("|".join(tokens.values()))
    alerts: dict[str, str] = {}
    queries_of = {q: u for u, queries in fuzzer.query_ids.items() for q in queries}
    for call in fake.calls("answerCallbackQuery"):
        query_id = str(call.params.get("callback_query_id"))
        if query_id in queries_of:
            alerts[query_id] = str(call.params.get("text") or "")
    for user_id in [*people, *outsiders]:
        own = {tokens[people[user_id]]} if user_id in people else set()
        seen: list[str] = []
        for message in fake.messages_to(user_id):
            seen += [message.text or "", message.raw_text or ""]
            seen += [text or "" for text in message.edits]
        seen += [text for q, text in alerts.items() if queries_of[q] == user_id]
        leaked = {match for text in seen for match in pattern.findall(text)} - own
        assert not leaked, f"user {user_id} was shown {leaked} (seed {SEED})"
    # the database: nobody's answer landed in someone else's questionnaire
    rows = fuzz_bot.query(
        "SELECT u.telegram_id, a.value FROM answers a "
        "JOIN questionnaire_responses r ON r.id = a.response_id JOIN users u ON u.id = r.user_id"
    )
    for telegram_id, value in rows:
        found = set(pattern.findall(str(value)))
        if found and telegram_id in people:
            assert found == {tokens[people[telegram_id]]}, (telegram_id, value)
    # and no name reached the log, even at DEBUG
    log = fuzz_bot.log()
    assert "handling message" in log  # DEBUG was on, so there was something to look at
    assert not pattern.search(log), pattern.search(log)

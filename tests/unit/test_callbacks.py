"""Callback data is validated when it is parsed: forged values never reach a handler.

Every factory of ``bot.tg.callbacks`` gets its real buttons (each action, the widest values) back
unchanged after a round trip, within Telegram's 64 bytes, and refuses, field by field, what a
modified client could send instead: ids past the 32-bit columns or 2**63, numbers written
oddly, unknown actions, strings of the wrong shape, impossible dates. Through the dispatcher
such a press gets the fallback's polite «устарела» and nothing is logged as an error.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.tg.callbacks as callbacks
from models import Role
from services.meetings.repository import MeetingRepository
from services.questionnaire.schema import Form
from tests.recording import make_callback_update
from tests.unit.app_factory import BotApp, build_app
from tests.unit.factories import NOW, join, make_org
from tests.unit.survey_factories import active_pair

BIG = 2**31 - 1  # the largest id a 32-bit Integer column holds
FACTORIES: dict[str, type[CallbackData]] = {
    obj.__prefix__: obj
    for obj in vars(callbacks).values()
    if isinstance(obj, type) and issubclass(obj, CallbackData) and obj is not CallbackData
}

# real buttons, packed as the bot packs them: every action, and the widest values
VALID = [
    "cs:pd:1:AbC_d-1234567890123456",
    f"cs:ap:0:{'x' * 56}",
    f"qa:{BIG}:{'q' * 24}:o:99",
    "qa:1:full_name:t:0",
    "qa:1:full_name:d:0",
    "qa:1:full_name:b:0",
    "qa:1:full_name:s:0",
    "qa:1:full_name:k:0",
    "qa:1:confidence:v:-9999",
    "qa:1:contact_ok:v:1",
    f"qr:{BIG}:ok:0",
    "qr:1:list:0",
    "qr:1:show:0",
    "qr:1:ed:999",
    *(f"m:{act}:0" for act in callbacks.MenuAct),
    f"m:org:{BIG}",
    f"iv:new:{BIG}::0:0:",
    "iv:role:1:curator:0:0:teacher",
    "iv:role:1:mentee:0:0:pupil",
    "iv:ttl:1:mentee:999:0:teacher",
    "iv:ttl:1:mentor:7:0:external",
    "iv:ttl:1:mentor:30:0:pupil",
    "iv:list:1::0:0:",
    f"iv:revoke:1::0:{BIG}:",
    f"bk:{BIG}:999:{BIG}:1",
    "bk:1:0:0:0",
    "lg:en",
    "fg:1",
    "fg:0",
    "no:kind:school",
    "no:kind:municipality",
    "no:tz:Europe/Moscow",
    "no:tz:America/Argentina/Buenos_Aires",
    "no:tz:Etc/GMT+3",
    *(f"pp:{act}:{BIG}:0123456789abcdef:{BIG}:{BIG}:1:999" for act in callbacks.ProposalAct),
    "pp:show:1::0:0:0:0",
    f"of:y:{BIG}:",
    "of:n:1:",
    "of:r:1:other_person",
    *(f"pr:{act}:{BIG}:{BIG}:{BIG}:" for act in ("list", "card", "confirm", "group", "end")),
    *(f"pr:{act}:1:1:0:" for act in ("form", "type", "order", "confall")),
    f"pr:check:{BIG}:{BIG}:{BIG}:",
    f"ef:show:{BIG}:",
    "ef:t:1:employer_pupil",
    f"pr:endr:{BIG}:{BIG}:{BIG}:completed_early",
    f"pr:setform:{BIG}:{BIG}:0:college_teacher",
    f"pr:settype:{BIG}:{BIG}:0:situational",
    f"pf:start:{BIG}:0",
    f"pf:t:1:{BIG}",
    "pf:d:1:0",
    *(f"mt:{act}:{BIG}:" for act in ("noop", "sched", "unsched", "yes", "other", "noprop", "plan")),
    "mt:cal:1:20261101",
    "mt:day:1:20261125",
    "mt:day:1:20280229",
    f"mt:time:{BIG}:202611251530",
    "mt:fmt:1:offline",
    "mt:fmt:1:online",
    *(f"mt:log:1:{outcome}" for outcome in ("held", "moved", "missed")),
    f"fb:u:{BIG}:5",
    "fb:u:1:1",
    "fb:fit:1:0",
    "fb:fit:1:1",
    "fb:skip:1:0",
    *(f"gl:{act}:{BIG}:{BIG}:" for act in ("list", "add", "done", "diff", "nodue")),
    f"gl:diff:1:0:{'d' * 24}",
    *(
        f"prg:{act}:{BIG}:0:0:0:"
        for act in ("show", "period", "gadd", "gnext", "gskip", "share", "submit", "docx")
    ),
    *(f"prg:{act}:{BIG}:0:0:{BIG}:" for act in ("agree", "change", "approve", "ret")),
    f"prg:setm:{BIG}:0:12:0:",
    f"prg:setm:{BIG}:0:0:0:",
    f"prg:gdel:{BIG}:{BIG}:0:0:",
    f"prg:gdif:{BIG}:0:0:0:{'d' * 24}",
    f"dg:show:{BIG}:0",
    f"dg:nudge:1:{BIG}",
    f"hd:menu:{BIG}:0:",
    "hd:pending:1:0:",
    "hd:approve:1:0:",
    "hd:return:1:0:",
    f"hd:order:1:{BIG}:",
    "hd:submit:1:0:",
    "hd:mode:1:0:head_order",
    "hd:mode:1:0:curator",
    "iv:ttl:1:head:7:0:teacher",
    *(f"sv:{act}:{BIG}:{BIG}:" for act in ("take", "list", "start", "read")),
    *(f"sv:{act}:{BIG}:0:interim.2027" for act in ("open", "remind", "close")),
    f"sv:closeok:{BIG}:0:mentor_report.2027",
    *(f"rp:{act}:{BIG}" for act in callbacks.ReportAct),
    f"an:new:{BIG}:",
    "an:list:1:",
    "an:kind:1:mentor_of_year",
    "an:role:1:0a1b2c3d.curator",
    *(f"an:{act}:1:deadbeef" for act in ("next", "send", "cancel")),
    *(f"pu:age:{band}:{'t' * 40}" for band in ("under_14", "14_17", "18_plus")),
    "pu:gr:1:",
    "pu:gr:11:",
    "pu:in::",
    f"pc:pd:1:under_14:{'t' * 40}",
    "pc:ap:0:14_17:AbC_d-1234567890123456",
    "pc:pd:0:18_plus:tok",
    f"gd:y:{'t' * 40}::0",
    "gd:n:AbC_d-1234567890123456::0",
    f"gd:rel:{'t' * 40}:guardian:0",
    "gd:rel:tok:mother:0",
    "gd:rel:tok:father:0",
    f"gd:wd:::{BIG}",
    "gd:wdok:::1",
    "gd:wdno:::1",
    "cy:s:1:0",
    "cy:c:1:0",
    f"cy:n:{BIG}:10",
    "cy:n:1:1",
    "cy:y:1:0",
    "cy:l:1:0",
    "cy:x:1:0",
    "cl:show:1:",
    f"cl:set:{BIG}:example-region",
    f"cl:set:1:{'a' * 40}",
    *(f"dcm:{act}:1:0:" for act in ("menu", "reps", "rep", "cur", "cons", "rew", "rdoc")),
    f"dcm:rep:{BIG}:{BIG}:",
    "dcm:tm:1:5:",
    "dcm:tp:1:5:",
    "dcm:cpk:1:0:pd",
    "dcm:con:1:0:ap",
    f"dcm:con:1:{BIG}:pa",
    *(f"rpp:{act}:{BIG}:2026Q4" for act in ("pk", "x", "c", "n")),
    f"rpp:x:{BIG}:20260901-20261231",
    "rpp:n:1:Y2027",
    *(f"rpp:{act}:{BIG}:" for act in ("ch", "ty", "au")),
    *(f"ros:{act}:{BIG}:" for act in ("st", "ls", "dl", "dok")),
    "ros:rl:1:mentor",
    "ros:rl:1:mentee",
    f"ct:on:{BIG}:0",
    "ct:off:1:0",
    f"ct:w:{BIG}:{BIG}",
    "ct:r:1:1",
]

# each field of each factory, forged: numbers too big or written oddly, unknown actions,
# strings of the wrong shape (a valid sample of the factory with one field replaced)
_BAD_NUMBERS = ["-1", str(2**31), str(2**63), "99999999999", "1.0", " 1", "+1", "1_0", "x", "٣"]
_BAD_FLAGS = ["2", "-1", "yes", "true", "on"]
_BAD_ENUMS = ["zzz", "OPEN", "o ", "Ok"]
_BAD_STRINGS = ["x" * 57, "<b>", "тест", "a b"]
_SAMPLES = {
    "cs": "cs:pd:1:token",
    "qa": "qa:1:full_name:o:0",
    "qr": "qr:1:ed:1",
    "m": "m:org:1",
    "iv": "iv:ttl:1:mentor:7:1:pupil",
    "bk": "bk:1:1:1:1",
    "lg": "lg:en",
    "fg": "fg:1",
    "no": "no:tz:Europe/Moscow",
    "pp": "pp:pick:1:0123456789:1:1:1:1",
    "of": "of:r:1:format",
    "pr": "pr:endr:1:1:1:left",
    "pf": "pf:t:1:1",
    "ef": "ef:t:1:pupil_pupil",
    "mt": "mt:day:1:20261125",
    "fb": "fb:u:1:3",
    "gl": "gl:diff:1:1:math",
    "prg": "prg:gdif:1:0:0:0:math",
    "dg": "dg:nudge:1:1",
    "sv": "sv:open:1:1:final.2027",
    "rp": "rp:xlsx:1",
    "an": "an:role:1:deadbeef.mentor",
    "pu": "pu:age:under_14:tok",
    "pc": "pc:pd:1:18_plus:tok",
    "gd": "gd:rel:tok:mother:0",
    "hd": "hd:mode:1:0:head_order",
    "cy": "cy:n:1:3",
    "cl": "cl:set:1:default",
    "dcm": "dcm:con:1:1:pd",
    "rpp": "rpp:pk:1:2026Q4",
    "ros": "ros:rl:1:mentor",
    "ct": "ct:w:1:1",
}


def _bad_values(factory: type[CallbackData], name: str) -> list[str]:
    field = factory.model_fields[name]
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        bad = list(_BAD_ENUMS)
    elif annotation is bool:
        bad = list(_BAD_FLAGS)
    elif annotation is int:
        bad = list(_BAD_NUMBERS)
    else:
        bad = list(_BAD_STRINGS)
    # an empty field means "the default" to aiogram; where there is none, it is forged
    return [*bad, ""] if field.is_required() else bad


def _per_field() -> list[Any]:
    cases = []
    for prefix, sample in _SAMPLES.items():
        factory = FACTORIES[prefix]
        parts = sample.split(":")
        for index, name in enumerate(factory.model_fields, start=1):
            for bad in _bad_values(factory, name):
                forged = ":".join([*parts[:index], bad, *parts[index + 1 :]])
                cases.append(pytest.param(forged, id=f"{prefix}.{name}={bad!r}"))
    return cases


# values that only make sense for some actions
PER_ACT = [
    "hd:mode:1:0:",
    "hd:menu:1:0:curator",
    "hd:approve:1:5:",
    "iv:ttl:1:head:7:0:pupil",
    "cs:xx:1:token",
    "qa:1:full_name:o:100",
    "qa:1:full_name:t:-1",
    "qa:1:full_name:b:3",
    "qa:1:full_name:k:2",
    "qa:1:full_name:d:1",
    "qa:1:Full_Name:o:0",
    "qa:1:full_name:v:10000",
    "iv:role:1:admin:0:0",
    "iv:role:1:admin:0:0:teacher",
    # issue 12: a role and an audience that make no kind of link, or one without the other
    "iv:role:1:curator:0:0:pupil",
    "iv:ttl:1:curator:7:0:external",
    "iv:ttl:1:mentee:7:0:external",
    "iv:role:1:mentor:0:0:",
    "iv:ttl:1:mentee:7:0",
    "iv:role:1::0:0:pupil",
    "iv:new:1:mentor:0:0:",
    "iv:list:1::0:0:pupil",
    "iv:revoke:1:curator:0:5:",
    "lg:english",
    "lg:EN",
    "no:kind:village",
    "no:kind:Europe/Moscow",
    "no:tz:../etc/passwd",
    "no:tz:Europe/Moscow;x",
    "pp:show:1:ABCDEF:0:0:0:0",
    "pp:show:1:0123456789abcdef0:0:0:0:0",
    "of:r:1:",
    "of:y:1:format",
    "of:r:1:bored",
    "pr:endr:1:1:1:",
    "pr:endr:1:1:1:bored",
    "pr:setform:1:1:0:traditional",
    "ef:show:1:pupil_pupil",
    "ef:t:1:",
    "ef:t:1:employer_student",
    "pr:settype:1:1:0:teacher_teacher",
    "pr:card:1:1:0:left",
    "mt:day:1:44",
    "mt:cal:1:14",
    "mt:day:1:20260230",
    "mt:day:1:2026-11-25",
    "mt:day:1:2026112",
    "mt:day:1:19991231",
    "mt:cal:1:99991201",
    "mt:day:1:00010101",
    "mt:day:1:202611251530",
    "mt:time:1:20261125",
    "mt:time:1:202611252561",
    "mt:time:1:202611252400",
    "mt:fmt:1:hybrid",
    "mt:fmt:1:",
    "mt:log:1:partly",
    "mt:yes:1:20261125",
    "mt:noop:1:x",
    "fb:u:1:0",
    "fb:u:1:6",
    "fb:fit:1:2",
    "fb:skip:1:3",
    "gl:list:1:0:math",
    "prg:setm:1:0:13:0:",
    "prg:show:1:0:3:0:",
    "prg:gdif:1:0:0:0:",
    "prg:show:1:0:0:0:math",
    "prg:show:1:5:0:0:",
    "prg:submit:1:0:0:4:",
    "gl:diff:1:0:Math",
    "sv:open:1:0:",
    "sv:open:1:0:interim.27",
    "sv:open:1:0:party.2027",
    "sv:take:0:1:interim.2027",
    "an:new:1:seminar",
    "an:kind:1:party",
    "an:kind:1:",
    "an:role:1:deadbeef.admin",
    "an:role:1:DEADBEEF.mentee",
    "an:role:1:deadbeef",
    "an:send:1:",
    "an:send:1:deadbee",
    "an:cancel:1:deadbeef.mentor",
    "pu:age:teen:tok",
    "pu:age:under_14:",
    "pu:gr:0:",
    "pu:gr:12:",
    "pu:gr:07:",
    "pu:gr:7:tok",
    "pu:in:7:",
    "pu:in::tok",
    f"pu:age:under_14:{'t' * 41}",
    f"pc:pd:1:under_14:{'t' * 41}",
    "gd:y:::0",
    "gd:rel:tok::0",
    "gd:y:tok:mother:0",
    "gd:wd:tok::1",
    "gd:wd:::0",
    "gd:y:tok::1",
    "gd:rel:tok:aunt:0",
    "cy:n:1:0",  # places go 1-10
    "cy:n:1:11",
    "cy:s:1:5",  # a number with another button
    "cy:q:1:0",
    "cl:set:1:",  # a calendar goes with the set button
    "cl:show:1:default",
    "cl:set:1:Default",
    "cl:set:1:../etc",
    f"cl:set:1:{'a' * 41}",
    "dcm:con:1:1:",  # a consent button without its form
    "dcm:cpk:1:0:",
    "dcm:rep:1:1:pd",  # a form on a button that takes none
    "dcm:con:1:1:passport",
    "rpp:pk:1:",
    "rpp:x:1:2026Q5",
    "rpp:x:1:2026q4",
    "rpp:c:1:Y27",
    "rpp:n:1:2026-09-01",
    "rpp:ch:1:2026Q4",
    "ros:rl:1:",
    "ros:rl:1:curator",
    "ros:st:1:mentor",
    "ct:w:1:0",  # writing goes to someone
    "ct:r:1:",
    "ct:on:1:5",  # the toggle names nobody
    # too many or too few fields, another factory's prefix
    "mt:day:1",
    "mt:day:1:20261125:x",
]


def _factory(data: str) -> type[CallbackData]:
    return FACTORIES[data.split(":", 1)[0]]


@pytest.mark.parametrize("data", VALID)
def test_real_buttons_round_trip_within_64_bytes(data: str) -> None:
    parsed = _factory(data).unpack(data)
    assert parsed.pack() == data
    assert len(data.encode()) <= 64


@pytest.mark.parametrize("data", [*_per_field(), *PER_ACT])
async def test_forged_data_does_not_parse_and_no_handler_matches(data: str) -> None:
    factory = _factory(data)
    with pytest.raises((ValueError, TypeError)):
        factory.unpack(data)
    # aiogram's filter takes that as "not this handler" rather than raising
    query = make_callback_update(1, data).callback_query
    assert query is not None
    assert await factory.filter()(query) is False


def test_every_factory_and_action_is_covered() -> None:
    assert set(_SAMPLES) == set(FACTORIES)
    for prefix, factory in FACTORIES.items():
        packed = [data.split(":") for data in VALID if data.startswith(f"{prefix}:")]
        assert packed, prefix
        for index, field in enumerate(factory.model_fields.values(), start=1):
            kind = field.annotation
            if isinstance(kind, type) and issubclass(kind, StrEnum):
                assert {parts[index] for parts in packed} == set(kind), prefix


def test_a_revoke_button_sent_before_the_audience_field_still_parses() -> None:
    old = callbacks.InviteCb.unpack("iv:revoke:1::0:5")
    assert (old.act, old.org, old.id, old.aud) == ("revoke", 1, 5, "")
    # a kind needs the audience: an old pick-the-expiry button is stale, not a teacher link
    with pytest.raises(ValueError, match="audience"):
        callbacks.InviteCb.unpack("iv:ttl:1:mentor:7:0")


def test_actions_are_enums_that_still_compare_as_text() -> None:
    parsed = callbacks.MeetingCb.unpack("mt:day:1:20261125")
    assert parsed.act == "day"
    assert parsed.act is callbacks.MeetingAct.DAY
    match parsed.act:
        case "day":
            pass
        case _:
            pytest.fail("a StrEnum member matches its text")


# ----- through the dispatcher -------------------------------------------------------------
App = BotApp


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    return build_app(session_factory, NOW)


@pytest.mark.parametrize(
    "forged",
    [
        "mt:day:{meeting}:44",
        "mt:cal:{meeting}:14",
        "mt:time:{meeting}:202602301200",
        "mt:cal:{meeting}:99991201",
        "mt:sched:{huge}:",
        "mt:day:{huge}:20261125",
        "fb:u:{huge}:3",
        "m:org:{huge}",
        "bk:{huge}:0:0:0",
        "pr:card:{org}:{huge}:0:",
        "gl:list:{huge}:0:",
        "sv:take:0:{huge}:",
        "qa:{huge}:full_name:s:0",
        "iv:revoke:{org}::0:{over}",
        "iv:ttl:{org}:mentee:7:0:external",
        "iv:role:{org}:curator:0:0:pupil",
    ],
)
async def test_a_forged_press_gets_the_stale_button_alert_and_nothing_is_logged(
    app: App, forms: dict[str, Form], caplog: pytest.LogCaptureFixture, forged: str
) -> None:
    # a real mentor of a real meeting presses, so nothing but the data itself is wrong
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        pair = await active_pair(session, forms, org=org, confirmed=NOW)
        await join(session, 50, org, Role.CURATOR)
        meeting = (await MeetingRepository(session).meetings(pair.pairing.id))[0]
        ids = {"meeting": meeting.id, "org": org.id, "huge": 2**63, "over": 2**31}
    with caplog.at_level(logging.WARNING):
        answer = await app.press(1, forged.format(**ids))
        answer_by_curator = await app.press(50, forged.format(**ids))
    for got in (answer, answer_by_curator):
        assert got.text is not None
        assert "устарела" in got.text
        assert got.show_alert
    assert app.rec.requests_of(SendMessage) == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []

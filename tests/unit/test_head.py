"""The head of the organization through the dispatcher: the head's link, joining, the read-only
menu with every curator-only action refused, and pairs fixed by the head's order."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import BufferedInputFile
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    Assignment,
    AssignmentState,
    Invite,
    Membership,
    Order,
    Organization,
    OrgKind,
    OutboxMessage,
    PairFixing,
    Program,
    ProgramState,
    QuestionnaireResponse,
    Role,
    User,
)
from services.erasure import Erasure
from services.errors import DomainError
from services.heads import check_order_date, check_order_number
from services.matching import MatchWeights
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from services.questionnaire.store import QuestionnaireStore
from tests.recording import make_callback_update, make_message_update
from tests.rendered import render_docx
from tests.unit.app_factory import BotApp as App
from tests.unit.app_factory import build_app
from tests.unit.factories import NOW, join, make_invite, make_org
from tests.unit.pairing_factories import add_person

CURATOR = 50
HEAD = 60
TODAY = NOW.date()  # 20.11.2026, Moscow


@pytest.fixture
def app(
    session_factory: async_sessionmaker[AsyncSession],
    forms: dict[str, Form],
    translator: Translator,
) -> App:
    return build_app(session_factory, NOW, forms=forms, translator=translator)


async def _add_head(
    session: AsyncSession, forms: dict[str, Form], org: Organization, telegram_id: int, name: str
) -> Membership:
    joined = await join(session, telegram_id, org, Role.HEAD)
    store = QuestionnaireStore(session, forms)
    step = await store.start(joined.user, joined.membership, "head_profile", NOW)
    await store.save(step.response, "full_name", name, NOW)
    await store.save(step.response, "position", "Директор", NOW)
    await store.complete(step.response, NOW)
    joined.user.full_name = name
    joined.membership.profile_completed_at = NOW
    return joined.membership


async def _school(
    app: App, forms: dict[str, Form], *, pairs: int = 2, mode: PairFixing = PairFixing.HEAD_ORDER
) -> tuple[int, list[int]]:
    """A school with a curator, a head and ``pairs`` pairs both sides agreed to."""
    async with app.factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 7")
        curator = await join(session, CURATOR, org, Role.CURATOR)
        curator.user.full_name = "Смирнова Ольга Николаевна"
        await _add_head(session, forms, org, HEAD, "Петров Пётр Петрович")
        service = PairingService(session, MatchWeights())
        ids = []
        for index in range(pairs):
            mentor = await add_person(
                session, forms, org, 100 + index, Role.MENTOR, f"Наставник {index + 1}"
            )
            mentee = await add_person(
                session, forms, org, 200 + index, Role.MENTEE, f"Наставляемый {index + 1}"
            )
            offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
            for side in (mentor.id, mentee.id):
                await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
            ids.append(offered.assignment.id)
        org.pair_fixing = mode
        return org.id, ids


async def _outbox(app: App, chat_id: int) -> list[str]:
    async with app.factory() as session:
        rows = await session.scalars(
            select(OutboxMessage.text)
            .where(OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
        )
        return list(rows)


def _buttons(request: SendMessage) -> list[str]:
    markup = request.reply_markup
    if markup is None:
        return []
    return [b.text for row in markup.inline_keyboard for b in row]  # type: ignore[union-attr]


def _refused(app: App) -> bool:
    return "нет прав" in (app.rec.last(AnswerCallbackQuery).text or "")


# ----- validation ------------------------------------------------------------------------
def test_order_number_is_cleaned_and_bounded() -> None:
    assert check_order_number("  15-о ") == "15-о"
    with pytest.raises(DomainError) as empty:
        check_order_number("   ")
    assert empty.value.key == "head-order-number-empty"
    with pytest.raises(DomainError) as long:
        check_order_number("1" * 33)
    assert long.value.key == "head-order-number-too-long"
    assert check_order_number("1" * 32) == "1" * 32


def test_order_date_uses_the_questionnaire_parser_and_stays_near_today() -> None:
    assert check_order_date("18.11.2026", TODAY) == date(2026, 11, 18)
    assert check_order_date("2026-12-04", TODAY) == date(2026, 12, 4)  # 14 days ahead
    for raw, key in (
        ("вчера", "answer-not-date"),
        ("05.12.2026", "head-order-date-future"),
        ("01.11.2025", "head-order-date-old"),
    ):
        with pytest.raises(DomainError) as error:
            check_order_date(raw, TODAY)
        assert error.value.key == key, raw


# ----- the head's link and joining --------------------------------------------------------
async def test_curator_and_municipal_curator_make_a_single_use_head_link(app: App) -> None:
    async with app.factory() as session, session.begin():
        office = await make_org(session, "Управление образования", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 7", parent=office)
        await join(session, CURATOR, school, Role.CURATOR)
        await join(session, 70, office, Role.CURATOR)
        school_id, office_id = school.id, office.id
    await app.feed(make_callback_update(CURATOR, f"iv:new:{school_id}::0:0:"))
    assert "Руководитель организации" in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(CURATOR, f"iv:ttl:{school_id}:head:7:0:teacher"))
    # the municipal curator makes one for the school from the school's menu
    await app.feed(make_callback_update(70, f"iv:ttl:{school_id}:head:0:0:teacher"))
    # but the office itself has no head link
    await app.feed(make_callback_update(70, f"iv:new:{office_id}::0:0:"))
    assert "Руководитель организации" not in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(70, f"iv:ttl:{office_id}:head:0:0:teacher"))
    assert "устарела" in (app.rec.last(AnswerCallbackQuery).text or "")
    async with app.factory() as session:
        invites = list(
            await session.scalars(
                select(Invite).where(Invite.role == Role.HEAD).order_by(Invite.id)
            )
        )
    assert [(i.org_id, i.role, i.max_uses) for i in invites] == [
        (school_id, Role.HEAD, 1),
        (school_id, Role.HEAD, 1),
    ]


async def test_head_joins_with_consent_and_a_short_profile_and_replaces_the_previous_head(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 7")
        await join(session, CURATOR, org, Role.CURATOR)
        await _add_head(session, forms, org, 61, "Старый Директор")
        token = (await make_invite(session, org, Role.HEAD, max_uses=1)).token
        org_id = org.id
    await app.feed(make_message_update(HEAD, f"/start {token}"))
    assert "Согласие на обработку персональных данных" in (app.rec.last(SendMessage).text or "")
    async with app.factory() as session:
        # nothing is stored before the consent
        assert await session.scalar(select(User.id).where(User.telegram_id == HEAD)) is None
    await app.feed(make_callback_update(HEAD, f"cs:pd:1:{token}"))
    assert "фамилию, имя и отчество" in (app.rec.last(SendMessage).text or "")
    await app.feed(make_message_update(HEAD, "Петров Пётр Петрович"))
    await app.feed(make_message_update(HEAD, "Директор"))
    async with app.factory() as session:
        heads = list(
            await session.scalars(
                select(User.telegram_id)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.org_id == org_id, Membership.role == Role.HEAD)
            )
        )
        old_profiles = await session.scalar(
            select(func.count(QuestionnaireResponse.id))
            .join(User, User.id == QuestionnaireResponse.user_id)
            .where(User.telegram_id == 61)
        )
    assert heads == [HEAD]
    assert old_profiles == 0  # the previous head's answers went with the role
    # the profile's thanks says what comes next; its one button opens the head's menu
    async with app.factory() as session:
        rid = await session.scalar(
            select(QuestionnaireResponse.id)
            .join(User, User.id == QuestionnaireResponse.user_id)
            .where(User.telegram_id == HEAD)
        )
    await app.feed(make_callback_update(HEAD, f"qr:{rid}:ok:0"))
    done = app.rec.last(SendMessage)
    assert "Профиль руководителя сохранён" in done.text
    assert "куратор отправит пары на утверждение" in done.text
    assert _buttons(done) == ["🏛 МБОУ СОШ № 7"]
    await app.feed(make_callback_update(HEAD, f"hd:menu:{org_id}:0:"))
    assert "Ждут вашего утверждения" in (app.rec.last(SendMessage).text or "")
    assert any("новый руководитель" in text for text in await _outbox(app, 61))


# ----- the head reads, and is refused everything else --------------------------------------
async def test_head_menu_is_read_only(app: App, forms: dict[str, Form]) -> None:
    org_id, (first, _) = await _school(app, forms)
    await app.feed(make_message_update(HEAD, "/menu"))
    assert "🏛 МБОУ СОШ № 7" in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(HEAD, f"hd:menu:{org_id}:0:"))
    menu = app.rec.last(SendMessage)
    assert "руководитель" in (menu.text or "")
    assert "приказом руководителя" in (menu.text or "")
    await app.feed(make_callback_update(HEAD, f"bk:{org_id}:0:0:0"))
    bank = app.rec.last(SendMessage)
    assert "Наставник 1" in " ".join(_buttons(bank))
    await app.feed(make_callback_update(HEAD, f"pr:list:{org_id}:0:0:"))
    pairs = app.rec.last(SendMessage)
    assert "Наставник 1" in " ".join(_buttons(pairs))
    assert not any("Подбор" in b or "Отправить" in b or "⚙️" in b for b in _buttons(pairs))
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        pairing_id = assignment.pairing_id
    await app.feed(make_callback_update(HEAD, f"pr:card:{org_id}:{pairing_id}:0:"))
    assert app.rec.last(SendMessage).reply_markup is None
    await app.feed(make_callback_update(HEAD, f"dg:show:{org_id}:0"))
    assert "МБОУ СОШ № 7" in (app.rec.last(SendMessage).text or "")


async def test_head_menu_lists_programs_to_approve_and_the_documents(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, (first, _) = await _school(app, forms)
    async with app.factory() as session, session.begin():
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        pairing_id = assignment.pairing_id
        program = await session.scalar(select(Program).where(Program.pairing_id == pairing_id))
        if program is None:
            program = Program(
                pairing_id=pairing_id,
                org_id=org_id,
                start_on=date(2026, 9, 1),
                end_on=date(2027, 5, 31),
            )
            session.add(program)
        program.state = ProgramState.SUBMITTED
        program.submitted_at = datetime(2026, 11, 20, tzinfo=UTC)
    await app.feed(make_callback_update(HEAD, f"hd:menu:{org_id}:0:"))
    menu = app.rec.last(SendMessage)
    buttons = _buttons(menu)
    assert f"📋 Программа пары № {pairing_id} — на утверждение" in buttons
    assert "📄 Документы" in buttons
    await app.feed(make_callback_update(HEAD, f"prg:show:{pairing_id}:0:0:0:"))
    assert "Персонализированная программа" in (app.rec.last(SendMessage).text or "")


@pytest.mark.parametrize(
    "data",
    [
        "pr:confirm:{org}:{p}:{a}:",
        "pr:endr:{org}:{p}:{a}:left",
        "pp:show:{org}::0:0:0:0",
        "iv:new:{org}::0:0:",
        "iv:ttl:{org}:head:7:0:teacher",
        "m:org:{org}",
        "hd:submit:{org}:0:",
        "hd:mode:{org}:0:curator",
        "rp:teachers:{org}",
        "sv:start:{org}:0:",
        "dg:nudge:{org}:1",
        "an:new:{org}:",
    ],
)
async def test_head_pressing_a_curators_action_is_refused(
    app: App, forms: dict[str, Form], data: str
) -> None:
    org_id, (first, _) = await _school(app, forms, mode=PairFixing.CURATOR)
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        pairing_id = assignment.pairing_id
    await app.feed(make_callback_update(HEAD, data.format(org=org_id, p=pairing_id, a=first)))
    assert _refused(app)
    async with app.factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        assert org.pair_fixing is PairFixing.CURATOR
        states = set(await session.scalars(select(Assignment.state)))
        assert states == {AssignmentState.AGREED}
        # no link beyond the ones the test's people joined by
        assert await session.scalar(select(func.count(Invite.id)).where(Invite.uses == 0)) == 0


async def test_a_curator_cannot_approve_and_a_stranger_cannot_read(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, _ = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    await app.feed(make_callback_update(CURATOR, f"hd:approve:{org_id}:0:"))
    assert _refused(app)
    await app.feed(make_callback_update(777, f"hd:menu:{org_id}:0:"))
    assert _refused(app)
    await app.feed(make_callback_update(777, f"bk:{org_id}:0:0:0"))
    assert _refused(app)


# ----- pairs fixed by the head's order -----------------------------------------------------
async def test_mode_switch_needs_a_head_and_stops_the_curators_confirmation(
    app: App, forms: dict[str, Form]
) -> None:
    async with app.factory() as session, session.begin():
        org = await make_org(session)
        await join(session, CURATOR, org, Role.CURATOR)
        lonely = org.id
    await app.feed(make_callback_update(CURATOR, f"hd:mode:{lonely}:0:head_order"))
    assert "руководитель организации присоединится" in (
        app.rec.last(AnswerCallbackQuery).text or ""
    )
    org_id, (first, _) = await _school(app, forms, mode=PairFixing.CURATOR)
    await app.feed(make_callback_update(CURATOR, f"pr:list:{org_id}:0:0:"))
    assert "⚙️ Закреплять пары приказом руководителя" in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(CURATOR, f"hd:mode:{org_id}:0:head_order"))
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        pairing_id = assignment.pairing_id
    await app.feed(make_callback_update(CURATOR, f"pr:confirm:{org_id}:{pairing_id}:{first}:"))
    assert "приказом руководителя" in (app.rec.last(AnswerCallbackQuery).text or "")
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        assert assignment.state is AssignmentState.AGREED


async def test_curator_sends_head_approves_by_order_and_pairs_start_on_its_date(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, ids = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"pr:list:{org_id}:0:0:"))
    assert "📤 Отправить на утверждение руководителю (2)" in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    assert "Отправлено на утверждение руководителю: 2" in (
        app.rec.last(AnswerCallbackQuery).text or ""
    )
    notice = (await _outbox(app, HEAD))[-1]
    assert "Наставник 1 → Наставляемый 1" in notice
    assert "Наставник 2 → Наставляемый 2" in notice

    await app.feed(make_callback_update(HEAD, f"hd:pending:{org_id}:0:"))
    assert "Пары на утверждение" in (app.rec.last(SendMessage).text or "")
    await app.feed(make_callback_update(HEAD, f"hd:approve:{org_id}:0:"))
    await app.feed(make_message_update(HEAD, "   "))
    assert "не может быть пустым" in (app.rec.last(SendMessage).text or "")
    await app.feed(make_message_update(HEAD, "№" * 40))
    assert "слишком длинный" in (app.rec.last(SendMessage).text or "")
    await app.feed(make_message_update(HEAD, "15-о"))
    assert "дату приказа" in (app.rec.last(SendMessage).text or "")
    await app.feed(make_message_update(HEAD, "01.01.2027"))
    assert "не может быть позже" in (app.rec.last(SendMessage).text or "")
    async with app.factory() as session:
        assert await session.scalar(select(func.count(Order.id))) == 0
    await app.feed(make_message_update(HEAD, "18.11.2026"))
    assert "Приказ № 15-о от 18.11.2026 записан" in " ".join(app.rec.sent_texts)
    approved = app.rec.requests_of(SendMessage)[-1]
    assert "подпишите приказ" in approved.text
    assert _buttons(approved) == ["⬇️ Приказ (DOCX)"]

    async with app.factory() as session:
        order = await session.scalar(select(Order))
        assert order is not None
        assert (order.number, order.dated, order.kind.value) == (
            "15-о",
            date(2026, 11, 18),
            "pairs",
        )
        head_id = await session.scalar(select(User.id).where(User.telegram_id == HEAD))
        assert order.approved_by == head_id
        rows = list(await session.scalars(select(Assignment).where(Assignment.id.in_(ids))))
        assert {a.state for a in rows} == {AssignmentState.ACTIVE}
        assert {a.order_id for a in rows} == {order.id}
        starts = set(await session.scalars(select(Program.start_on)))
        assert starts == {date(2026, 11, 18)}
    # the participants and the curator hear it through the outbox
    assert any("18.11.2026" in text for text in await _outbox(app, 100))
    # a pair fixed by the order: its mentor is asked to schedule the first meeting
    assert any("назначьте организационную встречу" in text for text in await _outbox(app, 100))
    assert any("наставник назначит" in text for text in await _outbox(app, 200))
    assert any("приказом № 15-о от 18.11.2026" in text for text in await _outbox(app, CURATOR))
    # the head receives the order itself
    sent = app.rec.last(SendDocument)
    assert sent.chat_id == HEAD
    file = sent.document
    assert isinstance(file, BufferedInputFile)
    assert file.filename == (
        "Приказ о закреплении наставнических пар — МБОУ СОШ № 7 — 18.11.2026.docx"
    )
    document = Document(io.BytesIO(file.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ПРИКАЗ" in text
    assert "№ 15-о" in text
    assert "Петров Пётр Петрович" in text
    table = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "Наставник 2" in table
    assert "Наставляемый 2" in table
    page = render_docx(file.data)
    assert len(page.pages) == 2  # the order, then its appendix
    first = " ".join(page.pages[0].split())
    for phrase in ("МБОУ СОШ № 7", "от 18.11.2026", "№ 15-о", "Директор", "Петров Пётр Петрович"):
        assert phrase in first, phrase
    assert "Смирнова Ольга Николаевна" in first  # the curator: control, and acquainted
    assert "Наставляемый 2" in " ".join(page.pages[1].split())
    # the curator downloads it from the notice's button
    async with app.factory() as session:
        order_id = await session.scalar(select(Order.id))
    await app.feed(make_callback_update(CURATOR, f"hd:order:{org_id}:{order_id}:"))
    assert app.rec.last(SendDocument).chat_id == CURATOR
    # nothing is left to approve
    await app.feed(make_callback_update(HEAD, f"hd:approve:{org_id}:0:"))
    assert "ждущих утверждения, сейчас нет" in (app.rec.last(AnswerCallbackQuery).text or "")


async def test_head_returns_the_list_with_a_comment(app: App, forms: dict[str, Form]) -> None:
    org_id, ids = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    await app.feed(make_callback_update(HEAD, f"hd:return:{org_id}:0:"))
    await app.feed(make_message_update(HEAD, "Уточните форму второй пары"))
    assert "Список возвращён куратору: 2" in (app.rec.last(SendMessage).text or "")
    async with app.factory() as session:
        rows = list(await session.scalars(select(Assignment).where(Assignment.id.in_(ids))))
        assert {(a.state, a.submitted_at) for a in rows} == {(AssignmentState.AGREED, None)}
    assert "Уточните форму второй пары" in (await _outbox(app, CURATOR))[-1]


async def test_withdrawn_head_leaves_an_order_with_number_and_date_only(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, _ = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    await app.feed(make_callback_update(HEAD, f"hd:approve:{org_id}:0:"))
    await app.feed(make_message_update(HEAD, "15-о"))
    await app.feed(make_message_update(HEAD, "18.11.2026"))
    async with app.factory() as session, session.begin():
        head = await session.scalar(select(User).where(User.telegram_id == HEAD))
        assert head is not None
        await Erasure(session).withdraw(head, NOW)
    async with app.factory() as session:
        order = await session.scalar(select(Order))
        assert order is not None
        assert (order.number, order.dated, order.approved_by) == ("15-о", date(2026, 11, 18), None)
        assert await session.scalar(select(User.id).where(User.telegram_id == HEAD)) is None
        names = list(await session.scalars(select(User.full_name)))
        assert "Петров Пётр Петрович" not in names
        # the pairs the order fixed stay fixed
        states = set(await session.scalars(select(Assignment.state)))
        assert states == {AssignmentState.ACTIVE}


async def test_switching_back_returns_waiting_pairs_and_the_curator_confirms_again(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, (first, _) = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    async with app.factory() as session, session.begin():
        # the head withdrew: the curator still sees the way back
        head = await session.scalar(select(User).where(User.telegram_id == HEAD))
        assert head is not None
        await Erasure(session).withdraw(head, NOW)
    await app.feed(make_callback_update(CURATOR, f"pr:list:{org_id}:0:0:"))
    assert "⚙️ Закреплять пары подтверждением куратора" in _buttons(app.rec.last(SendMessage))
    await app.feed(make_callback_update(CURATOR, f"hd:mode:{org_id}:0:curator"))
    assert "возвращены в список: 2" in (app.rec.last(SendMessage).text or "")
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        assert assignment.submitted_at is None
        pairing_id = assignment.pairing_id
    await app.feed(make_callback_update(CURATOR, f"pr:confirm:{org_id}:{pairing_id}:{first}:"))
    async with app.factory() as session:
        assignment = await session.get(Assignment, first)
        assert assignment is not None
        assert (assignment.state, assignment.order_id) == (AssignmentState.ACTIVE, None)


async def test_a_list_gone_while_the_head_types_the_date_ends_the_conversation(
    app: App, forms: dict[str, Form]
) -> None:
    org_id, _ = await _school(app, forms)
    await app.feed(make_callback_update(CURATOR, f"hd:submit:{org_id}:0:"))
    await app.feed(make_callback_update(HEAD, f"hd:approve:{org_id}:0:"))
    await app.feed(make_message_update(HEAD, "15-о"))
    # meanwhile the curator goes back to fixing pairs by confirmation: the list returns to them
    await app.feed(make_callback_update(CURATOR, f"hd:mode:{org_id}:0:curator"))
    await app.feed(make_message_update(HEAD, "18.11.2026"))
    refusal = app.rec.last(SendMessage).text or ""
    async with app.factory() as session:
        assert await session.scalar(select(func.count(Order.id))) == 0
    # the next words are not read as an order's date again
    await app.feed(make_message_update(HEAD, "19.11.2026"))
    assert (app.rec.last(SendMessage).text or "") != refusal

"""The school year as data: which calendar an organization runs on, the dates it moves, and the
year's closing with its carry-over — each step once however often the job runs."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tg.i18n import Translator
from models import (
    ArchivedPair,
    Assignment,
    AssignmentState,
    CarryAnswer,
    CarryOver,
    Membership,
    Organization,
    OrgKind,
    OutboxMessage,
    Program,
    Role,
    User,
    YearClosure,
)
from scheduler import meeting_jobs, year_jobs
from services.erasure import Erasure
from services.errors import DomainError
from services.matching import MatchWeights
from services.meetings.plan import PlanSettings, default_end
from services.meetings.repository import MeetingRepository
from services.pairing.bank import load_pool
from services.pairing.service import PairingService
from services.questionnaire.schema import Form
from services.reports.dataset import pair_status
from services.reports.records import PairStatus
from services.school_year.calendar_file import (
    CALENDARS_DIR,
    DEFAULT_CALENDAR,
    calendar_by_id,
    load_calendar_file,
    load_calendars,
)
from services.school_year.closing import YearClosing, year_to_close
from services.school_year.org_calendar import (
    UnknownCalendar,
    calendar_interim,
    calendars_of,
    check_calendar_id,
    org_calendar,
)
from services.surveys.schedule import interim_due, interim_month_day, next_interim, school_year
from tests.recording import make_callback_update
from tests.unit.app_factory import BotApp, MovableClock, build_app, make_deps
from tests.unit.cli_runner import run_cli
from tests.unit.factories import NOW, join, make_org
from tests.unit.pairing_factories import add_person

REGION = "example-region"
CURATOR, MENTOR, MENTEE = 50, 1, 11
# the default calendar closes the 2026/27 year on 30 June 2027; this is the next morning
AFTER_CLOSE = datetime(2027, 7, 1, 7, 0, tzinfo=UTC)


# ----- which calendar --------------------------------------------------------------------------
def test_the_regional_example_loads_and_extends_the_default() -> None:
    region = load_calendar_file(
        CALENDARS_DIR / f"{REGION}.yaml", load_calendars()[DEFAULT_CALENDAR]
    )
    assert region == load_calendars()[REGION]
    assert region.lists_due == "09-20"
    assert region.programs_end == "05-25"
    # what it does not name comes from default.yaml
    assert region.monitoring == calendar_by_id(None).monitoring
    assert region.title["ru"]
    assert region.title["en"]


async def test_calendar_lookup_org_then_parent_then_default(session: AsyncSession) -> None:
    office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
    school = await make_org(session, "МБОУ СОШ № 2", parent=office)
    alone = await make_org(session, "МБОУ СОШ № 3")
    assert (await org_calendar(session, school)).id == DEFAULT_CALENDAR
    office.calendar_id = REGION
    assert (await org_calendar(session, school)).id == REGION  # inherited from the office
    assert (await org_calendar(session, alone)).id == DEFAULT_CALENDAR
    alone.calendar_id = "gone-from-disk"  # a file removed later: the default, never a failure
    assert (await org_calendar(session, alone)).id == DEFAULT_CALENDAR
    await session.flush()
    batch = await calendars_of(session, [office, school, alone])
    assert {org_id: c.id for org_id, c in batch.items()} == {
        office.id: REGION,
        school.id: REGION,
        alone.id: DEFAULT_CALENDAR,
    }
    school.calendar_id = DEFAULT_CALENDAR  # a school's own wins over its office's
    assert (await org_calendar(session, school)).id == DEFAULT_CALENDAR


def test_an_unknown_calendar_id_is_refused_naming_the_known() -> None:
    assert check_calendar_id(f" {REGION} ") == REGION
    with pytest.raises(UnknownCalendar, match=f"known: {DEFAULT_CALENDAR}, {REGION}"):
        check_calendar_id("atlantis")


async def test_set_org_calendar_sets_inherits_and_refuses_an_unknown_id(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 9", parent=office)
        office_id, school_id = office.id, school.id
    done = run_cli(db_url, "set-org", str(office_id), "--calendar", REGION)
    assert done.returncode == 0, done.stderr
    assert f"calendar {REGION}," in done.stdout
    shown = run_cli(db_url, "set-org", str(school_id))
    assert f"calendar {REGION} (inherited)" in shown.stdout
    assert "interim survey 02-01" in shown.stdout  # the region's date
    refused = run_cli(db_url, "set-org", str(school_id), "--calendar", "atlantis")
    assert refused.returncode == 2
    assert f"unknown calendar 'atlantis'; known: {DEFAULT_CALENDAR}, {REGION}" in refused.stderr
    back = run_cli(db_url, "set-org", str(office_id), "--calendar", "inherit")
    assert f"calendar {DEFAULT_CALENDAR} (inherited)" in back.stdout
    async with session_factory() as session:
        office_row = await session.get(Organization, office_id)
        assert office_row is not None
        assert office_row.calendar_id is None


# ----- the dates it moves ----------------------------------------------------------------------
def test_the_programs_default_end_is_the_calendars() -> None:
    region = calendar_by_id(REGION)
    assert default_end(date(2026, 11, 20)) == date(2027, 5, 31)
    assert default_end(date(2026, 11, 20), calendar=region) == date(2027, 5, 25)
    # a start after the programs' end runs to next year's; one shortly before it gets the
    # shortest period (three months)
    assert default_end(date(2027, 5, 28), calendar=region) == date(2028, 5, 25)
    assert default_end(date(2027, 4, 1), calendar=region) == date(2027, 7, 1)


async def test_a_pair_in_a_regional_school_ends_on_the_regions_day(
    session: AsyncSession, forms: dict[str, Form]
) -> None:
    office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
    office.calendar_id = REGION
    org = await make_org(session, "МБОУ СОШ № 4", parent=office)
    pairing_id = await _confirmed_pair(session, forms, org)
    program = await session.scalar(select(Program).where(Program.pairing_id == pairing_id))
    assert program is not None
    assert program.end_on == date(2027, 5, 25)


def test_survey_dates_come_from_the_calendar() -> None:
    default, region = calendar_by_id(None), calendar_by_id(REGION)
    # the interim date: the school's own, else the calendar's; SURVEY_INTERIM_DATE replaces
    # the default calendar's only
    assert calendar_interim(region, None) == "02-01"
    assert calendar_interim(region, "01-25") == "02-01"
    assert calendar_interim(default, None) == "01-20"
    assert calendar_interim(default, "01-25") == "01-25"
    assert interim_month_day("12-15", calendar_interim(region, None)) == (12, 15)
    feb = interim_month_day(None, calendar_interim(region, None))
    assert interim_due(date(2027, 1, 20), feb, 14, region) is None
    assert interim_due(date(2027, 2, 1), feb, 14, region) == date(2027, 2, 1)
    assert next_interim(date(2026, 11, 20), feb, region) == date(2027, 2, 1)
    # a calendar whose year starts on 25 August puts 28 August in the next school year
    early = default.model_validate({**default.model_dump(), "year_starts": "08-25"})
    assert school_year(date(2026, 8, 28)) == 2026
    assert school_year(date(2026, 8, 28), early) == 2027


async def test_curators_are_reminded_on_their_regions_days(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        org = await make_org(session)
        org.calendar_id = REGION
        await join(session, CURATOR, org, Role.CURATOR)
    clock = MovableClock(datetime(2026, 9, 28, 7, 0, tzinfo=UTC))  # the default's 3 days
    deps = make_deps(session_factory, clock)
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 0
    clock.value = datetime(2026, 9, 6, 7, 0, tzinfo=UTC)  # 14 days before 20 September
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 1
    assert await meeting_jobs.yearly_calendar(deps, clock.now()) == 0
    async with session_factory() as session:
        text = await session.scalar(
            select(OutboxMessage.text).where(OutboxMessage.kind == "calendar")
        )
    assert text is not None
    assert "до 20.09.2026" in text


# ----- the year's closing ----------------------------------------------------------------------
async def _confirmed_pair(session: AsyncSession, forms: dict[str, Form], org: Organization) -> int:
    mentor = await add_person(session, forms, org, MENTOR, Role.MENTOR, "Смирнова Анна")
    mentee = await add_person(session, forms, org, MENTEE, Role.MENTEE, "Иванова Дарья")
    service = PairingService(session, MatchWeights())
    offered = await service.offer(org, mentee.id, mentor.id, by_user_id=None, now=NOW)
    for side in (mentor.id, mentee.id):
        await service.reply(offered.assignment, side, accept=True, reason=None, now=NOW)
    await service.confirm(offered.assignment, NOW)
    await MeetingRepository(session).ensure_program(offered.pairing, NOW.date(), PlanSettings())
    return offered.pairing.id


async def _school_with_pair(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> int:
    async with session_factory() as session, session.begin():
        org = await make_org(session, "МБОУ СОШ № 7")
        org.created_at = NOW  # the school existed in the year that closes
        await join(session, CURATOR, org, Role.CURATOR)
        await _confirmed_pair(session, forms, org)
        return org.id


async def _count(session: AsyncSession, model: type[object], *where: Any) -> int:
    found: int | None = await session.scalar(select(func.count()).select_from(model).where(*where))
    return found or 0


async def _outbox(session: AsyncSession, prefix: str) -> list[OutboxMessage]:
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like(f"{prefix}%"))
        .order_by(OutboxMessage.id)
    )
    return list(rows)


async def test_closing_runs_once_however_often_and_wherever_it_runs(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    org_id = await _school_with_pair(session_factory, forms)
    clock = MovableClock(datetime(2027, 6, 29, 7, 0, tzinfo=UTC))
    deps = make_deps(session_factory, clock)
    assert await year_jobs.close_years(deps, clock.now()) == 0  # not yet
    clock.value = AFTER_CLOSE
    results = await asyncio.gather(*(year_jobs.close_years(deps, clock.now()) for _ in range(3)))
    assert sum(results) == 1
    for _ in range(2):
        await meeting_jobs.tick(deps)  # the meeting tick runs the year's jobs too
    async with session_factory() as session:
        assert await _count(session, YearClosure, YearClosure.org_id == org_id) == 1
        closure = await session.scalar(select(YearClosure))
        assert closure is not None
        assert closure.year == 2027
        assert await _count(session, CarryOver) == 2
        questions = await _outbox(session, "carry:")
        assert sorted(m.chat_id for m in questions) == [MENTOR, MENTEE]
        assert await _count(session, ArchivedPair) == 1
        archived = await session.scalar(select(ArchivedPair))
        assert archived is not None
        assert archived.state == AssignmentState.ACTIVE.value
        assignment = await session.scalar(select(Assignment))
        assert assignment is not None
        assert (assignment.state, assignment.is_open, assignment.reason) == (
            AssignmentState.ENDED,
            False,
            "year_closed",
        )
        # the year's reports still show the pair, as finished (not ended early)
        assert pair_status([assignment.state], [assignment.reason], False) is PairStatus.FINISHED
        # the curator hears of the closing once; the summary waits for the answers
        assert [m.chat_id for m in await _outbox(session, "yearclosed:")] == [CURATOR]
        assert await _outbox(session, "carrysummary:") == []
        mentor = await session.scalar(select(Membership).where(Membership.role == Role.MENTOR))
        assert mentor is not None
        assert mentor.load == 0


def test_the_year_closes_on_the_calendars_day_for_a_school_that_existed_then() -> None:
    school = Organization(name="МБОУ СОШ № 1", timezone="Europe/Moscow", created_at=NOW)
    default, region = calendar_by_id(None), calendar_by_id(REGION)
    moscow_evening = datetime(2027, 6, 20, 20, 59, tzinfo=UTC)  # 23:59 on 20 June in Moscow
    assert year_to_close(school, region, moscow_evening - timedelta(days=1)) is None
    assert year_to_close(school, region, moscow_evening) == 2027
    assert year_to_close(school, default, moscow_evening) is None  # the default: 30 June
    assert year_to_close(school, default, AFTER_CLOSE) == 2027
    assert year_to_close(school, default, datetime(2027, 9, 1, 7, 0, tzinfo=UTC)) is None
    # a school created after the closing day has no year to close until the next one
    school.created_at = datetime(2027, 7, 5, tzinfo=UTC)
    assert year_to_close(school, default, datetime(2027, 7, 10, tzinfo=UTC)) is None
    assert year_to_close(school, default, datetime(2028, 7, 1, 7, 0, tzinfo=UTC)) == 2028


async def test_answers_carry_over_into_the_bank_and_the_summary_counts_them(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    org_id = await _school_with_pair(session_factory, forms)
    clock = MovableClock(AFTER_CLOSE)
    deps = make_deps(session_factory, clock)
    await year_jobs.close_years(deps, clock.now())
    async with session_factory() as session, session.begin():
        carries = {
            m.role: c
            for c, m in await session.execute(
                select(CarryOver, Membership).join(
                    Membership, Membership.id == CarryOver.membership_id
                )
            )
        }
        closing = YearClosing(session)
        mentor, mentee = carries[Role.MENTOR], carries[Role.MENTEE]
        mentor_user = (await session.get(Membership, mentor.membership_id)).user_id  # type: ignore[union-attr]
        mentee_user = (await session.get(Membership, mentee.membership_id)).user_id  # type: ignore[union-attr]
        assert mentor_user is not None
        assert mentee_user is not None
        with pytest.raises(Exception, match="error-stale-button"):  # someone else's question
            await closing.answer(mentor.id, mentee_user, CarryAnswer.SAME, clock.now())
        with pytest.raises(Exception, match="error-stale-button"):  # not a mentee's answer
            await closing.answer(mentee.id, mentee_user, CarryAnswer.SAME, clock.now())
        await closing.answer(mentor.id, mentor_user, CarryAnswer.CHANGED, clock.now(), capacity=3)
        await closing.answer(mentee.id, mentee_user, CarryAnswer.LEAVE, clock.now())
    await year_jobs.remind_and_summarize(deps, clock.now())
    await year_jobs.remind_and_summarize(deps, clock.now())
    async with session_factory() as session:
        org = await session.get(Organization, org_id)
        assert org is not None
        pool = await load_pool(session, org)
        assert [p.capacity for p in pool.mentors] == [3]  # back in the bank, places updated
        assert pool.mentees == []  # the mentee left: kept, not in the bank
        mentee_row = await session.scalar(select(Membership).where(Membership.role == Role.MENTEE))
        assert mentee_row is not None
        assert mentee_row.left_at is not None
        assert mentee_row.user_id is not None  # not erased
        summaries = await _outbox(session, "carrysummary:")
        assert len(summaries) == 1
        text = summaries[0].text
        assert "продолжают 1 (с той же нагрузкой — 0, с новой — 1), уходят 0, нет ответа 0" in text
        assert "<b>Наставляемые</b>: продолжают 0, уходят 1, нет ответа 0" in text
        assert await _outbox(session, "carry:") != []
        assert [
            m for m in await _outbox(session, "carry:") if (m.dedupe_key or "").endswith("remind")
        ] == []


async def test_the_unanswered_are_reminded_once_then_counted_as_no_answer(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _school_with_pair(session_factory, forms)
    clock = MovableClock(AFTER_CLOSE)
    deps = make_deps(session_factory, clock)
    await year_jobs.close_years(deps, clock.now())
    clock.value += timedelta(days=13)
    await year_jobs.remind_and_summarize(deps, clock.now())
    async with session_factory() as session:
        assert [
            m for m in await _outbox(session, "carry:") if "remind" in (m.dedupe_key or "")
        ] == []
    clock.value += timedelta(days=1)  # carry_over_answer_days (14) after the question
    for _ in range(2):
        await year_jobs.remind_and_summarize(deps, clock.now())
    async with session_factory() as session:
        reminders = [
            m for m in await _outbox(session, "carry:") if "remind" in (m.dedupe_key or "")
        ]
        assert sorted(m.chat_id for m in reminders) == [MENTOR, MENTEE]
        assert "Напоминание" in reminders[0].text
        assert await _outbox(session, "carrysummary:") == []
    clock.value += timedelta(days=14)
    await year_jobs.remind_and_summarize(deps, clock.now())
    async with session_factory() as session:
        (summary,) = await _outbox(session, "carrysummary:")
        assert "уходят 0, нет ответа 1" in summary.text
        org = await session.scalar(select(Organization))
        assert org is not None
        pool = await load_pool(session, org)
        # the unanswered stay as they were: in the bank
        assert (len(pool.mentors), len(pool.mentees)) == (1, 1)


async def test_a_withdrawal_after_the_closing_leaves_no_question_and_is_not_waited_for(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _school_with_pair(session_factory, forms)
    clock = MovableClock(AFTER_CLOSE)
    deps = make_deps(session_factory, clock)
    await year_jobs.close_years(deps, clock.now())
    async with session_factory() as session, session.begin():
        mentor = await session.scalar(select(Membership).where(Membership.role == Role.MENTOR))
        assert mentor is not None
        user = await session.get(User, mentor.user_id)
        assert user is not None
        carry = await session.scalar(select(CarryOver).where(CarryOver.membership_id == mentor.id))
        assert carry is not None
        await YearClosing(session).answer(carry.id, user.id, CarryAnswer.SAME, clock.now())
        mentee = await session.scalar(select(User).where(User.telegram_id == MENTEE))
        assert mentee is not None
        await Erasure(session).withdraw(mentee, clock.now())
    async with session_factory() as session:
        # the question to the mentee went with them
        assert [m.chat_id for m in await _outbox(session, "carry:")] == [MENTOR]
    # nobody left to wait for: the summary goes now, without the withdrawn mentee
    await year_jobs.remind_and_summarize(deps, clock.now())
    async with session_factory() as session:
        (summary,) = await _outbox(session, "carrysummary:")
        assert "продолжают 1 (с той же нагрузкой — 1" in summary.text
        assert "<b>Наставляемые</b>: продолжают 0, уходят 0, нет ответа 0" in summary.text
        closure = await session.scalar(select(YearClosure))
        assert closure is not None
        assert [row.name for row in await YearClosing(session).lists(closure)] == ["Смирнова Анна"]


# ----- through the dispatcher -----------------------------------------------------------------
App = BotApp


@pytest.fixture
def app(session_factory: async_sessionmaker[AsyncSession]) -> App:
    return build_app(session_factory, AFTER_CLOSE)


async def test_buttons_answer_and_a_forged_press_is_refused_politely(
    app: App, session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _school_with_pair(session_factory, forms)
    await year_jobs.close_years(make_deps(session_factory, MovableClock(AFTER_CLOSE)), AFTER_CLOSE)
    async with session_factory() as session:
        mentor_carry = await session.scalar(
            select(CarryOver.id)
            .join(Membership, Membership.id == CarryOver.membership_id)
            .where(Membership.role == Role.MENTOR)
        )
        closure_id = await session.scalar(select(YearClosure.id))
    # the mentee presses the mentor's question: refused, nothing recorded
    await app.dp.feed_update(app.bot, make_callback_update(MENTEE, f"cy:s:{mentor_carry}:0"))
    alert = app.rec.last(AnswerCallbackQuery)
    assert alert.show_alert
    assert "устарела" in (alert.text or "")
    await app.dp.feed_update(app.bot, make_callback_update(MENTOR, f"cy:c:{mentor_carry}:0"))
    assert "Скольких наставляемых" in (app.rec.last(EditMessageText).text or "")
    await app.dp.feed_update(app.bot, make_callback_update(MENTOR, f"cy:n:{mentor_carry}:4"))
    assert "мест для наставляемых — 4" in (app.rec.last(EditMessageText).text or "")
    async with session_factory() as session:
        carry = await session.get(CarryOver, mentor_carry)
        assert carry is not None
        assert (carry.answer, carry.capacity) == (CarryAnswer.CHANGED, 4)
    # the lists: a curator of the school gets the XLSX; a participant does not
    await app.dp.feed_update(app.bot, make_callback_update(MENTOR, f"cy:x:{closure_id}:0"))
    assert app.rec.requests_of(SendDocument) == []
    await app.dp.feed_update(app.bot, make_callback_update(CURATOR, f"cy:x:{closure_id}:0"))
    document = app.rec.last(SendDocument).document
    assert isinstance(document, BufferedInputFile)
    assert (document.filename or "").endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(document.data)).active
    assert sheet is not None
    rows = [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("Смирнова Анна", "Наставник", "продолжает, новая нагрузка", 4),
        ("Иванова Дарья", "Наставляемый", "нет ответа", None),
    ]


async def test_a_municipal_curator_picks_the_offices_calendar_in_chat(
    app: App, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        office = await make_org(session, "МКУ ЦРО", OrgKind.MUNICIPALITY)
        school = await make_org(session, "МБОУ СОШ № 8", parent=office)
        await join(session, 60, office, Role.CURATOR)
        await join(session, CURATOR, school, Role.CURATOR)
        office_id, school_id = office.id, school.id
    await app.dp.feed_update(app.bot, make_callback_update(60, f"cl:show:{office_id}:"))
    shown = app.rec.last(SendMessage)
    assert "Календарь по умолчанию" in shown.text
    assert "списки — до 01.10" in shown.text
    # a school's curator may not change the office's calendar
    await app.dp.feed_update(app.bot, make_callback_update(CURATOR, f"cl:set:{office_id}:{REGION}"))
    assert app.rec.last(AnswerCallbackQuery).show_alert
    await app.dp.feed_update(app.bot, make_callback_update(60, f"cl:set:{office_id}:atlantis"))
    assert "устарела" in (app.rec.last(AnswerCallbackQuery).text or "")
    await app.dp.feed_update(app.bot, make_callback_update(60, f"cl:set:{office_id}:{REGION}"))
    assert app.rec.last(AnswerCallbackQuery).text == "Календарь сохранён"
    assert "списки — до 20.09" in (app.rec.last(EditMessageText).text or "")
    async with session_factory() as session:
        school_row = await session.get(Organization, school_id)
        assert school_row is not None
        assert (await org_calendar(session, school_row)).id == REGION  # the school inherits it


def test_the_new_lists_keep_a_formula_like_name_as_text(translator: Translator) -> None:
    from openpyxl import load_workbook

    from bot.notify.year import lists_workbook
    from models import CarryAnswer
    from services.school_year.closing import ListRow

    rows = [ListRow('=HYPERLINK("http://x","y")', Role.MENTOR, CarryAnswer.SAME, 2, None)]
    data = lists_workbook(translator.bind("ru"), rows, "Europe/Moscow")
    cell = load_workbook(io.BytesIO(data)).active["A2"]  # type: ignore[index]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")'


async def test_leaving_with_a_pair_made_after_the_closing_is_refused(
    session_factory: async_sessionmaker[AsyncSession], forms: dict[str, Form]
) -> None:
    await _school_with_pair(session_factory, forms)
    clock = MovableClock(AFTER_CLOSE)
    deps = make_deps(session_factory, clock)
    await year_jobs.close_years(deps, clock.now())
    async with session_factory() as session, session.begin():
        rows = list(
            await session.execute(
                select(CarryOver, Membership).join(
                    Membership, Membership.id == CarryOver.membership_id
                )
            )
        )
        carries = {m.role: (c, m) for c, m in rows}
        mentor_carry, mentor = carries[Role.MENTOR]
        org = await session.get(Organization, mentor.org_id)
        assert org is not None
        assert mentor.user_id is not None
        # a newcomer's pair offered in the summer, before the mentor answers
        newcomer = await add_person(session, forms, org, 777, Role.MENTEE, "Новичок Пётр")
        service = PairingService(session, MatchWeights())
        await service.offer(org, newcomer.id, mentor.id, by_user_id=None, now=clock.now())
        with pytest.raises(DomainError, match="carry-leave-open-pair"):
            await YearClosing(session).answer(
                mentor_carry.id, mentor.user_id, CarryAnswer.LEAVE, clock.now()
            )
        assert mentor.left_at is None

"""Command line: run the bot, create an organization, migrate the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot.app.config import Settings, get_settings
from bot.app.operator_errors import EXIT_CONFIG, OperatorError, message
from bot.infra.logging_setup import setup_logging

if TYPE_CHECKING:
    from models import Organization
    from services.school_year.calendar_file import SchoolCalendar


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of days, got {text!r}") from None
    if not 1 <= value <= 3650:
        raise argparse.ArgumentTypeError("from 1 to 3650 days")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Mentoring programs bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    org = sub.add_parser("create-org", help="create an organization and print its curator link")
    org.add_argument("name")
    org.add_argument("--timezone", default=None, help="IANA zone, e.g. Europe/Moscow")
    org.add_argument(
        "--municipal", action="store_true", help="a municipal office that oversees schools"
    )
    org.add_argument("--parent", type=int, default=None, help="id of the municipal office")
    org.add_argument(
        "--meetings-every",
        type=int,
        default=None,
        choices=range(1, 9),
        metavar="WEEKS",
        help="weeks between regular meetings in this organization (default MEETING_EVERY_WEEKS)",
    )
    setorg = sub.add_parser("set-org", help="change an organization's own settings")
    setorg.add_argument("org", type=int, help="organization id")
    setorg.add_argument("--name", default=None)
    setorg.add_argument("--timezone", default=None, help="IANA zone, e.g. Asia/Yekaterinburg")
    setorg.add_argument(
        "--meetings-every",
        type=int,
        default=None,
        choices=range(0, 9),
        metavar="WEEKS",
        help="weeks between regular meetings (0: back to MEETING_EVERY_WEEKS)",
    )
    setorg.add_argument(
        "--interim-survey",
        default=None,
        metavar="MM-DD",
        help="the school's own day the interim survey opens each year ('default': the calendar's)",
    )
    setorg.add_argument(
        "--calendar",
        default=None,
        metavar="ID",
        help="the regional calendar, calendars/<ID>.yaml; a municipal office's schools inherit "
        "it ('inherit': the office's, else the default one)",
    )
    setorg.add_argument(
        "--teachers", type=int, default=None, help="teachers on the staff (for the indicators)"
    )
    setorg.add_argument(
        "--forms",
        default=None,
        metavar="FORM,FORM",
        help="forms of mentoring the school runs, e.g. teacher_teacher,pupil_pupil "
        "('default': the teacher forms only)",
    )
    setorg.add_argument(
        "--pupils",
        default=None,
        metavar="N",
        help="pupils aged 10–18 on the roll (the base of the share of pupils in mentoring)",
    )
    sub.add_parser("migrate", help="upgrade the database schema to the latest version")
    backup = sub.add_parser(
        "backup", help="copy the SQLite database safely while the bot runs (online backup API)"
    )
    backup.add_argument(
        "--out", type=Path, default=None, help="file to write (default data/backups/<time>)"
    )
    backup.add_argument(
        "--keep-days",
        type=_days,
        default=None,
        metavar="N",
        help="remove backups older than N days (default BACKUP_KEEP_DAYS, 14)",
    )
    restore = sub.add_parser("restore", help="put a backup file in place of the database")
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--force", action="store_true", help="replace an existing database (stop the bot first)"
    )
    report = sub.add_parser("report", help="write an organization's report files")
    report.add_argument("org", type=int, help="organization id (a municipal office: all schools)")
    report.add_argument("--out", type=Path, required=True, help="the XLSX workbook to write")
    report.add_argument("--note", type=Path, default=None, help="also the analytical note (DOCX)")
    report.add_argument("--charts", type=Path, default=None, help="also the charts (PNG) here")
    report.add_argument("--locale", default=None, help="ru or en (default DEFAULT_LOCALE)")
    chosen = report.add_mutually_exclusive_group()
    chosen.add_argument("--quarter", default=None, help="only this quarter, e.g. 2026Q4")
    chosen.add_argument(
        "--school-year", type=int, default=None, help="only this school year, e.g. 2027 (2026/27)"
    )
    report.add_argument("--from", dest="date_from", default=None, help="YYYY-MM-DD (with --to)")
    report.add_argument("--to", dest="date_to", default=None, help="YYYY-MM-DD (with --from)")
    return parser


async def _create_org(settings: Settings, args: argparse.Namespace) -> str:
    from bot.infra.db import create_engine, create_session_factory, upgrade_database
    from models import Organization, OrgKind, Role
    from services.clock import clock_with_offset
    from services.errors import DomainError
    from services.invites import InviteService, deep_link
    from services.orgs import OrgService

    timezone = args.timezone or settings.default_timezone
    now = clock_with_offset(settings.clock_offset_seconds).now()
    if not args.name.strip():
        raise OperatorError("operator-org-name-empty", EXIT_CONFIG)
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        username = await _bot_username(settings)
        async with create_session_factory(engine)() as session, session.begin():
            if args.parent is not None:
                parent = await session.get(Organization, args.parent)
                if parent is None:
                    raise OperatorError("operator-org-parent-missing", EXIT_CONFIG, id=args.parent)
                if parent.kind is not OrgKind.MUNICIPALITY:
                    raise OperatorError(
                        "operator-org-parent-not-municipal", EXIT_CONFIG, id=args.parent
                    )
            try:
                org = await OrgService(session).create(
                    args.name,
                    timezone,
                    OrgKind.MUNICIPALITY if args.municipal else OrgKind.SCHOOL,
                    parent_id=args.parent,
                    now=now,
                )
                org.meeting_every_weeks = args.meetings_every
            except DomainError as error:
                key = {
                    "org-bad-timezone": "operator-org-bad-timezone",
                    "org-name-empty": "operator-org-name-empty",
                }.get(error.key)
                if key is None:
                    raise
                raise OperatorError(key, EXIT_CONFIG, timezone=timezone) from None
            invite = await InviteService(session).create(
                org.id,
                Role.CURATOR,
                now=now,
                ttl=settings.curator_invite_ttl,
                max_uses=1,
            )
            link = deep_link(username, invite.token)
            return (
                f"organization #{org.id} «{org.name}» ({org.kind.value}, {org.timezone})\n"
                f"curator invite (single use, valid {settings.curator_invite_ttl_days} days):\n{link}"
            )
    finally:
        await engine.dispose()


PLACEHOLDER_BOT = "<your_bot>"


async def _bot_username(settings: Settings) -> str:
    """The bot's username for the link; without a token, a placeholder the operator replaces
    (the token is needed to run the bot, not to set it up)."""
    if settings.bot_token is None:
        return PLACEHOLDER_BOT
    from bot.app.wiring import build_bot, who_am_i

    bot = build_bot(settings)
    try:
        return (await who_am_i(bot, settings)).username or ""
    finally:
        await bot.session.close()


async def _migrate(settings: Settings) -> None:
    from bot.infra.db import create_engine, upgrade_database

    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def _backup_or_restore(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import datetime

    from services.backup import (
        BackupError,
        default_backup_path,
        postgres_instructions,
        prune,
        restore,
        sqlite_path,
    )
    from services.backup import backup as make_backup

    now = datetime.now()
    try:
        db_path = sqlite_path(settings.database_url)
        if db_path is None:
            print(postgres_instructions(settings.database_url), file=sys.stderr)
            return 2
        if args.command == "backup":
            info = make_backup(db_path, args.out or default_backup_path(db_path, now))
            print(f"backup written: {info.path} ({info.size} bytes, schema {info.revision})")
            keep = settings.backup_keep_days if args.keep_days is None else args.keep_days
            for old in prune(db_path, keep, now):
                print(f"removed a backup older than {keep} days: {old}")
        else:
            from bot.infra.db import restore_lock

            with restore_lock(settings.database_url):
                info = restore(args.file, db_path, force=args.force, now=now)
            if info.previous is not None:
                print(f"the replaced database is kept in {info.previous}")
            print(f"restored {args.file} to {info.path} (schema {info.revision})")
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _report_period(args: argparse.Namespace, calendar: Any) -> Any:
    """The period --quarter, --school-year or --from/--to name; None: from the start; False
    (after a message) when they are wrong."""
    from datetime import date

    from services.reports.periods import (
        dates_period,
        period_from_code,
        school_year_period,
    )

    if args.date_from or args.date_to:
        if args.quarter or args.school_year or not (args.date_from and args.date_to):
            print("--from and --to go together, without --quarter/--school-year", file=sys.stderr)
            return False
        try:
            start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
        except ValueError:
            print("dates are YYYY-MM-DD", file=sys.stderr)
            return False
        if start > end or (end - start).days > 2 * 366:
            print("--from must not be after --to, at most two years apart", file=sys.stderr)
            return False
        return dates_period(start, end)
    if args.quarter:
        period = period_from_code(args.quarter.upper(), calendar)
        if period is None or period.quarter is None:
            print("a quarter is YYYYQn, e.g. 2026Q4", file=sys.stderr)
            return False
        return period
    if args.school_year:
        if not 2000 < args.school_year < 2100:
            print("a school year is named by the year it ends in, e.g. 2027", file=sys.stderr)
            return False
        return school_year_period(calendar, args.school_year)
    return None


async def _report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.infra.db import create_engine, create_session_factory, upgrade_database
    from bot.tg.i18n import LOCALES_DIR, SUPPORTED_LOCALES, Translator
    from models import Organization
    from services.clock import clock_with_offset
    from services.questionnaire.schema import load_forms
    from services.reports.build import chart_files, note_file, workbook_file
    from services.reports.dataset import load_dataset

    _check_out_file(args.out, ".xlsx")
    if args.note is not None:
        _check_out_file(args.note, ".docx")
    locale = args.locale or settings.default_locale
    if locale not in SUPPORTED_LOCALES:
        print(f"unknown locale {locale}; one of {', '.join(SUPPORTED_LOCALES)}", file=sys.stderr)
        return 2
    t = Translator(settings.default_locale).bind(locale)
    forms = load_forms(LOCALES_DIR / "forms")
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        async with create_session_factory(engine)() as session:
            org = await session.get(Organization, args.org)
            if org is None:
                print(f"no organization #{args.org}", file=sys.stderr)
                return 1
            from services.school_year.org_calendar import org_calendar

            period = _report_period(args, await org_calendar(session, org))
            if period is False:
                return 2
            dataset = await load_dataset(
                session,
                org,
                now=clock_with_offset(settings.clock_offset_seconds).now(),
                forms=forms,
                period=period or None,
            )
    finally:
        await engine.dispose()
    args.out.write_bytes(workbook_file(dataset, t, forms).data)
    print(f"workbook written: {args.out}")
    charts = chart_files(dataset, t) if args.charts or args.note else []
    if args.charts:
        args.charts.mkdir(parents=True, exist_ok=True)
        for chart in charts:
            (args.charts / chart.filename).write_bytes(chart.png)
        print(f"charts written: {', '.join(str(args.charts / c.filename) for c in charts)}")
    if args.note:
        args.note.write_bytes(note_file(dataset, t, charts).data)
        print(f"note written: {args.note}")
    return 0


def _check_out_file(path: Path, extension: str) -> None:
    """Refuse before any work is done: a folder, a missing folder, another file type."""
    if path.is_dir():
        raise OperatorError("operator-report-out-is-folder", EXIT_CONFIG, path=str(path))
    if path.suffix.lower() != extension:
        raise OperatorError(
            "operator-report-out-extension", EXIT_CONFIG, path=str(path), extension=extension
        )
    if not path.absolute().parent.is_dir():
        raise OperatorError(
            "operator-report-out-folder-missing", EXIT_CONFIG, folder=str(path.absolute().parent)
        )


async def _set_org(settings: Settings, args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfoNotFoundError

    from bot.infra.db import create_engine, create_session_factory, upgrade_database
    from models import Organization
    from services.school_year.org_calendar import org_calendar

    try:
        forms, pupils = _checked_org_args(args)
    except (ValueError, ZoneInfoNotFoundError) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        async with create_session_factory(engine)() as session, session.begin():
            org = await session.get(Organization, args.org)
            if org is None:
                print(f"no organization {args.org}", file=sys.stderr)
                return 2
            _set_org_settings(org, args)
            _set_org_counts(org, args, forms, pupils)
            print(_org_summary(org, await org_calendar(session, org), settings))
    finally:
        await engine.dispose()
    return 0


def _checked_org_args(args: argparse.Namespace) -> tuple[list[str] | None, int | None]:
    """The ``set-org`` values checked before the database is touched: (forms, pupils).
    Raises ValueError or ZoneInfoNotFoundError with what is wrong."""
    from zoneinfo import ZoneInfo

    from services.pairing.forms import parse_forms
    from services.reports.staff import PUPILS_MAX, parse_pupils_total, parse_teachers_total
    from services.school_year.org_calendar import check_calendar_id
    from services.surveys.schedule import parse_month_day

    if args.timezone is not None:
        ZoneInfo(args.timezone)
    if args.interim_survey not in (None, "default"):
        parse_month_day(args.interim_survey)
    if args.calendar not in (None, "inherit"):
        check_calendar_id(args.calendar)
    if args.teachers is not None and parse_teachers_total(str(args.teachers)) is None:
        raise ValueError("--teachers: a whole number from 1 to 5000")
    forms = parse_forms(args.forms) if args.forms is not None else None
    pupils = None if args.pupils is None else parse_pupils_total(args.pupils)
    if args.pupils is not None and pupils is None:
        raise ValueError(f"--pupils: a whole number from 1 to {PUPILS_MAX}, got {args.pupils!r}")
    return forms, pupils


def _set_org_settings(org: Organization, args: argparse.Namespace) -> None:
    """Name, zone, meeting rhythm, interim survey date and calendar, where given."""
    if args.name:
        org.name = args.name.strip()[:200]
    if args.timezone is not None:
        org.timezone = args.timezone
    if args.meetings_every is not None:
        org.meeting_every_weeks = args.meetings_every or None
    if args.interim_survey is not None:
        org.interim_survey_on = None if args.interim_survey == "default" else args.interim_survey
    if args.calendar is not None:
        org.calendar_id = None if args.calendar == "inherit" else args.calendar.strip()


def _set_org_counts(
    org: Organization, args: argparse.Namespace, forms: list[str] | None, pupils: int | None
) -> None:
    """Staff and pupil numbers and the mentoring forms, where given."""
    if args.teachers is not None:
        org.teachers_total = args.teachers
    if args.forms is not None:
        org.enabled_forms = forms
    if pupils is not None:
        org.pupils_total = pupils


def _org_summary(org: Organization, calendar: SchoolCalendar, settings: Settings) -> str:
    from services.pairing.forms import enabled_forms
    from services.school_year.org_calendar import calendar_interim

    return (
        f"{org.id} {org.name}: timezone {org.timezone}, calendar {calendar.id}"
        f"{'' if org.calendar_id else ' (inherited)'}, meetings every "
        f"{org.meeting_every_weeks or settings.meeting_every_weeks} weeks, interim survey "
        f"{org.interim_survey_on or calendar_interim(calendar, settings.survey_interim_date)}"
        ", teachers "
        f"{org.teachers_total if org.teachers_total is not None else 'unknown'}, pupils "
        f"{org.pupils_total if org.pupils_total is not None else 'unknown'}, forms "
        f"{','.join(sorted(enabled_forms(org.enabled_forms)))}"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        from bot.app.operator_errors import settings_error, token_missing

        print(message(settings_error(exc)), file=sys.stderr)
        if token_missing(exc):
            print(message(OperatorError("operator-settings-token-hint")), file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    try:
        return _command(settings, args)
    except OperatorError as error:
        print(message(error, settings.default_locale), file=sys.stderr)
        return error.exit_code


def _command(settings: Settings, args: argparse.Namespace) -> int:
    command = args.command or "run"
    if command == "create-org":
        print(asyncio.run(_create_org(settings, args)))
        return 0
    if command in {"backup", "restore"}:
        return _backup_or_restore(settings, args)
    if command == "set-org":
        return asyncio.run(_set_org(settings, args))
    if command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    if command == "report":
        return asyncio.run(_report(settings, args))
    from bot.app.wiring import run

    if settings.bot_token is None:
        raise OperatorError("operator-settings-token-hint", EXIT_CONFIG)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(settings))
    return 0

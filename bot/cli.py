"""Command line: run the bot, create an organization, migrate the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from pydantic import ValidationError

from bot.config import Settings, get_settings
from bot.logging_setup import setup_logging


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
    sub.add_parser("migrate", help="upgrade the database schema to the latest version")
    return parser


async def _create_org(settings: Settings, args: argparse.Namespace) -> str:
    from aiogram.exceptions import TelegramAPIError

    from bot.app import build_bot
    from bot.db import create_engine, create_session_factory, upgrade_database
    from models import OrgKind, Role
    from services.clock import SystemClock
    from services.errors import DomainError
    from services.invites import InviteService, deep_link
    from services.orgs import OrgService

    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        bot = build_bot(settings)
        try:
            username = (await bot.get_me()).username or ""
        except TelegramAPIError as exc:
            raise SystemExit(f"cannot reach Telegram to learn the bot's username: {exc}") from exc
        finally:
            await bot.session.close()
        async with create_session_factory(engine)() as session, session.begin():
            orgs = OrgService(session)
            if args.parent is not None:
                parent = await orgs.get(args.parent)
                if parent.kind is not OrgKind.MUNICIPALITY:
                    raise SystemExit(f"organization {args.parent} is not a municipal office")
            try:
                org = await orgs.create(
                    args.name,
                    args.timezone or settings.default_timezone,
                    OrgKind.MUNICIPALITY if args.municipal else OrgKind.SCHOOL,
                    parent_id=args.parent,
                )
                org.meeting_every_weeks = args.meetings_every
            except DomainError as error:
                raise SystemExit(f"{error.key}: {error.params}") from error
            invite = await InviteService(session).create(
                org.id,
                Role.CURATOR,
                now=SystemClock().now(),
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


async def _migrate(settings: Settings) -> None:
    from bot.db import create_engine, upgrade_database

    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        print(f"configuration error:\n{exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    command = args.command or "run"
    if command == "create-org":
        print(asyncio.run(_create_org(settings, args)))
        return 0
    if command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    from bot.app import run

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(settings))
    return 0

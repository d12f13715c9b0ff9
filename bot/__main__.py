"""Entry point: ``python -m bot`` runs the bot; subcommands administer it."""

from bot.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

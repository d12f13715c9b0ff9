#!/usr/bin/env bash
# Install the bot into ./.venv (only when missing or the lock changed) and run it; SQLite by
# default, so the only thing to set is BOT_TOKEN (in the environment or in .env).
#   scripts/run.sh                 # run the bot
#   scripts/run.sh create-org …    # any command of `python -m bot --help`
set -euo pipefail
cd "$(dirname "$0")/.."

# Running the bot needs a token; say so before spending minutes on an install.
if [ "$#" -eq 0 ] || [ "${1:-}" = run ]; then
  if [ -z "${BOT_TOKEN:-}" ] && ! grep -qsE '^[[:space:]]*BOT_TOKEN[[:space:]]*=[[:space:]]*[^[:space:]#]' .env; then
    echo "BOT_TOKEN is not set: create a bot with @BotFather in Telegram and put BOT_TOKEN=<token> into .env (see .env.example) or the environment." >&2
    exit 2
  fi
fi
./scripts/install.sh requirements/run.txt
exec .venv/bin/python -m bot "$@"

#!/usr/bin/env bash
# Install the project into ./.venv from a lock file, only when the venv is missing or the lock
# (or pyproject.toml) changed since the last install: a restart costs no network and no time.
#   scripts/install.sh requirements/run.txt   # the bot
#   scripts/install.sh requirements/dev.txt   # the bot, tests and linters
# Exit 0 when the venv is ready (freshly installed, or already current, or — when the package
# index cannot be reached — a previous install that still works), non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK="${1:?which lock file: requirements/run.txt or requirements/dev.txt}"
PYTHON="${PYTHON:-python3}"
STAMP=.venv/.installed
wanted="$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1) $LOCK"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] && [ -x .venv/bin/python ]; then
  exit 0
fi
# the dev lock is a superset of the run lock: a venv installed from it serves the bot as well
if [ "$LOCK" = requirements/run.txt ] && [ -f "$STAMP" ] && [ -x .venv/bin/python ] \
  && [ "$(cat "$STAMP")" = "$(cat requirements/dev.txt pyproject.toml | sha256sum | cut -d' ' -f1) requirements/dev.txt" ]; then
  exit 0
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  # once, at creation: the pip of an old Python may not read the lock's hashes
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
rm -f "$STAMP"
install_locked() {
  .venv/bin/python -m pip install --quiet --require-hashes -r "$LOCK" || return 1
  # the project itself, editable: migrations, locales and calendars are read next to the code
  .venv/bin/python -m pip install --quiet --no-deps -e . || return 1
}
if install_locked; then
  echo "$wanted" > "$STAMP"
  exit 0
fi
if .venv/bin/python -c "import bot, aiogram, sqlalchemy" 2>/dev/null; then
  echo "install from $LOCK failed (is the package index reachable?); starting what is installed" >&2
  exit 0
fi
echo "install from $LOCK failed and nothing usable is installed in .venv" >&2
exit 1

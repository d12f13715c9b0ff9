#!/usr/bin/env bash
# Install what the tests need into ./.venv (from the lock, only when it changed), then lint,
# type-check and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh requirements/dev.txt
# The documents' tests render every DOCX to PDF pages, as a school's office would print it.
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils >/dev/null \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends \
        libreoffice-writer-nogui poppler-utils >/dev/null; }
  else
    echo "the documents' tests need LibreOffice Writer and poppler-utils (soffice, pdftotext)" >&2
    exit 1
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy .
exec .venv/bin/python -m pytest "$@"

FROM python:3.11-slim

LABEL org.opencontainers.image.title="mentorbot" \
      org.opencontainers.image.description="Telegram bot that runs school mentoring programs" \
      org.opencontainers.image.licenses="proprietary"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # matplotlib keeps its font cache here instead of rebuilding it for every report
    MPLCONFIGDIR=/app/data/.matplotlib

WORKDIR /app
RUN groupadd --system bot && useradd --system --gid bot --home /app bot

# dependencies first, from the lock, in their own layer: a code change does not reinstall them
COPY requirements/run.txt ./requirements/run.txt
RUN pip install --require-hashes -r requirements/run.txt

COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY scheduler ./scheduler
COPY services ./services
COPY migrations ./migrations
COPY locales ./locales
COPY calendars ./calendars
# editable: migrations and locales are read from /app, next to the code
RUN pip install --no-deps -e . && mkdir -p /app/data && chown -R bot:bot /app/data

USER bot
VOLUME ["/app/data"]
EXPOSE 8080
# liveness: the process answers; a load balancer should probe /readyz instead
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('WEB_PORT', '8080')}/healthz\", timeout=3)"]
# the database is migrated on start; SQLite lives in the volume unless DATABASE_URL says otherwise
CMD ["python", "-m", "bot"]

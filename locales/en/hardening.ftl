# Per-user flood limit (bot/middlewares/flood.py)
flood-notice = Too many messages in a row. Please wait a few seconds: extra messages and button presses are being skipped.

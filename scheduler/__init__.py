"""Scheduled work (APScheduler, inside the bot process). Jobs open their own sessions."""

"""Mentoring programs bot: application wiring (settings, dispatcher, entry points)."""

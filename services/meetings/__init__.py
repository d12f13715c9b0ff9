"""Meetings of a mentoring pair, as pure functions over dataclasses (no Telegram, no database).

- :mod:`services.meetings.plan` — the meeting sequence of a pair (организационная →
  пробная → планирование → регулярные → заключительная, or the part of it its shape has) with
  deadlines, and the program period;
- :mod:`services.meetings.shapes` — the shapes per mentoring type and form, read from
  ``plans.yaml``;
- :mod:`services.meetings.timing` — when to send reminders (quiet hours, time zones), reading a
  date and time typed by a teacher, week bounds and the weekly digest's schedule;
- :mod:`services.meetings.digest` — what the curator's (and the municipal curator's) weekly
  digest says, from snapshots the caller reads from the database;
- :mod:`services.meetings.calendar` — the curators' yearly reminders of the roadmaps (lists,
  interim survey, evaluation, completion, monitoring) on the days of the organization's calendar
  file (services/school_year/calendar_file.py).

Time is always passed in; nothing here reads the clock, so tests can run a school year in
milliseconds.
"""

"""Surveys: campaigns of questionnaires sent to the people of a program, their reminders and
closing, and the anonymous results that outlive a withdrawal. No aiogram here."""

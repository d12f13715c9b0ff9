"""Messages to people other than the one who pressed, queued in the outbox in each person's language: meetings, surveys, withdrawals, the school year, parents."""

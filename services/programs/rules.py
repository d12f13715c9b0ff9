"""What may happen to a program in each state, and the limits on what people type.

A draft (or a program returned with a comment) is the mentor's to edit: the period, the goals.
Every edit bumps the version and drops the mentee's agreement, which was given to the older
text. Submitting freezes it until the approver approves it or returns it; a button naming an
older version (the mentee's «agree», the approver's «approve») is stale.
"""

from __future__ import annotations

from models import Program, ProgramState
from services.errors import DomainError

EDITABLE = frozenset({ProgramState.DRAFT, ProgramState.RETURNED})
GOAL_LIMIT = 300
RESULT_LIMIT = 500
COMMENT_LIMIT = 1000
MAX_GOALS = 10
MIN_GOALS = 1


def require_editable(program: Program) -> None:
    if program.state not in EDITABLE:
        raise DomainError(
            "program-approved-locked"
            if program.state is ProgramState.APPROVED
            else "program-submitted-locked"
        )


def require_version(program: Program, version: int, *states: ProgramState) -> None:
    """The press names this version of the program, in one of these states."""
    if program.version != version or program.state not in states:
        raise DomainError("program-stale")


def require_submittable(program: Program, goals: int) -> None:
    require_editable(program)
    if goals < MIN_GOALS:
        raise DomainError("program-needs-goal")


def touch(program: Program) -> None:
    """The text changed: older buttons are stale, the mentee agrees again."""
    program.version += 1
    program.mentee_agreed_at = None

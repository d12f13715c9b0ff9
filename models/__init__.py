"""Database schema (SQLAlchemy 2 declarative models). Every change comes with an Alembic migration."""

from models.base import Base
from models.fsm import FsmRecord
from models.meetings import (
    Attendance,
    Goal,
    Meeting,
    MeetingAttendee,
    MeetingFeedback,
    MeetingKindDb,
    MeetingStatus,
    Program,
)
from models.organization import Invite, Organization, OrgKind
from models.outbox import OutboxMessage, OutboxState
from models.pairing import (
    OPEN_STATES,
    Assignment,
    AssignmentState,
    MentoringForm,
    MentoringType,
    Pairing,
    Preference,
    Reply,
)
from models.person import AuditEvent, Consent, ConsentKind, Membership, Role, User
from models.questionnaire import Answer, QuestionnaireResponse, ResponseStatus

__all__ = [
    "OPEN_STATES",
    "Answer",
    "Assignment",
    "AssignmentState",
    "Attendance",
    "AuditEvent",
    "Base",
    "Consent",
    "ConsentKind",
    "FsmRecord",
    "Goal",
    "Invite",
    "Meeting",
    "MeetingAttendee",
    "MeetingFeedback",
    "MeetingKindDb",
    "MeetingStatus",
    "Membership",
    "MentoringForm",
    "MentoringType",
    "OrgKind",
    "Organization",
    "OutboxMessage",
    "OutboxState",
    "Pairing",
    "Preference",
    "Program",
    "QuestionnaireResponse",
    "Reply",
    "ResponseStatus",
    "Role",
    "User",
]

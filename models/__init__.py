"""Database schema (SQLAlchemy 2 declarative models). Every change comes with an Alembic migration."""

from models.base import Base
from models.fsm import FsmRecord
from models.organization import Invite, Organization, OrgKind
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
    "AuditEvent",
    "Base",
    "Consent",
    "ConsentKind",
    "FsmRecord",
    "Invite",
    "Membership",
    "MentoringForm",
    "MentoringType",
    "OrgKind",
    "Organization",
    "Pairing",
    "Preference",
    "QuestionnaireResponse",
    "Reply",
    "ResponseStatus",
    "Role",
    "User",
]

"""Database schema (SQLAlchemy 2 declarative models). Every change comes with an Alembic migration."""

from models.announcements import Announcement, AnnouncementKind
from models.base import Base
from models.contacts import ContactChoice
from models.fsm import FsmRecord
from models.guardians import GuardianRelation, GuardianRequest, Guardianship
from models.meetings import (
    Attendance,
    Goal,
    Meeting,
    MeetingAttendee,
    MeetingFeedback,
    MeetingKindDb,
    MeetingStatus,
    Program,
    ProgramState,
)
from models.orders import Order, OrderKind, PairFixing
from models.organization import Invite, Organization, OrgKind
from models.outbox import OutboxMention, OutboxMessage, OutboxState, ProcessedUpdate
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
from models.person import (
    AgeBand,
    Audience,
    AuditEvent,
    Consent,
    ConsentKind,
    Membership,
    Role,
    User,
)
from models.questionnaire import Answer, QuestionnaireResponse, ResponseStatus
from models.roster import RosterEntry
from models.school_year import (
    CONTINUING,
    ArchivedPair,
    CarryAnswer,
    CarryOver,
    YearClosure,
)
from models.surveys import (
    CampaignState,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    SurveyResult,
)

__all__ = [
    "CONTINUING",
    "OPEN_STATES",
    "AgeBand",
    "Announcement",
    "AnnouncementKind",
    "Answer",
    "ArchivedPair",
    "Assignment",
    "AssignmentState",
    "Attendance",
    "Audience",
    "AuditEvent",
    "Base",
    "CampaignState",
    "CarryAnswer",
    "CarryOver",
    "Consent",
    "ConsentKind",
    "ContactChoice",
    "FsmRecord",
    "Goal",
    "GuardianRelation",
    "GuardianRequest",
    "Guardianship",
    "Invite",
    "Meeting",
    "MeetingAttendee",
    "MeetingFeedback",
    "MeetingKindDb",
    "MeetingStatus",
    "Membership",
    "MentoringForm",
    "MentoringType",
    "Order",
    "OrderKind",
    "OrgKind",
    "Organization",
    "OutboxMention",
    "OutboxMessage",
    "OutboxState",
    "PairFixing",
    "Pairing",
    "Preference",
    "ProcessedUpdate",
    "Program",
    "ProgramState",
    "QuestionnaireResponse",
    "Reply",
    "ResponseStatus",
    "Role",
    "RosterEntry",
    "SurveyCampaign",
    "SurveyInvitation",
    "SurveyKind",
    "SurveyResult",
    "User",
    "YearClosure",
]

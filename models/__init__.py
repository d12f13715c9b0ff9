"""Database schema (SQLAlchemy 2 declarative models). Every change comes with an Alembic migration."""

from models.announcements import Announcement, AnnouncementKind
from models.base import Base
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
)
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
from models.surveys import (
    CampaignState,
    SurveyCampaign,
    SurveyInvitation,
    SurveyKind,
    SurveyResult,
)

__all__ = [
    "OPEN_STATES",
    "AgeBand",
    "Announcement",
    "AnnouncementKind",
    "Answer",
    "Assignment",
    "AssignmentState",
    "Attendance",
    "Audience",
    "AuditEvent",
    "Base",
    "CampaignState",
    "Consent",
    "ConsentKind",
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
    "OrgKind",
    "Organization",
    "OutboxMention",
    "OutboxMessage",
    "OutboxState",
    "Pairing",
    "Preference",
    "ProcessedUpdate",
    "Program",
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
]

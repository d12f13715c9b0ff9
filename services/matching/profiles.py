"""Matching inputs: what the engine knows about a mentee and a mentor.

The profiles are built from the intake questionnaires (and the optional preference survey)
by the caller; the engine never touches the database or Telegram, so it can be tested and
benchmarked as plain Python. All ids in the sets are catalogue ids (``math``, ``russian``,
``weekday_evening``...), never localized text: rendering is the bot's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.person import Audience
from services.pairing.forms import Side

FORMAT_OFFLINE = "offline"
FORMAT_ONLINE = "online"
# "mixed" is compatible with either pure format, only half as well as an exact match.
FORMAT_MIXED = "mixed"

# today's programs: a teacher with a teacher
TEACHER = Side(Audience.TEACHER)

TIME_SLOTS: tuple[str, ...] = ("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend")


@dataclass(frozen=True, slots=True)
class MenteeProfile:
    """A mentee waiting for a mentor."""

    id: int
    org_id: int
    subjects: frozenset[str]
    category: str | None
    difficulties: frozenset[str]
    format: str | None
    times: frozenset[str]
    # ranked, best first; the survey allows up to 3 (later ranks earn nothing)
    preferred_mentors: tuple[int, ...] = ()
    # previous pairings and declined mentors: never proposed again
    excluded_mentors: frozenset[int] = frozenset()
    # who the mentee is (teacher, or pupil of a class): decides the forms of mentoring
    side: Side = TEACHER


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """A mentor with ``capacity`` free places left."""

    id: int
    org_id: int
    subjects: frozenset[str]
    competences: frozenset[str]
    categories: frozenset[str]
    format: str | None
    times: frozenset[str]
    capacity: int
    # member of the municipal bank ("открытое наставничество"): may take other orgs' mentees
    open_to_other_orgs: bool = False
    # mentees the mentor marked in the preference survey
    wanted_mentees: frozenset[int] = frozenset()
    # who the mentor is (teacher and position, pupil and class, external and kind)
    side: Side = TEACHER

    def __post_init__(self) -> None:
        # a negative number of free places is a bug upstream, not "full": fail loudly
        if self.capacity < 0:
            raise ValueError(f"mentor {self.id}: capacity must be >= 0, got {self.capacity}")

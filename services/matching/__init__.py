"""Mentor–mentee matching engine: scoring with explanations and pool-optimal assignment.

Plain Python (numpy/scipy), no Telegram or database code: the bot builds profiles from the
questionnaires, calls :func:`propose` / :func:`candidates`, and renders the structured
reasons in the user's language.
"""

from typing import TYPE_CHECKING, Any

from services.matching.profiles import MenteeProfile, MentorProfile
from services.matching.proposal import Proposal, ProposedPair, Unmatched, UnmatchedReason
from services.matching.scoring import PairScore, Reason, ReasonKind, score_pair
from services.matching.weights import MatchWeights

if TYPE_CHECKING:
    from services.matching.assign import candidates, greedy_propose, propose

_ASSIGN = ("candidates", "greedy_propose", "propose")


def __getattr__(name: str) -> Any:
    # numpy and scipy load with the first matching, not with the bot: 16 MB less at start
    if name in _ASSIGN:
        from services.matching import assign

        return getattr(assign, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MatchWeights",
    "MenteeProfile",
    "MentorProfile",
    "PairScore",
    "Proposal",
    "ProposedPair",
    "Reason",
    "ReasonKind",
    "Unmatched",
    "UnmatchedReason",
    "candidates",
    "greedy_propose",
    "propose",
    "score_pair",
]

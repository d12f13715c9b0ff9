"""Mentor–mentee matching engine: scoring with explanations and pool-optimal assignment.

Plain Python (numpy/scipy), no Telegram or database code: the bot builds profiles from the
questionnaires, calls :func:`propose` / :func:`candidates`, and renders the structured
reasons in the user's language.

Every name loads with its module on first use: the settings import ``weights`` alone, and the
command line must not pay for the models (SQLAlchemy) or numpy and scipy (16 MB) with them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.matching.assign import candidates, greedy_propose, propose
    from services.matching.profiles import MenteeProfile, MentorProfile
    from services.matching.proposal import Proposal, ProposedPair, Unmatched, UnmatchedReason
    from services.matching.scoring import PairScore, Reason, ReasonKind, score_pair
    from services.matching.weights import MatchWeights

_WHERE = {
    "candidates": "assign",
    "greedy_propose": "assign",
    "propose": "assign",
    "MenteeProfile": "profiles",
    "MentorProfile": "profiles",
    "Proposal": "proposal",
    "ProposedPair": "proposal",
    "Unmatched": "proposal",
    "UnmatchedReason": "proposal",
    "PairScore": "scoring",
    "Reason": "scoring",
    "ReasonKind": "scoring",
    "score_pair": "scoring",
    "MatchWeights": "weights",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"services.matching.{module}"), name)


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

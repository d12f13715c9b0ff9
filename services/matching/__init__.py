"""Mentor–mentee matching engine: scoring with explanations and pool-optimal assignment.

Plain Python (numpy/scipy), no Telegram or database code: the bot builds profiles from the
questionnaires, calls :func:`propose` / :func:`candidates`, and renders the structured
reasons in the user's language.
"""

from services.matching.assign import candidates, greedy_propose, propose
from services.matching.profiles import MenteeProfile, MentorProfile
from services.matching.proposal import Proposal, ProposedPair, Unmatched, UnmatchedReason
from services.matching.scoring import PairScore, Reason, ReasonKind, score_pair
from services.matching.weights import MatchWeights

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

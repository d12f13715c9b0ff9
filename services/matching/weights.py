"""Tunable weights of the pair score (see :mod:`services.matching.scoring` for the formula).

A pydantic model so the values can later come straight from the app settings (env / YAML)
with validation. All weights are points added to a pair's score; none may be negative,
because a negative component would let the optimiser prefer leaving a mentee unmatched and
would make "the higher the score, the better the pair" untrue for curators.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MatchWeights(BaseModel):
    """Points per scoring component. Defaults reflect the mentoring methodology: covering the
    mentee's difficulties matters most, then subject and explicit preferences, then category,
    practicalities (format, time) and organization last."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: float = Field(
        default=1.0,
        ge=0.0,
        description="Granted to every allowed pair, so any allowed pair scores above zero and "
        "being matched always beats staying unmatched.",
    )
    subject: float = Field(
        default=3.0, ge=0.0, description="Mentee and mentor share at least one subject (flat)."
    )
    category: float = Field(
        default=2.0, ge=0.0, description="The mentor is ready for the mentee's category."
    )
    difficulties: float = Field(
        default=4.0,
        ge=0.0,
        description="Multiplied by the share of the mentee's difficulties covered by the "
        "mentor's competences (0..1).",
    )
    format_exact: float = Field(
        default=1.5, ge=0.0, description="Both sides chose the same meeting format."
    )
    format_mixed: float = Field(
        default=0.75,
        ge=0.0,
        description="Formats differ but one side chose 'mixed' (offline vs online earns 0).",
    )
    time: float = Field(
        default=1.0,
        ge=0.0,
        description="Multiplied by the share of the mentee's time slots the mentor also has "
        "(0..1; not Jaccard, so a mentor free at all times is not penalized).",
    )
    same_org: float = Field(
        default=1.0,
        ge=0.0,
        description="Same organization. Other organizations are only allowed via the "
        "municipal bank and then earn nothing here.",
    )
    preference_rank1: float = Field(
        default=3.0, ge=0.0, description="The mentee ranked this mentor first."
    )
    preference_rank2: float = Field(
        default=2.0, ge=0.0, description="The mentee ranked this mentor second."
    )
    preference_rank3: float = Field(
        default=1.0, ge=0.0, description="The mentee ranked this mentor third."
    )
    mentor_preference: float = Field(
        default=1.5, ge=0.0, description="The mentor marked this mentee in the survey."
    )

    def preference_for_rank(self, rank: int) -> float:
        """Points for a 1-based rank in the mentee's list; ranks past 3 earn nothing."""
        return {1: self.preference_rank1, 2: self.preference_rank2, 3: self.preference_rank3}.get(
            rank, 0.0
        )

    @property
    def max_pair_score(self) -> float:
        """Upper bound of any pair's total, e.g. for normalizing scores to percentages."""
        return (
            self.base
            + self.subject
            + self.category
            + self.difficulties
            + max(self.format_exact, self.format_mixed)
            + self.time
            + self.same_org
            + max(self.preference_rank1, self.preference_rank2, self.preference_rank3)
            + self.mentor_preference
        )

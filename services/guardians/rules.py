"""Who consents for a pupil: the pupil, or a parent (152-FZ art. 9 §6; seed 003 item 2.2).

The rule is configuration (``PARENT_CONSENT_UNTIL_AGE``) because regions differ: the default 18
asks a parent for every minor; 14 lets pupils of 14–17 consent themselves, as the Civil Code's
partial capacity would allow. Under 14 a parent always consents.
"""

from __future__ import annotations

from models.person import AgeBand

ADULT_AGE = 18
TEEN_AGE = 14
ALLOWED_UNTIL_AGES = (TEEN_AGE, ADULT_AGE)


def youngest_age(band: AgeBand) -> int:
    return {AgeBand.UNDER_14: 0, AgeBand.TEEN: TEEN_AGE, AgeBand.ADULT: ADULT_AGE}[band]


def needs_parent(band: AgeBand, until_age: int = ADULT_AGE) -> bool:
    """True when a pupil of this age band cannot consent alone under the configured rule."""
    if until_age not in ALLOWED_UNTIL_AGES:
        raise ValueError(f"until_age must be one of {ALLOWED_UNTIL_AGES}")
    return youngest_age(band) < until_age


def is_minor(band: AgeBand | None) -> bool:
    """Teachers and external mentors (no band) are adults; pupils are minors unless 18+."""
    return band is not None and band is not AgeBand.ADULT

"""Imported fact-checks matched to claim groups, as proposals a lead accepts or not.

A fact-check's `claimReviewed` is compared with every group's members and canonical wording
through a GroupIndex (nearest.py): same similarity, same fact checks. A fact-check can fit
several groups (the checker's wording is short and general); up to `k` proposals come back for
each, best first, and none below the threshold. A proposal whose facts contradict the group
(a checker rating "turnout was 58%" against a group saying 38%) is never proposed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .claimreview import FactCheck
from .grouping import THRESHOLD
from .model import ClaimId
from .nearest import GroupIndex


@dataclass(frozen=True)
class FactCheckProposal:
    """Fact-check number `fact_check` (its position in the list given) fits `group`."""

    fact_check: int
    group: ClaimId
    score: float
    member: ClaimId | None  # the most similar member; None for the canonical wording


def match_fact_checks(fact_checks: Sequence[FactCheck], index: GroupIndex, *, threshold: float = THRESHOLD,
                      k: int = 3) -> list[FactCheckProposal]:
    """Proposals for every fact-check, in the order of the fact-checks, best group first."""
    proposals = []
    for number, fact_check in enumerate(fact_checks):
        for match in index.nearest(fact_check.claim_reviewed, k=k, minimum=threshold):
            if not match.contradictions:
                proposals.append(FactCheckProposal(number, match.group, match.score, match.member))
    return proposals

"""Pairwise precision, recall and F1 of a grouping against a gold grouping.

Every pair of claims counts once: a true positive when both groupings put it in one group, a
false positive when only the proposal does, a false negative when only the gold does. This is
the usual score for entity-resolution style clustering; unlike per-claim accuracy it weighs
large groups as the pairs a researcher would have to fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def pairwise_scores(proposed: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PairwiseScores:
    """Scores of `proposed` (claim -> group label) against `gold` (claim -> group label); both
    must label the same claims. No pair on either side counts as perfect agreement (1.0)."""
    if set(proposed) != set(gold):
        missing = sorted(map(repr, set(gold) ^ set(proposed)))[:5]
        raise ValueError(f"the groupings label different claims: {', '.join(missing)}")
    together = sum(_pairs(c) for c in Counter((proposed[k], gold[k]) for k in gold).values())
    proposed_pairs = sum(_pairs(c) for c in Counter(proposed.values()).values())
    gold_pairs = sum(_pairs(c) for c in Counter(gold.values()).values())
    precision = together / proposed_pairs if proposed_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, together, proposed_pairs - together, gold_pairs - together)

"""Relation F1 between each pair of annotators, over the documents both count on, exact and
overlapping (:func:`annotator.agreement.metrics.relations.relation_prf`). No bootstrap: a
project holds too few relations per document for intervals to say much."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from ..metrics.relations import RelationItem, relation_prf
from .inputs import BoolArray
from .report import RelationPairAgreement


def relation_pairs(annotators: Sequence[str], relations: Sequence[tuple[int, RelationItem]], included: BoolArray
                   ) -> tuple[RelationPairAgreement, ...]:
    """One row per pair of annotators with a relation on a document both count on."""
    by_rater: dict[int, list[RelationItem]] = defaultdict(list)
    for row, item in relations:
        by_rater[row].append(item)
    found = []
    for i, j in combinations(range(len(annotators)), 2):
        shared = set(np.flatnonzero(included[:, i] & included[:, j]).tolist())
        a = [r for r in by_rater[i] if r.doc in shared]
        b = [r for r in by_rater[j] if r.doc in shared]
        if a or b:
            found.append(RelationPairAgreement(
                annotators[i], annotators[j], len(shared), len(a), len(b),
                exact=relation_prf(a, b, match="exact"), overlap=relation_prf(a, b, match="overlap")))
    return tuple(found)

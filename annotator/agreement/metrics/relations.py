"""Relation precision, recall and F1 between two annotators.

A relation of one set is matched when the other set has a relation on the same document, of
the same type, whose two ends match its two ends in order (either order when the type is
undirected). Ends match as spans do in :func:`.spans.pairwise_span_f1`: ``"exact"`` needs the
same offsets and label, ``"overlap"`` the same label and at least one shared character.
Precision is the share of ``a``'s relations matched in ``b``, recall the share of ``b``'s matched
in ``a`` (with ``"exact"`` both counts are the same relations); F1 is their harmonic mean.

Relations are few next to spans (a handful per document), so a plain loop over each
document's relations is enough; there are no arrays to vectorise over.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ._checks import check_choice

RelationMatch = Literal["exact", "overlap"]


@dataclass(frozen=True)
class End:
    """A relation's end: the span's half-open ``[start, end)`` and its label."""

    start: int
    end: int
    label: Hashable


@dataclass(frozen=True)
class RelationItem:
    doc: Hashable
    type: Hashable
    start: End  # the relation's first end (its source when directed)
    to: End
    directed: bool = True


@dataclass(frozen=True)
class RelationPRF:
    precision: float
    recall: float
    f1: float
    n_a: int
    n_b: int


def _ends_match(x: End, y: End, match: RelationMatch) -> bool:
    if x.label != y.label:
        return False
    if match == "exact":
        return (x.start, x.end) == (y.start, y.end)
    return x.start < y.end and y.start < x.end


def _found(item: RelationItem, others: Sequence[RelationItem], match: RelationMatch) -> bool:
    for other in others:
        if other.type != item.type:
            continue
        if _ends_match(item.start, other.start, match) and _ends_match(item.to, other.to, match):
            return True
        if not item.directed and _ends_match(item.start, other.to, match) and _ends_match(item.to, other.start, match):
            return True
    return False


def _matched(a: Sequence[RelationItem], b: Sequence[RelationItem], match: RelationMatch) -> int:
    by_doc: dict[Hashable, list[RelationItem]] = defaultdict(list)
    for item in b:
        by_doc[item.doc].append(item)
    return sum(_found(item, by_doc.get(item.doc, []), match) for item in a)


def relation_prf(a: Iterable[RelationItem], b: Iterable[RelationItem], *, match: RelationMatch = "overlap"
                 ) -> RelationPRF:
    """P, R and F1 of ``a`` against ``b`` (see the module docstring). With no relation on
    one side its share is undefined (NaN) and so is F1; with none on either side all are NaN.

    >>> e = lambda s, t, label: End(s, t, label)
    >>> a = [RelationItem(1, "supports", e(0, 5, "claim"), e(10, 15, "claim"))]
    >>> b = [RelationItem(1, "supports", e(1, 5, "claim"), e(10, 14, "claim"))]
    >>> relation_prf(a, b, match="overlap").f1, relation_prf(a, b, match="exact").f1
    (1.0, 0.0)
    """
    check_choice("match", match, RelationMatch)
    a, b = list(a), list(b)
    precision = _matched(a, b, match) / len(a) if a else math.nan
    recall = _matched(b, a, match) / len(b) if b else math.nan
    if math.isnan(precision) or math.isnan(recall):
        f1 = math.nan
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return RelationPRF(precision, recall, f1, len(a), len(b))

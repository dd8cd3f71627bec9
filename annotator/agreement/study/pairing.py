"""Span matching between two raters for many documents at once, counted per group.

The counts are what :func:`annotator.agreement.metrics.pairwise_span_f1` counts for the
pooled spans (``match="exact"`` and ``match="overlap"``, labelled), kept per group (document,
or document and label) so that a bootstrap over documents can re-add them; precision, recall
and F1 then come from :func:`annotator.agreement.metrics.spans.prf_from_counts`. Spans are
given on one global axis where documents do not overlap, so one sorted pass serves all
documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..metrics.intervals import overlaps_any

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SpanSet:
    """Distinct labelled spans of one rater: global ``[start, end)``, label, group."""

    starts: IntArray
    ends: IntArray
    labels: IntArray
    groups: IntArray

    @classmethod
    def distinct(cls, starts: IntArray, ends: IntArray, labels: IntArray, groups: IntArray
                 ) -> SpanSet:
        """Drop empty and repeated spans (same label and offsets), sorted by label, start."""
        keep = ends > starts
        starts, ends, labels, groups = starts[keep], ends[keep], labels[keep], groups[keep]
        order = np.lexsort((ends, starts, labels))
        starts, ends, labels, groups = starts[order], ends[order], labels[order], groups[order]
        fresh = np.ones(len(starts), dtype=bool)
        fresh[1:] = ((starts[1:] != starts[:-1]) | (ends[1:] != ends[:-1])
                     | (labels[1:] != labels[:-1]))
        return cls(starts[fresh], ends[fresh], labels[fresh], groups[fresh])

    def subset(self, keep: NDArray[np.bool_]) -> SpanSet:
        return SpanSet(self.starts[keep], self.ends[keep], self.labels[keep], self.groups[keep])

    def __len__(self) -> int:
        return len(self.starts)


def exact_counts(a: SpanSet, b: SpanSet, *, n_groups: int) -> FloatArray:
    """Per group ``[both, n_a, n_b]``: spans in both sets, and each set's size."""
    if len(a) and len(b):
        starts = np.concatenate((a.starts, b.starts))
        ends = np.concatenate((a.ends, b.ends))
        labels = np.concatenate((a.labels, b.labels))
        groups = np.concatenate((a.groups, b.groups))
        order = np.lexsort((ends, starts, labels))
        same = ((starts[order][1:] == starts[order][:-1]) & (ends[order][1:] == ends[order][:-1])
                & (labels[order][1:] == labels[order][:-1]))
        both = np.bincount(groups[order][1:][same], minlength=n_groups)
    else:
        both = np.zeros(n_groups, dtype=np.int64)
    return np.column_stack((both, _count(a, n_groups), _count(b, n_groups))).astype(np.float64)


def overlap_counts(a: SpanSet, b: SpanSet, *, n_groups: int, span: int) -> FloatArray:
    """Per group ``[matched_a, n_a, matched_b, n_b]``: spans sharing a character with a span
    of the same label in the other set. ``span`` exceeds every offset (labels are laid out
    ``span`` apart so that spans of different labels never meet)."""
    a_starts, a_ends = a.starts + a.labels * span, a.ends + a.labels * span
    b_starts, b_ends = b.starts + b.labels * span, b.ends + b.labels * span
    matched_a = overlaps_any(a_starts, a_ends, b_starts, b_ends)
    matched_b = overlaps_any(b_starts, b_ends, a_starts, a_ends)
    return np.column_stack((
        np.bincount(a.groups[matched_a], minlength=n_groups), _count(a, n_groups),
        np.bincount(b.groups[matched_b], minlength=n_groups), _count(b, n_groups),
    )).astype(np.float64)


def _count(spans: SpanSet, n_groups: int) -> IntArray:
    return np.bincount(spans.groups, minlength=n_groups)

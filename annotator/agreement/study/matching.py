"""The span-matching half of a project study: pairwise F1, label confusion, against gold.

Spans arrive as ``[first, stop)`` on the global character axis of :mod:`.positions` (so with
``body_only`` they are clipped to the counted text). Each rater's spans are made distinct
(same label and offsets once) as in :func:`annotator.agreement.metrics.pairwise_span_f1`, and
counted per document (:mod:`.pairing`); precision, recall and F1 of the (re-added) counts
come from :func:`annotator.agreement.metrics.spans.prf_from_counts`. F1 is undefined (NaN)
when neither side marked any span: there is nothing to agree on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..metrics.intervals import overlapping_pairs
from ..metrics.spans import prf_from_counts
from ..metrics.tally import FloatArray, NominalTally, alpha_of_features, features
from .pairing import SpanSet, exact_counts, overlap_counts
from .report import NO_MATCH, Confusion, GoldAgreement, PairAgreement
from .resampler import Resampler

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
NAN = math.nan


def f1_exact(sums: FloatArray) -> FloatArray:
    """F1 of summed ``[both, n_a, n_b]`` rows; NaN where neither side has a span."""
    f1 = prf_from_counts(sums, match="exact")[2]
    return np.where(sums[..., 1] + sums[..., 2] > 0, f1, NAN)


def f1_overlap(sums: FloatArray) -> FloatArray:
    """F1 of summed ``[matched_a, n_a, matched_b, n_b]`` rows; NaN where neither side has a
    span."""
    f1 = prf_from_counts(sums, match="overlap")[2]
    return np.where(sums[..., 1] + sums[..., 3] > 0, f1, NAN)


@dataclass(frozen=True)
class PairCounts:
    a: int
    b: int
    units: IntArray
    exact: FloatArray  # documents x [both, n_a, n_b]
    overlap: FloatArray  # documents x [matched_a, n_a, matched_b, n_b]


@dataclass(frozen=True)
class Matching:
    pair_counts: tuple[PairCounts, ...]
    confusion_counts: NDArray[np.int64]  # (labels + 1) x (labels + 1)
    #: Overlap counts pooled over every pair of annotators, per document: per label
    #: (documents x labels x 4), labels must match (documents x 4), labels ignored.
    label_counts: FloatArray
    all_counts: FloatArray
    any_counts: FloatArray
    doc_f1: FloatArray
    gold_counts: tuple[PairCounts, ...]  # a = gold, b = annotator
    resample: Resampler

    def pairs(self, names: Sequence[str]) -> tuple[PairAgreement, ...]:
        estimates = self.resample.estimate_all(
            [r for p in self.pair_counts
             for r in ((p.exact[p.units], f1_exact), (p.overlap[p.units], f1_overlap))])
        return tuple(
            PairAgreement(names[p.a], names[p.b], estimates[2 * k], estimates[2 * k + 1],
                          int(p.exact[p.units, 1].sum()), int(p.exact[p.units, 2].sum()))
            for k, p in enumerate(self.pair_counts))

    def confusion(self, labels: Sequence[Any]) -> Confusion:
        return Confusion(tuple(i.key for i in labels) + (NO_MATCH,),
                         tuple(i.name for i in labels) + (NO_MATCH,),
                         tuple(tuple(int(x) for x in row) for row in self.confusion_counts))


def match_spans(first: IntArray, stop: IntArray, rows: IntArray, labels: IntArray,
                docs: IntArray, included: BoolArray, has_gold: BoolArray, *, n_labels: int,
                span: int, resample: Resampler) -> Matching:
    n_docs, n_ann = included.shape
    sets = [SpanSet.distinct(first[rows == r], stop[rows == r], labels[rows == r],
                             docs[rows == r]) for r in range(n_ann + 1)]
    plain = [SpanSet.distinct(s.starts, s.ends, np.zeros_like(s.labels), s.groups) for s in sets]
    by_label = np.zeros((n_docs, n_labels, 4))
    any_counts = np.zeros((n_docs, 4))
    confusion = np.zeros((n_labels + 1, n_labels + 1), dtype=np.int64)
    pair_counts = []
    for a, b in combinations(range(n_ann), 2):
        both = included[:, a] & included[:, b]
        sa, sb = (s.subset(both[s.groups]) for s in (sets[a], sets[b]))
        pair_counts.append(PairCounts(a, b, np.flatnonzero(both),
                                      exact_counts(sa, sb, n_groups=n_docs),
                                      overlap_counts(sa, sb, n_groups=n_docs, span=span)))
        by_label += overlap_counts(_regroup(sa, n_labels), _regroup(sb, n_labels),
                                   n_groups=n_docs * n_labels, span=span
                                   ).reshape(n_docs, n_labels, 4)
        pa, pb = (s.subset(both[s.groups]) for s in (plain[a], plain[b]))
        any_counts += overlap_counts(pa, pb, n_groups=n_docs, span=span)
        _add_confusion(confusion, sa, sb, n_labels)
    summed = by_label.sum(axis=1)
    gold_counts = []
    for a in range(n_ann):
        docs_a = included[:, a] & has_gold
        ga, sa = (s.subset(docs_a[s.groups]) for s in (sets[n_ann], sets[a]))
        gold_counts.append(PairCounts(n_ann, a, np.flatnonzero(docs_a),
                                      exact_counts(ga, sa, n_groups=n_docs),
                                      overlap_counts(ga, sa, n_groups=n_docs, span=span)))
    return Matching(
        pair_counts=tuple(pair_counts),
        confusion_counts=confusion,
        label_counts=by_label,
        all_counts=summed,
        any_counts=any_counts,
        doc_f1=f1_overlap(summed),
        gold_counts=tuple(gold_counts),
        resample=resample,
    )


def _regroup(spans: SpanSet, n_labels: int) -> SpanSet:
    """The same spans grouped by (document, label)."""
    return SpanSet(spans.starts, spans.ends, spans.labels, spans.groups * n_labels + spans.labels)


def _add_confusion(out: NDArray[np.int64], a: SpanSet, b: SpanSet, n_labels: int) -> None:
    order = np.argsort(b.starts, kind="stable")
    ia, ib = overlapping_pairs(a.starts, a.ends, b.starts[order], b.ends[order])
    la, lb = a.labels[ia], b.labels[order][ib]
    size = n_labels + 1
    np.add.at(out, (la, lb), 1)
    differ = la != lb
    np.add.at(out, (lb[differ], la[differ]), 1)
    for spans, hit in ((a, ia), (b, order[ib])):
        alone = np.ones(len(spans), dtype=bool)
        alone[hit] = False
        lonely = np.bincount(spans.labels[alone], minlength=n_labels)
        out[:n_labels, size - 1] += lonely
        out[size - 1, :n_labels] += lonely


def gold_rows(names: Sequence[str], matching: Matching, alpha: list[NominalTally],
              has_gold: BoolArray, resample: Resampler) -> tuple[GoldAgreement, ...]:
    """Each annotator against gold, where gold exists (empty when no document has gold)."""
    if not has_gold.any():
        return ()
    estimates = resample.estimate_all([
        r for c in matching.gold_counts
        for r in ((c.exact[c.units], f1_exact), (c.overlap[c.units], f1_overlap),
                  (features(alpha[c.b], c.units), alpha_of_features))])
    rows = []
    for k, counts in enumerate(matching.gold_counts):
        units = counts.units
        precision, recall, _ = prf_from_counts(counts.overlap[units].sum(axis=0),
                                               match="overlap", zero_division="nan")
        rows.append(GoldAgreement(
            annotator=names[counts.b], exact=estimates[3 * k], overlap=estimates[3 * k + 1],
            precision=float(precision), recall=float(recall), char=estimates[3 * k + 2],
            n_spans=int(counts.exact[units, 2].sum()),
            n_gold_spans=int(counts.exact[units, 1].sum()),
        ))
    return tuple(rows)

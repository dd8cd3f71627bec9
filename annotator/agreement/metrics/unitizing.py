"""Krippendorff's alpha for unitizing (alpha_U): agreement on where labelled spans lie.

For each label ``c`` every annotator's continuum is cut into sections: the spans labelled
``c`` (units) and the stretches between them (gaps). Disagreement is measured between
sections of different annotators, so both the presence of a span and its exact boundaries
count, unlike alpha over per-character labels.

Hand-written because no maintained Python implementation of this coefficient exists; the
tests reproduce the worked examples of Krippendorff (1995, 2004) as implemented in DKPro
Statistics (``KrippendorffAlphaUnitizingAgreement``, Meyer et al. 2014).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np

from ._checks import check_choice, is_integer
from .intervals import IntArray, as_arrays, has_overlap, merge_overlapping, overlap_pairs

OVERALL = "overall"


def _sections(starts: IntArray, ends: IntArray, begin: int, stop: int) -> IntArray:
    """Lengths of the gaps that the units ``[starts, ends)`` leave in ``[begin, stop)``."""
    gap_starts = np.concatenate(([begin], ends))
    gap_ends = np.concatenate((starts, [stop]))
    lengths = gap_ends - gap_starts
    return lengths[lengths > 0]


def _observed_pair(a: tuple[IntArray, IntArray], b: tuple[IntArray, IntArray]) -> float:
    """Sum of delta^2 over the sections of two annotators (one direction each)."""
    a_starts, a_ends = a
    b_starts, b_ends = b
    ia, ib, _ = overlap_pairs(a_starts, a_ends, b_starts, b_ends)
    both_units = ((a_starts[ia] - b_starts[ib]) ** 2 + (a_ends[ia] - b_ends[ib]) ** 2).sum()
    # The sections partition the continuum, so a unit overlapping none of the other
    # annotator's units lies wholly inside one of that annotator's gaps.
    a_alone = np.ones(a_starts.size, dtype=bool)
    a_alone[ia] = False
    b_alone = np.ones(b_starts.size, dtype=bool)
    b_alone[ib] = False
    in_gap = (((a_ends - a_starts)[a_alone].astype(np.float64)) ** 2).sum() + \
        (((b_ends - b_starts)[b_alone].astype(np.float64)) ** 2).sum()
    return float(both_units) + float(in_gap)


def _label_disagreements(units: list[tuple[IntArray, IntArray]], begin: int, stop: int
                         ) -> tuple[float, float]:
    """``(D_o, D_e)`` of one label, given each annotator's sorted, disjoint units."""
    m = len(units)
    length = float(stop - begin)
    observed = sum(_observed_pair(units[i], units[j])
                   for i in range(m) for j in range(i + 1, m))
    d_o = 2.0 * observed / (m * (m - 1) * length ** 2)

    unit_lengths = np.concatenate([e - s for s, e in units]).astype(np.float64)
    gaps = np.sort(np.concatenate([_sections(s, e, begin, stop) for s, e in units])
                   ).astype(np.float64)
    n_c = unit_lengths.size
    # sum over gaps g with g >= l of (g - l + 1), for every unit length l, via suffix sums.
    first = np.searchsorted(gaps, unit_lengths, side="left")
    suffix = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0.0]))
    n_longer = gaps.size - first
    gap_term = suffix[first] - (unit_lengths - 1.0) * n_longer
    lo = unit_lengths
    within = (n_c - 1) * (2 * lo ** 3 - 3 * lo ** 2 + lo) / 3.0
    numerator = (2.0 / length) * float((within + lo ** 2 * gap_term).sum())
    denominator = m * length * (m * length - 1.0) - float((lo * (lo - 1.0)).sum())
    return d_o, numerator / denominator


def unitizing_alpha(spans: Iterable[tuple[Hashable, int, int, Hashable]],
                    continuum: tuple[int, int], *,
                    annotators: Sequence[Hashable] | None = None,
                    overlapping: Literal["error", "merge"] = "error") -> dict[Hashable, float]:
    """Krippendorff's alpha_U for labelled spans on one continuum, per label and overall.

    ``spans`` are ``(annotator, start, end, label)`` with integer offsets on the half-open
    ``continuum = (begin, end)``; ``L = end - begin``. ``annotators`` lists everyone who
    annotated the continuum, including those who marked nothing (default: those appearing
    in ``spans``). Spans of one annotator with the same label must not overlap (touching is
    fine); ``overlapping="merge"`` merges them instead of raising ``ValueError``.

    For label ``c``, each annotator ``i`` has sections ``g`` with begin ``b_ig``, length
    ``l_ig`` and ``w_ig = 1`` for a unit labelled ``c``, 0 for a gap. With ``m``
    annotators (Krippendorff 2004, Content Analysis 2nd ed., section 12.4; Krippendorff 1995
    gives the same observed and a slightly different expected disagreement)::

        D_o(c) = sum_{i != j} sum_g sum_h delta^2(ig, jh) / (m (m - 1) L^2)

        delta^2(ig, jh) = (b_ig - b_jh)^2 + (b_ig + l_ig - b_jh - l_jh)^2
                              if w_ig = w_jh = 1 and -l_ig < b_ig - b_jh < l_jh (overlap)
                        = l_ig^2   if w_ig = 1, w_jh = 0 and l_jh - l_ig >= b_ig - b_jh >= 0
                        = l_jh^2   if w_ig = 0, w_jh = 1 and l_ig - l_jh >= b_jh - b_ig >= 0
                        = 0        otherwise

        D_e(c) = (2 / L) sum_i sum_g w_ig [ (N_c - 1) (2 l_ig^3 - 3 l_ig^2 + l_ig) / 3
                      + l_ig^2 sum_j sum_h (1 - w_jh) (l_jh - l_ig + 1) [l_jh >= l_ig] ]
                 / ( m L (m L - 1) - sum_i sum_g w_ig l_ig (l_ig - 1) )

        alpha_c = 1 - D_o(c) / D_e(c),   alpha = 1 - sum_c D_o(c) / sum_c D_e(c)

    where ``N_c`` is the number of units labelled ``c`` over all annotators and the inner
    sum of ``D_e`` runs over the gaps of all annotators. The binary variant (|u-alpha of
    Krippendorff et al. 2016, which ignores labels) is this function applied to spans that
    all carry one label, with ``overlapping="merge"``.

    Returns ``{"overall": alpha, label: alpha_c, ...}`` with the labels found in ``spans``.

    Undefined cases: fewer than 2 annotators, no spans, a label called ``"overall"``, an
    annotator missing from ``annotators``, offsets outside the continuum, ``start >= end``
    or overlapping same-label spans (with ``overlapping="error"``) raise ``ValueError``. A
    label (or the overall value) whose expected disagreement is 0 gets NaN.

    References: Krippendorff, K. (1995). On the reliability of unitizing continuous data.
    Sociological Methodology 25, 47-76. Krippendorff, K. (2004). Measuring the reliability of
    qualitative text analysis data. Quality & Quantity 38, 787-800. Krippendorff, K. (2004).
    Content Analysis: An Introduction to Its Methodology (2nd ed.), section 12.4.
    Krippendorff, K., Mathet, Y., Bouvry, S., Widloecher, A. (2016). On the reliability of
    unitizing textual continua: Further developments. Quality & Quantity 50, 2347-2364.

    The worked example of Krippendorff (2004, Content Analysis, p. 254), which reports
    alpha_c = 0.7286, alpha_k = 1 and alpha = 0.8591; the last comes from the rounded
    intermediates 1 - 0.0144 / (0.0532 + 0.0490), unrounded it is 0.8587:

    >>> spans = [(1, 225, 295, "c"), (1, 370, 400, "c"), (1, 180, 240, "k"), (1, 300, 350, "k"),
    ...          (2, 220, 300, "c"), (2, 355, 375, "c"), (2, 400, 420, "c"),
    ...          (2, 180, 240, "k"), (2, 300, 350, "k")]
    >>> {k: round(v, 4) for k, v in unitizing_alpha(spans, (150, 450)).items()}
    {'overall': 0.8587, 'c': 0.7286, 'k': 1.0}
    """
    begin, stop = _check_continuum(continuum)
    check_choice("overlapping", overlapping, Literal["error", "merge"])
    by_label: dict[Hashable, dict[Hashable, list[tuple[int, int]]]] = {}
    seen: list[Hashable] = []
    for index, span in enumerate(spans):
        annotator, start, end, label = _check_span(span, index, begin, stop)
        if label == OVERALL:
            raise ValueError(f"spans[{index}]: the label {OVERALL!r} is reserved for the result")
        if annotator not in seen:
            seen.append(annotator)
        by_label.setdefault(label, {}).setdefault(annotator, []).append((start, end))
    if annotators is None:
        annotators = seen
    else:
        if len(set(annotators)) != len(annotators):
            raise ValueError("annotators contains duplicates")
        unknown = [a for a in seen if a not in annotators]
        if unknown:
            raise ValueError(f"spans name annotators not in annotators: {unknown!r}")
    if not by_label:
        raise ValueError("no spans: alpha_U needs at least one unit")
    if len(annotators) < 2:
        raise ValueError(f"alpha_U needs at least 2 annotators, got {len(annotators)}")

    result: dict[Hashable, float] = {}
    totals = np.zeros(2)
    for label, per_annotator in by_label.items():
        units = []
        for annotator in annotators:
            starts, ends = as_arrays(per_annotator.get(annotator, []))
            if has_overlap(starts, ends):
                if overlapping == "error":
                    raise ValueError(f"annotator {annotator!r} has overlapping spans labelled "
                                     f"{label!r}; pass overlapping='merge' to merge them")
                starts, ends = merge_overlapping(starts, ends)
            units.append((starts, ends))
        d_o, d_e = _label_disagreements(units, begin, stop)
        totals += (d_o, d_e)
        result[label] = 1.0 - d_o / d_e if d_e > 0 else float("nan")
    overall = 1.0 - totals[0] / totals[1] if totals[1] > 0 else float("nan")
    return {OVERALL: float(overall), **result}


def _check_continuum(continuum: Any) -> tuple[int, int]:
    if not isinstance(continuum, tuple | list) or len(continuum) != 2:
        raise ValueError(f"continuum must be a (begin, end) pair, got {continuum!r}")
    begin, stop = continuum
    for value in (begin, stop):
        if not is_integer(value):
            raise ValueError(f"continuum offsets must be integers, got {value!r}")
    if stop <= begin:
        raise ValueError(f"continuum must have begin < end, got {continuum!r}")
    return int(begin), int(stop)


def _check_span(span: Any, index: int, begin: int, stop: int
                ) -> tuple[Hashable, int, int, Hashable]:
    where = f"spans[{index}]"
    if not isinstance(span, tuple | list) or len(span) != 4:
        raise ValueError(f"{where}: a span is (annotator, start, end, label), got {span!r}")
    annotator, start, end, label = span
    for value in (start, end):
        if not is_integer(value):
            raise ValueError(f"{where}: offsets must be integers, got {value!r}")
    if not begin <= start < end <= stop:
        raise ValueError(f"{where}: need {begin} <= start < end <= {stop}, got [{start}, {end})")
    return annotator, int(start), int(end), label

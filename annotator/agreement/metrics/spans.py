"""Span-level precision, recall and F1 between two sets of text spans.

``span_prf`` follows the official scorer of SemEval-2020 Task 11 (propaganda span
identification, subtask SI; its labelled variant follows the technique-level FLC scorer),
which gives partial credit for partial overlap. ``pairwise_span_f1`` adds the exact-match and
any-overlap variants used to compare two annotators. Spans are ``(doc_id, start, end)`` or
``(doc_id, start, end, label)`` with half-open character offsets ``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_choice, check_flag
from .intervals import (
    IntArray,
    as_arrays,
    group_spans,
    has_overlap,
    merge_overlapping,
    overlap_pairs,
    overlaps_any,
)

Span = tuple[Any, ...]
FloatArray = NDArray[np.float64]
ZeroDivision = Literal["semeval", "nan"]
Match = Literal["exact", "overlap", "proportional"]


def _prf(p_num: ArrayLike, p_den: ArrayLike, r_num: ArrayLike, r_den: ArrayLike,
         zero_division: ZeroDivision, *, f1: FloatArray | None = None
         ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``P = p_num / p_den``, ``R = r_num / r_den`` and their harmonic mean (or ``f1`` where
    both are positive, when the caller has it in a better-rounded form), vectorised, with the
    ``zero_division`` conventions of :func:`span_prf` (checked by the callers)."""
    p_num, p_den, r_num, r_den = (np.asarray(x, dtype=np.float64)
                                  for x in (p_num, p_den, r_num, r_den))
    semeval = zero_division == "semeval"
    empty = 0.0 if semeval else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(p_den > 0, p_num / p_den, empty)
        recall = np.where(r_den > 0, r_num / r_den, empty)
        if f1 is None:
            f1 = 2.0 * precision * recall / (precision + recall)
        f1 = np.where((precision > 0) & (recall > 0), f1, 0.0)
    if not semeval:  # with "semeval" P and R are never NaN
        f1 = np.where(np.isnan(precision) | np.isnan(recall), np.nan, f1)
    f1 = np.where((p_den == 0) & (r_den == 0), 1.0 if semeval else np.nan, f1)
    return precision, recall, f1


#: What :func:`prf_from_counts` reads on the last axis, per kind of match.
COUNTS: dict[str, tuple[str, ...]] = {
    "exact": ("both", "n_a", "n_b"),
    "overlap": ("matched_a", "n_a", "matched_b", "n_b"),
}


def prf_from_counts(counts: ArrayLike, *, match: Literal["exact", "overlap"],
                    zero_division: ZeroDivision = "semeval"
                    ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Precision, recall and F1 of annotator ``b`` against ``a`` from match counts.

    The counts are sums, so counts kept per document can be re-added for a bootstrap
    (:func:`.bootstrap.bootstrap_sums`); vectorised over all but the last axis, which holds
    ``[both, n_a, n_b]`` for ``match="exact"`` (spans in both sets, each set's size) and
    ``[matched_a, n_a, matched_b, n_b]`` for ``match="overlap"`` (spans sharing a character
    with a span of the other set). Then ``P = both / n_b``, ``R = both / n_a`` and
    ``F1 = 2 both / (n_a + n_b)`` (the same value as ``2 P R / (P + R)``, rounded once), or
    ``P = matched_b / n_b``, ``R = matched_a / n_a`` and ``F1 = 2 P R / (P + R)``;
    ``zero_division`` as in :func:`span_prf`. :func:`pairwise_span_f1` is this function
    applied to one pair of span lists.

    Undefined cases: an unknown ``match`` or ``zero_division``, or a last axis of the wrong
    length, raise ``ValueError``.

    >>> [round(float(x), 3) for x in prf_from_counts([1, 2, 3], match="exact")]
    [0.333, 0.5, 0.4]
    >>> [float(x) for x in prf_from_counts([[2, 2, 2, 3], [0, 0, 0, 0]], match="overlap")[2]]
    [0.8, 1.0]
    """
    check_choice("match", match, tuple(COUNTS))
    check_choice("zero_division", zero_division, ZeroDivision)
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim == 0 or table.shape[-1] != len(COUNTS[match]):
        raise ValueError(f"{match} counts are [{', '.join(COUNTS[match])}] on the last axis, "
                         f"got shape {table.shape}")
    if match == "overlap":
        matched_a, n_a, matched_b, n_b = (table[..., i] for i in range(4))
        return _prf(matched_b, n_b, matched_a, n_a, zero_division)
    both, n_a, n_b = (table[..., i] for i in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = 2.0 * both / (n_a + n_b)
    return _prf(both, n_b, both, n_a, zero_division, f1=dice)


def _floats(values: tuple[FloatArray, FloatArray, FloatArray]) -> tuple[float, float, float]:
    precision, recall, f1 = values
    return float(precision), float(recall), float(f1)


def span_prf(gold: Iterable[Span], predicted: Iterable[Span], *, labelled: bool = False,
             overlapping_predicted: Literal["merge", "error"] = "merge",
             zero_division: ZeroDivision = "semeval") -> tuple[float, float, float]:
    """Precision, recall and F1 with partial credit, as in SemEval-2020 Task 11.

    Within each document (and label, when ``labelled``), gold spans sharing at least one
    character are merged into one; touching spans (``[0, 5)`` and ``[5, 9)``) stay apart.
    Then, with ``S`` the predicted and ``T`` the gold spans over all documents::

        P = sum_{s in S, t in T} |s & t| / |s|  /  |S|
        R = sum_{s in S, t in T} |s & t| / |t|  /  |T|
        F1 = 2 P R / (P + R)

    where only pairs from the same document (and label) count.

    Overlapping predicted spans: the official scorer rejects a submission with overlapping
    spans unless run with ``--merge-user-annotations``, which merges them exactly as the gold
    spans. Merging is the default here; ``overlapping_predicted="error"`` raises
    ``ValueError`` instead, like the scorer's default. Counts are taken after merging.

    Undefined cases (``zero_division``): with ``"semeval"`` (the scorer's conventions)
    P = 0 when there are no predicted spans, R = 0 when there are no gold spans, F1 = 1.0
    when both are empty and F1 = 0 when P or R is 0. With ``"nan"``, an empty denominator
    gives NaN for P or R, and F1 is NaN whenever P or R is. Malformed spans (not 3- or
    4-tuples, non-integer offsets, ``start >= end``, negative offsets, no label when
    ``labelled``) raise ``ValueError``.

    Reference: Da San Martino, G., et al. (2020). SemEval-2020 Task 11: Detection of
    Propaganda Techniques in News Articles. Proceedings of SemEval-2020, section 3.

    >>> span_prf([("doc", 10, 20)], [("doc", 15, 25)])
    (0.5, 0.5, 0.5)
    """
    check_flag("labelled", labelled)
    check_choice("overlapping_predicted", overlapping_predicted, Literal["merge", "error"])
    check_choice("zero_division", zero_division, ZeroDivision)
    gold_groups = {k: merge_overlapping(*v)
                   for k, v in group_spans(gold, labelled=labelled, name="gold").items()}
    pred_groups = group_spans(predicted, labelled=labelled, name="predicted")
    if overlapping_predicted == "error":
        for key, (starts, ends) in pred_groups.items():
            if has_overlap(starts, ends):
                raise ValueError(f"predicted spans overlap in {key!r}")
    pred_groups = {k: merge_overlapping(*v) for k, v in pred_groups.items()}

    p_num = r_num = 0.0
    for key, (p_starts, p_ends) in pred_groups.items():
        if key not in gold_groups:
            continue
        g_starts, g_ends = gold_groups[key]
        ip, ig, inter = overlap_pairs(p_starts, p_ends, g_starts, g_ends)
        p_num += float((inter / (p_ends - p_starts)[ip]).sum())
        r_num += float((inter / (g_ends - g_starts)[ig]).sum())
    p_den = sum(len(s) for s, _ in pred_groups.values())
    r_den = sum(len(s) for s, _ in gold_groups.values())
    return _floats(_prf(p_num, p_den, r_num, r_den, zero_division))


def _distinct(spans: Iterable[Span], labelled: bool, name: str
              ) -> set[tuple[Hashable, int, int]]:
    groups = group_spans(spans, labelled=labelled, name=name)
    return {(key, int(s), int(e)) for key, (starts, ends) in groups.items()
            for s, e in zip(starts, ends, strict=True)}


def pairwise_span_f1(a: Sequence[Span], b: Sequence[Span], *, match: Match = "exact",
                     labelled: bool = False, zero_division: ZeroDivision = "semeval"
                     ) -> tuple[float, float, float]:
    """Precision, recall and F1 of annotator ``b``'s spans against annotator ``a``'s.

    ``a`` plays the reference (recall is over ``a``), but F1 is symmetric in all modes.

    - ``"exact"``: a span matches only an identical span (same doc, offsets and, when
      ``labelled``, label). ``P = |A & B| / |B|``, ``R = |A & B| / |A|`` over the distinct
      spans.
    - ``"overlap"`` (lenient): a span is matched if it shares a character with any span of
      the other annotator in the same doc (and label). ``P`` = share of ``b``'s distinct
      spans matched, ``R`` = share of ``a``'s distinct spans matched.
    - ``"proportional"``: partial credit ``|s & t| / |s|`` as in :func:`span_prf` (overlapping
      spans of one annotator are merged first).

    Undefined cases: as :func:`span_prf` (``zero_division``); an unknown ``match`` or
    malformed spans raise ``ValueError``.

    >>> a = [("d", 0, 10), ("d", 20, 30)]
    >>> b = [("d", 0, 10), ("d", 25, 40), ("d", 50, 60)]
    >>> [round(x, 3) for x in pairwise_span_f1(a, b, match="exact")]
    [0.333, 0.5, 0.4]
    >>> [round(x, 3) for x in pairwise_span_f1(a, b, match="overlap")]
    [0.667, 1.0, 0.8]
    """
    check_choice("match", match, Match)
    check_flag("labelled", labelled)
    check_choice("zero_division", zero_division, ZeroDivision)
    if match == "proportional":
        return span_prf(a, b, labelled=labelled, zero_division=zero_division)
    if match == "exact":
        set_a, set_b = _distinct(a, labelled, "a"), _distinct(b, labelled, "b")
        counts = [len(set_a & set_b), len(set_a), len(set_b)]
        return _floats(prf_from_counts(counts, match="exact", zero_division=zero_division))
    groups_a = _regroup(_distinct(a, labelled, "a"))
    groups_b = _regroup(_distinct(b, labelled, "b"))
    matched_a = sum(int(overlaps_any(*groups_a[k], *groups_b[k]).sum())
                    for k in groups_a if k in groups_b)
    matched_b = sum(int(overlaps_any(*groups_b[k], *groups_a[k]).sum())
                    for k in groups_b if k in groups_a)
    n_a = sum(len(s) for s, _ in groups_a.values())
    n_b = sum(len(s) for s, _ in groups_b.values())
    return _floats(prf_from_counts([matched_a, n_a, matched_b, n_b], match="overlap",
                                   zero_division=zero_division))


def _regroup(distinct: set[tuple[Hashable, int, int]]
             ) -> dict[Hashable, tuple[IntArray, IntArray]]:
    pairs: dict[Hashable, list[tuple[int, int]]] = {}
    for key, start, end in distinct:
        pairs.setdefault(key, []).append((start, end))
    return {key: as_arrays(spans) for key, spans in pairs.items()}

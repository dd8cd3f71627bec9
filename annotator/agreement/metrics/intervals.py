"""Vectorised helpers for half-open integer intervals ``[start, end)`` on one axis.

Used by the span scores, unitizing alpha and the study's span matching to pair up
overlapping spans without comparing every span with every other one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import is_integer

IntArray = NDArray[np.int64]


def check_span(start: Any, end: Any, where: str) -> tuple[int, int]:
    """Validate one span's offsets: integers with ``0 <= start < end``."""
    for value in (start, end):
        if not is_integer(value):
            raise ValueError(f"{where}: offsets must be integers, got {value!r}")
    if start < 0 or end <= start:
        raise ValueError(f"{where}: need 0 <= start < end, got [{start}, {end})")
    return int(start), int(end)


def as_arrays(pairs: Iterable[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """Starts and ends sorted by (start, end)."""
    ordered = sorted(pairs)
    starts = np.array([s for s, _ in ordered], dtype=np.int64)
    ends = np.array([e for _, e in ordered], dtype=np.int64)
    return starts, ends


def merge_overlapping(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """Merge sorted intervals that share at least one position (touching ones stay apart)."""
    if starts.size == 0:
        return starts, ends
    reach = np.maximum.accumulate(ends)
    # A new merged interval begins where a start lies at or beyond everything seen so far.
    begins = np.ones(starts.size, dtype=bool)
    begins[1:] = starts[1:] >= reach[:-1]
    first = np.flatnonzero(begins)
    last = np.append(first[1:], starts.size) - 1
    return starts[first], reach[last]


def has_overlap(starts: IntArray, ends: IntArray) -> bool:
    """Whether any two of the sorted intervals share a position."""
    return bool(starts.size > 1 and (starts[1:] < np.maximum.accumulate(ends)[:-1]).any())


def overlap_pairs(a_starts: IntArray, a_ends: IntArray, b_starts: IntArray, b_ends: IntArray
                  ) -> tuple[IntArray, IntArray, IntArray]:
    """All overlapping pairs ``(i, j, |a_i & b_j|)`` of two sorted, internally disjoint lists.

    Each ``a_i`` overlaps a contiguous run of ``b`` (found by binary search), so the work is
    proportional to the number of spans plus the number of overlapping pairs.
    """
    low = np.searchsorted(b_ends, a_starts, side="right")
    high = np.searchsorted(b_starts, a_ends, side="left")
    ia, ib = expand_ranges(low, high)
    inter = np.minimum(a_ends[ia], b_ends[ib]) - np.maximum(a_starts[ia], b_starts[ib])
    return ia, ib, inter


def expand_ranges(low: IntArray, high: IntArray) -> tuple[IntArray, IntArray]:
    """Every pair ``(i, j)`` with ``low[i] <= j < high[i]``, ordered by ``i`` then ``j``, without
    a Python loop: each ``i`` repeated over its run, and the runs' offsets added to ``low``."""
    counts = np.maximum(high - low, 0)
    ia = np.repeat(np.arange(low.size), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return ia, np.repeat(low, counts) + offsets


def overlaps_any(a_starts: IntArray, a_ends: IntArray, b_starts: IntArray, b_ends: IntArray
                 ) -> NDArray[np.bool_]:
    """For each ``a_i``, whether some ``b_j`` shares a position with it (``b`` sorted by start,
    possibly overlapping itself)."""
    if b_starts.size == 0:
        return np.zeros(a_starts.size, dtype=bool)
    reach = np.maximum.accumulate(b_ends)
    before_end = np.searchsorted(b_starts, a_ends, side="left")
    # Among the b that start before a_i ends, the furthest-reaching one decides.
    return (before_end > 0) & (reach[np.maximum(before_end - 1, 0)] > a_starts)


def group_spans(spans: Iterable[tuple[Any, ...]], *, labelled: bool, name: str
                ) -> dict[Hashable, tuple[IntArray, IntArray]]:
    """Group ``(doc_id, start, end[, label])`` tuples by doc (and label when ``labelled``)."""
    groups: dict[Hashable, list[tuple[int, int]]] = {}
    for index, span in enumerate(spans):
        where = f"{name}[{index}]"
        if not isinstance(span, tuple | list) or len(span) not in (3, 4):
            raise ValueError(f"{where}: a span is (doc_id, start, end) or "
                             f"(doc_id, start, end, label), got {span!r}")
        if labelled and len(span) != 4:
            raise ValueError(f"{where}: labelled scoring needs (doc_id, start, end, label)")
        start, end = check_span(span[1], span[2], where)
        key = (span[0], span[3]) if labelled else span[0]
        groups.setdefault(key, []).append((start, end))
    return {key: as_arrays(pairs) for key, pairs in groups.items()}


def overlapping_pairs(a_starts: IntArray, a_ends: IntArray, b_starts: IntArray,
                      b_ends: IntArray) -> tuple[IntArray, IntArray]:
    """Every pair ``(i, j)`` with ``a_i`` and ``b_j`` sharing a position. Either list may
    overlap itself; ``b`` must be sorted by start. A ``b_j`` that overlaps ``a_i`` starts
    less than ``max |b|`` before ``a_i`` starts, so only that window is searched."""
    if len(a_starts) == 0 or len(b_starts) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    longest = int((b_ends - b_starts).max())
    low = np.searchsorted(b_starts, a_starts - longest, side="right")
    high = np.searchsorted(b_starts, a_ends, side="left")
    ia, ib = expand_ranges(low, high)
    hit = b_ends[ib] > a_starts[ia]
    return ia[hit].astype(np.int64), ib[hit].astype(np.int64)

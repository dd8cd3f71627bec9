"""Spans on a position axis -> per-position codes of every rater, run-length encoded.

Between two consecutive span boundaries (or document boundaries) every rater's labels stay
the same, so instead of one column per character or token the tables here have one column
per *segment* of identical positions, with its length as a weight. A project of 1,000
articles then needs about 200,000 columns instead of millions, and :func:`tally` counts each
segment ``weight`` times, which gives the same alpha as the full raters x positions table.

What a position's value is:

- per label: 1 if the rater's spans of that label cover it, else 0 (overlaps of one rater's
  spans of the same label count once);
- "which label": the set of labels covering it, one category per distinct combination
  (so ``{Loaded language}``, ``{Loaded language, Doubt}`` and "none" are three categories;
  a rater may give one stretch of text two labels, which a single label per position could
  not express);
- "any span": 1 if any span of the rater covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

# Combination codes grow by one bit per label; re-number them before an int64 could overflow.
_BITS_BEFORE_RENUMBERING = 60
_DENSE_CODES = 1 << 22


@dataclass(frozen=True)
class Segments:
    """Runs of positions between consecutive boundaries, on one global position axis."""

    starts: IntArray
    weights: FloatArray
    doc: IntArray

    @property
    def size(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class PositionCodes:
    """Every rater's value for every segment (rows = raters, columns = segments)."""

    segments: Segments
    presence: tuple[BoolArray, ...]  # one rows x segments table per label
    combined: IntArray  # rows x segments "which label" codes, 0 .. n_combined - 1
    n_combined: int

    def any_span(self) -> BoolArray:
        if not self.presence:
            return np.zeros((self.combined.shape[0], self.segments.size), dtype=bool)
        covered: BoolArray = np.logical_or.reduce(self.presence)
        return covered


def encode_positions(bounds: IntArray, first: IntArray, stop: IntArray, rows: IntArray,
                     labels: IntArray, *, n_rows: int, n_labels: int) -> PositionCodes:
    """Segment the axis with document ``bounds`` (length D + 1) and span ranges
    ``[first, stop)`` (position indices; empty ranges are ignored) of rater ``rows`` with
    label indices ``labels``, and code every segment for every rater."""
    keep = stop > first
    first, stop, rows, labels = first[keep], stop[keep], rows[keep], labels[keep]
    cuts = _sorted_unique(np.concatenate((bounds, first, stop)))
    starts = cuts[:-1]
    segments = Segments(
        starts=starts,
        weights=np.diff(cuts).astype(np.float64),
        doc=(np.searchsorted(bounds, starts, side="right") - 1).astype(np.int64),
    )
    size = segments.size
    begin = np.searchsorted(cuts, first)
    end = np.searchsorted(cuts, stop)
    order = np.argsort(labels, kind="stable")
    edges = np.searchsorted(labels[order], np.arange(n_labels + 1))
    presence: list[BoolArray] = []
    # The codes are built in the narrowest integer that holds a bit per label (this table is
    # shifted and or-ed once per label: 9 labels on 3 million segments moved 1.4 GB in int64).
    combined = np.zeros((n_rows, size), dtype=_code_type(n_labels))
    # How many of a rater's spans of the label start minus end at each segment, then how many
    # cover it. The two tables are reused from label to label: fresh ones for each label
    # cost more in page faults than the counting.
    width = size + 1
    steps = np.zeros((n_rows, width), dtype=np.int32)
    depth = np.empty((n_rows, width), dtype=np.int32)
    for label in range(n_labels):
        chosen = order[edges[label]:edges[label + 1]]
        steps.fill(0)
        np.add.at(steps.ravel(), rows[chosen] * width + begin[chosen], 1)
        np.add.at(steps.ravel(), rows[chosen] * width + end[chosen], -1)
        np.cumsum(steps, axis=1, out=depth)
        covered = depth[:, :size] > 0
        presence.append(covered)
        combined <<= 1
        combined |= covered
        if label % _BITS_BEFORE_RENUMBERING == _BITS_BEFORE_RENUMBERING - 1:
            combined = _renumber(combined)
    combined = _renumber(combined)
    n_combined = int(combined.max()) + 1 if combined.size else 1
    return PositionCodes(segments, tuple(presence), combined, n_combined)


def _code_type(n_labels: int) -> type[np.integer[Any]]:
    for kind in (np.uint8, np.uint16, np.uint32):
        if n_labels <= np.iinfo(kind).bits:
            return kind
    return np.int64  # renumbered every _BITS_BEFORE_RENUMBERING labels


def _sorted_unique(values: IntArray) -> IntArray:
    """``np.unique`` by sorting: numpy 2's hash-based unique took 0.25 s on the million
    boundaries of 20,000 documents, the sort 0.05 s."""
    values = np.sort(values)
    fresh = np.ones(len(values), dtype=bool)
    fresh[1:] = values[1:] != values[:-1]
    result: IntArray = values[fresh]
    return result


def _renumber(codes: IntArray) -> IntArray:
    """Codes 0, 1, ... in the order of the values (so "no label", 0, stays 0)."""
    if codes.size and int(codes.max()) < _DENSE_CODES:
        # A lookup table beats sorting when the values are small (up to ~22 labels).
        used = np.bincount(codes.ravel()) > 0
        return (np.cumsum(used) - 1)[codes].astype(np.int64, copy=False)
    # The distinct values are few: sorting the values and looking each up among the distinct
    # ones is twice as fast as np.unique's inverse (an argsort of every value).
    distinct = _sorted_unique(codes.ravel())
    return np.searchsorted(distinct, codes).astype(np.int64)


def with_missing(values: IntArray | BoolArray, included: BoolArray) -> IntArray:
    """Codes (rows x segments) with ``-1`` where the rater does not count (``included`` is
    rows x segments)."""
    return np.where(included, values.astype(np.int64), -1)

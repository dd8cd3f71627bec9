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
    #: per label, the cells (``row * size + segment``, ascending) its spans cover
    covered: tuple[IntArray, ...]
    combined: IntArray  # rows x segments "which label" codes, 0 .. n_combined - 1
    n_combined: int
    anywhere: BoolArray  # rows x segments: inside any span

    @property
    def presence(self) -> tuple[BoolArray, ...]:
        """The covered cells as one rows x segments table per label."""
        tables = []
        for cells in self.covered:
            table = np.zeros(self.combined.shape, dtype=bool)
            table.ravel()[cells] = True
            tables.append(table)
        return tuple(tables)

    def any_span(self) -> BoolArray:
        return self.anywhere


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
    by_label = [order[edges[label]:edges[label + 1]] for label in range(n_labels)]
    if n_labels > _SPARSE_LABELS:
        covered, combined = _dense_codes(by_label, rows, begin, end, n_rows, size)
    else:
        covered, combined = _sparse_codes(by_label, rows, begin, end, n_rows, size)
    anywhere = np.zeros((n_rows, size), dtype=bool)
    for cells in covered:
        anywhere.ravel()[cells] = True
    combined = _renumber(combined)
    n_combined = int(combined.max()) + 1 if combined.size else 1
    return PositionCodes(segments, covered, combined, n_combined, anywhere)


#: Up to this many labels the "which label" bits fit an unsigned integer and are set cell by
#: cell; beyond, the codes are shifted label by label and re-numbered as they grow.
_SPARSE_LABELS = 32


def _sparse_codes(by_label: list[IntArray], rows: IntArray, begin: IntArray, end: IntArray,
                  n_rows: int, size: int) -> tuple[tuple[IntArray, ...], NDArray[Any]]:
    """The cells each label's spans cover (each span's segments, made unique through a
    reused mark table), and the "which label" bits set on them: a label covers a small part
    of a project, and a full table per label (counted, summed, shifted into the codes) cost
    2 s at 100,000 documents."""
    n_labels = len(by_label)
    combined = np.zeros((n_rows, size), dtype=_code_type(n_labels))
    flat = combined.ravel()
    mark = np.zeros(n_rows * size, dtype=bool)
    covered: list[IntArray] = []
    for label, chosen in enumerate(by_label):
        lengths = end[chosen] - begin[chosen]
        firsts = rows[chosen] * size + begin[chosen]
        runs = np.cumsum(lengths)
        cells = np.repeat(firsts - (runs - lengths), lengths) + np.arange(
            int(runs[-1]) if len(runs) else 0)
        mark[cells] = True
        cells = np.flatnonzero(mark)
        mark[cells] = False
        # Label 0 is the highest bit, as when the codes were shifted left label by label.
        flat[cells] |= flat.dtype.type(1 << (n_labels - 1 - label))
        covered.append(cells.astype(np.int64, copy=False))
    return tuple(covered), combined


def _dense_codes(by_label: list[IntArray], rows: IntArray, begin: IntArray, end: IntArray,
                 n_rows: int, size: int) -> tuple[tuple[IntArray, ...], NDArray[Any]]:
    """Per label, how many of a rater's spans start minus end at each segment, summed into
    how many cover it; the codes shifted a bit per label and re-numbered before an int64
    could overflow. The two tables are reused from label to label: fresh ones for each label
    cost more in page faults than the counting."""
    combined = np.zeros((n_rows, size), dtype=np.int64)
    width = size + 1
    steps = np.zeros((n_rows, width), dtype=np.int32)
    depth = np.empty((n_rows, width), dtype=np.int32)
    covered: list[IntArray] = []
    for label, chosen in enumerate(by_label):
        steps.fill(0)
        np.add.at(steps.ravel(), rows[chosen] * width + begin[chosen], 1)
        np.add.at(steps.ravel(), rows[chosen] * width + end[chosen], -1)
        np.cumsum(steps, axis=1, out=depth)
        table = depth[:, :size] > 0
        covered.append(np.flatnonzero(table))
        combined <<= 1
        combined |= table
        if label % _BITS_BEFORE_RENUMBERING == _BITS_BEFORE_RENUMBERING - 1:
            combined = _renumber(combined)
    return tuple(covered), combined


def _code_type(n_labels: int) -> type[np.unsignedinteger[Any]]:
    """The narrowest unsigned integer with a bit per label (up to :data:`_SPARSE_LABELS`)."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if n_labels <= np.iinfo(kind).bits:
            return kind
    raise ValueError(f"{n_labels} labels do not fit in {_SPARSE_LABELS} bits")


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

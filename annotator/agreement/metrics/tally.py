"""Nominal alpha from additive per-group tallies: the form of alpha the study bootstraps.

Krippendorff's nominal alpha needs only two sums over the units: the observed disagreement
``D = sum_{c != k} o_ck`` and the value totals ``n_c`` (the marginals of the coincidence
matrix ``o``)::

    alpha = 1 - (n - 1) * D / (n^2 - sum_c n_c^2),   n = sum_c n_c

(:func:`.alpha.alpha_from_disagreements`, which :func:`.alpha.krippendorff_alpha` ends in
too). Both are sums over units, so a document's contribution can be tallied once and a
bootstrap resample of documents is a weighted sum of those tallies
(:func:`.bootstrap.bootstrap_sums`): one matrix product per block of resamples instead of
recomputing alpha a thousand times.

A *unit* here may stand for several identical positions (a run of characters that every
annotator labelled the same way); ``weights`` says how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._checks import is_integer
from .alpha import alpha_from_disagreements

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Up to this many (unit, category) cells the values per unit are counted in a dense table.
_DENSE_CELLS = 1 << 24
# Up to this many raters the values per unit are compared pair by pair instead.
_FEW_RATERS = 6


@dataclass(frozen=True)
class NominalTally:
    """Per group (document): observed disagreement ``D`` and value totals ``n_c``."""

    disagree: FloatArray  # (groups,)
    marginals: FloatArray  # (groups, categories)

    def summed(self, rows: IntArray | None = None) -> tuple[float, FloatArray]:
        if rows is None:
            return float(self.disagree.sum()), self.marginals.sum(axis=0)
        return float(self.disagree[rows].sum()), self.marginals[rows].sum(axis=0)


def tally(codes: IntArray, weights: FloatArray, groups: IntArray, *, n_groups: int,
          n_categories: int) -> NominalTally:
    """Tally raters x units ``codes`` (``-1`` = missing, else ``0 .. n_categories - 1``).

    Unit ``j`` counts ``weights[j]`` times and belongs to group ``groups[j]``. Per unit with
    ``m >= 2`` values and ``cnt_c`` values of each category, ``D += w (m^2 - sum_c cnt_c^2) /
    (m - 1)`` and ``n_c += w cnt_c`` (Krippendorff 2011, section E).

    Malformed input (codes not a 2-D table, weights or groups not one per unit, sizes that
    are not integers) raises ``ValueError``. The values of ``codes`` and ``groups`` are not
    range-checked: that would cost a pass over every table the study tallies, whose codes it
    builds itself.
    """
    codes = np.asarray(codes, dtype=np.int64)
    if codes.ndim != 2:
        raise ValueError(f"codes must be a raters x units table, got {codes.ndim} dimension(s)")
    weights, groups = _check_units(codes.shape[1], weights, groups, n_groups)
    if not is_integer(n_categories) or n_categories < 1:
        raise ValueError(f"n_categories must be a positive integer, got {n_categories!r}")
    present = codes >= 0
    m = present.sum(axis=0)
    pairable = m >= 2
    disagree = np.zeros(n_groups)
    marginals = np.zeros((n_groups, n_categories))
    if not pairable.any():
        return NominalTally(disagree, marginals)
    codes, present, m = codes[:, pairable], present[:, pairable], m[pairable]
    w, g = weights[pairable], groups[pairable]
    if n_categories == 2:
        ones = ((codes == 1) & present).sum(axis=0)
        squares = ones.astype(np.float64) ** 2 + (m - ones).astype(np.float64) ** 2
        marginals[:, 0] = np.bincount(g, weights=w * (m - ones), minlength=n_groups)
        marginals[:, 1] = np.bincount(g, weights=w * ones, minlength=n_groups)
    else:
        # The present values in row-major order; with two raters every pairable unit has
        # both, and masking the whole table cost more than the counting.
        everywhere = bool(present.all())

        def values(table: NDArray[Any]) -> NDArray[Any]:
            result: NDArray[Any] = table.ravel() if everywhere else table[present]
            return result

        if codes.shape[0] <= _FEW_RATERS:
            squares = _squares_by_pairs(codes, present, m)
        else:
            keys = values(np.arange(codes.shape[1]) * n_categories + codes)
            if codes.shape[1] * n_categories <= _DENSE_CELLS:
                counts = np.bincount(keys, minlength=codes.shape[1] * n_categories)
                squares = (counts.astype(np.float64) ** 2).reshape(-1, n_categories).sum(axis=1)
            else:  # too many units x categories for a table: count the distinct pairs instead
                distinct, counts = np.unique(keys, return_counts=True)
                squares = np.bincount(distinct // n_categories,
                                      weights=counts.astype(np.float64) ** 2,
                                      minlength=codes.shape[1])
        value_weights = values(np.broadcast_to(w, codes.shape))
        group_keys = values(g * n_categories + codes)
        marginals = np.bincount(group_keys, weights=value_weights,
                                minlength=n_groups * n_categories
                                ).reshape(n_groups, n_categories).astype(np.float64)
    per_unit = w * (m.astype(np.float64) ** 2 - squares) / (m - 1.0)
    disagree = np.bincount(g, weights=per_unit, minlength=n_groups).astype(np.float64)
    return NominalTally(disagree, marginals)


def _squares_by_pairs(codes: IntArray, present: NDArray[np.bool_], m: IntArray) -> FloatArray:
    """``sum_c cnt_c^2`` per unit as ``m`` plus twice the agreeing pairs of raters: for a few
    raters cheaper than counting every (unit, category), which for 5 million units needed a
    sort. The same integers either way."""
    agreeing = np.zeros(codes.shape[1], dtype=np.int64)
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            agreeing += present[i] & present[j] & (codes[i] == codes[j])
    squares: FloatArray = (m + 2 * agreeing).astype(np.float64)
    return squares


class PresenceTallier:
    """:func:`tally` for many yes/no tables that share which raters count where.

    Per-label presence tables of one level all have the same missing values (a rater counts on
    a document or not), so the values per unit, the pairable units and their weights are
    worked out once. A unit no counted rater marks adds nothing to the disagreement and its
    whole weight to the "no" total, so each table costs one pass over its yes/no values and
    arithmetic on the units someone marked only (a label covers a small part of a project).
    """

    def __init__(self, counted: NDArray[np.bool_], weights: FloatArray, groups: IntArray, *,
                 n_groups: int) -> None:
        if counted.ndim != 2:
            raise ValueError(f"counted must be a raters x units table, got {counted.ndim} "
                             "dimension(s)")
        weights, groups = _check_units(counted.shape[1], weights, groups, n_groups)
        m = counted.sum(axis=0)
        self.pairable = m >= 2
        self.counted = counted
        self.m = m.astype(np.float64)
        self.w = weights
        self.g = groups
        self.n_groups = n_groups
        used = self.w[self.pairable]
        values = used * self.m[self.pairable]
        # "No" = all values - "yes" is exact only in integers (positions, not fractional
        # weights); otherwise the "no" totals are added up unit by unit as before.
        exact = bool(np.all(used == np.floor(used))) and float(values.sum()) < 2.0 ** 52
        self.all_values = (np.bincount(self.g[self.pairable], weights=values,
                                       minlength=n_groups) if exact else None)
        self._counted_cells: NDArray[np.bool_] | None = None

    def tally(self, presence: NDArray[np.bool_]) -> NominalTally:
        yes = np.zeros(self.counted.shape[1], dtype=np.uint8)
        for row, counted in zip(presence, self.counted, strict=True):
            yes += (row & counted).view(np.uint8)
        hit = np.flatnonzero(self.pairable & (yes > 0))
        return self._tally(hit, yes[hit], lambda: yes)

    def tally_cells(self, cells: IntArray) -> NominalTally:
        """:meth:`tally` of the table that is "yes" at ``cells`` (``row * units + unit``,
        ascending; cells of rows past the counted table's are left out) and "no" elsewhere:
        the same figures from a label's few covered cells, without a full table."""
        n_rows, n_units = self.counted.shape
        if self._counted_cells is None:
            self._counted_cells = np.ascontiguousarray(self.counted).ravel()
        cells = cells[:int(np.searchsorted(cells, n_rows * n_units))]
        units = np.sort(cells[self._counted_cells[cells]] % n_units)
        fresh = np.flatnonzero(np.diff(units, prepend=-1) != 0)
        units, counts = units[fresh], np.diff(fresh, append=len(units))
        pairable = self.pairable[units]

        def every_unit() -> IntArray:
            yes = np.zeros(n_units, dtype=np.int64)
            yes[units] = counts
            return yes

        return self._tally(units[pairable], counts[pairable], every_unit)

    def _tally(self, hit: IntArray, yes_hit: NDArray[Any], every_unit: Any) -> NominalTally:
        """From the pairable units someone marked (ascending) and their "yes" counts;
        ``every_unit()`` gives the counts of all units where "no" has to be summed."""
        ones, m, w, g = yes_hit.astype(np.float64), self.m[hit], self.w[hit], self.g[hit]
        zeros = m - ones
        per_unit = w * (m ** 2 - ones ** 2 - zeros ** 2) / np.maximum(m - 1.0, 1.0)
        marked = np.bincount(g, weights=w * ones, minlength=self.n_groups)
        if self.all_values is not None:
            unmarked = self.all_values - marked
        else:
            everywhere = self.pairable
            yes = every_unit()
            unmarked = np.bincount(self.g[everywhere], weights=self.w[everywhere] * (
                self.m[everywhere] - yes[everywhere]), minlength=self.n_groups)
        disagree = np.bincount(g, weights=per_unit, minlength=self.n_groups)
        return NominalTally(disagree.astype(np.float64),
                            np.column_stack((unmarked, marked)).astype(np.float64))


def _check_units(n_units: int, weights: FloatArray, groups: IntArray, n_groups: int
                 ) -> tuple[FloatArray, IntArray]:
    weights = np.asarray(weights, dtype=np.float64)
    groups = np.asarray(groups)
    if weights.shape != (n_units,) or groups.shape != (n_units,):
        raise ValueError(f"weights and groups need one entry per unit ({n_units}), got shapes "
                         f"{weights.shape} and {groups.shape}")
    if not is_integer(n_groups) or n_groups < 0:
        raise ValueError(f"n_groups must be a non-negative integer, got {n_groups!r}")
    return weights, groups


def alpha_from_sums(disagree: FloatArray | float, marginals: FloatArray) -> FloatArray:
    """Nominal alpha from summed tallies; vectorised over leading axes (NaN if undefined).

    >>> float(alpha_from_sums(2.0, np.array([5.0, 5.0])))   # 10 values, 2 disagreeing pairs
    0.64
    """
    marginals = np.asarray(marginals, dtype=np.float64)
    n = marginals.sum(axis=-1)
    return alpha_from_disagreements(disagree, n ** 2 - (marginals ** 2).sum(axis=-1), n)


def observed_agreement(disagree: FloatArray | float, marginals: FloatArray) -> FloatArray:
    """Share of agreeing pairable value pairs, ``1 - D / n`` (no chance correction)."""
    n = np.asarray(marginals, dtype=np.float64).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 1.0 - np.asarray(disagree) / n
    return np.where(n > 0, share, np.nan)


def alpha_of_features(sums: FloatArray) -> FloatArray:
    """Statistic for :func:`.bootstrap.bootstrap_sums` over ``[D, n_0, ..., n_k]`` rows."""
    return alpha_from_sums(sums[:, 0], sums[:, 1:])


def features(tally_: NominalTally, rows: IntArray) -> FloatArray:
    """The ``[D, n_0, ..., n_k]`` rows of the given groups, for
    :func:`.bootstrap.bootstrap_sums`."""
    return np.column_stack((tally_.disagree[rows], tally_.marginals[rows]))

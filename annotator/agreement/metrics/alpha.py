"""Krippendorff's alpha for coded reliability data (raters x units, missing values allowed).

Hand-written rather than delegated to the ``krippendorff`` package for speed: the package
builds a units x values x values tensor, while the coincidence matrix here comes from
``np.bincount`` over (unit, value) pairs and a small matrix product per chunk of units, and
interval alpha needs no coincidence matrix at all; about 10x faster on 5 x 100,000 tables
(``bench/agreement.py``). Results agree with ``krippendorff.alpha`` to within floating-point
rounding; the tests check that.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_choice
from ._data import encode, unit_value_counts, value_matrix

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

# Units are counted in chunks of at most this many (unit, value) cells: the temporaries then
# stay in cache and below the allocator's mmap threshold, which measured 1.5-2x faster than
# one pass over all units (bench/agreement.py) and bounds memory for huge tables.
_CHUNK_CELLS = 1 << 15
# Integer values spanning at most this many numbers are counted directly by ``value - min``.
_MAX_DENSE_RANGE = 1 << 10


def _add_chunk(out: NDArray[np.float64], codes: NDArray[np.intp], n_values: int) -> None:
    # float64 up front: a mixed int/float matmul skips BLAS and is ~3x slower.
    counts = unit_value_counts(codes, n_values).astype(np.float64)
    # Summing the few rater rows is much cheaper than summing each unit's value counts.
    per_unit = (codes != n_values).sum(axis=0).astype(np.float64)
    weight = np.divide(1.0, per_unit - 1.0, out=np.zeros_like(per_unit), where=per_unit >= 2)
    out += (counts * weight[:, None]).T @ counts
    out -= np.diag(weight @ counts)


def coincidence_matrix(codes: NDArray[np.intp], n_values: int) -> NDArray[np.float64]:
    """Krippendorff's coincidence matrix ``o`` from integer codes (missing = ``n_values``).

    ``o[c, k] = sum_u (number of ordered pairs of c and k in unit u) / (m_u - 1)`` over the
    units ``u`` with ``m_u >= 2`` values (Krippendorff 2011, section E).
    """
    out = np.zeros((n_values, n_values))
    step = max(1, _CHUNK_CELLS // (n_values + 1))
    for first in range(0, codes.shape[1], step):
        _add_chunk(out, codes[:, first:first + step], n_values)
    return out


def _dense_coincidences(values: NDArray[np.float64]
                        ) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Coincidences and domain of integer data with a small range, or None if it is not.

    Integer category codes are the common case. Coding each chunk as ``value - min`` on the
    fly skips sorting and never materialises a table-sized code array; values that no unit
    pairs are dropped from the domain afterwards, which changes no metric.
    """
    low = float(np.fmin.reduce(values, axis=None))
    high = float(np.fmax.reduce(values, axis=None))
    if np.isnan(low) or high - low >= _MAX_DENSE_RANGE:
        return None
    width = int(high - low) + 1
    out = np.zeros((width, width))
    step = max(1, _CHUNK_CELLS // (width + 1))
    for first in range(0, values.shape[1], step):
        shifted = values[:, first:first + step] - low
        shifted[np.isnan(shifted)] = width
        codes = shifted.astype(np.intp)
        if (codes != shifted).any():
            return None  # a fractional value: needs the general path
        _add_chunk(out, codes, width)
    used = np.flatnonzero(out.sum(axis=0) > 0)
    return out[np.ix_(used, used)], used.astype(np.float64) + low


def _delta(level: Level, domain: NDArray[np.float64], n_v: NDArray[np.float64]
           ) -> NDArray[np.float64]:
    """Squared distance ``delta^2[c, k]`` between the values of the sorted domain."""
    if level == "nominal":
        return 1.0 - np.eye(len(domain))
    if level == "ordinal":
        # Only ranks matter: delta_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2.
        cumulative = np.cumsum(n_v)
        low = np.minimum.outer(np.arange(len(n_v)), np.arange(len(n_v)))
        high = np.maximum.outer(np.arange(len(n_v)), np.arange(len(n_v)))
        between = cumulative[high] - cumulative[low] + n_v[low]
        return (between - (n_v[:, None] + n_v[None, :]) / 2) ** 2
    if level == "interval":
        return np.subtract.outer(domain, domain) ** 2
    total = np.add.outer(domain, domain)
    diff = np.subtract.outer(domain, domain)
    return np.divide(diff, total, out=np.zeros_like(diff), where=total != 0) ** 2


def _interval_alpha(values: NDArray[np.float64]) -> float:
    # sum over ordered pairs (a, b) of a unit of (x_a - x_b)^2 = 2 m SS, with SS the sum of
    # squares about the unit mean, so interval alpha needs no value domain and no sort.
    present = ~np.isnan(values)
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    if not pairable.any():
        return float("nan")
    x = values[:, pairable]
    mask = present[:, pairable]
    m = per_unit[pairable].astype(np.float64)
    unit_mean = np.where(mask, x, 0.0).sum(axis=0) / m
    unit_ss = (np.where(mask, x - unit_mean, 0.0) ** 2).sum(axis=0)
    n = m.sum()
    grand_mean = (unit_mean * m).sum() / n
    total_ss = (np.where(mask, x - grand_mean, 0.0) ** 2).sum()
    observed = (2.0 * m * unit_ss / (m - 1.0)).sum()
    expected = 2.0 * n * total_ss
    return float(alpha_from_disagreements(observed, expected, n))


def krippendorff_alpha(data: Any, *, level: Level = "nominal") -> float:
    """Krippendorff's alpha reliability coefficient.

    ``data`` is a raters x units table (sequence of sequences or 2-D array); ``None`` or NaN
    marks a missing value. Values are numbers or, for ``level="nominal"`` only, strings.
    With ``o`` the coincidence matrix, ``n_c`` its marginals, ``n`` the number of pairable
    values (values in units with at least two values) and ``delta^2`` the level's metric::

        alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck delta^2_ck / sum_ck n_c n_k delta^2_ck

    Metrics (Krippendorff 2011): nominal ``[c != k]``; ordinal
    ``(sum_{g=c..k} n_g - (n_c + n_k)/2)^2`` over the sorted distinct values (their numeric
    spacing is ignored); interval ``(c - k)^2``; ratio ``((c - k)/(c + k))^2`` (values must be
    non-negative).

    Undefined cases: fewer than 2 raters, no units, an unknown level, strings at a
    non-nominal level or negative values at the ratio level raise ``ValueError``; when no
    unit has two values, or all pairable values are equal (``D_e = 0``), alpha is undefined
    and the result is NaN.

    References: Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
    Annenberg School for Communication, University of Pennsylvania. Krippendorff, K. (2004).
    Content Analysis: An Introduction to Its Methodology (2nd ed.), chapter 11.

    The 4 observers x 12 units example with missing data (Krippendorff 2011, section E):

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    >>> [round(krippendorff_alpha(data, level=lv), 3) for lv in LEVELS]
    [0.743, 0.815, 0.849, 0.797]
    """
    check_choice("level", level, Level)
    values, numeric = value_matrix(data)
    if not numeric and level != "nominal":
        raise ValueError(f"string values have no {level} distances; use level='nominal' or "
                         "code the values as numbers")
    if level == "ratio" and bool((values < 0).any()):
        raise ValueError("ratio level needs non-negative values")
    if level == "interval":
        return _interval_alpha(values)
    dense = _dense_coincidences(values) if numeric else None
    if dense is None:
        coded = encode(values, numeric)
        o, domain = coincidence_matrix(coded.codes, coded.n_values), coded.domain
    else:
        o, domain = dense
    n_v = o.sum(axis=0)
    n = n_v.sum()
    if n < 2:
        return float("nan")  # nothing pairable: skip the metric
    delta = _delta(level, domain, n_v)
    return float(alpha_from_disagreements(float((o * delta).sum()), float(n_v @ delta @ n_v), n))


def alpha_from_disagreements(observed: ArrayLike, expected: ArrayLike, n: ArrayLike
                             ) -> NDArray[np.float64]:
    """Alpha from its two disagreement sums, vectorised over arrays of them.

    With ``o`` the coincidence matrix, ``n_c`` its marginals and ``n = sum_c n_c`` the number of
    pairable values, ``observed = sum_ck o_ck delta^2_ck`` and ``expected = sum_ck n_c n_k
    delta^2_ck``, so that ``D_o / D_e = (n - 1) observed / expected`` and::

        alpha = 1 - (n - 1) * observed / expected

    For nominal data ``observed`` is the number of disagreeing pairs ``sum_{c != k} o_ck`` and
    ``expected = n^2 - sum_c n_c^2``; both are sums over units, which is what lets the study
    add them up per document (:mod:`.tally`). Every alpha of this package ends here.

    Undefined (NaN): ``n < 2`` (no pairable values) or ``expected == 0`` (no variation).
    Reference: Krippendorff (2011), section E.

    Krippendorff 2011's binary example (section A: two observers, 10 units; 20 pairable
    values, 14 zeros and 6 ones; 8 ordered pairs disagree), published as 0.095:

    >>> round(float(alpha_from_disagreements(8.0, 20.0 ** 2 - 14.0 ** 2 - 6.0 ** 2, 20.0)), 3)
    0.095
    """
    observed = np.asarray(observed, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (n - 1.0) * observed / expected
    return np.where((n >= 2) & (expected > 0), alpha, np.nan)

"""Coercion of reliability data (raters x units, with missing values) into integer codes.

Every coefficient in :mod:`annotator.agreement` goes through these helpers, so they all agree
on what a missing value is (``None`` or NaN), which values are equal (``1 == 1.0``), how values
are ordered (numbers numerically, strings lexicographically) and which inputs are rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

# The integer fast path indexes a lookup table by ``value - min``; beyond this range the
# table costs more than the sort it replaces.
_MAX_DIRECT_RANGE = 1 << 22


@dataclass(frozen=True)
class Coded:
    """Reliability data with every value replaced by its index in ``domain``.

    ``codes`` has the shape of the input; a missing value has the code ``len(domain)`` so that
    it can index one extra "missing" column in count tables without a separate mask.
    ``domain`` is sorted: float64 for numbers, an object array of ``str`` for strings.
    """

    codes: NDArray[np.intp]
    domain: NDArray[Any]
    numeric: bool

    @property
    def n_values(self) -> int:
        return len(self.domain)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and bool(np.isnan(value)))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating)


def value_matrix(data: Any, *, name: str = "data") -> tuple[NDArray[Any], bool]:
    """Validate a raters x units table and return ``(values, numeric)``.

    Numeric tables come back as float64 with NaN for missing values; string tables as an object
    array of ``str`` with ``None`` for missing values.
    """
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        values = data.astype(np.float64, copy=False)
        _check_shape(values, name)
        if np.isinf(values).any():
            raise ValueError(f"{name} contains an infinite value")
        return values, True
    if isinstance(data, np.ndarray) and data.dtype.kind in "US":
        _check_shape(data, name)
        return np.array(data.tolist(), dtype=object), False
    if isinstance(data, np.ndarray) and data.dtype.kind != "O":
        raise ValueError(f"{name} has unsupported dtype {data.dtype}; use numbers or strings")
    try:
        table = np.array(data, dtype=object)
    except ValueError as exc:  # numpy refuses some ragged nestings outright
        raise ValueError(f"{name} must be a rectangular raters x units table") from exc
    _check_shape(table, name)
    flat = table.ravel().tolist()
    missing = [_is_missing(v) for v in flat]
    present = [v for v, m in zip(flat, missing, strict=True) if not m]
    n_numbers = sum(_is_number(v) for v in present)
    n_strings = sum(isinstance(v, str) for v in present)
    if n_numbers + n_strings != len(present):
        bad = next(v for v in present if not (_is_number(v) or isinstance(v, str)))
        raise ValueError(f"{name} contains {bad!r} of type {type(bad).__name__}; "
                         "values must be numbers or strings (None/NaN for missing)")
    if n_numbers and n_strings:
        raise ValueError(f"{name} mixes numbers and strings; use one kind of value")
    if n_strings:
        out = np.array([None if m else v for v, m in zip(flat, missing, strict=True)],
                       dtype=object)
        return out.reshape(table.shape), False
    numbers = np.array([np.nan if m else float(v) for v, m in zip(flat, missing, strict=True)],
                       dtype=np.float64).reshape(table.shape)
    if np.isinf(numbers).any():
        raise ValueError(f"{name} contains an infinite value")
    return numbers, True


def _check_shape(table: NDArray[Any], name: str) -> None:
    if table.ndim != 2:
        raise ValueError(f"{name} must be a rectangular raters x units table, "
                         f"got an array of {table.ndim} dimension(s)")
    if table.shape[0] < 2:
        raise ValueError(f"{name} needs at least 2 raters (rows), got {table.shape[0]}")
    if table.shape[1] < 1:
        raise ValueError(f"{name} has no units (columns)")


def _encode_strings(values: NDArray[Any]) -> Coded:
    flat = values.ravel().tolist()
    domain = sorted({v for v in flat if v is not None})
    index = {v: i for i, v in enumerate(domain)}
    codes = np.array([len(domain) if v is None else index[v] for v in flat], dtype=np.intp)
    return Coded(codes.reshape(values.shape), np.array(domain, dtype=object), numeric=False)


def encode(values: NDArray[Any], numeric: bool) -> Coded:
    """Replace each value of a :func:`value_matrix` result by its index in the sorted domain."""
    if not numeric:
        return _encode_strings(values)
    mask = ~np.isnan(values)
    present = values[mask]
    if present.size == 0:
        return Coded(np.zeros(values.shape, dtype=np.intp), np.empty(0), numeric=True)
    low, high = float(present.min()), float(present.max())
    domain: NDArray[np.float64]
    if high - low < _MAX_DIRECT_RANGE and bool((present == np.floor(present)).all()):
        # Integer category codes are the common case; a lookup table indexed by
        # ``value - low`` avoids the O(n log n) sort of np.unique.
        offsets = (present - low).astype(np.intp)
        used = np.bincount(offsets) > 0
        domain = np.flatnonzero(used).astype(np.float64) + low
        inverse = offsets if used.all() else (np.cumsum(used) - 1)[offsets]
    else:
        domain, inverse = np.unique(present, return_inverse=True)
    codes = np.full(values.shape, len(domain), dtype=np.intp)
    codes[mask] = inverse
    return Coded(codes, domain, numeric=True)


def encode_matrix(data: Any, *, name: str = "data") -> Coded:
    values, numeric = value_matrix(data, name=name)
    return encode(values, numeric)


def encode_pair(a: Sequence[Any], b: Sequence[Any]) -> Coded:
    """Encode two equal-length label sequences (no missing values) as a 2 x N table."""
    a_list, b_list = list(a), list(b)
    if len(a_list) != len(b_list):
        raise ValueError(f"a and b must have the same length, got {len(a_list)} and {len(b_list)}")
    if not a_list:
        raise ValueError("a and b are empty")
    coded = encode_matrix([a_list, b_list], name="labels")
    if (coded.codes == coded.n_values).any():
        raise ValueError("labels contain a missing value (None/NaN); this coefficient needs "
                         "complete pairs (use krippendorff_alpha for missing data)")
    return coded


def unit_value_counts(codes: NDArray[np.intp], n_values: int) -> NDArray[np.int64]:
    """Units x values table: how many raters gave each value to each unit (missing dropped)."""
    n_units = codes.shape[1]
    width = n_values + 1  # the extra column catches the missing code
    keys = codes + width * np.arange(n_units, dtype=np.intp)
    counts = np.bincount(keys.ravel(), minlength=n_units * width).reshape(n_units, width)
    return counts[:, :n_values]

"""Percentile bootstrap confidence intervals for any agreement statistic.

Resamples whole units (typically documents, so that positions or spans of one document stay
together) with replacement and recomputes the statistic on each resample.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

T = TypeVar("T")


@dataclass(frozen=True)
class BootstrapCI:
    """Result of :func:`bootstrap_ci`; unpacks as ``low, high = result``.

    ``n_skipped`` counts resamples on which the statistic was undefined (NaN or
    ``ValueError``); the interval comes from the other ``n_resamples - n_skipped``.
    """

    low: float
    high: float
    confidence: float
    n_resamples: int
    n_skipped: int

    def __iter__(self) -> Iterator[float]:
        return iter((self.low, self.high))


def bootstrap_ci(units: Sequence[T], statistic: Callable[[list[T]], float], *,
                 n_resamples: int = 1000, confidence: float = 0.95,
                 seed: int | None = 0) -> BootstrapCI:
    """Percentile bootstrap interval of ``statistic`` over resampled ``units``.

    Each of ``n_resamples`` rounds draws ``len(units)`` units with replacement (numpy
    ``default_rng(seed)``, so a fixed seed gives a reproducible interval) and calls
    ``statistic`` on the list of drawn units. The interval is the ``(1 - confidence) / 2``
    and ``(1 + confidence) / 2`` quantiles (linear interpolation) of the defined results
    (Efron & Tibshirani 1993, An Introduction to the Bootstrap, chapter 13).

    Resamples where ``statistic`` returns NaN or raises ``ValueError`` (the library's two
    ways of saying "undefined") are skipped and counted in ``n_skipped``; other exceptions
    propagate. If every resample is skipped, ``low`` and ``high`` are NaN. Empty ``units``,
    ``n_resamples < 1`` or ``confidence`` outside (0, 1) raise ``ValueError``.

    Per-document reliability tables (raters x positions), resampled by document; resamples
    made only of the one-value documents have no variation, so alpha is NaN there:

    >>> from annotator.agreement import krippendorff_alpha
    >>> docs = [[[1, 1], [1, 1]], [[2, 2, 1], [2, 1, 1]], [[2], [2]]]
    >>> ci = bootstrap_ci(docs, lambda ds: krippendorff_alpha(np.hstack(ds)), n_resamples=200)
    >>> low, high = ci
    >>> round(low, 3), round(high, 3), ci.n_skipped
    (0.37, 1.0, 17)
    """
    if not callable(statistic):
        raise TypeError("statistic must be callable")
    if len(units) == 0:
        raise ValueError("units is empty")
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(units), size=(n_resamples, len(units)))
    values = np.empty(n_resamples)
    for i, draw in enumerate(draws):
        try:
            values[i] = float(statistic([units[j] for j in draw]))
        except ValueError:
            values[i] = math.nan
    return percentile_interval(values, confidence)


def percentile_interval(values: NDArray[np.float64], confidence: float) -> BootstrapCI:
    """The interval of :func:`bootstrap_ci` from one statistic value per resample (NaN where
    the statistic was undefined: skipped and counted)."""
    defined = values[~np.isnan(values)]
    n_skipped = len(values) - len(defined)
    if defined.size == 0:
        return BootstrapCI(math.nan, math.nan, confidence, len(values), n_skipped)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return BootstrapCI(float(low), float(high), confidence, len(values), n_skipped)

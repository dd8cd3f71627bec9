"""Bootstrap intervals of many study figures over the same resamples of documents."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from ..metrics.bootstrap import percentile_interval
from ..metrics.tally import FloatArray
from ..metrics.tally import resample_counts as _resample_counts
from .report import Estimate

NAN = math.nan
Statistic = Callable[[FloatArray], FloatArray]


class Resampler:
    """Bootstrap intervals over units, drawing each number of units' resamples once.

    :meth:`estimate_all` sums many statistics' per-unit features over the same resamples in
    one matrix product per block of resamples (much faster than one product each)."""

    def __init__(self, n_resamples: int, seed: int | None, confidence: float) -> None:
        if n_resamples < 1:
            raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")
        if not 0 < confidence < 1:
            raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
        self.n_resamples, self.seed, self.confidence = n_resamples, seed, confidence
        self._cache: dict[int, list[FloatArray]] = {}

    def counts(self, n_units: int) -> list[FloatArray]:
        if n_units not in self._cache:
            self._cache[n_units] = _resample_counts(n_units, self.n_resamples, self.seed)
        return self._cache[n_units]

    def estimate_all(self, requests: Sequence[tuple[FloatArray, Statistic]]) -> list[Estimate]:
        out: list[Estimate | None] = [None] * len(requests)
        by_size: dict[int, list[int]] = {}
        for i, (per_unit, _) in enumerate(requests):
            by_size.setdefault(len(per_unit), []).append(i)
        for n, members in by_size.items():
            if n == 0:
                for i in members:
                    out[i] = Estimate(NAN, NAN, NAN, 0)
                continue
            stacked = np.hstack([requests[i][0] for i in members])
            edges = np.cumsum([0] + [requests[i][0].shape[1] for i in members])
            sums = np.vstack([block @ stacked for block in self.counts(n)])
            totals = stacked.sum(axis=0)[None, :]
            for k, i in enumerate(members):
                statistic = requests[i][1]
                columns = slice(edges[k], edges[k + 1])
                value = float(statistic(totals[:, columns])[0])
                ci = percentile_interval(statistic(sums[:, columns]), self.confidence)
                out[i] = Estimate.of(value, ci, n)
        return [e for e in out if e is not None]

"""Percentile bootstrap confidence intervals for any agreement statistic.

Resamples whole units (typically documents, so that positions or spans of one document stay
together) with replacement and recomputes the statistic on each resample
(:func:`bootstrap_ci`). A statistic that is a function of sums over units (nominal alpha from
tallies, span F1 from match counts) needs no recomputation: :func:`bootstrap_sums` re-adds
per-unit rows with :func:`resample_counts`, which draws the same resamples as
:func:`bootstrap_ci` for the same seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from ._checks import is_integer

T = TypeVar("T")
FloatArray = NDArray[np.float64]
#: Maps resamples x features sums to one value per resample (NaN = undefined).
SumStatistic = Callable[[FloatArray], FloatArray]
CountArray = NDArray[np.unsignedinteger[Any]]

# Above this many (resample, unit) cells the resample counts are built in chunks of rows.
_CHUNK_CELLS = 1 << 22
# Units per product of resample counts and per-unit rows (64 MB of float64 for 1,000
# resamples).
_UNIT_CHUNK = 8192


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

    >>> from annotator.agreement.metrics import krippendorff_alpha
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
    check_resampling(n_resamples, confidence)
    (draws,) = _draws(len(units), n_resamples, seed, rows=n_resamples)
    values = np.empty(n_resamples)
    for i, draw in enumerate(draws):
        try:
            values[i] = float(statistic([units[j] for j in draw]))
        except ValueError:
            values[i] = math.nan
    return percentile_interval(values, confidence=confidence)


def check_resampling(n_resamples: int, confidence: float) -> None:
    """Refuse a bootstrap that cannot be drawn: ``ValueError`` naming the bad option."""
    if not is_integer(n_resamples) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.floating) \
            or not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")


def _draws(n_units: int, n_resamples: int, seed: int | None, *, rows: int
           ) -> Iterator[NDArray[np.int64]]:
    """The resamples' unit indices, ``rows`` resamples per block, from ``default_rng(seed)``.

    One block of all resamples is the stream :func:`bootstrap_ci` documents; smaller blocks
    are still a valid bootstrap but a different stream (numpy draws bounded integers in pairs).
    Blocks are drawn as they are taken: all of them at once held 400 MB for 1,000 resamples
    of 100,000 units.
    """
    rng = np.random.default_rng(seed)
    # int32 draws are the int64 draws (numpy draws 32 bits at a time below 2**32 either way),
    # made several times faster and in half the memory.
    dtype = np.int32 if n_units < 2 ** 31 else np.int64
    for first in range(0, n_resamples, rows):
        yield rng.integers(0, n_units, size=(min(rows, n_resamples - first), n_units),
                           dtype=dtype)


def percentile_interval(values: FloatArray, *, confidence: float) -> BootstrapCI:
    """The interval of :func:`bootstrap_ci` from one statistic value per resample (NaN where
    the statistic was undefined: skipped and counted)."""
    defined = values[~np.isnan(values)]
    n_skipped = len(values) - len(defined)
    if defined.size == 0:
        return BootstrapCI(math.nan, math.nan, confidence, len(values), n_skipped)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return BootstrapCI(float(low), float(high), confidence, len(values), n_skipped)


def resample_counts(n_units: int, *, n_resamples: int, seed: int | None) -> list[FloatArray]:
    """How often each unit is drawn in each resample, as blocks of rows (resamples x units).

    The draws are :func:`bootstrap_ci`'s for the same seed; for very large
    ``n_units * n_resamples`` they are drawn in blocks of rows, which bounds memory.

    >>> np.random.default_rng(0).integers(0, 3, size=(2, 3)).tolist()  # bootstrap_ci's draws
    [[2, 1, 1], [0, 0, 0]]
    >>> np.vstack(resample_counts(3, n_resamples=2, seed=0)).tolist()
    [[0.0, 2.0, 1.0], [3.0, 0.0, 0.0]]
    """
    return [block.astype(np.float64)
            for block in count_blocks(n_units, n_resamples=n_resamples, seed=seed)]


def count_blocks(n_units: int, *, n_resamples: int, seed: int | None) -> list[CountArray]:
    """:func:`resample_counts` as one byte per count (four where a unit is drawn 256 times or
    more): 100 MB instead of 800 MB for 1,000 resamples of 100,000 units;
    :func:`bootstrap_sums_many` takes either."""
    if not is_integer(n_units) or n_units < 1:
        raise ValueError(f"n_units must be a positive integer, got {n_units!r}")
    check_resampling(n_resamples, 0.5)
    blocks: list[CountArray] = []
    for draws in _draws(n_units, n_resamples, seed, rows=max(1, _CHUNK_CELLS // n_units)):
        # Row by row: one count per unit fits in a byte unless a unit is drawn 256 times.
        block: CountArray = np.empty(draws.shape, dtype=np.uint8)
        for row, drawn in enumerate(draws):
            counts = np.bincount(drawn, minlength=n_units)
            if int(counts.max()) > np.iinfo(block.dtype).max:
                block = block.astype(np.uint32)
            block[row] = counts
        blocks.append(block)
    return blocks


def bootstrap_sums(per_unit: FloatArray, statistic: SumStatistic, counts: Sequence[FloatArray],
                   *, confidence: float) -> BootstrapCI:
    """Percentile interval of ``statistic`` over resampled sums of ``per_unit`` rows.

    ``per_unit`` is units x features; ``statistic`` maps resamples x features sums to one
    value per resample (NaN = undefined, skipped and counted as in :func:`bootstrap_ci`);
    ``counts`` comes from :func:`resample_counts`. With the same seed the interval equals
    :func:`bootstrap_ci`'s of the same statistic recomputed on each resample.

    The share of hits over documents of ``[hits, tries]``, both ways:

    >>> docs = [(1, 2), (3, 4), (0, 4)]
    >>> ci = bootstrap_sums(np.array(docs, dtype=float), lambda sums: sums[:, 0] / sums[:, 1],
    ...                     resample_counts(3, n_resamples=200, seed=0), confidence=0.9)
    >>> direct = bootstrap_ci(docs, lambda ds: sum(h for h, _ in ds) / sum(t for _, t in ds),
    ...                       n_resamples=200, confidence=0.9, seed=0)
    >>> (ci.low, ci.high) == (direct.low, direct.high)
    True
    """
    return bootstrap_sums_many([(per_unit, statistic)], counts, confidence=confidence)[0][1]


def bootstrap_sums_many(requests: Sequence[tuple[FloatArray, SumStatistic]],
                        counts: Sequence[CountArray | FloatArray], *, confidence: float
                        ) -> list[tuple[float, BootstrapCI]]:
    """:func:`bootstrap_sums` of many statistics over the same units and resamples, with each
    statistic's value on all units: one matrix product per block of resamples for all of them
    (much faster than one product each). Empty units give NaN throughout."""
    check_resampling(max(1, sum(len(block) for block in counts)), confidence)
    sizes = {len(per_unit) for per_unit, _ in requests}
    if len(sizes) > 1:
        raise ValueError("every request needs the same number of units (rows), got "
                         f"{sorted(sizes)}")
    n_units = sizes.pop() if sizes else 0
    n_resamples = sum(len(block) for block in counts)
    if n_units == 0 or n_resamples == 0:
        undefined = BootstrapCI(math.nan, math.nan, confidence, n_resamples, n_resamples)
        return [(math.nan, undefined) for _ in requests]
    widths = {block.shape[1] for block in counts}
    if widths != {n_units}:
        raise ValueError(f"counts must have one column per unit ({n_units}), got {sorted(widths)}")
    stacked = np.hstack([per_unit for per_unit, _ in requests])
    edges = np.cumsum([0] + [per_unit.shape[1] for per_unit, _ in requests])
    sums = _resampled_sums(counts, stacked)
    totals = stacked.sum(axis=0)[None, :]
    results = []
    for k, (_, statistic) in enumerate(requests):
        columns = slice(edges[k], edges[k + 1])
        value = float(statistic(totals[:, columns])[0])
        results.append((value, percentile_interval(statistic(sums[:, columns]),
                                                   confidence=confidence)))
    return results


def _resampled_sums(counts: Sequence[CountArray | FloatArray], stacked: FloatArray
                    ) -> FloatArray:
    """All resamples' sums of the per-unit rows (resamples x features), one product per
    :data:`_UNIT_CHUNK` units for all resamples at once.

    A product per block of resamples read the whole ``stacked`` table again for each block:
    at 100,000 units (blocks of 41 resamples) that took 6.6 s, this 1.5 s. Integer counts
    are copied into one float64 buffer (exact), reused. Where the per-unit rows hold
    integers or halves (two or three raters per position, match counts) every order of
    adding gives the same sums; otherwise the last bit may depend on the order of adding,
    as it depended on the block sizes before."""
    n_resamples = sum(len(block) for block in counts)
    n_units = stacked.shape[0]
    # Columns that are zero on every unit sum to zero (a third of the study's: categories
    # and labels that occur nowhere counted).
    used = np.flatnonzero((stacked != 0).any(axis=0))
    if len(used) < stacked.shape[1]:
        every = np.zeros((n_resamples, stacked.shape[1]))
        every[:, used] = _resampled_sums(counts, stacked[:, used])
        return every
    sums = np.zeros((n_resamples, stacked.shape[1]))
    buffer = np.empty((n_resamples, min(_UNIT_CHUNK, n_units)))
    for first in range(0, n_units, _UNIT_CHUNK):
        columns = slice(first, min(first + _UNIT_CHUNK, n_units))
        part = buffer[:, :columns.stop - first]
        row = 0
        for block in counts:
            np.copyto(part[row:row + len(block)], block[:, columns])
            row += len(block)
        sums += part @ stacked[columns]
    return sums

"""Benchmark: our Krippendorff's alpha against ``krippendorff.alpha`` on a large table.

Run from the repository root as ``python bench/agreement.py``. Prints, per level, the median
of 5 timed runs of each implementation on the same seeded data (5 raters x 100,000 units,
10 categories, ~10% missing), the ratio of the medians and the largest absolute difference
between the two results. Target: ratio <= 0.25 with |diff| < 1e-9. Figures only; nothing
here asserts timings.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import krippendorff  # noqa: E402

from annotator.agreement import krippendorff_alpha  # noqa: E402

RATERS, UNITS, CATEGORIES, MISSING, RUNS, WARMUP, SEED = 5, 100_000, 10, 0.10, 5, 3, 20240501
LEVELS = ("nominal", "interval", "ordinal", "ratio")


def make_data() -> np.ndarray:
    rng = np.random.default_rng(SEED)
    data = rng.integers(0, CATEGORIES, size=(RATERS, UNITS)).astype(np.float64)
    data[rng.random(data.shape) < MISSING] = np.nan
    return data


def median_time(function: Callable[[], float]) -> tuple[float, float]:
    for _ in range(WARMUP):  # the first calls pay for imports and for growing the heap
        result = function()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    data = make_data()
    print(f"Krippendorff's alpha, {RATERS} raters x {UNITS:,} units, {CATEGORIES} categories, "
          f"{MISSING:.0%} missing; median of {RUNS} runs")
    print(f"{'level':<9} {'ours (ms)':>10} {'krippendorff (ms)':>18} {'ratio':>7} "
          f"{'|diff|':>9}  alpha")
    for level in LEVELS:
        ours_t, ours = median_time(lambda lv=level: krippendorff_alpha(data, level=lv))
        ref_t, ref = median_time(
            lambda lv=level: float(krippendorff.alpha(data, level_of_measurement=lv)))
        print(f"{level:<9} {ours_t * 1e3:>10.2f} {ref_t * 1e3:>18.2f} {ours_t / ref_t:>7.3f} "
              f"{abs(ours - ref):>9.1e}  {ours:.6f}")


if __name__ == "__main__":
    main()

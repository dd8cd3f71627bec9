"""Percentile bootstrap over resampled units."""

import math

import numpy as np
import pytest

from annotator.agreement.metrics import BootstrapCI, bootstrap_ci, krippendorff_alpha
from annotator.agreement.metrics.bootstrap import (
    bootstrap_sums,
    bootstrap_sums_many,
    resample_counts,
)


def test_reproducible_with_seed_and_unpacks():
    units = list(range(30))
    first = bootstrap_ci(units, np.mean, n_resamples=300, seed=7)
    assert first == bootstrap_ci(units, np.mean, n_resamples=300, seed=7)
    assert first != bootstrap_ci(units, np.mean, n_resamples=300, seed=8)
    low, high = first
    assert (low, high) == (first.low, first.high)
    assert isinstance(first, BootstrapCI)
    assert first.n_skipped == 0 and first.n_resamples == 300 and first.confidence == 0.95


def test_interval_brackets_the_mean_and_narrows_with_confidence():
    units = list(np.random.default_rng(0).normal(10.0, 2.0, size=200))
    wide = bootstrap_ci(units, np.mean, n_resamples=2000, confidence=0.99)
    narrow = bootstrap_ci(units, np.mean, n_resamples=2000, confidence=0.5)
    assert wide.low < narrow.low < np.mean(units) < narrow.high < wide.high
    # The standard error of a mean of 200 draws with sd 2 is ~0.14; the 95% width ~0.55.
    normal = bootstrap_ci(units, np.mean, n_resamples=2000)
    assert 0.4 < normal.high - normal.low < 0.7


def test_undefined_resamples_are_skipped_and_counted():
    def statistic(sample):
        if all(u == sample[0] for u in sample):
            raise ValueError("no variation")
        return float(np.mean(sample))

    result = bootstrap_ci([0, 1], statistic, n_resamples=400)
    # Half of all two-unit resamples repeat one unit.
    assert 150 < result.n_skipped < 250
    assert 0.0 <= result.low <= result.high <= 1.0


def test_nan_results_are_skipped():
    docs = [[[1, 1], [1, 1]], [[2, 2, 1], [2, 1, 1]], [[2], [2]]]
    result = bootstrap_ci(docs, lambda ds: krippendorff_alpha(np.hstack(ds)), n_resamples=200)
    assert result.n_skipped > 0
    assert not math.isnan(result.low)


def test_all_skipped_gives_nan_interval():
    result = bootstrap_ci([1, 2, 3], lambda _: math.nan, n_resamples=10)
    assert math.isnan(result.low) and math.isnan(result.high) and result.n_skipped == 10


def test_other_errors_propagate():
    def broken(_):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        bootstrap_ci([1, 2], broken, n_resamples=5)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"units": []}, ValueError, "units is empty"),
    ({"n_resamples": 0}, ValueError, "n_resamples"),
    ({"n_resamples": 2.5}, ValueError, "n_resamples"),
    ({"confidence": 1.0}, ValueError, "confidence"),
    ({"confidence": 0}, ValueError, "confidence"),
    ({"statistic": "mean"}, TypeError, "callable"),
])
def test_validation(kwargs, error, message):
    arguments = {"units": [1, 2, 3], "statistic": np.mean} | kwargs
    units, statistic = arguments.pop("units"), arguments.pop("statistic")
    with pytest.raises(error, match=message):
        bootstrap_ci(units, statistic, **arguments)


def test_resample_counts_match_bootstrap_ci_draws():
    blocks = resample_counts(7, n_resamples=50, seed=1)
    draws = np.random.default_rng(1).integers(0, 7, size=(50, 7))
    expected = np.stack([np.bincount(row, minlength=7) for row in draws])
    assert np.array_equal(np.vstack(blocks), expected)


def test_many_sums_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(2)
    counts = resample_counts(12, n_resamples=80, seed=3)
    first, second = rng.integers(0, 5, size=(12, 2)).astype(float), rng.random((12, 3))
    share = lambda sums: sums[:, 0] / sums[:, 1]  # noqa: E731
    total = lambda sums: sums.sum(axis=1)  # noqa: E731
    many = bootstrap_sums_many([(first, share), (second, total)], counts, confidence=0.8)
    assert many[0][1] == bootstrap_sums(first, share, counts, confidence=0.8)
    assert many[1][1] == bootstrap_sums(second, total, counts, confidence=0.8)
    assert many[1][0] == pytest.approx(second.sum())
    (value, ci), = bootstrap_sums_many([(np.zeros((0, 2)), share)], [], confidence=0.8)
    assert math.isnan(value) and math.isnan(ci.low) and ci.n_resamples == 0


def test_sums_refuse_mismatched_input():
    counts = resample_counts(4, n_resamples=5, seed=0)
    with pytest.raises(ValueError, match="same number of units"):
        bootstrap_sums_many([(np.ones((4, 1)), np.ravel), (np.ones((3, 1)), np.ravel)], counts,
                            confidence=0.9)
    with pytest.raises(ValueError, match=r"one column per unit \(3\), got \[4\]"):
        bootstrap_sums(np.ones((3, 1)), np.ravel, counts, confidence=0.9)
    with pytest.raises(ValueError, match="confidence must lie strictly between 0 and 1"):
        bootstrap_sums(np.ones((4, 1)), np.ravel, counts, confidence=95)
    with pytest.raises(ValueError, match="n_units must be a positive integer"):
        resample_counts(0, n_resamples=5, seed=0)
    with pytest.raises(ValueError, match="n_resamples must be a positive integer"):
        resample_counts(3, n_resamples=True, seed=0)

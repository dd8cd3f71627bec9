"""Percentile bootstrap over resampled units."""

import math

import numpy as np
import pytest

from annotator.agreement.metrics import BootstrapCI, bootstrap_ci, krippendorff_alpha


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

"""The compact resample counts and the chunked sums against the plain forms."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import bootstrap
from annotator.agreement.metrics.bootstrap import (
    bootstrap_sums_many,
    count_blocks,
    resample_counts,
)

HYPOTHESIS = settings.get_profile("agreement")


@HYPOTHESIS
@given(st.integers(1, 5000), st.integers(1, 7), st.integers(0, 2 ** 32))
def test_int32_draws_are_the_documented_int64_draws(n_units, rows, seed):
    (draws,) = bootstrap._draws(n_units, rows, seed, rows=rows)
    expected = np.random.default_rng(seed).integers(0, n_units, size=(rows, n_units))
    assert np.array_equal(draws, expected)


@HYPOTHESIS
@given(st.integers(1, 300), st.integers(1, 40), st.integers(0, 1000))
def test_count_blocks_are_the_resample_counts(n_units, n_resamples, seed):
    compact = count_blocks(n_units, n_resamples=n_resamples, seed=seed)
    plain = resample_counts(n_units, n_resamples=n_resamples, seed=seed)
    assert all(block.dtype.kind == "u" for block in compact)
    assert np.array_equal(np.vstack(compact).astype(np.float64), np.vstack(plain))


@HYPOTHESIS
@given(st.integers(1, 60), st.integers(1, 30), st.integers(1, 7), st.data())
def test_sums_in_chunks_of_units_equal_one_product(n_units, n_resamples, chunk, data):
    values = np.array(data.draw(st.lists(st.integers(-50, 50), min_size=n_units * 3,
                                         max_size=n_units * 3)), dtype=np.float64)
    per_unit = values.reshape(n_units, 3) / 2  # halves: every order of adding is exact
    counts = count_blocks(n_units, n_resamples=n_resamples, seed=1)
    old = bootstrap._UNIT_CHUNK
    bootstrap._UNIT_CHUNK = chunk
    try:
        sums = bootstrap._resampled_sums(counts, per_unit)
    finally:
        bootstrap._UNIT_CHUNK = old
    assert np.array_equal(sums, np.vstack(counts).astype(np.float64) @ per_unit)


def test_compact_and_float_counts_give_the_same_intervals():
    per_unit = np.arange(40, dtype=np.float64).reshape(20, 2) % 7
    share = lambda sums: sums[:, 0] / sums[:, 1]  # noqa: E731
    compact = bootstrap_sums_many([(per_unit, share)],
                                  count_blocks(20, n_resamples=300, seed=4), confidence=0.9)
    plain = bootstrap_sums_many([(per_unit, share)],
                                resample_counts(20, n_resamples=300, seed=4), confidence=0.9)
    assert compact == plain


def test_count_blocks_refuses_no_units():
    with pytest.raises(ValueError, match="n_units"):
        count_blocks(0, n_resamples=5, seed=0)


def test_counts_beyond_a_byte_widen_the_block(monkeypatch):
    n_units = 300
    heavy = np.zeros((2, n_units), dtype=np.int64)  # every draw the first unit
    monkeypatch.setattr(bootstrap, "_draws", lambda *args, **kwargs: [heavy])
    (block,) = count_blocks(n_units, n_resamples=2, seed=0)
    assert block.dtype == np.uint32 and block[:, 0].tolist() == [300, 300]

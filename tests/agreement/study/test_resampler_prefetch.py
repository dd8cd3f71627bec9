"""Resample counts drawn ahead in a thread are the ones drawn on demand."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.metrics.bootstrap import count_blocks
from annotator.agreement.study.resampler import Resampler


@settings(max_examples=30, deadline=None)
@given(n_units=st.integers(1, 300), n_resamples=st.integers(1, 60), seed=st.integers(0, 2 ** 32 - 1),
       other=st.integers(1, 300))
def test_prefetched_counts_equal_counts_drawn_on_demand(n_units: int, n_resamples: int, seed: int,
                                                       other: int) -> None:
    ahead = Resampler(n_resamples=n_resamples, seed=seed, confidence=0.9)
    ahead.prefetch(n_units)
    ahead.prefetch(n_units)  # a second prefetch of the same size draws nothing new
    expected = count_blocks(n_units, n_resamples=n_resamples, seed=seed)
    for got in (ahead.counts(n_units), ahead.counts(n_units)):
        assert [b.tolist() for b in got] == [b.tolist() for b in expected]
    # a size that was not prefetched is drawn on demand, the same as before
    assert np.array_equal(np.vstack(ahead.counts(other)),
                          np.vstack(count_blocks(other, n_resamples=n_resamples, seed=seed)))


def test_nothing_to_draw_for_no_units() -> None:
    resample = Resampler(n_resamples=10, seed=0, confidence=0.9)
    resample.prefetch(0)
    assert resample.estimate_all([]) == []

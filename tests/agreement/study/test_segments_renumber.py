"""Re-numbering of "which label" codes and the sorted unique boundaries, against numpy."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given

from annotator.agreement.study.segments import _renumber, _sorted_unique

from .test_positions import HYPOTHESIS

codes_ = st.lists(st.sampled_from([0, 1, 5, 2 ** 22, 2 ** 22 + 3, 2 ** 40, 2 ** 59]),
                  min_size=1, max_size=40)


@HYPOTHESIS
@given(st.integers(1, 3), codes_)
def test_renumber_is_the_rank_among_the_values(rows, values):
    codes = np.resize(np.array(values, dtype=np.int64), (rows, len(values)))
    _, inverse = np.unique(codes, return_inverse=True)
    assert np.array_equal(_renumber(codes), inverse.reshape(codes.shape))


@HYPOTHESIS
@given(st.lists(st.integers(-5, 2 ** 40), max_size=50))
def test_sorted_unique_is_numpys_unique(values):
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(_sorted_unique(array), np.unique(array))

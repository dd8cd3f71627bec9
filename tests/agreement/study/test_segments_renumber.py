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


@st.composite
def coded_spans(draw):
    n_labels = draw(st.sampled_from([1, 3, 8, 9, 16, 17, 32, 33, 61, 70]))
    n_rows, n_positions = draw(st.integers(1, 3)), draw(st.integers(1, 30))
    spans = draw(st.lists(st.tuples(st.integers(0, n_rows - 1), st.integers(0, n_labels - 1),
                                    st.integers(0, n_positions), st.integers(0, n_positions)),
                          max_size=40))
    return n_labels, n_rows, n_positions, spans


@HYPOTHESIS
@given(coded_spans())
def test_narrow_codes_equal_the_int64_codes(case):
    """"Which label" codes built in uint8/16/32 are those built in int64 (renumbered every 60
    labels), and presence is the same."""
    import annotator.agreement.study.segments as segments

    n_labels, n_rows, n_positions, spans = case
    table = np.array([(r, lab, min(a, b), max(a, b)) for r, lab, a, b in spans],
                     dtype=np.int64).reshape(-1, 4)
    bounds = np.array([0, n_positions // 2, n_positions], dtype=np.int64)

    def encode():
        return segments.encode_positions(bounds, table[:, 2], table[:, 3], table[:, 0],
                                         table[:, 1], n_rows=n_rows, n_labels=n_labels)

    narrow = encode()
    original = segments._code_type
    segments._code_type = lambda n: np.int64
    try:
        wide = encode()
    finally:
        segments._code_type = original
    assert narrow.combined.dtype == np.int64
    assert np.array_equal(narrow.combined, wide.combined)
    assert narrow.n_combined == wide.n_combined
    assert all(np.array_equal(a, b) for a, b in zip(narrow.presence, wide.presence, strict=True))

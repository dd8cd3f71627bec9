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
    n_labels = draw(st.sampled_from([0, 1, 3, 8, 9, 16, 17, 32, 33, 61, 70]))
    n_rows, n_positions = draw(st.integers(1, 3)), draw(st.integers(1, 30))
    spans = draw(st.lists(st.tuples(st.integers(0, n_rows - 1), st.integers(0, max(n_labels - 1, 0)),
                                    st.integers(0, n_positions), st.integers(0, n_positions)),
                          max_size=40 if n_labels else 0))
    return n_labels, n_rows, n_positions, spans


def dense_reference(bounds, first, stop, rows, labels, n_rows, n_labels):
    """The full tables: per label and rater, positions covered by a span of theirs (then
    per segment), "which label" as the rank of the set of labels, "any span"."""
    size = int(bounds[-1])
    cover = np.zeros((n_labels, n_rows, size), dtype=bool)
    for f, s, r, lab in zip(first, stop, rows, labels, strict=True):
        cover[lab, r, f:s] = True
    bits = np.zeros((n_rows, size), dtype=object)
    for lab in range(n_labels):
        bits = bits * 2 + cover[lab]
    return cover, bits, cover.any(axis=0) if n_labels else np.zeros((n_rows, size), bool)


@HYPOTHESIS
@given(coded_spans())
def test_codes_equal_the_full_tables(case):
    """Covered cells, "which label" codes (sparse: set bit by bit; dense: shifted label by
    label, past 32 labels) and "any span" against full positions x labels tables."""
    import annotator.agreement.study.segments as segments

    n_labels, n_rows, n_positions, spans = case
    table = np.array([(r, lab, min(a, b), max(a, b)) for r, lab, a, b in spans],
                     dtype=np.int64).reshape(-1, 4)
    bounds = np.array([0, n_positions // 2, n_positions], dtype=np.int64)
    codes = segments.encode_positions(bounds, table[:, 2], table[:, 3], table[:, 0],
                                      table[:, 1], n_rows=n_rows, n_labels=n_labels)
    cover, bits, anywhere = dense_reference(bounds, table[:, 2], table[:, 3], table[:, 0],
                                            table[:, 1], n_rows, n_labels)
    starts = codes.segments.starts
    assert codes.combined.dtype == np.int64
    presence = codes.presence
    assert len(presence) == n_labels
    for lab in range(n_labels):
        assert np.array_equal(presence[lab], cover[lab][:, starts])
        assert np.array_equal(codes.covered[lab], np.flatnonzero(cover[lab][:, starts]))
    assert np.array_equal(codes.any_span(), anywhere[:, starts])
    _, inverse = np.unique(bits[:, starts].astype(float) if n_labels <= 32 else
                           bits[:, starts].astype(str), return_inverse=True)
    if n_labels <= 32:
        assert np.array_equal(codes.combined, inverse.reshape(codes.combined.shape))
    assert codes.n_combined == int(codes.combined.max()) + 1


@HYPOTHESIS
@given(coded_spans())
def test_sparse_codes_equal_the_dense_ones(case):
    import annotator.agreement.study.segments as segments

    n_labels, n_rows, n_positions, spans = case
    if n_labels > segments._SPARSE_LABELS:
        return
    table = np.array([(r, lab, min(a, b), max(a, b)) for r, lab, a, b in spans],
                     dtype=np.int64).reshape(-1, 4)
    bounds = np.array([0, n_positions // 2, n_positions], dtype=np.int64)

    def encode():
        return segments.encode_positions(bounds, table[:, 2], table[:, 3], table[:, 0],
                                         table[:, 1], n_rows=n_rows, n_labels=n_labels)

    sparse = encode()
    original = segments._SPARSE_LABELS
    segments._SPARSE_LABELS = -1
    try:
        dense = encode()
    finally:
        segments._SPARSE_LABELS = original
    assert np.array_equal(sparse.combined, dense.combined)
    assert sparse.n_combined == dense.n_combined
    assert all(np.array_equal(a, b) for a, b in zip(sparse.covered, dense.covered, strict=True))
    assert np.array_equal(sparse.any_span(), dense.any_span())

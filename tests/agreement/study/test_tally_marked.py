""""Which label" tallied from the marked segments only, against the tally of every segment."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given

from annotator.agreement.metrics.tally import tally
from annotator.agreement.study.compute import _tally_marked
from annotator.agreement.study.segments import encode_positions, with_missing

from .test_positions import HYPOTHESIS
from .test_segments_renumber import coded_spans


@HYPOTHESIS
@given(coded_spans(), st.data())
def test_the_figures_are_those_of_every_segment_to_the_last_bit(case, data):
    n_labels, n_rows, n_positions, spans = case
    table = np.array([(r, lab, min(a, b), max(a, b)) for r, lab, a, b in spans],
                     dtype=np.int64).reshape(-1, 4)
    n_docs = data.draw(st.integers(1, 4))
    cuts = sorted(data.draw(st.lists(st.integers(0, n_positions), min_size=n_docs - 1,
                                     max_size=n_docs - 1)))
    bounds = np.array([0, *cuts, n_positions], dtype=np.int64)
    codes = encode_positions(bounds, table[:, 2], table[:, 3], table[:, 0], table[:, 1],
                             n_rows=n_rows, n_labels=n_labels)
    # who counts on which document (raters x documents), spread over the segments
    raters = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=n_docs, max_size=n_docs),
                                         min_size=n_rows, max_size=n_rows)), dtype=bool)
    counts = raters[:, codes.segments.doc]
    rows = data.draw(st.sampled_from([slice(0, n_rows), list(range(n_rows))[::-1],
                                      [0, n_rows - 1]]))
    expected = tally(with_missing(codes.combined[rows], counts[rows]), codes.segments.weights,
                     codes.segments.doc, n_groups=n_docs, n_categories=codes.n_combined)
    got = _tally_marked(codes, counts, rows, n_docs)
    assert got.disagree.tobytes() == expected.disagree.tobytes()
    assert got.marginals.tobytes() == expected.marginals.tobytes()

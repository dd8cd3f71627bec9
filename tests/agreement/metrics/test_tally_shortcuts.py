"""The tallies' shortcuts give the very numbers of the plain way (the study's report must
not change in its last digit)."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings

from annotator.agreement.metrics import tally as tally_module
from annotator.agreement.metrics.tally import PresenceTallier, tally

HYPOTHESIS = settings.get_profile("agreement")


@st.composite
def tables(draw, *, max_raters=8):
    raters = draw(st.integers(1, max_raters))
    units = draw(st.integers(1, 15))
    categories = draw(st.integers(3, 6))
    codes = np.array(draw(st.lists(st.lists(st.integers(-1, categories - 1), min_size=units,
                                            max_size=units), min_size=raters, max_size=raters)))
    weights = np.array(draw(st.lists(st.integers(1, 40), min_size=units, max_size=units)),
                       dtype=np.float64)
    groups = np.array(draw(st.lists(st.integers(0, 3), min_size=units, max_size=units)))
    return codes, weights, groups, categories


def _same(a, b):
    assert np.array_equal(a.disagree, b.disagree)
    assert np.array_equal(a.marginals, b.marginals)


@HYPOTHESIS
@given(tables())
def test_squares_by_pairs_equal_counting_categories(table):
    codes, weights, groups, categories = table
    by_pairs = tally(codes, weights, groups, n_groups=4, n_categories=categories)
    old = tally_module._FEW_RATERS
    tally_module._FEW_RATERS = 0
    try:
        counted = tally(codes, weights, groups, n_groups=4, n_categories=categories)
    finally:
        tally_module._FEW_RATERS = old
    _same(by_pairs, counted)


@HYPOTHESIS
@given(tables(), st.booleans())
def test_presence_tallier_gives_the_numbers_of_tally(table, fractional):
    codes, weights, groups, _ = table
    if fractional:  # weights that are not whole: the "no" totals are added unit by unit
        weights = weights / 3
    counted = codes >= 0
    presence = (codes % 2 == 1) & counted
    fast = PresenceTallier(counted, weights, groups, n_groups=4).tally(presence)
    plain = tally(np.where(counted, presence.astype(int), -1), weights, groups, n_groups=4,
                  n_categories=2)
    _same(fast, plain)


@HYPOTHESIS
@given(tables(), st.booleans(), st.integers(0, 2), st.data())
def test_presence_from_cells_gives_the_numbers_of_the_table(table, fractional, extra_rows,
                                                            data):
    """tally_cells (a label's covered cells, maybe with rows past the counted table's, as
    the gold row) equals tally of the full yes/no table, to the last digit."""
    codes, weights, groups, _ = table
    if fractional:
        weights = weights / 3
    counted = codes >= 0
    n_rows, n_units = codes.shape
    marks = np.array(data.draw(st.lists(st.booleans(), min_size=(n_rows + extra_rows) * n_units,
                                        max_size=(n_rows + extra_rows) * n_units)), dtype=bool)
    cells = np.flatnonzero(marks)
    presence = marks[:n_rows * n_units].reshape(n_rows, n_units)
    tallier = PresenceTallier(counted.T.copy().T, weights, groups, n_groups=4)
    _same(tallier.tally_cells(cells), tallier.tally(presence))
    _same(tallier.tally_cells(cells),
          tally(np.where(counted, presence.astype(int), -1), weights, groups, n_groups=4,
                n_categories=2))

"""Cohen's kappa, Scott's pi, Fleiss' kappa and percent agreement."""

import math
import warnings

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.agreement.metrics import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)

HYPOTHESIS = settings.get_profile("agreement")

# Krippendorff (1995), figure on p. 57: pairs of observers unitizing 24 positions, read as
# binary units (the "digitized" coefficients he reports alongside alpha_U).
K1995 = {
    "A": ([0, 0] + [1] * 8 + [0] * 4 + [1] * 6 + [0] * 4,
          [0] * 4 + [1] * 4 + [0] * 7 + [1] * 2 + [0] * 7),
    "B": ([1] * 18 + [0] * 6, [1] * 10 + [0] * 14),
    "C": ([0, 0] + [1] * 6 + [0, 0, 1, 1, 0, 0] + [1] * 4 + [0, 0, 1, 1, 0, 0],
          [1, 1, 0, 0] + [1] * 4 + [0, 0] + [1] * 4 + [0, 0, 1, 1, 0, 0, 1, 1, 0, 0]),
    "D": ([1] * 24, [1] * 24),
}

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
FLEISS_WIKI = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
               [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
               [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def _from_counts(table):
    """Raters x units data from a units x categories count table."""
    units = [[c for c, k in enumerate(row, start=1) for _ in range(k)] for row in table]
    return [list(r) for r in zip(*units, strict=True)]


def test_cohen_wikipedia_example():
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(("example", "kappa", "pi"), [
    ("A", 0.385, 0.314), ("B", 0.385, 0.314), ("C", 0.314, 0.314)])
def test_krippendorff_1995_digitized(example, kappa, pi):
    a, b = K1995[example]
    assert round(cohen_kappa(a, b), 3) == kappa
    assert round(scott_pi(a, b), 3) == pi


def test_krippendorff_1995_digitized_alpha():
    assert round(krippendorff_alpha(list(K1995["A"])), 3) == 0.329


def test_krippendorff_1995_no_variation_is_nan():
    a, b = K1995["D"]
    assert math.isnan(cohen_kappa(a, b))
    assert math.isnan(scott_pi(a, b))
    assert math.isnan(cohen_kappa(a, b, weights="quadratic"))


def test_fleiss_wikipedia_example():
    assert round(fleiss_kappa(_from_counts(FLEISS_WIKI)), 3) == 0.210


def test_fleiss_matches_statsmodels_on_wikipedia_example():
    assert fleiss_kappa(_from_counts(FLEISS_WIKI)) == pytest.approx(
        sm_fleiss_kappa(np.array(FLEISS_WIKI)), abs=1e-12)


def test_fleiss_allows_missing_values_with_equal_counts():
    data = [[1, None, 2], [1, 2, None], [None, 2, 2]]
    complete = [[1, 2, 2], [1, 2, 2]]
    assert fleiss_kappa(data) == pytest.approx(fleiss_kappa(complete))


def test_fleiss_uneven_counts_raise():
    with pytest.raises(ValueError, match="unit 1 has 1"):
        fleiss_kappa([[1, None], [1, 2]])


def test_fleiss_needs_two_ratings_per_unit():
    with pytest.raises(ValueError, match="at least 2 ratings"):
        fleiss_kappa([[1, None], [None, 2]])


def test_fleiss_no_variation_is_nan():
    assert math.isnan(fleiss_kappa([["x", "x"], ["x", "x"]]))


def test_weighted_kappa_known_value():
    # Linear weights on 3 ordered categories; checked by hand:
    # observed weighted disagreement 2/4, chance 7/8 -> 1 - (1/2) / (7/8) = 3/7.
    a, b = [1, 2, 3, 3], [1, 3, 3, 2]
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(3 / 7)


def test_weights_use_positions_not_values():
    a, b = [1, 2, 10, 10], [1, 10, 10, 2]
    spread = cohen_kappa(a, b, weights="quadratic")
    assert spread == pytest.approx(cohen_kappa([1, 2, 3, 3], [1, 3, 3, 2], weights="quadratic"))


@pytest.mark.parametrize("function", [cohen_kappa, scott_pi])
@pytest.mark.parametrize(("a", "b", "message"), [
    ([1, 2], [1], "same length"),
    ([], [], "empty"),
    ([1, None], [1, 2], "missing value"),
    ([1, "x"], [1, 2], "mixes numbers and strings"),
])
def test_two_rater_validation(function, a, b, message):
    with pytest.raises(ValueError, match=message):
        function(a, b)


def test_unknown_weights_raise():
    with pytest.raises(ValueError, match="weights must be"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")


def test_percent_agreement_hand_computed():
    data = [["a", "a", "b", None], ["a", "b", "b", "c"], ["a", None, "c", None]]
    assert percent_agreement(data) == pytest.approx((1 + 0 + 1 / 3) / 3)


def test_percent_agreement_without_pairs_is_nan():
    assert math.isnan(percent_agreement([[1, None], [None, 2]]))


def test_percent_agreement_needs_two_raters():
    with pytest.raises(ValueError, match="at least 2 raters"):
        percent_agreement([[1, 2, 3]])


@st.composite
def label_pairs(draw):
    kind = draw(st.sampled_from([st.integers(0, 4), st.sampled_from(["neg", "neu", "pos"])]))
    n = draw(st.integers(1, 40))
    return draw(st.lists(kind, min_size=n, max_size=n)), draw(st.lists(kind, min_size=n,
                                                                        max_size=n))


def _same(ours, theirs):
    if math.isnan(theirs):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)


@HYPOTHESIS
@given(label_pairs(), st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_matches_sklearn(pair, weights):
    a, b = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns before returning NaN
        theirs = cohen_kappa_score(a, b, weights=weights)
    _same(cohen_kappa(a, b, weights=weights), theirs)


def _statsmodels_fleiss(raters_by_units):
    table, _ = aggregate_raters(np.array(raters_by_units, dtype=object).T)
    with np.errstate(all="ignore"):
        return sm_fleiss_kappa(table)


@HYPOTHESIS
@given(label_pairs())
def test_scott_pi_is_fleiss_kappa_with_two_raters(pair):
    a, b = pair
    _same(scott_pi(a, b), _statsmodels_fleiss([a, b]))


@st.composite
def complete_tables(draw):
    raters, units = draw(st.integers(2, 6)), draw(st.integers(1, 30))
    kind = draw(st.sampled_from([st.integers(0, 4), st.sampled_from(["neg", "neu", "pos"])]))
    return [[draw(kind) for _ in range(units)] for _ in range(raters)]


@HYPOTHESIS
@given(complete_tables())
def test_fleiss_matches_statsmodels(data):
    _same(fleiss_kappa(data), _statsmodels_fleiss(data))


@HYPOTHESIS
@given(label_pairs())
def test_percent_agreement_of_two_complete_raters_is_share_of_equal_labels(pair):
    a, b = pair
    assert percent_agreement([a, b]) == pytest.approx(np.mean([x == y for x, y in zip(
        a, b, strict=True)]))


@HYPOTHESIS
@given(complete_tables(), st.data())
def test_percent_agreement_matches_pair_counting(data, draw):
    holes = draw.draw(st.lists(st.booleans(), min_size=len(data) * len(data[0]),
                               max_size=len(data) * len(data[0])))
    flat = iter(holes)
    with_missing = [[None if next(flat) else v for v in row] for row in data]
    shares = []
    for column in zip(*with_missing, strict=True):
        present = [v for v in column if v is not None]
        pairs = [(x, y) for i, x in enumerate(present) for y in present[i + 1:]]
        if pairs:
            shares.append(np.mean([x == y for x, y in pairs]))
    result = percent_agreement(with_missing)
    if shares:
        assert result == pytest.approx(np.mean(shares))
    else:
        assert math.isnan(result)

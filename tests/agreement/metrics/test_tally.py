"""Additive tallies and the re-adding bootstrap against krippendorff_alpha and bootstrap_ci."""

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import bootstrap_ci, krippendorff_alpha
from annotator.agreement.metrics.bootstrap import bootstrap_sums, resample_counts
from annotator.agreement.metrics.tally import (
    PresenceTallier,
    alpha_from_sums,
    alpha_of_features,
    features,
    observed_agreement,
    tally,
)

HYPOTHESIS = settings.get_profile("agreement")


@st.composite
def weighted_tables(draw):
    raters = draw(st.integers(2, 4))
    units = draw(st.integers(1, 12))
    categories = draw(st.integers(2, 4))
    codes = np.array(draw(st.lists(st.lists(st.integers(-1, categories - 1), min_size=units,
                                            max_size=units), min_size=raters, max_size=raters)))
    weights = np.array(draw(st.lists(st.integers(1, 3), min_size=units, max_size=units)))
    groups = np.array(draw(st.lists(st.integers(0, 2), min_size=units, max_size=units)))
    return codes, weights, groups, categories


def expand(codes, weights):
    """The full raters x positions table a weighted table stands for (NaN = missing)."""
    table = np.repeat(codes, weights, axis=1).astype(float)
    table[table < 0] = np.nan
    return table


@HYPOTHESIS
@given(weighted_tables())
def test_tally_gives_krippendorffs_alpha(table):
    codes, weights, groups, categories = table
    result = tally(codes, weights.astype(float), groups, n_groups=3, n_categories=categories)
    ours = float(alpha_from_sums(*result.summed()))
    reference = krippendorff_alpha(expand(codes, weights))
    assert (math.isnan(ours) and math.isnan(reference)) or ours == pytest.approx(reference,
                                                                                 abs=1e-9)
    # Per group as well: each group's tally is that group's alpha.
    for group in range(3):
        mask = groups == group
        if not mask.any():
            continue
        ours = float(alpha_from_sums(*result.summed(np.array([group]))))
        reference = krippendorff_alpha(expand(codes[:, mask], weights[mask]))
        assert (math.isnan(ours) and math.isnan(reference)) or ours == pytest.approx(
            reference, abs=1e-9)


def test_binary_fast_path_equals_general_path():
    rng = np.random.default_rng(3)
    codes = rng.integers(-1, 2, size=(4, 200))
    weights = rng.integers(1, 5, size=200).astype(float)
    groups = rng.integers(0, 5, size=200)
    binary = tally(codes, weights, groups, n_groups=5, n_categories=2)
    general = tally(codes, weights, groups, n_groups=5, n_categories=3)  # a third, unused category
    assert np.allclose(binary.disagree, general.disagree)
    assert np.allclose(binary.marginals, general.marginals[:, :2])


@HYPOTHESIS
@given(weighted_tables())
def test_presence_tallier_equals_tally(table):
    codes, weights, groups, _ = table
    counted = codes >= 0
    presence = (codes % 2 == 1) & counted
    fast = PresenceTallier(counted, weights.astype(float), groups, n_groups=3).tally(presence)
    slow = tally(np.where(counted, presence.astype(int), -1), weights.astype(float), groups,
                 n_groups=3, n_categories=2)
    assert np.allclose(fast.disagree, slow.disagree) and np.allclose(fast.marginals, slow.marginals)


def test_observed_agreement_and_undefined_cases():
    assert float(observed_agreement(1.0, np.array([2.0, 2.0]))) == 0.75
    assert math.isnan(float(alpha_from_sums(0.0, np.array([6.0, 0.0]))))  # no variation
    assert math.isnan(float(alpha_from_sums(0.0, np.array([1.0, 0.0]))))  # one value
    empty = tally(np.array([[0, -1], [-1, 1]]), np.ones(2), np.zeros(2, dtype=int), n_groups=1,
                  n_categories=2)
    assert empty.disagree.sum() == 0 and empty.marginals.sum() == 0


def test_bootstrap_by_re_adding_equals_bootstrap_ci():
    rng = np.random.default_rng(11)
    docs = []
    for _ in range(15):
        units = int(rng.integers(3, 20))
        truth = rng.integers(0, 3, size=units)
        noisy = np.where(rng.random((3, units)) < 0.3, rng.integers(0, 3, size=(3, units)), truth)
        noisy[rng.random((3, units)) < 0.1] = -1
        docs.append(noisy)
    codes = np.hstack(docs)
    groups = np.repeat(np.arange(len(docs)), [d.shape[1] for d in docs])
    result = tally(codes, np.ones(codes.shape[1]), groups, n_groups=len(docs), n_categories=3)
    ours = bootstrap_sums(features(result, np.arange(len(docs))), alpha_of_features,
                          resample_counts(len(docs), n_resamples=300, seed=5), confidence=0.9)
    reference = bootstrap_ci(docs, lambda ds: krippendorff_alpha(expand(np.hstack(ds), 1)),
                             n_resamples=300, seed=5, confidence=0.9)
    assert ours.low == pytest.approx(reference.low, abs=1e-9)
    assert ours.high == pytest.approx(reference.high, abs=1e-9)
    assert ours.n_skipped == reference.n_skipped


def test_sparse_counting_path_equals_the_dense_one(monkeypatch):
    import annotator.agreement.metrics.tally as tally_module

    rng = np.random.default_rng(4)
    codes = rng.integers(-1, 5, size=(3, 300))
    weights, groups = rng.integers(1, 4, size=300).astype(float), rng.integers(0, 4, size=300)
    dense = tally(codes, weights, groups, n_groups=4, n_categories=5)
    monkeypatch.setattr(tally_module, "_DENSE_CELLS", 0)
    sparse = tally(codes, weights, groups, n_groups=4, n_categories=5)
    assert np.allclose(dense.disagree, sparse.disagree)
    assert np.allclose(dense.marginals, sparse.marginals)


def test_malformed_tallies_are_refused():
    codes, ones = np.array([[0, 1, -1], [1, 1, 0]]), np.ones(3)
    groups = np.zeros(3, dtype=int)
    with pytest.raises(ValueError, match=r"one entry per unit \(3\), got shapes \(2,\)"):
        tally(codes, np.ones(2), groups, n_groups=1, n_categories=2)
    with pytest.raises(ValueError, match="n_groups must be a non-negative integer"):
        tally(codes, ones, groups, n_groups=1.0, n_categories=2)
    with pytest.raises(ValueError, match="raters x units table"):
        tally(codes[0], ones, groups, n_groups=1, n_categories=2)
    with pytest.raises(ValueError, match="n_categories must be a positive integer"):
        tally(codes, ones, groups, n_groups=1, n_categories=0)
    with pytest.raises(ValueError, match="one entry per unit"):
        PresenceTallier(codes >= 0, ones, groups[:2], n_groups=1)

"""Constrained average linkage: without constraints it is plain average linkage (checked against
scipy), and with them no cluster ever holds a cannot-link pair."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from annotator.claims.linkage import average_linkage


def _partition(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist())}


def _no_ties(similarity: np.ndarray, tree: np.ndarray, threshold: float, margin: float = 1e-9) -> bool:
    """Whether, replaying scipy's merges, every merge above the threshold was the single best
    one by `margin`, and no merge average sits within `margin` of the threshold."""
    clusters: list[list[int]] = [[i] for i in range(len(similarity))]
    alive = set(range(len(clusters)))
    for a, b, _, _ in tree:
        averages = sorted((float(similarity[np.ix_(clusters[x], clusters[y])].mean())
                           for x in alive for y in alive if x < y), reverse=True)
        if abs(averages[0] - threshold) <= margin:
            return False
        if averages[0] < threshold:
            return True
        if len(averages) > 1 and averages[0] - averages[1] <= margin:
            return False
        clusters.append(clusters[int(a)] + clusters[int(b)])
        alive -= {int(a), int(b)}
        alive.add(len(clusters) - 1)
    return True


@st.composite
def similarities(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 12))
    # distinct values on a coarse grid: ties make the merge order (and so the result) arbitrary
    values = draw(st.lists(st.integers(0, 10_000), min_size=n * (n - 1) // 2,
                           max_size=n * (n - 1) // 2, unique=True))
    matrix = np.zeros((n, n))
    matrix[np.triu_indices(n, 1)] = np.array(values) / 10_000
    return matrix + matrix.T + np.eye(n)


@settings(max_examples=200, deadline=None)
@given(similarities(), st.floats(0.05, 0.95))
def test_without_constraints_it_is_average_linkage(similarity: np.ndarray, threshold: float) -> None:
    n = len(similarity)
    labels = average_linkage(similarity, np.ones(n), np.zeros((n, n), dtype=bool), threshold)
    if n == 1:
        assert labels.tolist() == [0]
        return
    tree = linkage(squareform(1 - similarity, checks=False), method="average")
    # Distinct values still make equal averages (0.4288 / 4 == 0.8576 / 8): then the merge
    # order, and so the partition, is arbitrary, as it is when a merge sits exactly at the cut.
    assume(_no_ties(similarity, tree, threshold))
    expected = fcluster(tree, t=1 - threshold, criterion="distance")
    assert _partition(labels) == _partition(expected)


@settings(max_examples=200, deadline=None)
@given(similarities(), st.floats(0.0, 0.9), st.data())
def test_cannot_link_pairs_never_share_a_cluster(similarity: np.ndarray, threshold: float, data: st.DataObject) -> None:
    n = len(similarity)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=6))
    cannot = np.zeros((n, n), dtype=bool)
    for a, b in pairs:
        if a != b:
            cannot[a, b] = cannot[b, a] = True
    labels = average_linkage(similarity, np.ones(n), cannot, threshold)
    for a, b in pairs:
        if a != b:
            assert labels[a] != labels[b]
    # every cluster of two or more averages at least the threshold
    for cluster in _partition(labels):
        members = sorted(cluster)
        if len(members) > 1:
            block = similarity[np.ix_(members, members)]
            assert block[np.triu_indices(len(members), 1)].mean() >= threshold - 1e-9


def test_weighted_units_average_over_their_claims() -> None:
    # unit 0 stands for two claims; its similarity sum with unit 1 is 2 * 0.5
    sums = np.array([[4.0, 1.0], [1.0, 1.0]])
    assert average_linkage(sums, np.array([2.0, 1.0]), np.zeros((2, 2), bool), 0.5).tolist() == [0, 0]
    assert average_linkage(sums, np.array([2.0, 1.0]), np.zeros((2, 2), bool), 0.51).tolist() == [0, 1]

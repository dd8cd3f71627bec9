"""Average-linkage clustering that respects cannot-link constraints.

Written here rather than taken from scipy or scikit-learn because neither takes cannot-link
constraints, and a lead's "these are different claims" (or two contradicting claims) must
hold whatever the averages say: raising a distance only dilutes in an average. Starting items
may be weighted (a unit of several claims already joined), so the averages stay averages over
claims.

Each step merges the two clusters with the highest average similarity that no constraint
keeps apart, until no pair reaches the threshold. A cached best partner per row keeps a step
at O(m) in the usual case, so a component of a few thousand units clusters in well under a
second.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def average_linkage(sums: np.ndarray, sizes: np.ndarray, cannot: np.ndarray, threshold: float,
                    allow: Callable[[list[int], list[int]], bool] | None = None) -> np.ndarray:
    """Cluster labels (0..k-1, in order of first appearance) of m units.

    `sums[u, v]` is the sum of the claim-pair similarities between units u and v (for single
    claims: their similarity), `sizes[u]` the number of claims in u, `cannot[u, v]` True when
    u and v must end apart. `allow(units_a, units_b)`, when given, is asked before each merge
    and a refusal keeps the two clusters apart for good: constraints that are costly to
    compute for every pair (contradicting facts) are computed only for the merges that the
    averages propose."""
    m = len(sizes)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    sums = np.array(sums, dtype=np.float64)
    sizes = np.array(sizes, dtype=np.float64)
    blocked = np.array(cannot, dtype=bool)
    np.fill_diagonal(blocked, True)
    average = sums / np.outer(sizes, sizes)
    average[blocked] = -np.inf
    active = np.ones(m, dtype=bool)
    parent = np.arange(m)
    best = average.argmax(axis=1)
    best_value = average[np.arange(m), best]

    units = {u: [u] for u in range(m)}
    while True:
        i = int(best_value.argmax())
        if not best_value[i] >= threshold:  # also stops on -inf and nan
            break
        j = int(best[i])
        if allow is not None and not allow(units[i], units[j]):
            blocked[i, j] = blocked[j, i] = True
            average[i, j] = average[j, i] = -np.inf
            for side in (i, j):
                best[side] = average[side].argmax()
                best_value[side] = average[side, best[side]]
            continue
        units[i] += units.pop(j)
        sums[i] += sums[j]
        sums[:, i] = sums[i]
        sizes[i] += sizes[j]
        blocked[i] |= blocked[j]
        blocked[:, i] = blocked[i]
        active[j] = False
        parent[j] = i
        row = sums[i] / (sizes[i] * sizes)
        row[blocked[i] | ~active] = -np.inf
        average[i] = row
        average[:, i] = row
        average[j] = -np.inf
        average[:, j] = -np.inf
        best_value[j] = -np.inf
        for k in np.flatnonzero(active & ((best == i) | (best == j))):
            best[k] = average[k].argmax()
            best_value[k] = average[k, best[k]]
        better = active & (row > best_value)
        best[better] = i
        best_value[better] = row[better]

    roots = parent.copy()
    for u in range(m):
        root = u
        while parent[root] != root:
            root = parent[root]
        roots[u] = root
    _, labels = np.unique(roots, return_inverse=True)
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(label), len(order)) for label in labels], dtype=np.int64)

"""Spans as per-segment codes: the sparse renumbering path equals the dense one."""

import numpy as np


def test_sparse_renumbering_equals_the_dense_one(monkeypatch):
    import annotator.agreement.study.segments as segments

    table = np.random.default_rng(4).integers(0, 40, size=(3, 50))
    renumbered = segments._renumber(table)
    monkeypatch.setattr(segments, "_DENSE_CODES", 0)
    assert np.array_equal(renumbered, segments._renumber(table))
    assert renumbered.max() + 1 == len(np.unique(table))

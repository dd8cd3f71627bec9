"""Span rows read as three integers (two columns paired in one) come back as the five columns."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from annotator.services.team.agreement import _HALF, _unpair

below_2_31 = st.integers(0, 2 ** 31 - 1)
rows = st.lists(st.tuples(below_2_31, below_2_31, below_2_31, below_2_31, below_2_31), max_size=30)


@given(rows)
def test_unpair_gives_back_every_column(values: list[tuple[int, int, int, int, int]]) -> None:
    packed = np.array([(a, b * _HALF + c, d * _HALF + e) for a, b, c, d, e in values],
                      dtype=np.int64).reshape(-1, 3)
    assert _unpair(packed).tolist() == [list(row) for row in values]

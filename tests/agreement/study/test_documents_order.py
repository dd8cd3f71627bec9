"""The documents' rows in the order Python's sort of their keys gave them."""

import math

import hypothesis.strategies as st
import numpy as np
from hypothesis import given

from annotator.agreement.study.compute import _lowest_first

from .test_positions import HYPOTHESIS

# Few distinct values, so that ties (and -0.0 against 0.0) are common.
values = st.sampled_from([-1.0, -0.5, -0.0, 0.0, 0.25, 1.0, math.nan])


def _python_order(alpha: list[float], observed: list[float]) -> list[int]:
    """The sort the study used: lowest alpha first, undefined alpha last, then observed."""
    rows = list(zip(range(len(alpha)), alpha, observed, strict=True))
    rows.sort(key=lambda r: (math.isnan(r[1]), r[1] if not math.isnan(r[1]) else 0.0, r[2]))
    return [r[0] for r in rows]


@HYPOTHESIS
@given(st.lists(st.tuples(values, values), max_size=60), st.booleans())
def test_the_order_is_python_sorts(pairs, observed_defined):
    alpha = [a for a, _ in pairs]
    observed = [0.5 if observed_defined and math.isnan(o) else o for _, o in pairs]
    got = _lowest_first(np.array(alpha, dtype=np.float64), np.array(observed, dtype=np.float64))
    assert got.tolist() == _python_order(alpha, observed)

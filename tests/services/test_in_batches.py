from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.services.in_batches import batches


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=7))
def test_batches_keep_every_value_in_order_and_none_is_too_long(values: list[int], size: int) -> None:
    parts = list(batches(values, size))
    assert [v for part in parts for v in part] == values
    assert all(0 < len(part) <= size for part in parts)

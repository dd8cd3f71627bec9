"""Which suggestions fall on words the user already tagged with their label (hidden then):
the bisect over sorted starts agrees with checking every span."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.services.annotation.suggestions import _Tagged

spans = st.lists(st.tuples(st.integers(1, 3), st.integers(0, 60), st.integers(1, 20)).map(
    lambda t: (t[0], t[1], t[1] + t[2])), max_size=25)


@given(spans, st.integers(1, 4), st.integers(0, 70), st.integers(1, 20))
def test_overlap_agrees_with_checking_every_span(tagged: list[tuple[int, int, int]], label: int, start: int, length: int) -> None:
    end = start + length
    expected = any(lab == label and s < end and start < e for lab, s, e in tagged)
    assert _Tagged(tagged).overlaps(label, start, end) is expected


def test_touching_is_not_overlapping() -> None:
    tagged = _Tagged([(1, 10, 20)])
    assert not tagged.overlaps(1, 20, 25) and not tagged.overlaps(1, 5, 10)
    assert tagged.overlaps(1, 19, 25) and tagged.overlaps(1, 0, 11) and tagged.overlaps(1, 12, 14)
    assert not tagged.overlaps(2, 12, 14)

"""Regression: snapping to grapheme clusters far into a text (past the first line) must not
move offsets that already sit on a boundary. The window scan once added its start twice, so a
selection in a later paragraph was widened by hundreds of characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.spans import grapheme_boundaries, snap_to_graphemes

LONG = ("A first paragraph of plain words.\n\n" + "Then the so-called “opposition groups” met. " * 30
        + "\nLast line with a flag 🇰🇿 and e\u0301 accent.")


def test_boundaries_deep_in_a_text_stay_put() -> None:
    start = LONG.index("“opposition groups”", 900)
    end = start + len("“opposition groups”")
    assert snap_to_graphemes(LONG, start, end) == (start, end)


def test_a_cut_flag_far_into_the_text_is_widened_to_the_flag() -> None:
    flag = LONG.index("🇰🇿")
    assert snap_to_graphemes(LONG, flag + 1, flag + 2) == (flag, flag + 2)


@given(st.data())
def test_snapping_agrees_with_the_full_boundary_list(data: st.DataObject) -> None:
    bounds = grapheme_boundaries(LONG)
    start = data.draw(st.integers(0, len(LONG) - 1))
    end = data.draw(st.integers(start + 1, len(LONG)))
    low, high = snap_to_graphemes(LONG, start, end)
    assert low == max(b for b in bounds if b <= start)
    assert high == min(b for b in bounds if b >= end)

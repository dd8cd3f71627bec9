"""Grapheme snapping deep inside a long text: offsets far from the start of their line, on
lines that do not start the text (a regression: window positions were counted twice, and a
selection on the SouthFront page was widened from 29 characters to 297)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.spans import grapheme_boundaries, snap_to_graphemes

PIECES = st.sampled_from(["a", "b ", "é", "e\u0301", "🇰🇿", "👩\u200d🔬", "😀", "\n", "\r\n", "“x”", " "])


@given(st.lists(PIECES, min_size=40, max_size=400).map("".join), st.data())
def test_snapping_is_minimal_anywhere(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    bounds = set(grapheme_boundaries(text)) | {0}
    assert snap_to_graphemes(text, start, end) == (
        max(b for b in bounds if b <= start), min(b for b in bounds if b >= end),
    )


def test_southfront_selection_is_not_widened(corpus) -> None:  # type: ignore[no-untyped-def]
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    start = text.index("so-called “opposition groups”")
    end = start + len("so-called “opposition groups”")
    assert snap_to_graphemes(text, start, end) == (start, end)

"""Counted characters and tokens of documents laid end to end on one axis."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings

from annotator.agreement.study.positions import TOKEN_PATTERN, counted_ranges, layout, tokenize

HYPOTHESIS = settings.get_profile("agreement")


def test_counted_ranges_skip_furniture_and_comments():
    parts = [{"kind": "furniture", "start": 0, "end": 3}, {"kind": "body", "start": 3, "end": 8},
             {"kind": "comments", "start": 8, "end": 10}]
    assert counted_ranges(parts, 10) == [(3, 8)]
    assert counted_ranges(parts, 10, body_only=False) == [(0, 10)]
    assert counted_ranges([], 4) == [(0, 4)]


def test_tokens_stay_inside_counted_ranges():
    text = "ab cd|ef gh"
    assert [text[s:e] for s, e in tokenize(text, [(0, 4), (6, 11)])] == ["ab", "c", "ef", "gh"]


@HYPOTHESIS
@given(st.lists(st.tuples(st.text(alphabet="ab .é😀\n", min_size=1, max_size=15),
                          st.integers(0, 15), st.integers(0, 15)), min_size=1, max_size=4),
       st.data())
def test_layout_compresses_offsets_like_counting_characters(docs, data):
    texts = [t for t, _, _ in docs]
    ranges = []
    for text, a, b in docs:
        low, high = sorted((min(a, len(text)), min(b, len(text))))
        parts = [{"kind": "furniture", "start": low, "end": high}] if low < high else []
        ranges.append(counted_ranges(parts, len(text)))
    places = layout(texts, ranges)
    counted = np.zeros(int(places.offsets[-1]) + 1, dtype=bool)
    for d, doc_ranges in enumerate(ranges):
        for s, e in doc_ranges:
            counted[places.offsets[d] + s: places.offsets[d] + e] = True
    offsets = np.array(data.draw(st.lists(st.integers(0, int(places.offsets[-1])), min_size=1,
                                          max_size=10)), dtype=np.int64)
    first, _ = places.char.locate(offsets, offsets)
    assert [int(x) for x in first] == [int(counted[:o].sum()) for o in offsets]
    assert places.char.n_positions == int(counted.sum())
    tokens = sum((len(tokenize(t, r)) for t, r in zip(texts, ranges, strict=True)), 0)
    assert places.token.n_positions == tokens


PIECES = [*"ab1_ ,.\n\r\t-“”", "e\u0301", "😀", "👩\u200d👩", "🇰🇿", "\u0915\u093f", "\u00a0"]


@HYPOTHESIS
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.data())
def test_fast_tokens_equal_the_token_pattern(text, data):
    cut = data.draw(st.integers(0, len(text)))
    ranges = [(0, cut), (cut, len(text))]
    expected = [m.span() for s, e in ranges for m in TOKEN_PATTERN.finditer(text, s, e)]
    assert tokenize(text, ranges) == expected

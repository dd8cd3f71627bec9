"""The array scan of tokens against the regex it stands in for."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

from annotator.agreement.study import token_scan
from annotator.agreement.study.positions import (
    TOKEN_PATTERN,
    counted_ranges,
    layout,
    token_offsets,
)
from annotator.agreement.study.token_scan import GLUE, HARD, SPACE, STICKY, WORD, scan_tokens

from .test_positions import HYPOTHESIS

# Word and space runs, punctuation, and what makes a grapheme cluster longer than one code
# point: combining marks after letters and after punctuation, emoji with modifiers and
# joiners, flags, a prepended Arabic mark, Hangul jamo, a Devanagari conjunct, CR LF, and
# characters the two white-space definitions disagree on.
PIECES = [*"ab1_ ,.\n\r\t-“”", "e\u0301", "-\u0301", " \u0301", "😀", "😀\U0001F3FB", "\U0001F3FB",
          "👩\u200d👩", "\u200d", "🇰🇿", "\U0001F1E6", "\u0600a", "\u0600", "\u1100\u1161\u11a8",
          "\u0915\u094d\u0937", "\u0915\u093f", "\u00a0", "\u2003", "\x1f", "\x85", "\u200b",
          "\u180e", "❤\ufe0f", "\ud800", "\x00"]

texts_ = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


def _parts(data: st.DataObject, length: int) -> list[dict[str, object]]:
    cuts = sorted(data.draw(st.lists(st.integers(0, length), max_size=4)))
    kinds = data.draw(st.lists(st.sampled_from(["body", "furniture", "comments"]),
                               min_size=len(cuts) // 2, max_size=len(cuts) // 2))
    return [{"kind": k, "start": cuts[2 * i], "end": cuts[2 * i + 1]}
            for i, k in enumerate(kinds)]


@HYPOTHESIS
@given(st.lists(texts_, min_size=1, max_size=6), st.data(), st.sampled_from([8, 40, 1 << 22]))
def test_layout_tokens_equal_the_regex_per_document(texts, data, block):
    ranges = [counted_ranges(_parts(data, len(t)), len(t),
                             body_only=data.draw(st.booleans())) for t in texts]
    old = token_scan.BLOCK_CODE_POINTS
    token_scan.BLOCK_CODE_POINTS = block
    try:
        places = layout(texts, ranges)
    finally:
        token_scan.BLOCK_CODE_POINTS = old
    starts, ends = [], []
    for d, (text, doc_ranges) in enumerate(zip(texts, ranges, strict=True)):
        expected = [m.span() for s, e in doc_ranges for m in TOKEN_PATTERN.finditer(text, s, e)]
        doc_starts, doc_ends = token_offsets(text, doc_ranges)
        assert list(zip(doc_starts.tolist(), doc_ends.tolist(), strict=True)) == expected
        starts += [s + int(places.offsets[d]) for s, _ in expected]
        ends += [e + int(places.offsets[d]) for _, e in expected]
    assert places.token.token_starts.tolist() == starts
    assert places.token.token_ends.tolist() == ends


@HYPOTHESIS
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_scan_of_any_text_equals_the_regex_or_leaves_it_to_the_regex(texts):
    ranges = [[(0, len(t))] for t in texts]
    starts, ends, hard = scan_tokens(texts, ranges)
    offsets = np.concatenate(([0], np.cumsum([len(t) for t in texts])))
    expected = [(s + int(offsets[d]), e + int(offsets[d]))
                for d, t in enumerate(texts) if not hard[d]
                for s, e in (m.span() for m in TOKEN_PATTERN.finditer(t))]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected


def test_plain_text_is_scanned_and_clusters_go_to_the_regex():
    texts = ["The so-called “opposition” 😀, naïve élan.", "a-\u0301b", "🇰🇿 flag", "👍\U0001F3FB"]
    starts, ends, hard = scan_tokens(texts, [[(0, len(t))] for t in texts])
    assert hard.tolist() == [False, True, True, True]
    assert [texts[0][s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)] == [
        "The", "so", "-", "called", "“", "opposition", "”", "😀", ",", "naïve", "élan", "."]


def test_ranges_out_of_order_or_outside_the_text_go_to_the_regex():
    texts = ["ab cd", "ab cd", "ab cd"]
    _, _, hard = scan_tokens(texts, [[(3, 5), (0, 2)], [(0, 9)], [(0, 2), (2, 5)]])
    assert hard.tolist() == [True, True, False]


@pytest.mark.parametrize(("char", "has", "lacks"), [
    ("a", WORD, SPACE | GLUE | STICKY | HARD),
    ("\u0301", WORD | GLUE, SPACE | STICKY),
    (" ", SPACE, WORD | GLUE | STICKY | HARD),
    ("\U0001F1E6", STICKY, WORD | SPACE),
    ("\u0600", STICKY, WORD),
    ("\u200d", GLUE, SPACE),
    ("\x1f", 0, WORD | SPACE | HARD),  # str.isspace, but not \s: a token of its own
])
def test_classes_of_code_points(char, has, lacks):
    bits = token_scan.classify(ord(char))
    assert bits & has == has
    assert bits & lacks == 0


def test_a_layout_without_tokens_keeps_the_bounds():
    texts = ["ab cd", "", "e f g"]
    places = layout(texts, [[(0, len(t))] if t else [] for t in texts])
    light = places.without_tokens()
    assert light.token.bounds.tolist() == places.token.bounds.tolist() == [0, 2, 2, 5]
    assert light.token.n_positions == 5 and light.token.token_starts.size == 0
    assert light.char is places.char

"""Offsets, graphemes, selectors and re-anchoring over arbitrary Unicode."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.spans import (
    OffsetMap,
    QuoteSelector,
    grapheme_boundaries,
    quote_selector,
    reanchor,
    snap_to_graphemes,
    text_sha256,
)

# Text mixing ASCII, accents, combining marks, astral emoji, flags, ZWJ sequences and \r\n.
PIECES = st.sampled_from(
    ["a", "b", " ", "é", "e\u0301", "😀", "🇫🇷", "👩\u200d💻", "\r\n", "\n", "ß", "中", "\u0301", "👍🏽", "❤\ufe0f"]
)
texts = st.one_of(st.text(), st.lists(PIECES, max_size=40).map("".join))


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(texts)
def test_utf16_round_trip(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length == utf16_len(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == utf16_len(text[:cp])
        assert m.to_code_point(u) == cp


@given(texts)
def test_offsets_inside_surrogate_pairs_are_refused_or_rounded_down(text: str) -> None:
    m = OffsetMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            inside = m.to_utf16(cp) + 1
            with pytest.raises(ValueError, match="surrogate"):
                m.to_code_point(inside)
            assert m.to_code_point(inside, strict=False) == cp


def test_out_of_range_offsets_raise() -> None:
    m = OffsetMap("a😀")
    with pytest.raises(ValueError):
        m.to_utf16(3)
    with pytest.raises(ValueError):
        m.to_code_point(4)


def test_known_offsets() -> None:
    text = "x😀y"
    m = OffsetMap(text)
    assert [m.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]


@given(texts, st.data())
def test_snapping_never_cuts_a_cluster(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    bounds = set(grapheme_boundaries(text)) | {0}
    s, e = snap_to_graphemes(text, start, end)
    assert s <= start and e >= end
    assert s in bounds and e in bounds
    # Snapping is minimal: the nearest boundaries outward.
    assert s == max(b for b in bounds if b <= start)
    assert e == min(b for b in bounds if b >= end)


def test_snapping_examples() -> None:
    text = "a🇫🇷b e\u0301\r\n"
    # a 🇫 🇷 b ' ' e ◌́ \r \n  at code points 0..8
    assert snap_to_graphemes(text, 2, 3) == (1, 3)  # inside the flag
    assert snap_to_graphemes(text, 6, 7) == (5, 7)  # the combining accent joins its letter
    assert snap_to_graphemes(text, 8, 8) == (7, 9)  # \r\n is one cluster


@given(texts, st.data())
def test_selector_reproduces_the_span(text: str, data: st.DataObject) -> None:
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = quote_selector(text, start, end)
    assert sel.exact == text[start:end]
    assert text[:start].endswith(sel.prefix) and len(sel.prefix) == min(32, start)
    assert text[end:].startswith(sel.suffix) and len(sel.suffix) == min(32, len(text) - end)
    found = reanchor(sel, text, start)
    assert found is not None and (found.start, found.end, found.method) == (start, end, "position")


@settings(max_examples=200)
@given(texts, texts, st.data())
def test_reanchor_after_an_insertion_before_the_span(text: str, inserted: str, data: st.DataObject) -> None:
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    sel = quote_selector(text, start, end)
    changed = inserted + text
    found = reanchor(sel, changed, start)
    assert found is not None
    assert changed[found.start : found.end] == sel.exact


def test_reanchor_prefers_matching_context_then_nearest() -> None:
    text = "the cat sat. the cat ran. the cat sat."
    sel = QuoteSelector("cat", prefix="the ", suffix=" ran")
    found = reanchor(sel, text, 0)
    assert found is not None and found.method == "exact" and found.start == text.index("cat ran")
    plain = QuoteSelector("cat")
    nearest = reanchor(plain, "xx" + text, 30)
    assert nearest is not None and nearest.start == ("xx" + text).rindex("cat")


def test_reanchor_fuzzy_and_failure() -> None:
    sel = QuoteSelector("so-called opposition groups")
    changed = "Talks with the so called opposition group began."
    found = reanchor(sel, changed, 0)
    assert found is not None and found.method == "fuzzy"
    assert "so called opposition group" in changed[found.start : found.end]
    assert reanchor(sel, "nothing alike here at all", 0) is None
    with pytest.raises(ValueError):
        reanchor(QuoteSelector(""), "abc", 0)


def test_text_hash_is_of_utf8_bytes() -> None:
    assert text_sha256("é") == hashlib.sha256(b"\xc3\xa9").hexdigest()
    assert text_sha256("a\r\n") != text_sha256("a\n")

"""Properties that hold for any text: quotes match offsets; parts partition the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.suggest import detect_all, detect_funding_appeals, detect_parts

# Text that exercises the rules: words the detectors react to, quote marks of every
# style, digits, newlines, and characters outside the Basic Multilingual Plane.
_PIECES = st.sampled_from([
    " ", "\n", "\n\n", "regime", "regime's", "so-called", "terrorists", "allegedly",
    "may have", '"', "“", "”", "‘", "’", "'", "«", "»", "„", "said", "told", ":",
    "according to", "Smith", "claimed", "12", "%", "2,500 $", "MARCH 2024", ".", "?",
    "Support SouthFront", "Notify of", "View all comments", "PayPal: a@b.org",
    "https://www.patreon.com/x", "x.org/donate", "😀", "🇺🇸", "𝕏", "\u00a0", "-",
    "DE89 3704 0044 0532 0130 00", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
])
# database=None: the tests must not write into the working tree (no .hypothesis/).
TEXTS = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.text(max_size=300),
)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_suggestions_quote_their_span(text: str) -> None:
    for s in detect_all(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.quote
    for a in detect_funding_appeals(text):
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.quote


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_parts_partition_the_text(text: str) -> None:
    parts = detect_parts(text)
    if not text:
        assert parts == []
        return
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for left, right in zip(parts, parts[1:], strict=False):
        assert left.end == right.start
    assert all(p.start < p.end for p in parts)
    assert "".join(text[p.start:p.end] for p in parts) == text

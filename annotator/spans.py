"""Text positions: the one place that knows how offsets are counted.

Stored offsets are Unicode code points (Python string indices), start inclusive, end exclusive.
Browsers count UTF-16 code units; conversions between the two live here (and, mirrored, in the
highlighter's JavaScript). A span is anchored twice: by position and by a quote selector
(exact text plus up to 32 characters of context each side), so that it can be found again.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

import regex

CONTEXT_CHARS = 32

_GRAPHEME = regex.compile(r"\X", regex.DOTALL)


def text_sha256(text: str) -> str:
    """sha256 of the UTF-8 bytes of `text`; documents and annotations store it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- UTF-16 <-> code points ----------------------------------------------------------------


class OffsetMap:
    """Converts between code-point and UTF-16 offsets of one text in O(log n) per call.

    Only characters outside the Basic Multilingual Plane take two UTF-16 units, so the map keeps
    the sorted code-point indices of those and counts how many lie before an offset.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 index of each astral character's first unit.
        self._astral_utf16 = [cp + n for n, cp in enumerate(self._astral)]
        self.utf16_length = self.length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self.length:
            raise ValueError(f"code-point offset {cp} outside 0..{self.length}")
        return cp + bisect_left(self._astral, cp)

    def to_code_point(self, utf16: int, *, strict: bool = True) -> int:
        """UTF-16 offset -> code point. An offset inside a surrogate pair raises when `strict`,
        else it rounds down to the start of that character."""
        if not 0 <= utf16 <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {utf16} outside 0..{self.utf16_length}")
        before = bisect_right(self._astral_utf16, utf16 - 1)
        if strict and before and self._astral_utf16[before - 1] == utf16 - 1:
            raise ValueError(f"UTF-16 offset {utf16} splits a surrogate pair")
        return utf16 - before


# --- grapheme clusters ---------------------------------------------------------------------


def grapheme_boundaries(text: str) -> list[int]:
    """Every offset where a user-perceived character starts, plus len(text)."""
    bounds = [m.start() for m in _GRAPHEME.finditer(text)]
    bounds.append(len(text))
    return bounds


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole grapheme clusters: a flag, an emoji with skin tone or a
    letter with combining marks is never cut in two. Only the clusters near the edges are
    examined, so this is cheap on long texts."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) outside 0..{len(text)}")
    return _snap_down(text, start), _snap_up(text, end)


def _cluster_bounds(text: str, offset: int) -> list[int]:
    # Clusters rarely exceed a few dozen code points; scan from a safe point before `offset`
    # (a line break always ends a cluster, except \r\n which is one cluster of its own).
    lo = max(0, offset - 64)
    while lo > 0 and text[lo - 1] not in "\n\u2029":
        lo -= 1
        if offset - lo > 512:
            break
    # finditer(text, pos, endpos) reports absolute positions already.
    bounds = [m.start() for m in _GRAPHEME.finditer(text, lo, min(len(text), offset + 64))]
    return bounds


def _snap_down(text: str, offset: int) -> int:
    if offset in (0, len(text)):
        return offset
    bounds = _cluster_bounds(text, offset)
    i = bisect_right(bounds, offset) - 1
    return bounds[i] if i >= 0 else offset


def _snap_up(text: str, offset: int) -> int:
    if offset in (0, len(text)):
        return offset
    bounds = _cluster_bounds(text, offset)
    i = bisect_left(bounds, offset)
    return bounds[i] if i < len(bounds) else len(text)


# --- quote selectors and re-anchoring -------------------------------------------------------


@dataclass(frozen=True)
class QuoteSelector:
    """W3C TextQuoteSelector: the exact text plus context on each side."""

    exact: str
    prefix: str = ""
    suffix: str = ""


def quote_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> QuoteSelector:
    return QuoteSelector(*quote_parts(text, start, end, context))


def quote_parts(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """A quote selector's (exact, prefix, suffix) as a plain tuple: an import anchors tens of
    thousands of spans, where building the frozen dataclass costs more than the slicing."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) outside 0..{len(text)} or empty")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


Method = Literal["position", "exact", "fuzzy"]


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    method: Method
    #: 100 for position and exact matches, the fuzzy similarity (0-100) otherwise.
    score: float


def _context_score(text: str, start: int, end: int, sel: QuoteSelector) -> int:
    """How many context characters agree, counted outward from the span."""
    score = 0
    for a, b in zip(reversed(text[max(0, start - len(sel.prefix)) : start]), reversed(sel.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(text[end : end + len(sel.suffix)], sel.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def reanchor(
    selector: QuoteSelector,
    text: str,
    old_start: int,
    *,
    min_fuzzy_score: float = 80.0,
) -> Anchor | None:
    """Find the span again in a (possibly changed) text.

    1. position: the quote is still at `old_start`;
    2. exact: the occurrence of the quote with the best matching context, nearest the old
       position on ties;
    3. fuzzy: the best approximate match of the quote (rapidfuzz partial alignment), searched
       in a window around the old position first and then in the whole text.
    Returns None when nothing scores at least `min_fuzzy_score`.
    """
    exact = selector.exact
    if not exact:
        raise ValueError("cannot re-anchor an empty quote")
    old_end = old_start + len(exact)
    if old_start >= 0 and old_end <= len(text) and text[old_start:old_end] == exact:
        return Anchor(old_start, old_end, "position", 100.0)

    best: tuple[int, int, int] | None = None  # (-context, distance, start)
    pos = text.find(exact)
    while pos != -1:
        key = (-_context_score(text, pos, pos + len(exact), selector), abs(pos - old_start), pos)
        if best is None or key < best:
            best = key
        pos = text.find(exact, pos + 1)
    if best is not None:
        return Anchor(best[2], best[2] + len(exact), "exact", 100.0)

    # Imported here: only re-anchoring needs it, not every service that imports this module.
    from rapidfuzz import fuzz

    window = max(len(exact) * 4, 2000)
    lo = max(0, old_start - window)
    hi = min(len(text), old_start + len(exact) + window)
    for begin, stop in ((lo, hi), (0, len(text))):
        found = fuzz.partial_ratio_alignment(exact, text[begin:stop], score_cutoff=min_fuzzy_score)
        if found is not None and found.dest_end > found.dest_start:
            return Anchor(begin + found.dest_start, begin + found.dest_end, "fuzzy", found.score)
        if (begin, stop) == (0, len(text)):
            break
    return None

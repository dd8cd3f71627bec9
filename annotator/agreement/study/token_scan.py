"""The tokens of many documents at once, from a class per code point instead of a regex pass.

:data:`.positions.TOKEN_PATTERN` cuts a text into word runs (``\\w+``), white-space runs and
otherwise single grapheme clusters (``\\X``). Where every such cluster is one code point, the
tokens follow from each code point's class alone: a token starts at a word character whose
left neighbour is not one (or that opens a counted range), and at every other character that
is neither a word character nor white space; it ends likewise. That is a few array operations
over the documents' code points (``str.encode("utf-32")``), about ten times faster than going
through the regex module piece by piece, which took a quarter of a large study's time.

A cluster is longer than its first code point only when the next code point does not break
from it (a combining mark after a dash, the modifiers and joiners of an emoji, the second
flag letter, a prepended mark). Documents where such a pair follows a non-word, non-space
character are tokenised by :func:`.positions.cached_token_offsets` instead; so is any
document with a code point that would be both a word character and white space (there is
none today). Each code point's classes are asked of ``regex`` itself, once per process
and only for the code points that occur, so the scan follows the same Unicode version.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import regex
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Class bits: ``\w``; ``\s``; does not break from a preceding "!" (extend, joiner, spacing
#: mark); a non-word, non-space character whose cluster may take in the next one (prepend,
#: regional indicator); both word and white space (no such code point is known).
WORD, SPACE, GLUE, STICKY, HARD = 1, 2, 4, 8, 16
_KNOWN = 32
_WORD = regex.compile(r"\w")
_SPACE = regex.compile(r"\s")
_CLUSTER = regex.compile(r"\X")
#: Code points that could join the one before them, tried after each non-word character:
#: a letter, a regional indicator (flags), Hangul L, V, T, LV and LVT, a Devanagari consonant.
_PROBES = ("a", "\U0001F1E6", "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "\u0915")
#: Code points per block of documents scanned together (bounds the scan's memory: ~30 bytes
#: per code point).
BLOCK_CODE_POINTS = 1 << 22

#: Class bits of every code point met so far (0 = not classified yet). Threads may share it:
#: a code point's bits never change, so a lookup finds either 0 or the right bits.
_classes = np.zeros(0x110000, dtype=np.uint8)


def classify(code_point: int) -> int:
    """The class bits of one code point, from ``regex`` (see the module docstring)."""
    char = chr(code_point)
    word = _WORD.fullmatch(char) is not None
    space = _SPACE.fullmatch(char) is not None
    bits = _KNOWN | (WORD if word else 0) | (SPACE if space else 0)
    if _cluster_length("!" + char) > 1:
        bits |= GLUE
    if not word and not space and any(_cluster_length(char + p) > 1 for p in _PROBES):
        bits |= STICKY
    if word and space:
        bits |= HARD
    return bits


def _cluster_length(text: str) -> int:
    found = _CLUSTER.match(text)
    return len(found.group()) if found else 0


def classes_of(codes: NDArray[np.uint32]) -> NDArray[np.uint8]:
    """The class bits of every code point, classifying the ones not met before."""
    result: NDArray[np.uint8] = _classes[codes]
    unknown = result == 0
    if unknown.any():
        for code_point in np.flatnonzero(np.bincount(codes[unknown])).tolist():
            _classes[code_point] = classify(code_point)
        result = _classes[codes]
    return result


def scan_tokens(texts: Sequence[str], ranges: Sequence[Sequence[tuple[int, int]]]
                ) -> tuple[IntArray, IntArray, BoolArray]:
    """Token offsets of documents laid end to end (document ``d`` starting at the sum of the
    earlier texts' lengths), and which documents the scan leaves to the regex (``hard``:
    their tokens are not among those returned)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    starts: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    ends: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    hard = np.zeros(len(texts), dtype=bool)
    first = 0
    while first < len(texts):
        last = max(first + 1, int(np.searchsorted(offsets, offsets[first] + BLOCK_CODE_POINTS,
                                                  side="right")) - 1)
        block_starts, block_ends, hard[first:last] = _scan_block(
            texts[first:last], ranges[first:last], offsets[first:last + 1] - offsets[first])
        starts.append(block_starts + offsets[first])
        ends.append(block_ends + offsets[first])
        first = last
    return np.concatenate(starts), np.concatenate(ends), hard


def _scan_block(texts: Sequence[str], ranges: Sequence[Sequence[tuple[int, int]]],
                offsets: IntArray) -> tuple[IntArray, IntArray, BoolArray]:
    size = int(offsets[-1])
    joined = "".join(texts).encode("utf-32-le", "surrogatepass")
    bits = classes_of(np.frombuffer(joined, dtype=np.uint32))
    word = (bits & WORD) > 0
    token = (bits & (WORD | SPACE)) == 0  # the pattern's \X branch: a one-character token
    hard_at = (bits & HARD) > 0
    hard_at |= token & ((bits & STICKY) > 0)
    hard_at[:-1] |= token[:-1] & ((bits[1:] & GLUE) > 0)
    doc_of = np.searchsorted(offsets, np.flatnonzero(hard_at), side="right") - 1
    hard = np.bincount(doc_of, minlength=len(texts)) > 0
    inside, opens, closes = _range_marks(ranges, offsets, hard)
    joined_left = np.zeros(size, dtype=bool)  # a word character just before, same range
    joined_left[1:] = word[:-1]
    joined_left &= ~opens
    joined_right = np.zeros(size, dtype=bool)
    joined_right[:-1] = word[1:]
    joined_right &= ~closes
    starts = np.flatnonzero(inside & (token | (word & ~joined_left)))
    ends = np.flatnonzero(inside & (token | (word & ~joined_right))) + 1
    return starts.astype(np.int64), ends.astype(np.int64), hard


def flat_ranges(ranges: Sequence[Sequence[tuple[int, int]]]) -> tuple[IntArray, IntArray]:
    """How many ranges each document has, and all ranges as one ``[start, end]`` table: in
    one pass over the values (a small array per document took 0.45 s of 100,000 documents,
    holding the GIL the span reading needs)."""
    counts = np.fromiter(map(len, ranges), dtype=np.int64, count=len(ranges))
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(ranges)), dtype=np.int64,
                       count=2 * int(counts.sum()))
    return counts, flat.reshape(-1, 2)


def _range_marks(ranges: Sequence[Sequence[tuple[int, int]]], offsets: IntArray,
                 hard: BoolArray) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Per code point of the block: counted (in a range of a document the scan tokenises),
    first of its range, last of its range. Documents whose ranges are not ordered, disjoint
    and inside the text are marked ``hard`` (the regex takes whatever it is given)."""
    size = int(offsets[-1])
    counts, flat = flat_ranges(ranges)
    doc = np.repeat(np.arange(len(ranges)), counts)
    lo, hi = flat[:, 0], flat[:, 1]
    length = offsets[doc + 1] - offsets[doc]
    bad = (lo < 0) | (hi > length) | (hi < lo)
    bad[1:] |= (doc[1:] == doc[:-1]) & (lo[1:] < hi[:-1])
    hard |= np.bincount(doc[bad], minlength=len(ranges)) > 0
    keep = ~hard[doc] & (hi > lo)
    lo, hi = lo[keep] + offsets[doc[keep]], hi[keep] + offsets[doc[keep]]
    steps = np.zeros(size + 1, dtype=np.int8)  # the ranges are disjoint: +1 in, -1 out
    steps[lo] += 1
    steps[hi] -= 1
    inside = np.cumsum(steps[:size], dtype=np.int8).view(bool)
    opens = np.zeros(size, dtype=bool)
    opens[lo] = True
    closes = np.zeros(size, dtype=bool)
    closes[hi - 1] = True
    return inside, opens, closes

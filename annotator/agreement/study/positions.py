"""Positions of a set of documents: which characters count, where the tokens are.

Project-level agreement compares annotators position by position, where a position is a
character or a token of the text that counts. With ``body_only`` the characters inside parts
marked as page furniture or comments do not count (everything else does, so a document
without parts counts whole). All documents are laid end to end on one global axis so that the
later steps work on a few long arrays instead of one small array per document.

Tokens (:data:`TOKEN_PATTERN`) are runs of word characters (Unicode ``\\w``, which in the
``regex`` module includes combining marks, so Devanagari or decomposed accents stay one word)
and otherwise single extended grapheme clusters that are not white space (a punctuation mark,
an emoji with its modifiers, a flag). Tokens never cross the boundary of a counted range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import regex
from numpy.typing import NDArray

from ..metrics.matrices import covered_tokens
from .token_scan import flat_ranges, scan_tokens

IntArray = NDArray[np.int64]
Level = Literal["char", "token"]
LEVELS: tuple[Level, ...] = ("char", "token")

#: Word runs, else one non-space grapheme cluster (``regex`` rather than ``re`` for ``\X`` and
#: for a ``\w`` that keeps combining marks inside words). This is the definition;
#: :func:`token_offsets` finds the same tokens faster (a test checks that they agree).
TOKEN_PATTERN = regex.compile(r"\w+|(?!\s)\X")
EXCLUDED_KINDS = frozenset({"furniture", "comments"})


def counted_ranges(parts: Iterable[Mapping[str, Any]], length: int, *, body_only: bool = True
                   ) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of a text of ``length`` characters that agreement counts.

    >>> counted_ranges([{"kind": "body", "start": 0, "end": 5},
    ...                 {"kind": "furniture", "start": 5, "end": 8}], 10)
    [(0, 5), (8, 10)]
    >>> counted_ranges([{"kind": "comments", "start": 2, "end": 4}], 6, body_only=False)
    [(0, 6)]
    """
    if length <= 0:
        return []
    if not body_only or (isinstance(parts, Sequence) and not parts):
        return [(0, length)]
    excluded = sorted((int(p["start"]), int(p["end"])) for p in parts
                      if p.get("kind") in EXCLUDED_KINDS)
    ranges: list[tuple[int, int]] = []
    cursor = 0
    for start, end in excluded:
        start, end = max(start, 0), min(end, length)
        if start > cursor:
            ranges.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        ranges.append((cursor, length))
    return ranges


def tokenize(text: str, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token offsets ``(start, end)`` inside the given ranges of ``text``, in order.

    >>> text = "The so-called “opposition” 🇰🇿."
    >>> [text[s:e] for s, e in tokenize(text, [(0, len(text))])]
    ['The', 'so', '-', 'called', '“', 'opposition', '”', '🇰🇿', '.']
    """
    starts, ends = token_offsets(text, ranges)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def token_offsets(text: str, ranges: Iterable[tuple[int, int]]) -> tuple[IntArray, IntArray]:
    """:func:`tokenize` as two arrays. The text is cut into consecutive pieces (word runs,
    white-space runs, grapheme clusters) with ``findall``, which makes no match objects and is
    the fastest way through ``regex``; the tokens are the pieces that are not white space."""
    starts: list[IntArray] = []
    ends: list[IntArray] = []
    for start, end in ranges:
        pieces = _PIECES.findall(text, start, end)
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        stops = start + np.cumsum(lengths)
        keep = np.fromiter((not p.isspace() or p[0] in _NOT_REGEX_SPACE for p in pieces),
                           dtype=bool, count=len(pieces))
        starts.append((stops - lengths)[keep])
        ends.append(stops[keep])
    if not starts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(starts), np.concatenate(ends)


_PIECES = regex.compile(r"\w+|\s+|\X")
#: ``str.isspace`` but not ``\s``: the information separators are tokens to the pattern.
_NOT_REGEX_SPACE = frozenset("\x1c\x1d\x1e\x1f")
#: Documents whose tokens are kept between calls (texts never change; a page that recomputes
#: its figures on every widget change then tokenises each document once).
TOKEN_CACHE_SIZE = 2048


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def cached_token_offsets(text: str, ranges: tuple[tuple[int, int], ...]
                         ) -> tuple[IntArray, IntArray]:
    """:func:`token_offsets`, remembered for the last :data:`TOKEN_CACHE_SIZE` documents."""
    starts, ends = token_offsets(text, ranges)
    starts.setflags(write=False)
    ends.setflags(write=False)
    return starts, ends


@dataclass(frozen=True)
class Axis:
    """One level's positions of all documents, laid end to end.

    ``bounds[d]:bounds[d + 1]`` are document ``d``'s positions. :meth:`locate` turns spans given
    as global character offsets into ``[first, stop)`` position ranges (empty when a span
    covers no counted position).
    """

    level: Level
    bounds: IntArray
    # char level: counted ranges (global) and the positions counted before each range
    range_starts: IntArray
    range_ends: IntArray
    before: IntArray
    # token level: token offsets (global)
    token_starts: IntArray
    token_ends: IntArray

    @property
    def n_positions(self) -> int:
        return int(self.bounds[-1])

    def locate(self, starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
        if self.level == "token":
            return covered_tokens(self.token_starts, self.token_ends, starts, ends)
        return (_compress(starts, self.range_starts, self.range_ends, self.before),
                _compress(ends, self.range_starts, self.range_ends, self.before))


def _compress(offsets: IntArray, range_starts: IntArray, range_ends: IntArray,
              before: IntArray) -> IntArray:
    """Number of counted characters before each global offset."""
    if range_starts.size == 0:
        return np.zeros(len(offsets), dtype=np.int64)
    index = np.searchsorted(range_starts, offsets, side="right") - 1
    safe = np.maximum(index, 0)
    inside = np.clip(offsets - range_starts[safe], 0, range_ends[safe] - range_starts[safe])
    return np.where(index >= 0, before[safe] + inside, 0).astype(np.int64)


@dataclass(frozen=True)
class Layout:
    """Where each document sits on the global character axis, and its two position axes."""

    offsets: IntArray  # document d's characters are offsets[d]:offsets[d + 1]
    char: Axis
    token: Axis

    def axis(self, level: Level) -> Axis:
        return self.char if level == "char" else self.token

    def to_global(self, doc: IntArray, offsets: IntArray) -> IntArray:
        return self.offsets[doc] + offsets

    def without_tokens(self) -> Layout:
        """This layout without the token offsets (after the texts, its largest arrays), for
        when every span is placed: the token axis keeps its bounds but cannot locate."""
        empty = np.zeros(0, dtype=np.int64)
        return replace(self, token=replace(self.token, token_starts=empty, token_ends=empty))


def document_layout(texts: Sequence[str], parts: Sequence[Iterable[Mapping[str, Any]]], *,
                    body_only: bool) -> Layout:
    """The layout of a study's documents: their counted ranges, laid out and tokenised. The
    agreement service starts it in a second thread as soon as it has the texts, so that the
    tokenising (numpy lets go of the GIL) runs while the database hands over the spans."""
    # Most documents have no parts: their one range is written here, not asked of
    # counted_ranges (a call per document: 0.3 s of 100,000, holding the GIL).
    ranges = [[(0, len(t))] if t and (not body_only or type(p) in (list, tuple) and not p)
              else counted_ranges(p, len(t), body_only=body_only)
              for p, t in zip(parts, texts, strict=True)]
    return layout(texts, ranges)


def layout(texts: Sequence[str], ranges: Sequence[Sequence[tuple[int, int]]]) -> Layout:
    """Lay out documents (their texts and counted ranges) and tokenise the counted text: by
    :func:`.token_scan.scan_tokens`, and the documents it leaves out by the regex."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    counts, flat = flat_ranges(ranges)
    counted = flat + np.repeat(offsets[:-1], counts)[:, None]
    range_starts, range_ends = counted[:, 0].copy(), counted[:, 1].copy()
    before = np.concatenate(([0], np.cumsum(range_ends - range_starts))).astype(np.int64)
    t_starts, t_ends = _tokens(texts, ranges, offsets)
    empty = np.zeros(0, dtype=np.int64)
    char_bounds = _compress(offsets, range_starts, range_ends, before)
    char = Axis("char", char_bounds, range_starts, range_ends, before, empty, empty)
    token_bounds = np.searchsorted(t_starts, offsets, side="left").astype(np.int64)
    token = Axis("token", token_bounds, empty, empty, empty, t_starts, t_ends)
    return Layout(offsets, char, token)


def _tokens(texts: Sequence[str], ranges: Sequence[Sequence[tuple[int, int]]],
            offsets: IntArray) -> tuple[IntArray, IntArray]:
    """Global token offsets of all documents, in order."""
    starts, ends, hard = scan_tokens(texts, ranges)
    if not hard.any():
        return starts, ends
    more_starts, more_ends = [starts], [ends]
    for d in np.flatnonzero(hard).tolist():
        doc_starts, doc_ends = cached_token_offsets(texts[d], tuple(map(tuple, ranges[d])))
        more_starts.append(doc_starts + offsets[d])
        more_ends.append(doc_ends + offsets[d])
    all_starts = np.concatenate(more_starts)
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], np.concatenate(more_ends)[order]

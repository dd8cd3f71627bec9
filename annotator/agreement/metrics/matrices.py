"""Turning one document's spans into raters x positions tables for coded-data coefficients.

A position is a character or a token. The tables feed :func:`krippendorff_alpha` (or the kappa
functions) to measure agreement on "is this position inside a span" (``mode="presence"``)
or "which label does this position carry" (``mode="label"``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ._checks import check_choice, is_integer
from .intervals import check_span

Mode = Literal["label", "presence"]
IntArray = NDArray[np.int64]
SpansByAnnotator = Mapping[Hashable, Iterable[Sequence[Any]]]


def char_level_matrix(spans_by_annotator: SpansByAnnotator, length: int, *,
                      mode: Mode = "label", empty: Hashable | None = None) -> NDArray[Any]:
    """Raters x characters table of one document of ``length`` characters.

    ``spans_by_annotator`` maps each annotator (row order = mapping order) to spans
    ``(start, end, label)`` (or ``(start, end)`` with ``mode="presence"``), half-open
    character offsets. With ``mode="label"`` the result is an object array holding each
    character's label, ``empty`` where the annotator marked nothing; with
    ``mode="presence"`` an int8 array of 1 (inside some span) and 0.

    Note that ``None`` means *missing* to the coefficients: with the default ``empty=None``
    alpha only compares labels where both annotators marked something. Pass e.g.
    ``empty="O"`` to count "no label" as a category.

    Undefined cases: a span beyond ``length``, ``start >= end``, non-integer offsets, a
    missing label in label mode, or one annotator giving two different labels to the same
    character raise ``ValueError``.

    >>> char_level_matrix({"ann": [(1, 3, "X")], "bob": [(2, 4, "X")]}, 5, empty="O").tolist()
    [['O', 'X', 'X', 'O', 'O'], ['O', 'O', 'X', 'X', 'O']]
    >>> char_level_matrix({"ann": [(1, 3)], "bob": [(2, 4)]}, 5, mode="presence").tolist()
    [[0, 1, 1, 0, 0], [0, 0, 1, 1, 0]]
    """
    if not is_integer(length) or length < 1:
        raise ValueError(f"length must be a positive integer, got {length!r}")

    def positions(start: int, end: int, where: str) -> tuple[int, int]:
        if end > length:
            raise ValueError(f"{where}: span [{start}, {end}) runs past length {length}")
        return start, end

    return _fill(spans_by_annotator, int(length), positions, mode=mode, empty=empty)


def token_level_matrix(spans_by_annotator: SpansByAnnotator, tokens: Sequence[tuple[int, int]],
                       *, mode: Mode = "label", empty: Hashable | None = None) -> NDArray[Any]:
    """Raters x tokens table; like :func:`char_level_matrix` with tokens as positions.

    ``tokens`` are the tokens' half-open character offsets ``(start, end)``, in order and not
    overlapping (gaps such as whitespace are fine). A span labels every token it shares at
    least one character with, so a span ending mid-token labels that whole token.

    Undefined cases: as :func:`char_level_matrix`; also unsorted or overlapping tokens.

    >>> tokens = [(0, 3), (4, 9), (10, 12)]           # "The quick fox"
    >>> token_level_matrix({"a": [(4, 12, "X")], "b": [(5, 7, "X")]}, tokens, empty="O").tolist()
    [['O', 'X', 'X'], ['O', 'X', 'O']]
    """
    if not tokens:
        raise ValueError("tokens is empty")
    offsets = [check_span(s, e, f"tokens[{i}]") for i, (s, e) in enumerate(tokens)]
    starts = np.array([s for s, _ in offsets], dtype=np.int64)
    ends = np.array([e for _, e in offsets], dtype=np.int64)
    if (starts[1:] < ends[:-1]).any():
        raise ValueError("tokens must be in order and must not overlap")

    def positions(start: int, end: int, where: str) -> tuple[int, int]:
        first, stop = covered_tokens(starts, ends, np.array([start]), np.array([end]))
        return int(first[0]), int(stop[0])

    return _fill(spans_by_annotator, len(offsets), positions, mode=mode, empty=empty)


def covered_tokens(token_starts: IntArray, token_ends: IntArray, starts: IntArray,
                   ends: IntArray) -> tuple[IntArray, IntArray]:
    """The tokens each span ``[starts, ends)`` covers, as index ranges ``[first, stop)``.

    A span covers every token it shares at least one character with (so a span ending
    mid-token covers that whole token); a span inside a gap between tokens covers none
    (``first == stop``). The tokens ``[token_starts, token_ends)`` are in order and do not
    overlap. Vectorised over the spans; :func:`token_level_matrix` and the study's token axis
    both place spans this way.

    >>> tokens = np.array([0, 4, 10]), np.array([3, 9, 12])  # "The quick fox"
    >>> first, stop = covered_tokens(*tokens, np.array([5, 3]), np.array([11, 4]))
    >>> list(zip(first.tolist(), stop.tolist()))  # "uick f": quick and fox; " ": nothing
    [(1, 3), (1, 1)]
    """
    first = np.searchsorted(token_ends, starts, side="right")
    stop = np.searchsorted(token_starts, ends, side="left")
    return first.astype(np.int64), np.maximum(first, stop).astype(np.int64)


def _fill(spans_by_annotator: SpansByAnnotator, n_positions: int, positions: Any, *,
          mode: Mode, empty: Hashable | None) -> NDArray[Any]:
    check_choice("mode", mode, Mode)
    if not spans_by_annotator:
        raise ValueError("spans_by_annotator is empty")
    labels: dict[Hashable, int] = {}
    # Integer label codes (-1 = nothing) make conflict checks cheap slice comparisons.
    codes = np.full((len(spans_by_annotator), n_positions), -1, dtype=np.int64)
    for row, (annotator, spans) in enumerate(spans_by_annotator.items()):
        for index, span in enumerate(spans):
            where = f"annotator {annotator!r}, span {index}"
            if not isinstance(span, tuple | list) or len(span) not in (2, 3):
                raise ValueError(f"{where}: a span is (start, end, label) or (start, end), "
                                 f"got {span!r}")
            if mode == "label" and len(span) != 3:
                raise ValueError(f"{where}: mode='label' needs (start, end, label)")
            start, end = check_span(span[0], span[1], where)
            first, stop = positions(start, end, where)
            code = labels.setdefault(span[2], len(labels)) if mode == "label" else 0
            segment = codes[row, first:stop]
            if ((segment >= 0) & (segment != code)).any():
                raise ValueError(f"{where}: overlaps a span with a different label")
            segment[:] = code
    if mode == "presence":
        return (codes >= 0).astype(np.int8)
    lookup = np.empty(len(labels) + 1, dtype=object)
    lookup[:-1] = list(labels)
    lookup[-1] = empty
    return lookup[codes]

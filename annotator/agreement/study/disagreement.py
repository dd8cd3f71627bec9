"""Where in one document annotators disagree, for looking at their spans side by side.

A *region* is a stretch of counted characters where the raters' label sets differ
(someone marked a label that someone else did not), with stretches closer than
``merge_gap`` characters joined so that one disputed phrase is one region, not one per word.
:func:`marked_excerpt` writes one rater's spans into a plain-text excerpt with numbered
brackets, for display without HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

RaterSpans = Mapping[str, Sequence[tuple[int, int, str]]]
OPEN, CLOSE = "⟦", "⟧"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Region:
    """``[start, end)`` where raters disagree; ``labels`` per rater, in rater order."""

    start: int
    end: int
    labels: tuple[tuple[str, tuple[str, ...]], ...]

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        def show(keys: tuple[str, ...]) -> str:
            return ", ".join((names or {}).get(k, k) for k in keys) or "nothing"

        return "; ".join(f"{rater}: {show(keys)}" for rater, keys in self.labels)


def disagreement_regions(length: int, ranges: Sequence[tuple[int, int]],
                         spans: RaterSpans, *, merge_gap: int = 3) -> list[Region]:
    """Regions of a text of ``length`` characters, counting only ``ranges``, in text order.

    >>> spans = {"ann": [(4, 13, "LL")], "bob": [(4, 9, "LL")], "cy": [(4, 13, "LL")]}
    >>> [(r.start, r.end, r.labels) for r in disagreement_regions(20, [(0, 20)], spans)]
    [(9, 13, (('ann', ('LL',)), ('bob', ()), ('cy', ('LL',))))]
    """
    raters = list(spans)
    if len(raters) < 2 or length <= 0:
        return []
    cuts = {0, length} | {s for s, _ in ranges} | {e for _, e in ranges}
    for rater_spans in spans.values():
        for start, end, _ in rater_spans:
            cuts.update((max(0, min(start, length)), max(0, min(end, length))))
    bounds = np.array(sorted(cuts), dtype=np.int64)
    counted = np.zeros(len(bounds) - 1, dtype=bool)
    for start, end in ranges:
        counted[np.searchsorted(bounds, start):np.searchsorted(bounds, end)] = True
    sets: list[list[set[str]]] = [[set() for _ in range(len(bounds) - 1)] for _ in raters]
    for row, rater in enumerate(raters):
        for start, end, label in spans[rater]:
            for segment in range(np.searchsorted(bounds, start), np.searchsorted(bounds, end)):
                sets[row][segment].add(label)
    differ = [bool(counted[j]) and any(sets[r][j] != sets[0][j] for r in range(1, len(raters)))
              for j in range(len(bounds) - 1)]
    runs: list[list[int]] = []
    for j, disagree in enumerate(differ):
        if not disagree:
            continue
        if runs and bounds[j] - bounds[runs[-1][-1] + 1] <= merge_gap:
            runs[-1].append(j)
        else:
            runs.append([j])
    regions = []
    for run in runs:
        start, end = int(bounds[run[0]]), int(bounds[run[-1] + 1])
        labels = tuple(
            (rater, tuple(sorted(set().union(*(sets[row][j] for j in range(run[0], run[-1] + 1))))))
            for row, rater in enumerate(raters))
        regions.append(Region(start, end, labels))
    return regions


def excerpt_window(length: int, region: Region, spans: RaterSpans, *, context: int = 80,
                   limit: int = 1200, text: str | None = None) -> tuple[int, int]:
    """The stretch to show for a region: the region, every span overlapping it, and
    ``context`` characters either side, at most about ``limit`` characters. Given the
    ``text``, the window's edges move to the nearest white space within 20 characters
    inwards, so that the excerpt does not start or end in the middle of a word."""
    start, end = region.start, region.end
    for rater_spans in spans.values():
        for s, e, _ in rater_spans:
            if s < region.end and region.start < e:
                start, end = min(start, s), max(end, e)
    start = max(0, max(start, region.start - limit // 2) - context)
    end = min(length, min(end, region.end + limit // 2) + context)
    if text is not None:
        if start > 0:
            cut = next((i for i in range(start, min(start + 20, region.start))
                        if text[i].isspace()), None)
            start = start if cut is None else cut + 1
        if end < length:
            cut = next((i for i in range(end, max(end - 20, region.end), -1)
                        if text[i - 1].isspace()), None)
            end = end if cut is None else cut - 1
    return start, end


def marked_excerpt(text: str, spans: Sequence[tuple[int, int, str]], start: int, end: int
                   ) -> tuple[str, list[int]]:
    """``text[start:end]`` with each overlapping span bracketed as ``⟦...⟧ⁿ``.

    Returns the marked text and the indices (into ``spans``) of the spans it shows, numbered
    1, 2, ... in that order. Spans cut by the window get their bracket at the window's edge.

    >>> marked_excerpt("the so-called groups", [(4, 13, "LL")], 0, 20)
    ('the ⟦so-called⟧¹ groups', [0])
    """
    shown = sorted((i for i, (s, e, _) in enumerate(spans) if s < end and start < e),
                   key=lambda i: (spans[i][0], -spans[i][1]))
    marks: dict[int, list[str]] = {}
    for number, i in enumerate(shown, start=1):
        s, e, _ = spans[i]
        marks.setdefault(max(s, start), []).append(OPEN)
        marks.setdefault(min(e, end), []).insert(0, CLOSE + str(number).translate(_SUPERSCRIPT))
    pieces, cursor = [], start
    for position in sorted(marks):
        pieces.append(text[cursor:position])
        closes = [m for m in marks[position] if m.startswith(CLOSE)]
        opens = [m for m in marks[position] if m == OPEN]
        pieces.extend(closes + opens)
        cursor = position
    pieces.append(text[cursor:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(pieces) + suffix, shown

"""Pure logic of curation: which spans all annotators agree on, and which overlap in a
disagreement. No database here, so the rules can be tested on their own (hypothesis).

A span is unanimous when every annotator taken into account drew it with the same offsets
and the same label. What remains is grouped into clusters: maximal runs of spans that
overlap one another, directly or through a chain (the unit a curator decides on).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SpanKey:
    """What curation needs to know about one annotator's span."""

    uid: str
    user_id: int
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Split:
    #: Groups of identical spans (same offsets and label) drawn by every annotator.
    unanimous: tuple[tuple[SpanKey, ...], ...]
    #: Clusters of the other spans, in text order.
    clusters: tuple[tuple[SpanKey, ...], ...]


def _order(span: SpanKey) -> tuple[int, int, str, int, str]:
    return (span.start, span.end, span.label, span.user_id, span.uid)


def split(spans: Iterable[SpanKey], annotators: Collection[int], *, min_annotators: int = 2) -> Split:
    """Separate unanimous groups from clusters of disagreement.

    Unanimity needs at least `min_annotators` annotators: with a single annotator there is
    nobody to agree with, and calling their spans "unanimous" would mislead a reader of the
    gold provenance.
    """
    considered = [s for s in spans if s.user_id in annotators]
    groups: dict[tuple[int, int, str], list[SpanKey]] = defaultdict(list)
    for span in considered:
        groups[(span.start, span.end, span.label)].append(span)
    everyone = set(annotators)
    unanimous: list[tuple[SpanKey, ...]] = []
    rest: list[SpanKey] = []
    for key in sorted(groups):
        group = sorted(groups[key], key=_order)
        if len(everyone) >= min_annotators and {s.user_id for s in group} == everyone:
            unanimous.append(tuple(group))
        else:
            rest.extend(group)
    return Split(tuple(unanimous), tuple(clusters(rest)))


def clusters(spans: Iterable[SpanKey]) -> list[tuple[SpanKey, ...]]:
    """Connected runs of overlapping spans (half-open intervals), in text order."""
    found: list[tuple[SpanKey, ...]] = []
    current: list[SpanKey] = []
    current_end = -1
    for span in sorted(spans, key=_order):
        if current and span.start >= current_end:
            found.append(tuple(current))
            current = []
        current.append(span)
        current_end = max(current_end, span.end) if len(current) > 1 else span.end
    if current:
        found.append(tuple(current))
    return found


def cluster_key(uids: Sequence[str]) -> str:
    """A short, stable name for a cluster: it changes when its spans change."""
    return hashlib.sha256("\n".join(sorted(uids)).encode()).hexdigest()[:16]


def extent(spans: Sequence[SpanKey]) -> tuple[int, int]:
    return min(s.start for s in spans), max(s.end for s in spans)


#: How a disagreement differs, most telling first: one annotator only; extents that overlap
#: but differ; the same extent with different labels; identical spans some annotators lack.
KINDS = ("single", "extent", "label", "partial")


@dataclass(frozen=True)
class Difference:
    """What kind of disagreement a cluster is, for drawing and for the curator's card."""

    kind: str
    #: Compared annotators (user ids) with no span in the cluster.
    missing: tuple[int, ...]


def difference(members: Sequence[SpanKey], annotators: Collection[int]) -> Difference:
    """Classify a cluster (see KINDS). With one compared annotator every span is theirs
    alone, which is what "single" says."""
    drawers = {m.user_id for m in members}
    missing = tuple(sorted(set(annotators) - drawers))
    if len(drawers) == 1:
        kind = "single"
    elif len({(m.start, m.end) for m in members}) > 1:
        kind = "extent"
    elif len({m.label for m in members}) > 1:
        kind = "label"
    else:
        kind = "partial"
    return Difference(kind, missing)

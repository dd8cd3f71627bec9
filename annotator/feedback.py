"""Pure rules of an annotator's feedback from curation: their spans against the gold layer.

A span of theirs *matches* a gold span with the same offsets and label (each gold span is
matched once, so a duplicate of theirs is an extra). A gold span nobody of theirs matches is a
*miss*; a span of theirs no gold span matches is an *extra*. Misses and extras name the
overlapping span on the other side, if any (the nearest thing to a correction: "gold has this
as Claim", "you had it one word longer").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .curation import SpanKey

Outcome = Literal["match", "miss", "extra"]


@dataclass(frozen=True)
class Compared:
    outcome: Outcome
    #: The annotator's span (None for a miss).
    own: SpanKey | None
    #: The gold span (None for an extra).
    gold: SpanKey | None
    #: For a miss or an extra: the most overlapping span on the other side, if any.
    near: SpanKey | None = None


def _overlap(a: SpanKey, b: SpanKey) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _nearest(span: SpanKey, others: Sequence[SpanKey]) -> SpanKey | None:
    best = max(others, key=lambda o: (_overlap(span, o), -o.start), default=None)
    return best if best is not None and _overlap(span, best) > 0 else None


def against_gold(own: Sequence[SpanKey], gold: Sequence[SpanKey]) -> list[Compared]:
    """Every span of both sides once, in text order (a match sorts by its gold span).

    >>> mine = [SpanKey("m1", 1, "claim", 0, 5), SpanKey("m2", 1, "loaded", 7, 9)]
    >>> gold = [SpanKey("g1", 0, "claim", 0, 5), SpanKey("g2", 0, "loaded", 6, 9)]
    >>> [(c.outcome, c.near.uid if c.near else None) for c in against_gold(mine, gold)]
    [('match', None), ('miss', 'm2'), ('extra', 'g2')]
    """
    unmatched: dict[tuple[int, int, str], list[SpanKey]] = {}
    for g in gold:
        unmatched.setdefault((g.start, g.end, g.label), []).append(g)
    found: list[Compared] = []
    extras: list[SpanKey] = []
    for span in sorted(own, key=lambda s: (s.start, s.end, s.label, s.uid)):
        waiting = unmatched.get((span.start, span.end, span.label))
        if waiting:
            found.append(Compared("match", span, waiting.pop(0)))
        else:
            extras.append(span)
    matched_own = [c.own for c in found if c.own is not None]
    missed = [g for rest in unmatched.values() for g in rest]
    found += [Compared("miss", None, g, _nearest(g, [*extras, *matched_own])) for g in missed]
    found += [Compared("extra", s, None, _nearest(s, gold)) for s in extras]

    def order(c: Compared) -> tuple[int, int, int]:
        span = c.gold if c.gold is not None else c.own
        assert span is not None
        return span.start, span.end, ("match", "miss", "extra").index(c.outcome)

    return sorted(found, key=order)

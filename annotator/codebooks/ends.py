"""Which labels a relation type allows at its ends: a module of its own, without the pydantic
schema, so that the views (and every service that imports them) do not load pydantic."""

from __future__ import annotations

from collections.abc import Collection


def ends_fit(from_labels: Collection[str], to_labels: Collection[str], directed: bool, from_label: str,
             to_label: str) -> bool:
    """Whether spans labelled `from_label` and `to_label` may be the ends of a relation type
    that allows these labels at each end (none: any label), either way round when undirected."""

    def one_way(first: str, second: str) -> bool:
        return (not from_labels or first in from_labels) and (not to_labels or second in to_labels)

    return one_way(from_label, to_label) or (not directed and one_way(to_label, from_label))

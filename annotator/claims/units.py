"""A lead's decisions turned into units: claims that start (and stay) together, and the pairs
of units that must stay apart. Exact repeats of one text join a unit too, since nothing could
ever part them, and a viral claim repeated a thousand times then costs one row.

Contradicting decisions are refused with a ValueError naming the decision, never repaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Claim, ClaimId, Decisions
from .vectors import char_text


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass
class Units:
    """`unit[i]`: the unit of claim i (0..count-1); `fixed[u]`: position in decisions.groups of
    the confirmed group unit u holds, or None; `closed[u]`: it takes no new members;
    `cannot`: unit pairs (u < v) a lead keeps apart."""

    unit: list[int]
    count: int
    fixed: list[int | None]
    closed: list[bool]
    cannot: set[tuple[int, int]] = field(default_factory=set)


def _position(index: dict[ClaimId, int], claim: ClaimId, where: str) -> int:
    try:
        return index[claim]
    except (KeyError, TypeError):
        raise ValueError(f"{where}: unknown claim {claim!r}") from None


def build_units(claims: Sequence[Claim], decisions: Decisions) -> Units:
    index: dict[ClaimId, int] = {}
    for position, claim in enumerate(claims):
        if claim.id in index:
            raise ValueError(f"claims[{position}]: the id {claim.id!r} is also claims[{index[claim.id]}]'s")
        index[claim.id] = position
    n = len(claims)
    joined = _UnionFind(n)
    group_of: dict[int, int] = {}
    decided: set[int] = set()
    for number, group in enumerate(decisions.groups):
        where = f"decisions.groups[{number}] ({group.id!r})"
        members = [_position(index, m, where) for m in group.members]
        for member in members:
            if member in group_of and group_of[member] != number:
                raise ValueError(f"{where}: claim {claims[member].id!r} is also in confirmed group "
                                 f"{decisions.groups[group_of[member]].id!r}")
            group_of[member] = number
            joined.union(members[0], member)
        decided.update(members)
    for number, (a, b) in enumerate(decisions.must_link):
        where = f"decisions.must_link[{number}]"
        first, second = _position(index, a, where), _position(index, b, where)
        joined.union(first, second)
        decided.update((first, second))
    cannot_claims = []
    for number, (a, b) in enumerate(decisions.cannot_link):
        where = f"decisions.cannot_link[{number}]"
        pair = (_position(index, a, where), _position(index, b, where))
        cannot_claims.append((number, pair))
        decided.update(pair)

    # Two confirmed groups joined by must-links contradict the lead's own grouping.
    fixed_of_root: dict[int, int] = {}
    for member, number in group_of.items():
        root = joined.find(member)
        other = fixed_of_root.setdefault(root, number)
        if other != number:
            raise ValueError(f"decisions.must_link joins confirmed groups {decisions.groups[other].id!r} "
                             f"and {decisions.groups[number].id!r}")
    for number, (a, b) in cannot_claims:
        if joined.find(a) == joined.find(b):
            raise ValueError(f"decisions.cannot_link[{number}]: {claims[a].id!r} and {claims[b].id!r} "
                             "are joined by must-links or a confirmed group")

    first_of_text: dict[str, int] = {}
    for position, claim in enumerate(claims):
        if position in decided:
            continue
        key = char_text(claim.text)
        if key.strip():
            joined.union(first_of_text.setdefault(key, position), position)

    roots: dict[int, int] = {}
    unit = [roots.setdefault(joined.find(i), len(roots)) for i in range(n)]
    fixed: list[int | None] = [None] * len(roots)
    for member, number in group_of.items():
        fixed[unit[member]] = number
    closed = [f is not None and not decisions.groups[f].accepts_new for f in fixed]
    cannot = {(min(unit[a], unit[b]), max(unit[a], unit[b])) for _, (a, b) in cannot_claims}
    return Units(unit, len(roots), fixed, closed, cannot)

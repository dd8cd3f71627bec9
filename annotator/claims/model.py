"""The plain data that goes in and out of claim matching: a service builds these from its rows
and stores what comes back. Nothing here knows about the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

#: A claim's id as the caller knows it: an annotation id, a uid, a test key.
ClaimId = int | str
#: Whether sentence embeddings took part in a result ("off" when no model is installed).
EmbeddingsState = Literal["on", "off"]


@dataclass(frozen=True)
class Claim:
    """One claim to group: a Claim span's quote (or a sentence), with where it appeared."""

    id: ClaimId
    text: str
    outlet: str | None = None
    date: date | None = None
    document: str | None = None


@dataclass(frozen=True)
class FixedGroup:
    """A group a lead confirmed. Its members stay together, it is never merged with another
    fixed group, and with `accepts_new` it may gain unconfirmed claims in a run."""

    id: ClaimId
    members: tuple[ClaimId, ...]
    accepts_new: bool = True


@dataclass(frozen=True)
class Decisions:
    """A lead's confirmed decisions; an automatic run never undoes any of them.

    `must_link` pairs end in one group, `cannot_link` pairs in two, `groups` as described in
    FixedGroup. Decisions that contradict each other are refused (ValueError)."""

    must_link: tuple[tuple[ClaimId, ClaimId], ...] = ()
    cannot_link: tuple[tuple[ClaimId, ClaimId], ...] = ()
    groups: tuple[FixedGroup, ...] = ()


@dataclass(frozen=True)
class ProposedGroup:
    """One group of a proposal: its members in input order, the member whose wording is
    closest to all the others (a canonical wording to start from), the fixed group it extends
    (None for a new group), and the members a run added to that fixed group."""

    members: tuple[ClaimId, ...]
    canonical: ClaimId
    group: ClaimId | None = None
    added: tuple[ClaimId, ...] = ()
    cohesion: float = 1.0  # mean similarity of its members' pairs; 1.0 for one member


@dataclass(frozen=True)
class Grouping:
    """Every claim in exactly one group (single claims make groups of one), largest first."""

    groups: tuple[ProposedGroup, ...]
    embeddings: EmbeddingsState
    threshold: float
    #: Pairs of claims whose similarity was computed (the rest shared no uncommon word).
    pairs_scored: int = 0
    #: Merges the averages proposed but contradicting facts refused (numbers, names, negation,
    #: direction).
    contradictions: int = 0
    _index: dict[ClaimId, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for number, group in enumerate(self.groups):
            for member in group.members:
                self._index[member] = number

    def group_of(self, claim: ClaimId) -> ProposedGroup:
        return self.groups[self._index[claim]]

    def labels(self) -> dict[ClaimId, int]:
        """Claim id -> the position of its group in `groups`."""
        return dict(self._index)


@dataclass(frozen=True)
class GroupMatch:
    """A group similar to one claim: its score, its most similar member (None when it was the
    group's canonical wording) and why it may still be another claim (contradicting facts with
    that member; empty when none)."""

    group: ClaimId
    score: float
    member: ClaimId | None
    contradictions: tuple[str, ...] = ()

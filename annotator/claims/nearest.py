"""The groups most similar to one claim: the side panel's suggestions while annotating, and the
match of an imported fact-check (factchecks.py).

Build a `GroupIndex` once from the project's groups (it learns the vocabulary and IDF from their
members, and embeds them when a model is loaded), then ask `nearest(text)` for each new claim:
one sparse row against the index: about 15 ms for ten thousand members on the 2-core machine
(bench/claims.py). A group scores
as its most similar member that the new claim does not contradict (facts.py); a group whose
close members all contradict it still appears, at half its score, with the reasons, so the
panel can show "differs: number 40 percent / 14 percent" rather than hide a near miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embeddings import Embedder, EmbeddingsMode, resolve_embedder
from .facts import DOUBT_FACTOR, Facts, compare
from .model import Claim, ClaimId, EmbeddingsState, GroupMatch
from .scoring import prepare, similarity
from .tokens import tokenise
from .vectors import lexical_matrix

#: How much a contradicted group's score is scaled by.
CONTRADICTED_FACTOR = 0.5
#: Members checked for contradictions per group, best first.
CHECKED_MEMBERS = 5


@dataclass(frozen=True)
class IndexedGroup:
    """An existing group: its members' claims and, if it has one, its canonical wording."""

    id: ClaimId
    members: tuple[Claim, ...]
    canonical: str | None = None


class GroupIndex:
    """Existing groups, ready to be compared with new claims (see the module docstring)."""

    def __init__(self, groups: Sequence[IndexedGroup], *,
                 embeddings: EmbeddingsMode | Embedder | None = "auto") -> None:
        texts: list[str] = []
        owners: list[int] = []
        members: list[ClaimId | None] = []
        for number, group in enumerate(groups):
            for claim in group.members:
                texts.append(claim.text)
                owners.append(number)
                members.append(claim.id)
            if group.canonical:
                texts.append(group.canonical)
                owners.append(number)
                members.append(None)
        self.groups = list(groups)
        self._embedder = resolve_embedder(embeddings) if texts else None
        self.embeddings: EmbeddingsState = "on" if self._embedder is not None else "off"
        self._owners = np.asarray(owners, dtype=np.int64)
        self._members = members
        self._prepared, self._vectorizer, self._vocabulary = prepare(texts, self._embedder)

    def __len__(self) -> int:
        return len(self.groups)

    def scores(self, text: str) -> tuple[Facts, np.ndarray]:
        """The new claim's facts and its similarity with every indexed text."""
        facts = Facts.of(tokenise(text), self._vocabulary)
        if not self._members:
            return facts, np.zeros(0, dtype=np.float32)
        vectors = self._vectorizer.transform([facts])
        cosine = None
        if self._embedder is not None and self._prepared.embeddings is not None:
            cosine = (self._embedder.encode([text]) @ self._prepared.embeddings.T)
        return facts, similarity(lexical_matrix(vectors, self._prepared.vectors), cosine)[0]

    def nearest(self, text: str, *, k: int = 5, minimum: float = 0.0,
                exclude: Sequence[ClaimId] = ()) -> list[GroupMatch]:
        """Up to `k` groups by score, best first, each scoring at least `minimum`. Members in
        `exclude` are left out (the claim itself, when it is already indexed)."""
        facts, scores = self.scores(text)
        if not len(scores):
            return []
        if exclude:
            excluded = set(exclude)
            scores = scores.copy()
            scores[[m in excluded for m in self._members]] = -1.0
        best = np.full(len(self.groups), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, scores)
        # fact checks only for the groups that could make the list
        shortlist = np.argsort(-best, kind="stable")[: max(k * 3, k + 5)]
        matches = [self._match(int(g), facts, scores) for g in shortlist if best[g] > 0]
        matches = [m for m in matches if m.score >= minimum]
        matches.sort(key=lambda m: -m.score)
        return matches[:k]

    def _match(self, group: int, facts: Facts, scores: np.ndarray) -> GroupMatch:
        rows = np.flatnonzero(self._owners == group)
        rows = rows[np.argsort(-scores[rows], kind="stable")][:CHECKED_MEMBERS]
        first_reasons: tuple[str, ...] = ()
        for row in rows:
            if scores[row] < 0:
                break
            found = compare(facts, self._prepared.facts[row])
            if not found.contradictions:
                score = float(scores[row]) * DOUBT_FACTOR ** len(found.doubts)
                return GroupMatch(self.groups[group].id, round(score, 4), self._member(int(row)))
            first_reasons = first_reasons or found.contradictions
        top = int(rows[0])
        return GroupMatch(self.groups[group].id, round(float(scores[top]) * CONTRADICTED_FACTOR, 4),
                          self._member(top), first_reasons)

    def _member(self, row: int) -> ClaimId | None:
        return self._members[row]

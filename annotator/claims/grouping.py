"""Propose claim groups for a collection of claims: `propose_groups`.

1. The lead's decisions become units (units.py): claims that start together, pairs kept apart.
2. Candidate pairs (candidates.py) are scored (scoring.py); pairs at or above the threshold
   link claims into components. Average linkage can only merge two clusters that have a pair
   at or above the threshold, so no group crosses a component.
3. In each component every pair is scored, contradicting pairs (facts.py) are kept apart, and
   units are merged by average linkage with those constraints (linkage.py) until no two
   clusters average the threshold. A unit counts as one claim with the weight of its members,
   similar to another as its most similar member is: the lead vouched that its wordings say
   one thing.

A fixed (confirmed) group comes back with its id and every one of its members; claims the run
adds to it are listed in `added`. Two confirmed groups are never merged, a closed one gains no
member, and must-link / cannot-link decisions always hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .candidates import candidate_pairs
from .embeddings import Embedder, EmbeddingsMode, resolve_embedder
from .facts import DOUBT_FACTOR, compare
from .linkage import average_linkage
from .model import Claim, Decisions, EmbeddingsState, Grouping, ProposedGroup
from .scoring import Prepared, prepare
from .units import Units, build_units

#: Default thresholds, chosen on tests/claims/data/tuning.yaml (see the README's Claims section).
THRESHOLD = 0.3
THRESHOLD_WITH_EMBEDDINGS = 0.3
#: Pairs below this share of the threshold are not checked for contradictions: they are too
#: unlike to end in one group unless other claims pull them, and then those pairs' checks hold.
CONTRADICTION_FLOOR = 0.5
#: A component larger than this is split at a raised threshold before its dense matrix is built.
MAX_COMPONENT = 4000


def propose_groups(claims: Sequence[Claim], *, decisions: Decisions | None = None, threshold: float | None = None,
                   embeddings: EmbeddingsMode | Embedder | None = "auto") -> Grouping:
    """Group `claims` (see the module docstring). `embeddings` is "auto" (the packaged model
    when installed), "on" (raise EmbeddingsUnavailable without it), "off", or an Embedder."""
    claims = list(claims)
    decisions = decisions or Decisions()
    units = build_units(claims, decisions)
    embedder = resolve_embedder(embeddings)
    if threshold is None:
        threshold = THRESHOLD_WITH_EMBEDDINGS if embedder is not None else THRESHOLD
    state: EmbeddingsState = "on" if embedder is not None else "off"
    if not claims:
        return Grouping((), state, threshold)
    prepared, _, _ = prepare([c.text for c in claims], embedder)
    first, second = candidate_pairs(prepared.vectors, prepared.embeddings)
    scores = prepared.pairs(first, second) if len(first) else np.zeros(0, dtype=np.float32)
    strong = scores >= threshold
    n = len(claims)
    unit = np.asarray(units.unit)
    # each claim linked to its unit's first claim, plus the strong pairs: the components
    first_of_unit = np.zeros(units.count, dtype=np.int64)
    first_of_unit[unit[::-1]] = np.arange(n)[::-1]
    anchors = first_of_unit[unit]
    everyone = np.arange(n)
    component = _components(everyone, first[strong], second[strong], anchors)

    clusters: list[Cluster] = []
    contradicted = 0
    for members in _split(everyone, component, first, second, scores, threshold, anchors):
        found, count = _cluster(prepared, units, members, threshold)
        clusters.extend(found)
        contradicted += count
    clusters.sort(key=lambda c: (-len(c.claims), c.claims[0]))
    groups = tuple(_group(prepared, claims, units, decisions, c) for c in clusters)
    return Grouping(groups, state, threshold, pairs_scored=len(first), contradictions=contradicted)


def _components(claims: np.ndarray, first: np.ndarray, second: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Component labels of `claims` (sorted global positions) linked by the pairs (first,
    second) and by each claim's unit anchor."""
    rows = np.concatenate([np.searchsorted(claims, first), np.arange(len(claims))])
    cols = np.concatenate([np.searchsorted(claims, second), np.searchsorted(claims, anchors[claims])])
    graph = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(claims),) * 2)
    return np.asarray(connected_components(graph, directed=False)[1])


def _split(claims: np.ndarray, labels: np.ndarray, first: np.ndarray, second: np.ndarray, scores: np.ndarray,
           threshold: float, anchors: np.ndarray) -> list[np.ndarray]:
    """The components' claim lists (sorted). One larger than MAX_COMPONENT is cut into the
    components of its pairs at a raised threshold, its units kept whole, so that its dense
    matrix fits in memory; its groups could only be tighter than that in the usual case of a
    long chain of near-misses."""
    order = np.argsort(labels, kind="stable")
    result = []
    for part in np.split(claims[order], np.flatnonzero(np.diff(labels[order])) + 1):
        part = np.sort(part)
        if len(part) <= MAX_COMPONENT or threshold > 1.0:  # past 1.0 only a unit holds it together
            result.append(part)
            continue
        inside = np.isin(first, part) & np.isin(second, part)
        raised = threshold + 0.05
        keep = inside & (scores >= raised)
        sub = _components(part, first[keep], second[keep], anchors)
        result.extend(_split(part, sub, first[inside], second[inside], scores[inside], raised, anchors))
    return result


@dataclass
class Cluster:
    """Claim positions (ascending) and their similarities, in that order; None when not computed."""

    claims: list[int]
    similarity: np.ndarray | None = None


def _cluster(prepared: Prepared, units: Units, members: np.ndarray, threshold: float) -> tuple[list[Cluster], int]:
    """The clusters of one component, and the merges refused for contradicting facts."""
    member_units = sorted({units.unit[m] for m in members})
    if len(member_units) == 1:
        return [Cluster(sorted(int(m) for m in members))], 0
    local_unit = {u: k for k, u in enumerate(member_units)}
    m = len(member_units)
    assignment = np.array([local_unit[units.unit[c]] for c in members])
    similarity = prepared.matrix(members).astype(np.float64)
    sizes = np.bincount(assignment, minlength=m).astype(np.float64)
    cannot = _apart(units, member_units)
    # Doubts lower a similarity before the averages are taken, so pairs that may carry one
    # (a negation on either side) are compared now; every other fact check waits until the
    # averages propose a merge (`allow`), which spares most of the n² comparisons.
    facts = [prepared.facts[c] for c in members]
    checked: dict[tuple[int, int], bool] = {}
    negated = np.array([bool(f.negations) for f in facts])
    rows, cols = np.nonzero(np.triu(similarity >= threshold, k=1) & (negated[:, None] | negated[None, :]))
    for i, j in zip(rows, cols, strict=True):
        if assignment[i] == assignment[j]:
            continue
        found = compare(facts[i], facts[j])
        checked[int(i), int(j)] = bool(found.contradictions)
        if found.doubts:
            similarity[i, j] = similarity[j, i] = similarity[i, j] * DOUBT_FACTOR ** len(found.doubts)
    sums = _unit_similarity(similarity, assignment, m) * np.outer(sizes, sizes)
    floor = CONTRADICTION_FLOOR * threshold
    texts = [f.core_text() for f in facts]
    # one claim per distinct text of a unit: repeats of a text contradict alike
    speakers: list[list[int]] = [[] for _ in range(m)]
    for k, unit in enumerate(assignment):
        if all(texts[o] != texts[k] for o in speakers[unit]):
            speakers[unit].append(k)
    contradicted = 0

    def allow(left: list[int], right: list[int]) -> bool:
        nonlocal contradicted
        for i in (k for u in left for k in speakers[u]):
            for j in (k for u in right for k in speakers[u]):
                pair = (min(i, j), max(i, j))
                if pair not in checked:
                    checked[pair] = (similarity[i, j] >= floor
                                     and bool(compare(facts[pair[0]], facts[pair[1]]).contradictions))
                if checked[pair]:
                    contradicted += 1
                    return False
        return True

    labels = average_linkage(sums, sizes, cannot, threshold, allow)
    positions: dict[int, list[int]] = {}
    for k, unit in enumerate(assignment):
        positions.setdefault(int(labels[unit]), []).append(k)
    clusters = [Cluster([int(members[k]) for k in local], similarity[np.ix_(local, local)])
                for local in positions.values()]
    return clusters, contradicted


def _unit_similarity(similarity: np.ndarray, assignment: np.ndarray, m: int) -> np.ndarray:
    """Unit-by-unit similarity: that of their most similar members. The claims of a unit are
    one claim by the lead's word (or one text), so a newcomer close to any of them is close to
    the claim; averaging over a confirmed group's varied wordings would hold it off."""
    order = np.argsort(assignment, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(assignment[order]) != 0])
    rows = np.maximum.reduceat(similarity[order], starts, axis=0)
    result: np.ndarray = np.maximum.reduceat(rows[:, order], starts, axis=1)
    assert result.shape == (m, m)
    return result


def _apart(units: Units, member_units: list[int]) -> np.ndarray:
    """The lead's constraints among some units, as a matrix (Units.apart, vectorised)."""
    fixed = np.array([-1 if units.fixed[u] is None else units.fixed[u] for u in member_units])
    closed = np.array([units.closed[u] for u in member_units])
    both = (fixed[:, None] >= 0) & (fixed[None, :] >= 0)
    cannot: np.ndarray = (both & (fixed[:, None] != fixed[None, :])) | closed[:, None] | closed[None, :]
    local = {u: k for k, u in enumerate(member_units)}
    for u, v in units.cannot:
        if u in local and v in local:
            cannot[local[u], local[v]] = cannot[local[v], local[u]] = True
    np.fill_diagonal(cannot, False)
    return cannot


def _group(prepared: Prepared, claims: list[Claim], units: Units, decisions: Decisions, cluster: Cluster) -> ProposedGroup:
    members = cluster.claims
    ids = tuple(claims[i].id for i in members)
    fixed = {units.fixed[units.unit[i]] for i in members} - {None}
    group_id = None
    added: tuple[object, ...] = ()
    if fixed:
        (number,) = fixed  # linkage never joins two fixed groups
        assert number is not None
        confirmed = decisions.groups[number]
        group_id = confirmed.id
        added = tuple(i for i in ids if i not in set(confirmed.members))
    if len(members) == 1:
        return ProposedGroup(ids, ids[0], group_id, added)  # type: ignore[arg-type]
    matrix = (cluster.similarity if cluster.similarity is not None else prepared.matrix(members)).copy()
    np.fill_diagonal(matrix, 0.0)
    totals = matrix.sum(axis=1)
    canonical = ids[int(totals.argmax())]
    cohesion = float(totals.sum() / (len(members) * (len(members) - 1)))
    return ProposedGroup(ids, canonical, group_id, added, round(cohesion, 4))  # type: ignore[arg-type]

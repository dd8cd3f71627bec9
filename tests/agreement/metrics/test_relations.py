"""Relation F1 between two annotators: type and both ends must match (exact or overlapping),
either way round only for undirected types; the figures are symmetric in the two sets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.metrics.relations import End, RelationItem, relation_prf

CLAIM, SOURCE = "claim", "source_attribution"


def rel(kind: str, a: tuple[int, int, str], b: tuple[int, int, str], *, doc: int = 1,
        directed: bool = True) -> RelationItem:
    return RelationItem(doc, kind, End(*a), End(*b), directed)


def test_type_and_both_ends_must_match() -> None:
    a = [rel("attributed_to", (0, 10, CLAIM), (20, 30, SOURCE)), rel("supports", (0, 10, CLAIM), (40, 50, CLAIM))]
    b = [rel("attributed_to", (0, 10, CLAIM), (20, 30, SOURCE)), rel("contradicts", (0, 10, CLAIM), (40, 50, CLAIM))]
    found = relation_prf(a, b, match="exact")
    assert (found.precision, found.recall, found.f1, found.n_a, found.n_b) == (0.5, 0.5, 0.5, 2, 2)


def test_overlap_forgives_boundaries_but_not_labels_or_documents() -> None:
    a = [rel("supports", (0, 10, CLAIM), (40, 50, CLAIM))]
    assert relation_prf(a, [rel("supports", (2, 10, CLAIM), (45, 60, CLAIM))], match="overlap").f1 == 1.0
    assert relation_prf(a, [rel("supports", (2, 10, CLAIM), (45, 60, CLAIM))], match="exact").f1 == 0.0
    assert relation_prf(a, [rel("supports", (2, 10, SOURCE), (45, 60, CLAIM))], match="overlap").f1 == 0.0
    assert relation_prf(a, [rel("supports", (0, 10, CLAIM), (40, 50, CLAIM), doc=2)], match="exact").f1 == 0.0
    assert relation_prf(a, [rel("supports", (10, 20, CLAIM), (40, 50, CLAIM))], match="overlap").f1 == 0.0


def test_direction_counts_unless_the_type_is_undirected() -> None:
    forward = [rel("supports", (0, 10, CLAIM), (40, 50, CLAIM))]
    backward = [rel("supports", (40, 50, CLAIM), (0, 10, CLAIM))]
    assert relation_prf(forward, backward, match="exact").f1 == 0.0
    undirected = [rel("repeats", (0, 10, CLAIM), (40, 50, CLAIM), directed=False)]
    reversed_ = [rel("repeats", (40, 50, CLAIM), (0, 10, CLAIM), directed=False)]
    assert relation_prf(undirected, reversed_, match="exact").f1 == 1.0


def test_empty_sides_are_undefined_and_a_bad_match_is_refused() -> None:
    one = [rel("supports", (0, 10, CLAIM), (40, 50, CLAIM))]
    assert math.isnan(relation_prf([], one).f1) and relation_prf([], one).recall == 0.0
    assert math.isnan(relation_prf([], []).precision)
    with pytest.raises(ValueError, match="match must be one of 'exact', 'overlap'"):
        relation_prf(one, one, match="proportional")  # type: ignore[arg-type]


_end = st.builds(lambda s, n, label: End(s, s + n, label), st.integers(0, 30), st.integers(1, 8),
                 st.sampled_from([CLAIM, SOURCE]))
_relations = st.lists(st.builds(RelationItem, st.integers(1, 2), st.sampled_from(["supports", "repeats"]), _end,
                                _end, st.booleans()), max_size=6)


@settings(deadline=None)  # a shared, loaded machine: no timing in tests
@given(_relations, _relations)
def test_symmetric_and_exact_never_above_overlap(a: list[RelationItem], b: list[RelationItem]) -> None:
    for match in ("exact", "overlap"):
        ab, ba = relation_prf(a, b, match=match), relation_prf(b, a, match=match)
        assert (ab.precision, ab.recall) == (ba.recall, ba.precision) or any(
            math.isnan(x) for x in (ab.precision, ab.recall))
    exact, overlap = relation_prf(a, b, match="exact"), relation_prf(a, b, match="overlap")
    if a and b:
        assert exact.precision <= overlap.precision and exact.recall <= overlap.recall


@settings(deadline=None)
@given(_relations)
def test_a_set_agrees_with_itself(a: list[RelationItem]) -> None:
    if a:
        assert relation_prf(a, a, match="exact").f1 == 1.0

"""The pure curation rules: unanimity and clusters of disagreement."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.curation import SpanKey, cluster_key, clusters, split


def s(uid: str, user: int, label: str, start: int, end: int) -> SpanKey:
    return SpanKey(uid, user, label, start, end)


def test_unanimous_needs_every_annotator_with_the_same_offsets_and_label() -> None:
    spans = [
        s("a1", 1, "claim", 0, 5), s("b1", 2, "claim", 0, 5),        # unanimous
        s("a2", 1, "loaded", 10, 15), s("b2", 2, "loaded", 10, 16),  # offsets differ
        s("a3", 1, "claim", 20, 25), s("b3", 2, "loaded", 20, 25),   # labels differ
        s("a4", 1, "claim", 30, 35),                                 # only one annotator
        s("z9", 3, "claim", 30, 35),                                 # not compared: ignored
    ]
    result = split(spans, {1, 2})
    assert [[x.uid for x in g] for g in result.unanimous] == [["a1", "b1"]]
    assert [[x.uid for x in c] for c in result.clusters] == [["a2", "b2"], ["a3", "b3"], ["a4"]]


def test_a_single_annotator_is_never_unanimous() -> None:
    result = split([s("a", 1, "claim", 0, 5)], {1})
    assert result.unanimous == () and len(result.clusters) == 1
    assert split([s("a", 1, "claim", 0, 5)], {1}, min_annotators=1).unanimous != ()


def test_clusters_chain_through_overlaps_but_not_through_touching_spans() -> None:
    found = clusters([s("a", 1, "x", 0, 5), s("b", 2, "x", 4, 9), s("c", 1, "x", 8, 12),
                      s("d", 2, "x", 12, 14)])
    assert [[x.uid for x in c] for c in found] == [["a", "b", "c"], ["d"]]


def test_a_long_span_keeps_a_cluster_open() -> None:
    found = clusters([s("a", 1, "x", 0, 100), s("b", 2, "x", 10, 12), s("c", 2, "x", 50, 60)])
    assert len(found) == 1


def test_cluster_key_ignores_order_and_changes_with_members() -> None:
    assert cluster_key(["b", "a"]) == cluster_key(["a", "b"]) != cluster_key(["a", "b", "c"])


spans_strategy = st.lists(
    st.builds(lambda u, lab, a, n: (u, lab, a, a + n), st.integers(1, 3), st.sampled_from("xy"),
              st.integers(0, 40), st.integers(1, 10)),
    max_size=25,
)


@given(spans_strategy)
def test_every_span_lands_in_exactly_one_place_and_clusters_do_not_overlap(raw: list[tuple[int, str, int, int]]) -> None:
    spans = [s(f"u{i}", u, lab, a, b) for i, (u, lab, a, b) in enumerate(raw)]
    result = split(spans, {1, 2, 3})
    placed = [x.uid for g in result.unanimous for x in g] + [x.uid for c in result.clusters for x in c]
    assert sorted(placed) == sorted(x.uid for x in spans)
    for group in result.unanimous:
        assert {x.user_id for x in group} == {1, 2, 3}
        assert len({(x.start, x.end, x.label) for x in group}) == 1
    extents = [(min(x.start for x in c), max(x.end for x in c)) for c in result.clusters]
    for (_, end), (start, _) in zip(extents, extents[1:], strict=False):
        assert end <= start


def test_difference_names_the_kind_and_who_is_missing() -> None:
    from annotator.curation import difference

    everyone = {1, 2, 3}
    assert difference([s("a", 1, "x", 0, 5)], everyone) == difference([s("a", 1, "x", 0, 5)], everyone)
    assert difference([s("a", 1, "x", 0, 5)], everyone).kind == "single"
    assert difference([s("a", 1, "x", 0, 5)], everyone).missing == (2, 3)
    assert difference([s("a", 1, "x", 0, 5), s("b", 2, "x", 0, 6)], everyone).kind == "extent"
    label = difference([s("a", 1, "x", 0, 5), s("b", 2, "y", 0, 5), s("c", 3, "x", 0, 5)], everyone)
    assert (label.kind, label.missing) == ("label", ())
    assert difference([s("a", 1, "x", 0, 5), s("b", 2, "x", 0, 5)], everyone).kind == "partial"
    # One annotator's own overlapping spans are still theirs alone.
    assert difference([s("a", 1, "x", 0, 5), s("b", 1, "y", 3, 9)], everyone).kind == "single"


@given(spans_strategy)
def test_every_cluster_has_one_kind_and_missing_annotators_drew_nothing_there(
        raw: list[tuple[int, str, int, int]]) -> None:
    from annotator.curation import KINDS, difference

    spans = [s(f"u{i}", u, lab, a, b) for i, (u, lab, a, b) in enumerate(raw)]
    for members in split(spans, {1, 2, 3}).clusters:
        found = difference(members, {1, 2, 3})
        assert found.kind in KINDS
        assert not set(found.missing) & {m.user_id for m in members}

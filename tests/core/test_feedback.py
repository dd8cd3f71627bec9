"""An annotator's spans against gold: matches, misses and extras (annotator/feedback.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.curation import SpanKey
from annotator.feedback import against_gold


def s(uid: str, label: str, start: int, end: int) -> SpanKey:
    return SpanKey(uid, 1, label, start, end)


def test_outcomes_with_the_nearest_span_on_the_other_side() -> None:
    own = [s("m1", "claim", 0, 5), s("m2", "loaded", 10, 14), s("m3", "claim", 30, 35), s("m4", "claim", 0, 5)]
    gold = [s("g1", "claim", 0, 5), s("g2", "loaded", 10, 16), s("g3", "hedge", 20, 25)]
    found = [(c.outcome, c.own and c.own.uid, c.gold and c.gold.uid, c.near and c.near.uid)
             for c in against_gold(own, gold)]
    assert found == [
        ("match", "m1", "g1", None),
        ("extra", "m4", None, "g1"),  # a duplicate of a matched span
        ("extra", "m2", None, "g2"),  # text order: [10, 14) before [10, 16)
        ("miss", None, "g2", "m2"),
        ("miss", None, "g3", None),
        ("extra", "m3", None, None),
    ]


def test_no_gold_makes_every_span_an_extra_and_nothing_a_miss() -> None:
    assert [c.outcome for c in against_gold([s("m", "x", 0, 1)], [])] == ["extra"]
    assert [c.outcome for c in against_gold([], [s("g", "x", 0, 1)])] == ["miss"]


spans = st.lists(st.tuples(st.sampled_from("xy"), st.integers(0, 30), st.integers(1, 6)), max_size=15)


@given(spans, spans)
def test_every_span_is_told_once(own_raw: list[tuple[str, int, int]], gold_raw: list[tuple[str, int, int]]) -> None:
    own = [s(f"m{i}", lab, a, a + n) for i, (lab, a, n) in enumerate(own_raw)]
    gold = [s(f"g{i}", lab, a, a + n) for i, (lab, a, n) in enumerate(gold_raw)]
    found = against_gold(own, gold)
    assert sorted(c.own.uid for c in found if c.own) == sorted(x.uid for x in own)
    assert sorted(c.gold.uid for c in found if c.gold) == sorted(x.uid for x in gold)
    for c in found:
        if c.outcome == "match":
            assert c.own and c.gold and (c.own.start, c.own.end, c.own.label) == (c.gold.start, c.gold.end, c.gold.label)
    matches = sum(1 for c in found if c.outcome == "match")
    exact = {(x.start, x.end, x.label) for x in gold}
    assert matches >= len({(x.start, x.end, x.label) for x in own} & exact)

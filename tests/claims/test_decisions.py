"""A lead's confirmed decisions hold in every automatic run; contradicting decisions are refused."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.claims import Claim, Decisions, FixedGroup, Grouping, propose_groups

from .gold import load

CLAIMS = load("tuning").claims[:40]
IDS = [c.id for c in CLAIMS]


@st.composite
def decisions(draw: st.DrawFn) -> Decisions:
    """Consistent decisions: drawn from one hidden partition of some of the claims."""
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=16))
    labels = {claim: draw(st.integers(0, 4)) for claim in chosen}
    parts: dict[int, list[str]] = {}
    for claim, label in labels.items():
        parts.setdefault(label, []).append(claim)
    groups, must, cannot = [], [], []
    for label, members in parts.items():
        if draw(st.booleans()):
            groups.append(FixedGroup(f"g{label}", tuple(members), accepts_new=draw(st.booleans())))
        else:
            must += list(zip(members, members[1:], strict=False))
    for a in chosen:
        for b in chosen:
            if labels[a] != labels[b] and draw(st.integers(0, 5)) == 0:
                cannot.append((a, b))
    return Decisions(must_link=tuple(must), cannot_link=tuple(cannot), groups=tuple(groups))


def _check(grouping: Grouping, decided: Decisions, ids: list[str]) -> None:
    members = [m for g in grouping.groups for m in g.members]
    assert sorted(members) == sorted(ids)  # a partition of the claims
    for a, b in decided.must_link:
        assert grouping.group_of(a) is grouping.group_of(b)
    for a, b in decided.cannot_link:
        assert grouping.group_of(a) is not grouping.group_of(b)
    for fixed in decided.groups:
        group = grouping.group_of(fixed.members[0])
        assert group.group == fixed.id
        assert set(fixed.members) <= set(group.members)
        assert set(group.added) == set(group.members) - set(fixed.members)
        if not fixed.accepts_new:
            assert group.added == ()
    holders = [g.group for g in grouping.groups if g.group is not None]
    assert len(holders) == len(set(holders)) == len(decided.groups)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decisions(), st.sampled_from([0.1, 0.3, 0.6]))
def test_decisions_hold_whatever_the_threshold(decided: Decisions, threshold: float) -> None:
    _check(propose_groups(CLAIMS, decisions=decided, threshold=threshold, embeddings="off"), decided, IDS)


def test_a_later_run_keeps_what_the_lead_confirmed() -> None:
    first = propose_groups(CLAIMS, embeddings="off")
    largest = first.groups[0]
    # the lead confirms the largest group without its last member, splits that member off for
    # good, and closes a second group
    kept, dropped = largest.members[:-1], largest.members[-1]
    second_group = next(g for g in first.groups[1:] if len(g.members) > 1)
    decided = Decisions(
        cannot_link=((kept[0], dropped),),
        groups=(FixedGroup("confirmed", kept), FixedGroup("closed", second_group.members, accepts_new=False)))
    text = {c.id: c.text for c in CLAIMS}
    newcomers = [Claim("new/open", "Again: " + text[kept[0]]),
                 Claim("new/closed", "Again: " + text[second_group.members[0]])]
    later = propose_groups(CLAIMS + newcomers, decisions=decided, embeddings="off")
    _check(later, decided, IDS + [c.id for c in newcomers])
    assert later.group_of(dropped).group != "confirmed"
    # a repeat of a confirmed member is proposed into the open group, never into the closed one
    assert later.group_of("new/open").group == "confirmed"
    assert "new/open" in later.group_of("new/open").added
    assert later.group_of("new/closed").group is None


@pytest.mark.parametrize(("decided", "message"), [
    (Decisions(must_link=(("x", "nowhere"),)), r"decisions.must_link\[0\]: unknown claim 'nowhere'"),
    (Decisions(groups=(FixedGroup("a", ("x", "y")), FixedGroup("b", ("y", "z")))),
     r"decisions.groups\[1\] \('b'\): claim 'y' is also in confirmed group 'a'"),
    (Decisions(must_link=(("x", "z"),), groups=(FixedGroup("a", ("x",)), FixedGroup("b", ("z",)))),
     r"joins confirmed groups 'a' and 'b'"),
    (Decisions(must_link=(("x", "y"), ("y", "z")), cannot_link=(("x", "z"),)),
     r"decisions.cannot_link\[0\]: 'x' and 'z' are joined"),
])
def test_contradicting_decisions_are_refused(decided: Decisions, message: str) -> None:
    claims = [Claim("x", "Rents rose."), Claim("y", "Rents went up."), Claim("z", "Rents fell.")]
    with pytest.raises(ValueError, match=message):
        propose_groups(claims, decisions=decided, embeddings="off")


def test_claim_ids_must_be_unique() -> None:
    with pytest.raises(ValueError, match=r"claims\[1\]: the id 7 is also claims\[0\]'s"):
        propose_groups([Claim(7, "a"), Claim(7, "b")], embeddings="off")


def test_repeats_and_empty_texts() -> None:
    claims = [Claim(1, "Rents rose by 40 percent."), Claim(2, "Rents rose by 40 percent."), Claim(3, ""),
              Claim(4, "   "), Claim(5, "Rents rose by 40 percent.")]
    grouping = propose_groups(claims, embeddings="off")
    assert grouping.group_of(1).members == (1, 2, 5)
    assert grouping.group_of(3).members == (3,) and grouping.group_of(4).members == (4,)
    assert propose_groups([], embeddings="off").groups == ()

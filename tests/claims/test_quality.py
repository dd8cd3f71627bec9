"""Automatic grouping against the two hand-written test sets (data/, read their headers).

The acceptance bar of issue 19: pairwise F1 >= 0.8 without embeddings, on the tuning set and on
the held-out set that was written before any rule and never tuned on. The figures with
embeddings come from `python bench/claims.py --quality` where the packaged model is installed.
"""

from __future__ import annotations

import pytest

from annotator.claims import pairwise_scores, propose_groups

from .gold import SETS, load


@pytest.mark.parametrize("name", SETS)
def test_the_sets_are_what_the_issue_asks_for(name: str) -> None:
    data = load(name)
    groups = {key for key in data.gold.values() if len(data.members(key)) > 1}
    assert len(data.claims) >= 60
    assert len(groups) >= 12
    assert {c.outlet for c in data.claims} == set(data.outlets) and len(data.outlets) >= 6
    assert {differs for _, differs in data.lookalikes.values()} >= {"number", "negation", "name", "direction"}


@pytest.mark.parametrize("name", SETS)
def test_pairwise_f1_without_embeddings(name: str) -> None:
    data = load(name)
    grouping = propose_groups(data.claims, embeddings="off")
    scores = pairwise_scores(grouping.labels(), data.gold)
    assert grouping.embeddings == "off"
    assert scores.f1 >= 0.8, scores


def _grouped_with_original(name: str, kinds: set[str]) -> list[str]:
    data = load(name)
    labels = propose_groups(data.claims, embeddings="off").labels()
    return [group for group, (original, differs) in data.lookalikes.items() if differs in kinds
            and any(labels[a] == labels[b] for a in data.members(group) for b in data.members(original))]


@pytest.mark.parametrize("name", SETS)
def test_lookalikes_that_differ_in_a_number_a_name_or_a_direction_stay_apart(name: str) -> None:
    assert _grouped_with_original(name, {"number", "name", "direction"}) == []


def test_every_lookalike_of_the_tuning_set_stays_apart() -> None:
    # On the held-out set two do not: "has left the country three times" joins a paraphrase
    # whose negation sits on another verb ("has never travelled abroad"), and "local" vs
    # "foreign" companies is a change of word no rule looks for (README, Claims: limits).
    assert _grouped_with_original("tuning", {"number", "name", "direction", "negation", "word"}) == []

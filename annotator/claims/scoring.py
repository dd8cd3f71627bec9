"""A prepared collection of claim texts and the similarity of its pairs.

`Prepared` holds, per text, the tokens and facts (facts.py), the lexical vectors (vectors.py)
and, when a model is loaded, the sentence embedding. `similarity` turns the lexical score and
the embedding cosine into the one score the clustering thresholds:

    lexical only:     s = lexical
    with embeddings:  s = max(lexical, EMBEDDING_SCALE * (cosine - EMBEDDING_FLOOR))

The embedding cosine of two paraphrases is mostly 0.6-0.9 (all-MiniLM-L6-v2 on the tuning set),
while their lexical score is often 0.2-0.5; shifting the cosine down puts it on the lexical
scale (a cosine of 0.65 reaches the default threshold of 0.3), and the max lets either view
vouch for a pair. Contradicting facts are checked on top of either (facts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embeddings import Embedder
from .facts import DOUBT_FACTOR, Comparison, Facts, Vocabulary, compare
from .tokens import tokenise
from .vectors import Vectorizer, Vectors, lexical_matrix, lexical_pairs

EMBEDDING_FLOOR = 0.35
EMBEDDING_SCALE = 1.0


def similarity(lexical: np.ndarray, cosine: np.ndarray | None) -> np.ndarray:
    if cosine is None:
        return lexical
    combined: np.ndarray = np.maximum(lexical, EMBEDDING_SCALE * (cosine - EMBEDDING_FLOOR)).astype(np.float32)
    return combined


@dataclass
class Prepared:
    texts: list[str]
    facts: list[Facts]
    vectors: Vectors
    embeddings: np.ndarray | None

    def matrix(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """Dense similarities among `rows` (for one component or a small set)."""
        rows = np.asarray(rows, dtype=np.int64)
        sub = self.vectors.rows(rows)
        cosine = None
        if self.embeddings is not None:
            part = self.embeddings[rows]
            cosine = part @ part.T
        return similarity(lexical_matrix(sub, sub), cosine)

    def pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        cosine = None
        if self.embeddings is not None:
            cosine = np.einsum("ij,ij->i", self.embeddings[first], self.embeddings[second])
        return similarity(lexical_pairs(self.vectors, first, second), cosine)


def prepare(texts: Sequence[str], embedder: Embedder | None = None) -> tuple[Prepared, Vectorizer, Vocabulary]:
    """Tokens, facts, vectors (and embeddings) of a collection; the fitted vectorizer and the
    vocabulary let new texts be compared with it later (nearest.py)."""
    texts = list(texts)
    tokens = [tokenise(text) for text in texts]
    vocabulary = Vocabulary.of(tokens)
    facts = [Facts.of(t, vocabulary) for t in tokens]
    vectorizer = Vectorizer()
    vectors = vectorizer.fit_transform(facts)
    embeddings = embedder.encode(texts) if embedder is not None and texts else None
    return Prepared(texts, facts, vectors, embeddings), vectorizer, vocabulary


def compare_claims(first: str, second: str, *, embedder: Embedder | None = None) -> tuple[float, Comparison]:
    """The similarity of two claims on their own (IDF from just the two) and what the fact
    checks say: for explaining a proposal ("why are these together?") and for tests."""
    prepared, _, _ = prepare([first, second], embedder)
    score = float(prepared.matrix([0, 1])[0, 1])
    found = compare(prepared.facts[0], prepared.facts[1])
    return score * DOUBT_FACTOR ** len(found.doubts), found

"""Lexical vectors of claims and the similarity of two claims built from them.

Views of a claim (its core: attribution.py cuts "..., the ministry said"):

* **words**: content-word stems and their bigrams, plus the quantities ("40 percent"), as an
  L2-normalised TF-IDF vector: a paraphrase that keeps the key words scores high whatever the
  order of its clauses;
* **characters**: TF-IDF of 3- to 5-grams inside words: inflections, compounds and spelling
  variants ("chlorinated"/"chlorine", "organised"/"organized") that stems miss;
* **containment**: the IDF-weighted share of the shorter claim's content stems found in the
  longer one; a claim quoted inside a long sentence has a low cosine with it (the sentence has
  many more words) but a containment near 1;
* **quantities**: the exact quantities stated (years left out).

    lexical = max(0.5 * words + 0.5 * characters, CONTAINMENT_WEIGHT * containment)
              + QUANTITY_BONUS if both state one exact quantity and share a content stem

IDF is learnt from the claims being matched, so words common in that collection count less.
scikit-learn's vectorizers do the counting; the combination is ours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from .facts import Facts

#: A claim needs this many content words before containment alone can make it similar to a
#: longer one: "talks resume" is contained in far too many sentences.
CONTAINMENT_MIN_WORDS = 4
#: Containment weighs a little less than cosine: a contained claim shares words, not wording.
CONTAINMENT_WEIGHT = 0.9
CONTAINMENT_FROM = 0.5
#: Added when two claims state one exact quantity (not a year) and share a content stem: a
#: number is the most specific word a claim has ("38 percent" of voters in the referendum),
#: yet only one feature among many in the cosines.
QUANTITY_BONUS = 0.2
_NON_WORD = re.compile(r"[\W_]+")


def word_features(facts: Facts) -> list[str]:
    stems = [s for s in facts.stems if s is not None]
    features = stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    features += [f"#{q}" for q in facts.quantities]
    return features


def content_features(facts: Facts) -> list[str]:
    return sorted(facts.content)


def quantity_features(facts: Facts) -> list[str]:
    """Exact quantities of the core, years (1800-2100 without a unit) left out: a shared year
    says little about the claim."""
    return [str(q) for q in facts.quantities if q.position in facts.core and q.low == q.high
            and not (q.unit is None and q.low.is_integer() and 1800 <= q.low <= 2100)]


def char_text(text: str) -> str:
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


@dataclass
class Vectors:
    """The views of a list of claims, rows in the order of the claims."""

    words: sparse.csr_matrix
    chars: sparse.csr_matrix
    content: sparse.csr_matrix  # IDF weights of each claim's content stems (unnormalised)
    present: sparse.csr_matrix  # the same stems, 1.0 each
    quantities: sparse.csr_matrix  # 1.0 for each exact quantity stated
    content_totals: np.ndarray  # row sums of `content`
    content_counts: np.ndarray  # number of content stems per claim

    def rows(self, rows: np.ndarray) -> Vectors:
        return Vectors(self.words[rows], self.chars[rows], self.content[rows], self.present[rows],
                       self.quantities[rows], self.content_totals[rows], self.content_counts[rows])


class Vectorizer:
    """Learns vocabularies and IDF from one collection, then turns any claims into `Vectors`."""

    def __init__(self) -> None:
        self._words = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, dtype=np.float32)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=char_text,
                                      lowercase=False, sublinear_tf=True, dtype=np.float32)
        self._content = CountVectorizer(analyzer=content_features, binary=True, dtype=np.float32)
        self._quantities = CountVectorizer(analyzer=quantity_features, binary=True, dtype=np.float32)
        self._idf: np.ndarray | None = None
        self._empty: set[int] = set()

    def fit_transform(self, facts: Sequence[Facts]) -> Vectors:
        self._empty = set()
        words = self._fit(self._words, facts)
        chars = self._fit(self._chars, [f.core_text() for f in facts])
        content = self._fit(self._content, facts)
        quantities = self._fit(self._quantities, facts)
        document_frequency = np.asarray(content.sum(axis=0)).ravel()
        self._idf = (np.log((1 + len(facts)) / (1 + document_frequency)) + 1).astype(np.float32)
        return self._finish(words, chars, content, quantities)

    def transform(self, facts: Sequence[Facts]) -> Vectors:
        if self._idf is None:
            raise RuntimeError("fit the vectorizer before transforming")
        return self._finish(self._apply(self._words, facts), self._apply(self._chars, [f.core_text() for f in facts]),
                            self._apply(self._content, facts), self._apply(self._quantities, facts))

    # A collection may have no word of a view at all (no quantity anywhere, only stop words):
    # scikit-learn refuses an empty vocabulary, and the view is then an empty matrix.
    def _fit(self, vectorizer: Any, data: Sequence[Any]) -> sparse.csr_matrix:
        try:
            return sparse.csr_matrix(vectorizer.fit_transform(data))
        except ValueError:
            self._empty.add(id(vectorizer))
            return sparse.csr_matrix((len(data), 0), dtype=np.float32)

    def _apply(self, vectorizer: Any, data: Sequence[Any]) -> sparse.csr_matrix:
        if id(vectorizer) in self._empty:
            return sparse.csr_matrix((len(data), 0), dtype=np.float32)
        return sparse.csr_matrix(vectorizer.transform(data))

    def _finish(self, words: sparse.spmatrix, chars: sparse.spmatrix, content: sparse.spmatrix,
                quantities: sparse.spmatrix) -> Vectors:
        assert self._idf is not None
        present = sparse.csr_matrix(content)
        weighted = sparse.csr_matrix(present @ sparse.diags(self._idf))
        return Vectors(
            words=sparse.csr_matrix(words),
            chars=sparse.csr_matrix(chars),
            content=weighted,
            present=present,
            quantities=sparse.csr_matrix(quantities),
            content_totals=np.asarray(weighted.sum(axis=1)).ravel(),
            content_counts=np.diff(present.indptr).astype(np.int32),
        )


def _combine(word: np.ndarray, char: np.ndarray, shared_weight: np.ndarray, shared_quantities: np.ndarray,
             totals_a: np.ndarray, totals_b: np.ndarray, counts_a: np.ndarray, counts_b: np.ndarray) -> np.ndarray:
    cosine = 0.5 * word + 0.5 * char
    shorter = np.minimum(totals_a, totals_b)
    shorter_count = np.where(totals_a <= totals_b, counts_a, counts_b)
    containment = np.divide(shared_weight, shorter, out=np.zeros_like(shared_weight), where=shorter > 0)
    containment = np.clip((containment - CONTAINMENT_FROM) / (1 - CONTAINMENT_FROM), 0.0, 1.0)
    containment = np.where(shorter_count >= CONTAINMENT_MIN_WORDS, containment * CONTAINMENT_WEIGHT, 0.0)
    bonus = np.where((shared_quantities > 0) & (shared_weight > 0), QUANTITY_BONUS, 0.0)
    combined: np.ndarray = np.minimum(np.maximum(cosine, containment) + bonus, 1.0).astype(np.float32)
    return combined


def lexical_matrix(a: Vectors, b: Vectors) -> np.ndarray:
    """Dense similarities of every row of `a` with every row of `b` (for small sets)."""
    return _combine(
        (a.words @ b.words.T).toarray(), (a.chars @ b.chars.T).toarray(),
        (a.content @ b.present.T).toarray(), (a.quantities @ b.quantities.T).toarray(),
        a.content_totals[:, None], b.content_totals[None, :], a.content_counts[:, None], b.content_counts[None, :])


def _row_dots(x: sparse.csr_matrix, y: sparse.csr_matrix, rows_x: np.ndarray, rows_y: np.ndarray) -> np.ndarray:
    return np.asarray(x[rows_x].multiply(y[rows_y]).sum(axis=1), dtype=np.float32).ravel()


def lexical_pairs(v: Vectors, first: np.ndarray, second: np.ndarray, *, chunk: int = 20_000) -> np.ndarray:
    """Similarities of the pairs (first[k], second[k]) of one collection, in chunks so that
    the row products of a large candidate list stay small in memory."""
    out = np.empty(len(first), dtype=np.float32)
    for begin in range(0, len(first), chunk):
        i, j = first[begin:begin + chunk], second[begin:begin + chunk]
        out[begin:begin + chunk] = _combine(
            _row_dots(v.words, v.words, i, j), _row_dots(v.chars, v.chars, i, j),
            _row_dots(v.content, v.present, i, j), _row_dots(v.quantities, v.quantities, i, j),
            v.content_totals[i], v.content_totals[j], v.content_counts[i], v.content_counts[j])
    return out

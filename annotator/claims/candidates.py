"""Which pairs of claims are worth scoring: all pairs is n²/2, 50 million for 10,000 claims.

Two claims can only be lexically similar when they share a content word, and a word shared by
a large part of the collection ("government", "said") says little, so pairs are blocked on the
uncommon content stems they share (IDF-weighted), keeping each claim's best `per_claim`
partners. With embeddings, each claim's nearest neighbours by embedding join the candidates, so
paraphrases with no word in common are still scored.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .vectors import Vectors


#: A stem in more claims than this is too common to make a pair a candidate on its own.
def common_cap(n: int) -> int:
    return max(64, int(4 * np.sqrt(n)))


def _top_per_row(matrix: sparse.csr_matrix, per_row: int) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = [], []
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    for row in range(matrix.shape[0]):
        start, end = indptr[row], indptr[row + 1]
        if end - start > per_row:
            keep = np.argpartition(data[start:end], -per_row)[-per_row:] + start
        else:
            keep = np.arange(start, end)
        rows.append(np.full(len(keep), row, dtype=np.int64))
        cols.append(indices[keep].astype(np.int64))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def _embedding_neighbours(embeddings: np.ndarray, per_row: int, floor: float,
                          chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    n = len(embeddings)
    rows, cols = [], []
    k = min(per_row + 1, n)
    for begin in range(0, n, chunk):
        block = embeddings[begin:begin + chunk] @ embeddings.T
        top = np.argpartition(block, -k, axis=1)[:, -k:]
        values = np.take_along_axis(block, top, axis=1)
        r, c = np.nonzero(values >= floor)
        rows.append(r + begin)
        cols.append(top[r, c])
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


#: Every claim blocks on at least this many of its rarest stems, however common they are, so
#: that a claim made only of common words still finds its paraphrases.
RAREST_KEPT = 2


def _blocking(content: sparse.csr_matrix) -> sparse.csr_matrix:
    """The content matrix (IDF weights) restricted to what pairs may block on: the uncommon
    stems, and each claim's RAREST_KEPT rarest stems."""
    n = content.shape[0]
    present = sparse.csr_matrix(content > 0)
    document_frequency = np.diff(sparse.csc_matrix(present).indptr)
    keep = present.multiply(((document_frequency >= 2) & (document_frequency <= common_cap(n)))[None, :])
    keep = sparse.lil_matrix(keep)
    for row in range(n):
        start, end = present.indptr[row], present.indptr[row + 1]
        columns = present.indices[start:end]
        usable = columns[document_frequency[columns] >= 2]
        if len(usable):
            for column in usable[np.argsort(document_frequency[usable], kind="stable")[:RAREST_KEPT]]:
                keep[row, column] = 1
    return sparse.csr_matrix(sparse.csr_matrix(keep).multiply(content))


def candidate_pairs(vectors: Vectors, embeddings: np.ndarray | None = None, *, per_claim: int = 40,
                    embedding_floor: float = 0.4, chunk: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (first[k] < second[k]), each once. The products are taken a chunk of
    rows at a time: a common stem kept by many claims would otherwise fill the memory."""
    blocking = _blocking(sparse.csr_matrix(vectors.content))
    n = blocking.shape[0]
    transposed = sparse.csr_matrix(blocking.T)
    found_rows, found_cols = [], []
    for begin in range(0, n, chunk):
        block = sparse.csr_matrix(blocking[begin:begin + chunk] @ transposed)
        rows, cols = _top_per_row(block, per_claim + 1)  # + 1: each claim finds itself too
        found_rows.append(rows + begin)
        found_cols.append(cols)
    rows, cols = np.concatenate(found_rows), np.concatenate(found_cols)
    if embeddings is not None and len(embeddings) > 1:
        more_rows, more_cols = _embedding_neighbours(embeddings, per_claim, embedding_floor)
        rows, cols = np.concatenate([rows, more_rows]), np.concatenate([cols, more_cols])
    first, second = np.minimum(rows, cols), np.maximum(rows, cols)
    keep = first != second
    pairs = np.unique(first[keep] * n + second[keep])
    return pairs // n, pairs % n

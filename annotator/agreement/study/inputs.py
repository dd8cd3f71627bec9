"""What the agreement service hands to :func:`annotator.agreement.study.compute_study`: a
project's documents, annotators, labels and spans as plain arrays and tuples (no database).

Rater ``a`` counts on document ``d`` only where ``included[d, a]`` (the service decides:
finished, or at least annotated); a position is pairable when two or more raters count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..metrics.relations import RelationItem

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class LabelInfo:
    key: str
    name: str


@dataclass(frozen=True)
class Spans:
    """Span columns: document index, rater index, label index, start, end (code points)."""

    doc: IntArray
    row: IntArray
    label: IntArray
    start: IntArray
    end: IntArray

    @classmethod
    def of(cls, rows: Sequence[tuple[int, int, int, int, int]]) -> Spans:
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
        return cls(*(table[:, i].copy() for i in range(5)))

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(frozen=True)
class Category:
    """A document-level category; ``multiple`` = many-of (frames), else one-of (genre)."""

    key: str
    name: str
    multiple: bool
    labels: tuple[LabelInfo, ...]


@dataclass(frozen=True)
class StudyInput:
    project: str
    document_ids: Sequence[int]
    titles: Sequence[str]
    texts: Sequence[str]
    parts: Sequence[Sequence[Mapping[str, Any]]]
    annotators: Sequence[str]
    labels: Sequence[LabelInfo]
    spans: Spans
    included: BoolArray  # documents x annotators
    gold: Spans = field(default_factory=lambda: Spans.of([]))
    has_gold: BoolArray | None = None  # default: documents with a gold span
    categories: Sequence[Category] = ()
    #: (document index, annotator index, category index, label index within the category)
    document_labels: Sequence[tuple[int, int, int, int]] = ()
    basis: str = "annotated"
    basis_note: str = ""
    #: (annotator index, relation whose `doc` is the document index)
    relations: Sequence[tuple[int, RelationItem]] = ()


@dataclass(frozen=True)
class StudyOptions:
    body_only: bool = True
    n_resamples: int = 1000
    confidence: float = 0.95
    seed: int | None = 0

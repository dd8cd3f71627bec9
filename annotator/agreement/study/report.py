"""The figures of a project-level agreement study, as plain frozen dataclasses.

Built by :func:`annotator.agreement.study.compute_study`, returned by the agreement service,
drawn by the agreement page and printed by ``annotator agreement``. Every figure carries how
many documents it was computed over; an undefined figure is NaN (``None`` in JSON).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from ..metrics.bootstrap import BootstrapCI
from ..metrics.relations import RelationPRF

#: Fewer documents than this give no interval: every resample of one document is that
#: document, so its "interval" would be the value twice.
MIN_DOCUMENTS_FOR_INTERVAL = 2
NOT_ENOUGH_DOCUMENTS = "not enough documents for an interval"


@dataclass(frozen=True)
class Estimate:
    """A figure with its percentile bootstrap interval over documents (NaN ends when the
    figure rests on fewer than MIN_DOCUMENTS_FOR_INTERVAL documents)."""

    value: float
    low: float
    high: float
    n_documents: int

    @classmethod
    def of(cls, value: float, ci: BootstrapCI, n_documents: int) -> Estimate:
        if n_documents < MIN_DOCUMENTS_FOR_INTERVAL:
            return cls(float(value), math.nan, math.nan, n_documents)
        return cls(float(value), ci.low, ci.high, n_documents)

    def text(self, *, undefined: str = "undefined") -> str:
        """``0.712 [0.650, 0.770]``; ``0.712 (not enough documents for an interval)`` on one
        document; the value alone when no interval could be drawn otherwise."""
        if math.isnan(self.value):
            return undefined
        if self.n_documents < MIN_DOCUMENTS_FOR_INTERVAL:
            return f"{self.value:.3f} ({NOT_ENOUGH_DOCUMENTS})"
        if math.isnan(self.low):
            return fmt(self.value)
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def fmt(value: float, *, undefined: str = "undefined") -> str:
    """A figure with three decimals, or ``undefined`` for NaN."""
    return undefined if math.isnan(value) else f"{value:.3f}"


@dataclass(frozen=True)
class LabelAgreement:
    """Alpha on one label's presence per position, at character and token level.

    ``key`` is a label key, or ``*label`` ("which label or none", all labels at once) or
    ``*any`` (inside any span or not). ``f1_overlap`` pools every pair of annotators.
    """

    key: str
    name: str
    char: Estimate
    token: Estimate
    f1_overlap: Estimate
    n_spans: int


@dataclass(frozen=True)
class PairAgreement:
    """Span F1 between two annotators over the documents both counted (labels must match)."""

    a: str
    b: str
    exact: Estimate
    overlap: Estimate
    n_spans_a: int
    n_spans_b: int


@dataclass(frozen=True)
class RelationPairAgreement:
    """Relation precision, recall and F1 between two annotators over the documents both
    counted; a relation matches when its type agrees and both ends match (exact or overlap)."""

    a: str
    b: str
    n_documents: int
    n_relations_a: int
    n_relations_b: int
    exact: RelationPRF
    overlap: RelationPRF


@dataclass(frozen=True)
class Confusion:
    """Label pairs of overlapping spans of two different annotators.

    ``counts[i][j]`` is how many pairs of overlapping spans (one by each of two annotators)
    carry labels ``labels[i]`` and ``labels[j]``; the matrix is symmetric. The last label is
    ``NO_MATCH``: ``counts[i][-1]`` counts spans labelled ``labels[i]`` that overlap no span
    of the other annotator of a pair.
    """

    labels: tuple[str, ...]
    names: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


NO_MATCH = "(no overlapping span)"


@dataclass(frozen=True)
class DocumentAgreement:
    """One document: "which label" alpha per character and pooled overlap F1."""

    document_id: int
    title: str
    alpha: float
    observed: float
    f1_overlap: float
    n_annotators: int
    n_spans: int


@dataclass(frozen=True)
class GoldAgreement:
    """One annotator against the gold layer, on documents with gold that they counted."""

    annotator: str
    exact: Estimate
    overlap: Estimate
    precision: float
    recall: float
    char: Estimate
    n_spans: int
    n_gold_spans: int


@dataclass(frozen=True)
class DocumentLabelAgreement:
    """Alpha of a document-level category (one-of: one row; many-of: one row per label)."""

    category: str
    category_name: str
    label: str | None
    name: str
    alpha: Estimate
    n_annotations: int


@dataclass(frozen=True)
class Counted:
    """What the figures were computed over, for the captions."""

    n_documents: int
    n_documents_counted: int
    n_documents_with_gold: int
    n_annotators: int
    n_characters: int
    n_tokens: int
    n_spans: int
    #: "finished": only documents an annotator marked done count for them; "annotated":
    #: documents where they made a span or document label (or marked done).
    basis: str
    basis_note: str
    body_only: bool
    n_resamples: int
    confidence: float


@dataclass(frozen=True)
class AgreementReport:
    project: str
    annotators: tuple[str, ...]
    counted: Counted
    overall: tuple[LabelAgreement, ...]
    labels: tuple[LabelAgreement, ...]
    pairs: tuple[PairAgreement, ...]
    confusion: Confusion
    documents: tuple[DocumentAgreement, ...]
    gold: tuple[GoldAgreement, ...]
    document_labels: tuple[DocumentLabelAgreement, ...]
    relations: tuple[RelationPairAgreement, ...] = ()

    def pair(self, a: str, b: str) -> PairAgreement | None:
        return next((p for p in self.pairs if {p.a, p.b} == {a, b}), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: NaN becomes None. The same as ``dataclasses.asdict`` with NaN cleaned
        out, without its deep copies (its values are immutable): at 100,000 documents
        ``asdict`` and a cleaning pass took 2 s."""
        plain: dict[str, Any] = _plain(self)
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        values = vars(value) if hasattr(value, "__dict__") else {}
        if names == tuple(values) and all(map(_SCALARS.__contains__, map(type, values.values()))):
            # Scalars only (a document's row): one pass over its attributes.
            return {k: None if v != v else v for k, v in values.items()}  # NaN != NaN
        return {name: _plain(getattr(value, name)) for name in names}
    return value


_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _field_names(kind: type) -> tuple[str, ...]:
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in fields(kind))
    return names

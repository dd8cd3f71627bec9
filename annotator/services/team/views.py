"""Plain data returned by the team-workflow services (assignment, curation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..views import RelationView


@dataclass(frozen=True)
class AssignResult:
    created: int
    #: Pairs that were assigned already (left as they were).
    existing: int
    #: Annotator name -> documents newly assigned to them.
    per_annotator: dict[str, int]
    #: The seed used for a random queue order (to reproduce it), else None.
    seed: int | None = None


@dataclass(frozen=True)
class QueueItem:
    document_id: int
    title: str
    position: int
    status: str
    #: The annotator's own live spans on the document.
    spans: int
    length: int


@dataclass(frozen=True)
class QueueView:
    project_id: int
    username: str
    items: tuple[QueueItem, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.status == "done")

    @property
    def next_document_id(self) -> int | None:
        """The first document not done yet, in queue order."""
        return next((i.document_id for i in self.items if i.status != "done"), None)


@dataclass(frozen=True)
class AnnotatorProgress:
    user_id: int | None
    name: str
    assigned: int
    todo: int
    in_progress: int
    done: int
    spans: int

    @property
    def percent_done(self) -> float:
        return 100.0 * self.done / self.assigned if self.assigned else 0.0


@dataclass(frozen=True)
class DocumentProgress:
    document_id: int
    title: str
    #: Annotators the project wants per document.
    wanted: int
    assigned: int
    done: int
    #: (annotator name, status) for each assignee.
    annotators: tuple[tuple[str, str], ...]
    spans: int
    #: Live gold spans on the document.
    gold: int


@dataclass(frozen=True)
class VersionView:
    """One annotator's span as the curator sees it."""

    uid: str
    annotation_id: int
    annotator: str
    label: str
    label_name: str
    colour: str
    start: int
    end: int
    quote: str
    attributes: dict[str, Any]
    note: str | None


@dataclass(frozen=True)
class GoldView:
    id: int
    uid: str
    document_id: int
    label: str
    label_name: str
    colour: str
    start: int
    end: int
    quote: str
    attributes: dict[str, Any]
    note: str | None
    provenance: str
    source_uids: tuple[str, ...]
    #: Whose version was chosen (a pseudonym when names are hidden).
    chosen_from: str | None
    curator: str | None
    version: int
    updated_at: datetime
    deleted: bool


@dataclass(frozen=True)
class ClusterView:
    """A disagreement: overlapping spans that are not unanimous, decided as one unit."""

    key: str
    start: int
    end: int
    versions: tuple[VersionView, ...]
    #: open, resolved (a gold span covers it) or rejected.
    status: str
    gold: tuple[GoldView, ...]
    #: single (one annotator only), extent, label or partial (annotator/curation.py KINDS).
    kind: str = "extent"
    #: Compared annotators with no span in it.
    missing: tuple[str, ...] = ()
    #: The curator's reason, when rejected.
    note: str | None = None


@dataclass(frozen=True)
class UnanimousView:
    label: str
    label_name: str
    start: int
    end: int
    quote: str
    source_uids: tuple[str, ...]
    #: Already in the gold layer (possibly deleted there by the curator).
    in_gold: bool
    colour: str = "#888888"


@dataclass(frozen=True)
class ComparisonView:
    document_id: int
    project_id: int
    title: str
    text: str
    names_hidden: bool
    #: Annotators compared, as the curator may see them, in a stable order.
    annotators: tuple[str, ...]
    #: Each annotator's spans, in text order.
    spans: dict[str, tuple[VersionView, ...]]
    unanimous: tuple[UnanimousView, ...]
    clusters: tuple[ClusterView, ...]
    gold: tuple[GoldView, ...]
    curation: CurationState | None = None
    text_sha256: str = ""
    #: The compared annotators' live relations (between their own spans), in text order.
    relations: tuple[RelationView, ...] = ()
    #: uids of those relations a live gold relation was taken from.
    accepted_relations: frozenset[str] = frozenset()

    @property
    def open_clusters(self) -> tuple[ClusterView, ...]:
        return tuple(c for c in self.clusters if c.status == "open")

    @property
    def pending_unanimous(self) -> tuple[UnanimousView, ...]:
        return tuple(u for u in self.unanimous if not u.in_gold)


@dataclass(frozen=True)
class CurationState:
    """A document's curation as a whole, and whether its annotators may see the gold layer."""

    document_id: int
    curated: bool
    curated_at: datetime | None
    curator: str | None
    #: This document's gold is released (blind projects).
    released: bool
    #: The project releases the gold of every curated document.
    project_released: bool
    blind: bool

    @property
    def open_to_annotators(self) -> bool:
        """Annotators see their spans against gold: once curated, and in a blind project once
        released (for the document or the whole project)."""
        return self.curated and (not self.blind or self.released or self.project_released)


@dataclass(frozen=True)
class DocumentCuration:
    """One document on the curators' progress list."""

    document_id: int
    title: str
    annotators: int
    spans: int
    #: Spans all annotators agree on that are not in the gold layer yet.
    unanimous_pending: int
    open: int
    #: Disagreements resolved by a gold span or rejected.
    decided: int
    gold: int
    curated: bool
    released: bool
    #: empty (nothing drawn), untouched (nothing decided yet), open, decided, curated.
    status: str

"""The annotators' side of a document's comparison: who is compared, their live spans as plain
rows, and the split into unanimous groups and clusters (annotator/curation.py).

Kept per process, keyed by a revision of the document's spans and assignments. Why: a curator's
decision changes gold only, yet the view is drawn again after each one; on the benchmark's
20,000-word article with 3 x 1,000 spans, loading the spans as ORM objects (their JSON
attributes decoded) and splitting them was most of a decision's server time. The revision is
read in the caller's own transaction, so a changed span is never served from the cache: every
ORM update of an annotation bumps its `version` (optimistic locking, soft delete and restore
included), and a new one raises the count and the highest id. Label names and colours are read
per call (keys come from stored codebook versions, which never change). The rows are shared
between callers: nobody may change them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...curation import SpanKey, Split, split
from ...models import Annotation, Assignment, Document, Label
from ...models.enums import AssignmentStatus
from ..permissions import project_leads

#: Documents kept (one entry per document, done_only and revision; old revisions age out).
CACHE_SIZE = 16


@dataclass(frozen=True)
class SpanRow:
    """One annotator's live span, as the comparison needs it."""

    uid: str
    annotation_id: int
    user_id: int
    label_id: int
    label: str
    start: int
    end: int
    quote: str
    #: Shared with the cache: read, never change (copy first).
    attributes: Mapping[str, Any]
    note: str | None


@dataclass(frozen=True)
class DocumentSpans:
    """The compared annotators' spans of one document and how they split."""

    annotators: tuple[int, ...]
    #: In text order (start, end, id).
    rows: tuple[SpanRow, ...]
    by_uid: Mapping[str, SpanRow]
    parts: Split


def choose_annotators(assigned: Sequence[tuple[int, AssignmentStatus]], drawers: Iterable[int], *,
                      done_only: bool = False, leads: Collection[int] = ()) -> list[int]:
    """Who is compared on a document: its assignees (those done, with `done_only`) and whoever
    else drew on it but the project's `leads` (its curators and admins), or everyone who drew on
    it when nobody was assigned.

    Why the annotators who drew: marking a document done (or the workspace's first span) gives
    an annotator an assignment of their own, which on a document nobody was assigned to (spans
    imported, or drawn where assignments are not used) would otherwise hide every other
    annotator's work. A curator's or admin's spans on an assigned document stay out; those of an
    annotator who has left the project stay in (removing a member keeps their spans)."""
    if not assigned:
        return sorted(set(drawers))
    chosen = {u for u, status in assigned if not done_only or status == AssignmentStatus.DONE}
    if not done_only:
        chosen |= set(drawers) - set(leads)
    return sorted(chosen)


def _leads_of_project(session: Session, document_id: int) -> frozenset[int]:
    project_id = session.scalar(select(Document.project_id).where(Document.id == document_id))
    return project_leads(session, project_id) if project_id is not None else frozenset()


class _Cache:
    """A small LRU map shared by the server's sessions (threads), hence the lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, DocumentSpans] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> DocumentSpans | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: DocumentSpans) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_CACHE = _Cache(CACHE_SIZE)


def clear_cache() -> None:
    _CACHE.clear()


def _revision(session: Session, document_id: int) -> tuple[Any, ...]:
    """What changes whenever any annotation of the document (live or deleted) changes, and
    which document this is (ids repeat across databases, e.g. in tests)."""
    spans = session.execute(
        select(func.count(Annotation.id), func.max(Annotation.id), func.sum(Annotation.version),
               func.max(Annotation.updated_at))
        .where(Annotation.document_id == document_id)).one()
    document = session.execute(
        select(Document.created_at, Document.text_sha256).where(Document.id == document_id)).one()
    return (str(session.get_bind().engine.url), document_id, *document, *spans)


def _load(session: Session, document_id: int, annotators: Sequence[int]) -> DocumentSpans:
    # Columns, not ORM objects: a few times cheaper on thousands of rows.
    rows = tuple(SpanRow(*row) for row in session.execute(
        select(Annotation.uid, Annotation.id, Annotation.user_id, Annotation.label_id, Label.key,
               Annotation.start, Annotation.end, Annotation.quote, Annotation.attributes, Annotation.note)
        .join(Label, Label.id == Annotation.label_id)
        .where(Annotation.document_id == document_id, Annotation.deleted_at.is_(None),
               Annotation.user_id.in_(annotators))
        .order_by(Annotation.start, Annotation.end, Annotation.id)))
    keys = [SpanKey(r.uid, r.user_id, r.label, r.start, r.end) for r in rows]
    return DocumentSpans(tuple(annotators), rows, {r.uid: r for r in rows}, split(keys, annotators))


def document_spans(session: Session, document_id: int, *, done_only: bool = False) -> DocumentSpans:
    """The compared annotators' live spans of a document and their split (cached, see above)."""
    assigned = sorted(session.execute(
        select(Assignment.user_id, Assignment.status).where(Assignment.document_id == document_id)
    ).all())
    drawers = set(session.scalars(select(Annotation.user_id).distinct().where(
        Annotation.document_id == document_id, Annotation.deleted_at.is_(None))))
    compared = choose_annotators(assigned, drawers, done_only=done_only,
                                 leads=_leads_of_project(session, document_id) if assigned else ())
    key = (_revision(session, document_id), done_only, tuple(assigned), tuple(compared))
    found = _CACHE.get(key)
    if found is not None:
        return found
    loaded = _load(session, document_id, compared)
    _CACHE.put(key, loaded)
    return loaded

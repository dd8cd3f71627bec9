"""The curators' progress list: for every document of a project, how far its curation is
(nothing drawn, untouched, open disagreements, all decided, marked curated), computed with the
same rules as the comparison of one document (curation.py) from a few project-wide queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...curation import SpanKey, cluster_key, split
from ...models import (
    Annotation,
    Assignment,
    CuratedDocument,
    CurationDecision,
    Document,
    GoldAnnotation,
    Label,
)
from ..actor import Actor
from ..in_batches import rows_in
from ..permissions import LEADS, project_leads, require_project_role
from ..unit import read_service
from .curation import decides
from .curation_spans import choose_annotators
from .views import DocumentCuration


def _grouped(rows: Any) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row)
    return found


@read_service
def curation_progress(session: Session, actor: Actor, project_id: int, *,
                      done_only: bool = False) -> list[DocumentCuration]:
    """Every document of the project with its curation counts and status, in id order (reads
    every span of the project: the page asks for a window of documents, curation_window.py)."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    documents = session.execute(select(Document.id, Document.title).where(Document.project_id == project_id)
                                .order_by(Document.id)).all()
    return document_statuses(session, project_id, [(d, t) for d, t in documents], done_only=done_only, whole=True)


def document_statuses(session: Session, project_id: int, documents: Sequence[tuple[int, str]], *,
                      done_only: bool = False, whole: bool = False) -> list[DocumentCuration]:
    """`documents` ((id, title) of the project, in the order wanted) with their curation counts
    and status. The rows read are those of these documents only (a batch of ids at a time), or,
    with `whole` (every document of the project), of the whole project in one query each."""
    ids = [d for d, _ in documents]

    def grouped(query: Any, column: Any) -> dict[int, list[Any]]:
        query = query.where(Document.project_id == project_id)
        return _grouped(session.execute(query) if whole else rows_in(session, query, column, ids))

    assigned = grouped(select(Assignment.document_id, Assignment.user_id, Assignment.status).join(Document),
                       Assignment.document_id)
    spans = grouped(
        select(Annotation.document_id, Annotation.uid, Annotation.user_id, Label.key, Annotation.start,
               Annotation.end).join(Label, Label.id == Annotation.label_id).join(Document)
        .where(Annotation.deleted_at.is_(None)), Annotation.document_id)
    gold = grouped(
        select(GoldAnnotation.document_id, GoldAnnotation.start, GoldAnnotation.end, Label.key,
               GoldAnnotation.source_uids, GoldAnnotation.deleted_at)
        .join(Label, Label.id == GoldAnnotation.label_id).join(Document), GoldAnnotation.document_id)
    rejected = grouped(
        select(CurationDecision.document_id, CurationDecision.cluster_key).join(Document)
        .where(CurationDecision.deleted_at.is_(None), CurationDecision.outcome == "rejected"),
        CurationDecision.document_id)
    marks_query = select(CuratedDocument).join(Document).where(Document.project_id == project_id)
    marks = {row[0].document_id: row[0] for row in (
        session.execute(marks_query).all() if whole
        else rows_in(session, marks_query, CuratedDocument.document_id, ids))}
    leads = project_leads(session, project_id)
    return [_status_of(document_id, title, assigned[document_id], spans[document_id], gold[document_id],
                       rejected[document_id], marks.get(document_id), done_only, leads)
            for document_id, title in documents]


def _status_of(document_id: int, title: str, assigned: list[Any], spans: list[Any], rows: list[Any],
               rejected: list[Any], mark: CuratedDocument | None, done_only: bool,
               leads: frozenset[int]) -> DocumentCuration:
    """One document's counts and status, by the rules of the comparison (curation.py)."""
    annotators = choose_annotators([(u, s) for _, u, s in assigned], (r[2] for r in spans), done_only=done_only,
                                   leads=leads)
    keys = [SpanKey(uid, user, label, start, end) for _, uid, user, label, start, end in spans
            if user in annotators]
    parts = split(keys, annotators)
    live = [r for r in rows if r[5] is None]
    every_gold = {(r[1], r[2], r[3]) for r in rows}
    refused = {r[1] for r in rejected}
    open_count = 0
    for members in parts.clusters:
        settled = any(decides(r[4] or (), r[1], r[2], members) for r in live) or \
            cluster_key([m.uid for m in members]) in refused
        open_count += not settled
    pending = sum(1 for g in parts.unanimous if (g[0].start, g[0].end, g[0].label) not in every_gold)
    curated = mark is not None and mark.curated_at is not None
    touched = bool(rows) or bool(refused)
    if curated:
        status = "curated"
    elif not keys and not live:
        status = "empty"
    elif not touched:
        status = "untouched"
    else:
        status = "open" if open_count or pending else "decided"
    return DocumentCuration(
        document_id=document_id, title=title, annotators=len(annotators), spans=len(keys),
        unanimous_pending=pending, open=open_count, decided=len(parts.clusters) - open_count,
        gold=len(live), curated=curated, released=mark is not None and mark.released_at is not None,
        status=status)

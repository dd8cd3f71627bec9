"""The curators' progress list: for every document of a project, how far its curation is
(nothing drawn, untouched, open disagreements, all decided, marked curated), computed with the
same rules as the comparison of one document (curation.py) from a few project-wide queries."""

from __future__ import annotations

from collections import defaultdict
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
from ..permissions import LEADS, require_project_role
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
    """Every document of the project with its curation counts and status, in id order."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    in_project = Document.project_id == project_id
    documents = session.execute(select(Document.id, Document.title).where(in_project).order_by(Document.id)).all()
    assigned = _grouped(session.execute(
        select(Assignment.document_id, Assignment.user_id, Assignment.status).join(Document).where(in_project)))
    spans = _grouped(session.execute(
        select(Annotation.document_id, Annotation.uid, Annotation.user_id, Label.key, Annotation.start,
               Annotation.end).join(Label, Label.id == Annotation.label_id).join(Document)
        .where(in_project, Annotation.deleted_at.is_(None))))
    gold = _grouped(session.execute(
        select(GoldAnnotation.document_id, GoldAnnotation.start, GoldAnnotation.end, Label.key,
               GoldAnnotation.source_uids, GoldAnnotation.deleted_at)
        .join(Label, Label.id == GoldAnnotation.label_id).join(Document).where(in_project)))
    rejected = _grouped(session.execute(
        select(CurationDecision.document_id, CurationDecision.cluster_key).join(Document)
        .where(in_project, CurationDecision.deleted_at.is_(None), CurationDecision.outcome == "rejected")))
    marks = {row.document_id: row for row in session.scalars(
        select(CuratedDocument).join(Document).where(in_project))}
    found = []
    for document_id, title in documents:
        annotators = choose_annotators([(u, s) for _, u, s in assigned[document_id]],
                                       (r[2] for r in spans[document_id]), done_only=done_only)
        keys = [SpanKey(uid, user, label, start, end) for _, uid, user, label, start, end in spans[document_id]
                if user in annotators]
        parts = split(keys, annotators)
        rows = gold[document_id]
        live = [r for r in rows if r[5] is None]
        every_gold = {(r[1], r[2], r[3]) for r in rows}
        refused = {r[1] for r in rejected[document_id]}
        open_count = 0
        for members in parts.clusters:
            settled = any(decides(r[4] or (), r[1], r[2], members) for r in live) or \
                cluster_key([m.uid for m in members]) in refused
            open_count += not settled
        pending = sum(1 for g in parts.unanimous if (g[0].start, g[0].end, g[0].label) not in every_gold)
        mark = marks.get(document_id)
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
        found.append(DocumentCuration(
            document_id=document_id, title=title, annotators=len(annotators), spans=len(keys),
            unanimous_pending=pending, open=open_count, decided=len(parts.clusters) - open_count,
            gold=len(live), curated=curated, released=mark is not None and mark.released_at is not None,
            status=status))
    return found

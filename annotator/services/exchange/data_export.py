"""Reading a project out as records, streamed: memory stays flat however many spans there are.

`open_export` yields a manifest, the registry entities and an iterator of `DocumentRecord`s
that respects the actor's visibility (own spans only for annotators of a blind project) and
the filters. Format writers consume the iterator inside the `with` block.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased

from ... import __version__
from ...db import Database
from ...errors import Forbidden
from ...formats.claim_records import ClaimGroupRecord, FactCheckRecord
from ...formats.records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
    EntityRecord,
    GoldRecord,
    Manifest,
)
from ...models import (
    Annotation,
    AnnotationEntity,
    Assignment,
    Codebook,
    Document,
    DocumentLabel,
    Entity,
    GoldAnnotation,
    Label,
    Project,
)
from ...models.enums import GoldProvenance, Origin
from ..actor import Actor
from ..annotation.codebooks import codebook_view
from ..claims.scope import Scope
from ..claims.transfer import export_claims
from ..names import visible_names
from ..permissions import load_project, project_role, restricted_to_assignments, sees_everyone
from ..unit import audit_refusal
from .registry_export import registry_records

BATCH = 100


@dataclass(frozen=True)
class ExportFilter:
    """Which annotations leave: all of them unless narrowed here."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()
    gold_only: bool = False
    #: Annotations updated on or after this day / before the end of this day.
    since: date | None = None
    until: date | None = None
    #: Native exports keep deleted spans (restorable); other formats leave them out.
    include_deleted: bool = False

    def describe(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, tuple) else v)
                for k, v in asdict(self).items() if v not in ((), None, False)}


@dataclass
class ExportStream:
    manifest: Manifest
    entities: list[EntityRecord]
    records: Iterator[DocumentRecord]
    project_name: str
    codebook: dict[str, Any] = field(default_factory=dict)
    #: Claim groups and fact-checks (lossless exports only; see services/claims/transfer.py).
    claim_groups: list[ClaimGroupRecord] = field(default_factory=list)
    fact_checks: list[FactCheckRecord] = field(default_factory=list)


def _span_filter(query: Select[Any], model: Any, flt: ExportFilter, label_ids: set[int] | None) -> Select[Any]:
    if label_ids is not None:
        query = query.where(model.label_id.in_(label_ids))
    if flt.since:
        query = query.where(model.updated_at >= datetime.combine(flt.since, time.min))
    if flt.until:
        query = query.where(model.updated_at < datetime.combine(flt.until + timedelta(days=1), time.min))
    if not flt.include_deleted:
        query = query.where(model.deleted_at.is_(None))
    return query


def file_order(model: Any, imported: ColumnElement[bool]) -> tuple[Any, ...]:
    """The order spans leave in: those that came from a file first, in that file's order (their
    insertion order), then those made here, by position. An export in the format they came in
    then gives its lines back as they were (SemEval's scorer pairs spans in file order)."""
    return (case((imported, 0), else_=1), case((imported, model.id), else_=0), model.start, model.end, model.id)


class _Reader:
    """Holds what every batch needs: the session, the visibility rule and the filters."""

    def __init__(self, session: Session, actor: Actor, project: Project, flt: ExportFilter) -> None:
        self.session = session
        self.project = project
        self.flt = flt
        role = project_role(session, actor, project.id, required=True)
        self.own_only = None if sees_everyone(project, role) else actor.user_id
        # An annotator restricted to assignments exports their queue's documents only.
        self.assigned_to = actor.user_id if restricted_to_assignments(project, role) else None
        # Every version of the project's codebook: spans made with an older version keep its labels.
        versions = select(Codebook.id).where(Codebook.key == project.codebook.key)
        self.labels = {label.id: label for label in session.scalars(select(Label).where(Label.codebook_id.in_(versions)))}
        self.label_ids = {i for i, label in self.labels.items() if label.key in flt.labels} if flt.labels else None
        self.users = visible_names(session, project, role)
        wanted = set(flt.annotators)
        self.user_ids = {i for i, name in self.users.items() if name in wanted} if wanted else None
        if self.own_only is not None and set(flt.annotators) - {actor.username}:
            raise Forbidden("annotators of a blind project cannot export other annotators' spans",
                            action="export", project_id=project.id)
        if self.own_only is not None and self.flt.gold_only:
            raise Forbidden("annotators of a blind project cannot export the gold layer",
                            action="export gold", project_id=project.id)

    def document_ids(self) -> list[int]:
        query = select(Document.id).where(Document.project_id == self.project.id).order_by(Document.id)
        if self.flt.document_ids:
            query = query.where(Document.id.in_(self.flt.document_ids))
        if self.assigned_to is not None:
            query = query.where(Document.id.in_(
                select(Assignment.document_id).where(Assignment.user_id == self.assigned_to)
            ))
        return list(self.session.scalars(query))

    def _of_documents(self, model: Any, ids: Sequence[int] | None) -> Select[Any]:
        """Rows of `model` on the project's documents: those of `ids`, else of the filter's."""
        query = select(model).join(Document, Document.id == model.document_id).where(
            Document.project_id == self.project.id
        )
        if ids is not None:
            return query.where(model.document_id.in_(ids))
        if self.flt.document_ids:
            return query.where(model.document_id.in_(self.flt.document_ids))
        return query

    def annotation_query(self, ids: Sequence[int] | None) -> Select[Any]:
        query = self._of_documents(Annotation, ids)
        query = self._assigned(_span_filter(query, Annotation, self.flt, self.label_ids), Annotation)
        if self.own_only is not None:
            query = query.where(Annotation.user_id == self.own_only)
        elif self.user_ids is not None:
            query = query.where(Annotation.user_id.in_(self.user_ids))
        return query

    def gold_query(self, ids: Sequence[int] | None) -> Select[Any]:
        query = self._of_documents(GoldAnnotation, ids)
        return self._assigned(_span_filter(query, GoldAnnotation, self.flt, self.label_ids), GoldAnnotation)

    def document_label_query(self, ids: Sequence[int] | None) -> Select[Any]:
        query = self._assigned(self._of_documents(DocumentLabel, ids), DocumentLabel)
        if self.own_only is not None:
            return query.where(DocumentLabel.user_id == self.own_only)
        if self.user_ids is not None:
            return query.where(DocumentLabel.user_id.in_(self.user_ids))
        return query

    def _assigned(self, query: Select[Any], model: Any) -> Select[Any]:
        if self.assigned_to is None:
            return query
        return query.where(model.document_id.in_(
            select(Assignment.document_id).where(Assignment.user_id == self.assigned_to)
        ))

    def claims(self, actor: Actor) -> tuple[list[ClaimGroupRecord], list[FactCheckRecord]]:
        """The claim groups and fact-checks that go with the exported spans."""
        role = project_role(self.session, actor, self.project.id, required=True)
        assert role is not None
        narrowed = self.flt.document_ids or self.flt.labels or self.flt.annotators or self.flt.gold_only \
            or self.flt.since or self.flt.until or self.assigned_to is not None
        uids = set(self.session.scalars(self.annotation_query(None).with_only_columns(Annotation.uid))) \
            if narrowed and not self.flt.gold_only else set() if narrowed else None
        return export_claims(self.session, Scope(actor, self.project, role), self.users, uids)

    def counts(self, doc_ids: list[int]) -> dict[str, int]:
        def count(query: Select[Any]) -> int:
            return self.session.scalar(select(func.count()).select_from(query.subquery())) or 0

        annotations = 0 if self.flt.gold_only else count(self.annotation_query(None))
        gold = 0 if self.own_only is not None else count(self.gold_query(None))
        labels = count(self.document_label_query(None))
        return {"documents": len(doc_ids), "annotations": annotations, "gold": gold, "document_labels": labels}

    def batch(self, ids: list[int]) -> Iterator[DocumentRecord]:
        session = self.session
        outlet = aliased(Entity)
        documents = session.execute(
            select(Document, outlet.uid, outlet.name).outerjoin(outlet, outlet.id == Document.outlet_id)
            .where(Document.id.in_(ids)).order_by(Document.id)
        ).all()
        spans: dict[int, list[AnnotationRecord]] = defaultdict(list)
        gold: dict[int, list[GoldRecord]] = defaultdict(list)
        if not self.flt.gold_only:
            # Plain rows, not ORM objects: building 100,000 identity-mapped instances costs seconds.
            query = self.annotation_query(ids).with_only_columns(*Annotation.__table__.columns)
            order = file_order(Annotation, Annotation.origin == Origin.IMPORT)
            rows = session.execute(query.order_by(*order)).all()
            links = self._links([a.id for a in rows])
            for a in rows:
                spans[a.document_id].append(self._span(a, links.get(a.id, [])))
        if self.own_only is None:
            order = file_order(GoldAnnotation, GoldAnnotation.provenance == GoldProvenance.IMPORTED)
            for g in session.scalars(self.gold_query(ids).order_by(*order)):
                gold[g.document_id].append(self._gold(g))
        doc_labels: dict[int, list[DocumentLabelRecord]] = defaultdict(list)
        for dl in session.scalars(self.document_label_query(ids).order_by(DocumentLabel.id)):
            doc_labels[dl.document_id].append(DocumentLabelRecord(self.labels[dl.label_id].key, self.users.get(dl.user_id), dl.created_at))
        assignments: dict[int, list[dict[str, Any]]] = defaultdict(list)
        assign_rows = select(Assignment).where(Assignment.document_id.in_(ids)).order_by(Assignment.id)
        if self.own_only is not None:
            assign_rows = assign_rows.where(Assignment.user_id == self.own_only)
        for asg in session.scalars(assign_rows):
            assignments[asg.document_id].append({"annotator": self.users.get(asg.user_id), "status": asg.status.value, "position": asg.position})
        for document, outlet_uid, outlet_name in documents:
            yield DocumentRecord(
                text=document.text, title=document.title, url=document.url, outlet_uid=outlet_uid,
                outlet=outlet_name, author=document.author, published=document.published,
                language=document.language, external_id=document.external_id, meta=dict(document.meta),
                parts=list(document.parts), uid=document.uid, text_sha256=document.text_sha256,
                created_at=document.created_at, import_batch=document.import_batch,
                annotations=spans.get(document.id, []), document_labels=doc_labels.get(document.id, []),
                gold=gold.get(document.id, []), assignments=assignments.get(document.id, []),
            )

    def _links(self, ids: list[int]) -> dict[int, list[EntityLinkRecord]]:
        found: dict[int, list[EntityLinkRecord]] = defaultdict(list)
        for i in range(0, len(ids), 500):
            rows = self.session.execute(
                select(AnnotationEntity.annotation_id, AnnotationEntity.role, Entity.uid, Entity.name)
                .join(Entity, Entity.id == AnnotationEntity.entity_id)
                .where(AnnotationEntity.annotation_id.in_(ids[i : i + 500])).order_by(AnnotationEntity.id)
            ).all()
            for annotation_id, role, uid, name in rows:
                found[annotation_id].append(EntityLinkRecord(role=role.value, entity_uid=uid, entity_name=name))
        return found

    def _span(self, a: Any, links: list[EntityLinkRecord]) -> AnnotationRecord:
        return AnnotationRecord(
            start=a.start, end=a.end, label=self.labels[a.label_id].key, quote=a.quote,
            annotator=self.users.get(a.user_id), uid=a.uid, attributes=dict(a.attributes), note=a.note,
            origin=a.origin.value, prefix=a.prefix, suffix=a.suffix, version=a.version,
            created_at=a.created_at, updated_at=a.updated_at, deleted_at=a.deleted_at, entities=links,
        )

    def _gold(self, g: GoldAnnotation) -> GoldRecord:
        return GoldRecord(
            start=g.start, end=g.end, label=self.labels[g.label_id].key, quote=g.quote, uid=g.uid,
            attributes=dict(g.attributes), note=g.note, origin="import", prefix=g.prefix, suffix=g.suffix,
            version=g.version, created_at=g.created_at, updated_at=g.updated_at, deleted_at=g.deleted_at,
            provenance=g.provenance.value, source_uids=list(g.source_uids),
            chosen_from=self.users.get(g.chosen_from_user_id) if g.chosen_from_user_id else None,
            curator=self.users.get(g.curator_id) if g.curator_id else None,
        )

    def iterate(self, doc_ids: list[int]) -> Iterator[DocumentRecord]:
        for i in range(0, len(doc_ids), BATCH):
            yield from self.batch(doc_ids[i : i + BATCH])
            self.session.expunge_all()  # keep memory flat across batches


def export_refusal(db: Database, actor: Actor, project_id: int, filters: ExportFilter) -> str | None:
    """Why an export with these filters would be refused (the checks open_export makes), or
    None: a page says so instead of offering a download whose refusal it could not show (a
    download is built outside the page's run). Nothing is attempted, so nothing is audited."""
    with db.read() as session:
        project = load_project(session, project_id)
        try:
            _Reader(session, actor, project, filters)
        except Forbidden as error:
            return str(error)
    return None


@contextmanager
def open_export(
    db: Database, actor: Actor, project_id: int, *, fmt: str, format_version: int = 1,
    filters: ExportFilter | None = None, claims: bool = False,
) -> Iterator[ExportStream]:
    """Stream a project's records for a writer; see the module docstring. With `claims` (a
    lossless format) the stream also carries the project's claim groups and fact-checks."""
    flt = filters or ExportFilter()
    try:
        with db.read() as session:
            project = load_project(session, project_id)
            reader = _Reader(session, actor, project, flt)
            doc_ids = reader.document_ids()
            texts = hashlib.sha256("".join(session.scalars(
                select(Document.text_sha256).where(Document.id.in_(doc_ids)).order_by(Document.id)
            ) if doc_ids else []).encode()).hexdigest()
            entities = registry_records(session)
            codebook = codebook_view(project.codebook)
            counts = reader.counts(doc_ids) | {
                "entities": len(entities), "funding_links": sum(len(e.funding_received) for e in entities),
            }
            groups, fact_checks = reader.claims(actor) if claims else ([], [])
            if groups or fact_checks:
                counts |= {"claim_groups": len(groups), "fact_checks": len(fact_checks)}
            manifest = Manifest(
                format=fmt, format_version=format_version, tool_version=__version__,
                project={
                    "name": project.name, "description": project.description, "blind": project.blind,
                    "allow_overlaps": project.allow_overlaps,
                    "annotators_per_document": project.annotators_per_document,
                    "settings": dict(project.settings),
                },
                codebook={"key": codebook.key, "version": codebook.version, "definition": project.codebook.definition},
                counts=counts,
                texts_sha256=texts,
                filters=flt.describe(),
            )
            yield ExportStream(manifest, entities, reader.iterate(doc_ids), project.name, dict(project.codebook.definition),
                               groups, fact_checks)
    except Forbidden as error:
        audit_refusal(db, actor, error)
        raise

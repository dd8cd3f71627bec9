"""Reading a project out as records, streamed: memory stays flat however many spans there are.

`open_export` yields a manifest, the registry entities and an iterator of `DocumentRecord`s
that respects the actor's visibility (own spans only for annotators of a blind project) and
the filters. Format writers consume the iterator inside the `with` block.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, String, case, func, select, type_coerce
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
    GoldRelationRecord,
    Manifest,
    RelationRecord,
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
    GoldRelation,
    Label,
    Project,
    Relation,
    RelationType,
)
from ...models.enums import GoldProvenance, Origin
from ..actor import Actor
from ..annotation.codebooks import codebook_view
from ..names import visible_names
from ..permissions import load_project, project_role, restricted_to_assignments, sees_everyone
from ..unit import audit_refusal
from .registry_export import registry_records
from .stored_times import StoredTimes, time_converter

BATCH = 100

def _raw(column: Any) -> Any:
    """A JSON, enum or time column read as stored, without SQLAlchemy's conversion per row: JSON
    comes back as text on SQLite (decoded by `_object` / `_array`, which skip the empty ones;
    psycopg decodes it itself), an enum as its value, a span's time as text on SQLite (turned
    into a datetime once per distinct value: stored_times.py)."""
    return type_coerce(column, String)


def _anchored(model: type[Annotation] | type[GoldAnnotation]) -> tuple[Any, ...]:
    """The columns every stored span has, in the order `_Reader.batch` unpacks them (the
    order of AnnotationRecord's fields after the label)."""
    return (model.id, model.document_id, model.start, model.end, model.label_id, model.quote, model.uid,
            _raw(model.attributes), model.note, model.prefix, model.suffix, model.version, _raw(model.created_at),
            _raw(model.updated_at), _raw(model.deleted_at))


#: The columns a DocumentRecord is made of, in the order `_Reader.batch` unpacks them.
_DOCUMENT_COLUMNS = (Document.id, Document.text, Document.title, Document.url, Document.author, Document.published,
                     Document.language, Document.external_id, _raw(Document.meta), _raw(Document.parts), Document.uid,
                     Document.text_sha256, Document.created_at, Document.import_batch)


_SPAN_COLUMNS = _anchored(Annotation)
_GOLD_COLUMNS = _anchored(GoldAnnotation)


def _object(value: Any) -> dict[str, Any]:
    """A JSON object column (see `_raw`) as a new dict (records may be changed by their readers)."""
    if type(value) is str:
        return {} if value == "{}" else dict(json.loads(value))
    return dict(value) if value else {}


def _array(value: Any) -> list[Any]:
    """A JSON array column (see `_raw`) as a new list."""
    if type(value) is str:
        return [] if value == "[]" else list(json.loads(value))
    return list(value) if value else []


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
    #: Native exports keep deleted spans (restorable); other formats leave them out. The export
    #: entries (exports.py: the page's download and the command line) set it by format.
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
        self.label_keys = {i: label.key for i, label in self.labels.items()}
        self.relation_types = dict(session.execute(
            select(RelationType.id, RelationType.key).where(RelationType.codebook_id.in_(versions))).all())
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
        # The spans' stored times: the same type in both span tables (stored_times.py).
        self.time_converter = time_converter(session.get_bind().dialect, Annotation.created_at.type)
        # Most projects link no span to the registry: then no batch asks.
        self.has_links = session.scalar(
            select(AnnotationEntity.id).join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
            .join(Document, Document.id == Annotation.document_id).where(Document.project_id == project.id).limit(1)
        ) is not None
        self.has_assignments = session.scalar(
            select(Assignment.id).join(Document, Document.id == Assignment.document_id)
            .where(Document.project_id == project.id).limit(1)
        ) is not None
        #: What `counts` found none of (gold, document labels, relations): no batch asks for
        #: them. Each is a statement per batch otherwise, 0.03 s of the peer set's export,
        #: whose spans have none of them.
        self.none_of: frozenset[str] = frozenset()

    def documents(self) -> list[tuple[int, str]]:
        """Id and text hash of each exported document, by id. Read together so that the texts'
        fingerprint needs no second query naming every id (PostgreSQL takes at most 65,535
        parameters in one statement: a 100,000-document project's export failed)."""
        query = select(Document.id, Document.text_sha256).where(Document.project_id == self.project.id) \
            .order_by(Document.id)
        if self.flt.document_ids:
            query = query.where(Document.id.in_(self.flt.document_ids))
        if self.assigned_to is not None:
            query = query.where(Document.id.in_(
                select(Assignment.document_id).where(Assignment.user_id == self.assigned_to)
            ))
        return [(i, sha) for i, sha in self.session.execute(query)]

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
        # Imported here: only a lossless export carries claims, and the claim services (with
        # their views) are a hundredth of a second of every other export's start.
        from ..claims.scope import Scope
        from ..claims.transfer import export_claims

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
        found = {"documents": len(doc_ids), "annotations": annotations, "gold": gold,
                 "document_labels": labels} | self._relation_counts(count)
        self.none_of = frozenset(kind for kind, n in found.items() if n == 0)
        return found

    def _relation_counts(self, count: Callable[[Select[Any]], int]) -> dict[str, int]:
        """Relations whose two ends are exported (as `_relations` keeps them)."""

        def between(model: Any, span_model: Any, spans: Select[Any]) -> int:
            ends = spans.with_only_columns(span_model.id).scalar_subquery()
            query = select(model.id).where(model.from_id.in_(ends), model.to_id.in_(ends))
            return count(query if self.flt.include_deleted else query.where(model.deleted_at.is_(None)))

        relations = 0 if self.flt.gold_only else between(Relation, Annotation, self.annotation_query(None))
        gold = 0 if self.own_only is not None else between(GoldRelation, GoldAnnotation, self.gold_query(None))
        return {"relations": relations, "gold_relations": gold}

    def batch(self, ids: list[int]) -> Iterator[DocumentRecord]:
        """The records of documents `ids`. Rows are read as plain tuples of the columns a
        record needs and turned into records positionally: ORM instances, and rows read by
        column name, cost more than the rest of an export (issue 18)."""
        session = self.session
        outlet = aliased(Entity)
        # Core execution (the connection's): the ORM adds nothing to rows of plain columns.
        connection = session.connection()
        documents = connection.execute(
            select(*_DOCUMENT_COLUMNS, outlet.uid, outlet.name).outerjoin(outlet, outlet.id == Document.outlet_id)
            .where(Document.id.in_(ids)).order_by(Document.id)
        ).all()
        spans: dict[int, list[AnnotationRecord]] = defaultdict(list)
        gold: dict[int, list[GoldRecord]] = defaultdict(list)
        label_keys = self.label_keys
        users = self.users
        span_uids: dict[int, str] = {}
        gold_uids: dict[int, str] = {}
        times = StoredTimes(self.time_converter)
        if not self.flt.gold_only:
            query = self.annotation_query(ids).with_only_columns(*_SPAN_COLUMNS, Annotation.user_id, _raw(Annotation.origin))
            order = file_order(Annotation, Annotation.origin == Origin.IMPORT)
            rows = connection.execute(query.order_by(*order)).all()
            links = self._links(ids) if self.has_links else {}
            no_links: list[EntityLinkRecord] = []
            for (span_id, document_id, start, end, label_id, quote, uid, attributes, note, prefix, suffix, version,
                 created_at, updated_at, deleted_at, user_id, origin) in rows:
                span_uids[span_id] = uid
                spans[document_id].append(AnnotationRecord(
                    start, end, label_keys[label_id], quote, users.get(user_id), uid, _object(attributes), note,
                    origin, prefix, suffix, version, times[created_at], times[updated_at], times[deleted_at],
                    links.get(span_id, no_links) if links else [],
                ))
        if self.own_only is None and "gold" not in self.none_of:
            query = self.gold_query(ids).with_only_columns(
                *_GOLD_COLUMNS, _raw(GoldAnnotation.provenance), _raw(GoldAnnotation.source_uids),
                GoldAnnotation.chosen_from_user_id, GoldAnnotation.curator_id)
            order = file_order(GoldAnnotation, GoldAnnotation.provenance == GoldProvenance.IMPORTED)
            for (gold_id, document_id, start, end, label_id, quote, uid, attributes, note, prefix, suffix, version,
                 created_at, updated_at, deleted_at, provenance, source_uids, chosen_from, curator) in connection.execute(
                    query.order_by(*order)):
                gold_uids[gold_id] = uid
                gold[document_id].append(GoldRecord(
                    start, end, label_keys[label_id], quote, None, uid, _object(attributes), note, "import", prefix,
                    suffix, version, times[created_at], times[updated_at], times[deleted_at],
                    provenance=provenance, source_uids=_array(source_uids),
                    chosen_from=users.get(chosen_from) if chosen_from else None,
                    curator=users.get(curator) if curator else None,
                ))
        relations = self._relations(ids, span_uids) if "relations" not in self.none_of else {}
        gold_relations = self._gold_relations(ids, gold_uids) if "gold_relations" not in self.none_of else {}
        doc_labels: dict[int, list[DocumentLabelRecord]] = defaultdict(list)
        if "document_labels" not in self.none_of:
            label_rows = self.document_label_query(ids).with_only_columns(
                DocumentLabel.document_id, DocumentLabel.label_id, DocumentLabel.user_id, DocumentLabel.created_at,
            ).order_by(DocumentLabel.id)
            for document_id, label_id, user_id, created_at in connection.execute(label_rows):
                doc_labels[document_id].append(DocumentLabelRecord(label_keys[label_id], users.get(user_id), created_at))
        assignments: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if self.has_assignments:
            assign_rows = (select(Assignment.document_id, Assignment.user_id, _raw(Assignment.status),
                                  Assignment.position).where(Assignment.document_id.in_(ids)).order_by(Assignment.id))
            if self.own_only is not None:
                assign_rows = assign_rows.where(Assignment.user_id == self.own_only)
            for document_id, user_id, status, position in connection.execute(assign_rows):
                assignments[document_id].append({"annotator": users.get(user_id), "status": status,
                                                 "position": position})
        for (document_id, text, title, url, author, published, language, external_id, meta, parts, uid, sha,
             created_at, import_batch, outlet_uid, outlet_name) in documents:
            yield DocumentRecord(
                text=text, title=title, url=url, outlet_uid=outlet_uid,
                outlet=outlet_name, author=author, published=published,
                language=language, external_id=external_id, meta=_object(meta),
                parts=_array(parts), uid=uid, text_sha256=sha,
                created_at=created_at, import_batch=import_batch,
                annotations=spans.get(document_id, []), document_labels=doc_labels.get(document_id, []),
                gold=gold.get(document_id, []), assignments=assignments.get(document_id, []),
                relations=relations.get(document_id, []),
                gold_relations=gold_relations.get(document_id, []),
            )

    def _relation_rows(self, model: type[Relation] | type[GoldRelation], ids: list[int], uids: dict[int, str]
                       ) -> Iterator[tuple[Any, dict[str, Any]]]:
        """The relations on these documents whose two ends are exported (`uids`: span id ->
        uid), so that the filters on spans (annotators, labels, dates) hold for relations too;
        each with the values every relation record has."""
        if not uids:
            return
        query = select(model).where(model.document_id.in_(ids)).order_by(model.document_id, model.id)
        if not self.flt.include_deleted:
            query = query.where(model.deleted_at.is_(None))
        rows = cast(Sequence[Relation | GoldRelation], self.session.scalars(query).all())
        for row in rows:
            if row.from_id in uids and row.to_id in uids:
                yield row, dict(
                    type=self.relation_types[row.type_id], from_uid=uids[row.from_id], to_uid=uids[row.to_id],
                    uid=row.uid, attributes=dict(row.attributes), note=row.note, version=row.version,
                    created_at=row.created_at, updated_at=row.updated_at, deleted_at=row.deleted_at,
                    deleted_with=row.deleted_with)

    def _relations(self, ids: list[int], uids: dict[int, str]) -> dict[int, list[RelationRecord]]:
        found: dict[int, list[RelationRecord]] = defaultdict(list)
        for row, values in self._relation_rows(Relation, ids, uids):
            found[row.document_id].append(RelationRecord(**values, origin=row.origin.value))
        return found

    def _gold_relations(self, ids: list[int], uids: dict[int, str]) -> dict[int, list[GoldRelationRecord]]:
        found: dict[int, list[GoldRelationRecord]] = defaultdict(list)
        for row, values in self._relation_rows(GoldRelation, ids, uids):
            curator = self.users.get(row.curator_id) if row.curator_id else None
            found[row.document_id].append(GoldRelationRecord(**values, source_uids=list(row.source_uids), curator=curator))
        return found

    def _links(self, ids: list[int]) -> dict[int, list[EntityLinkRecord]]:
        """The entity links of the spans on documents `ids`, by span id."""
        found: dict[int, list[EntityLinkRecord]] = defaultdict(list)
        rows = self.session.execute(
            select(AnnotationEntity.annotation_id, AnnotationEntity.role, Entity.uid, Entity.name)
            .join(Entity, Entity.id == AnnotationEntity.entity_id)
            .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
            .where(Annotation.document_id.in_(ids)).order_by(AnnotationEntity.id)
        ).all()
        for annotation_id, role, uid, name in rows:
            found[annotation_id].append(EntityLinkRecord(role=role.value, entity_uid=uid, entity_name=name))
        return found

    def iterate(self, doc_ids: list[int]) -> Iterator[DocumentRecord]:
        for i in range(0, len(doc_ids), BATCH):
            yield from self.batch(doc_ids[i : i + BATCH])


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
            documents = reader.documents()
            doc_ids = [i for i, _ in documents]
            texts = hashlib.sha256("".join(sha for _, sha in documents).encode()).hexdigest()
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

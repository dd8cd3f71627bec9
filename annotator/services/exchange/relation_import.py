"""The relations of an import: checked with everything else before anything is written, then
written after the spans they join.

A relation names its two spans by uid. An end is looked up among the spans of this import on
the same document (any record of it: a CSV relation table is a record of its own), else among
the project's stored spans of that document. The checks are those of the relation service:
both ends exist, are different, lie in the relation's layer (annotators' spans for
`relations`, gold spans for `gold_relations`) and, for annotators, belong to one annotator;
the type is in the codebook and allows the two labels; attribute values fit the type.

Importing the same file twice adds nothing: a relation already imported (same uid on the same
document) is skipped, and so is one that repeats a live relation of the same type between the
same spans (either way round when undirected).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from ...codebooks.attribute_types import attribute_type
from ...codebooks.ends import ends_fit
from ...errors import InvalidInput
from ...formats.base import ANNOTATION, GOLD, relations_of
from ...formats.records import DocumentRecord, GoldRelationRecord, RelationRecord
from ...models import (
    Annotation,
    Document,
    GoldAnnotation,
    GoldRelation,
    Label,
    Relation,
    RelationType,
    User,
    new_uid,
)
from ...models.enums import Origin
from ..annotation.spans import check_attributes
from ..in_batches import batches, rows_in

#: (text sha256 of the document, span uid)
EndKey = tuple[str, str]


@dataclass(frozen=True)
class End:
    """What the checks need to know of a relation's end."""

    layer: str
    label: str
    #: The annotator's name (None for a gold span).
    annotator: str | None


def ends_in_records(records: Sequence[DocumentRecord], shas: Sequence[str], default: str) -> dict[EndKey, End]:
    ends: dict[EndKey, End] = {}
    for record, sha in zip(records, shas, strict=True):
        for ann in record.annotations:
            if ann.uid:
                ends[(sha, ann.uid)] = End(ANNOTATION, ann.label, ann.annotator or default)
        for gold in record.gold:
            if gold.uid:
                ends[(sha, gold.uid)] = End(GOLD, gold.label, None)
    return ends


def ends_in_project(session: Session, project_id: int, records: Sequence[DocumentRecord], shas: Sequence[str],
                    known: dict[EndKey, End]) -> dict[EndKey, End]:
    """The ends that this import does not hold, found among the project's stored spans."""
    wanted = {(sha, uid) for record, sha in zip(records, shas, strict=True) for _, relation in relations_of(record)
              for uid in (relation.from_uid, relation.to_uid)} - set(known)
    found: dict[EndKey, End] = {}
    uids = sorted({uid for _, uid in wanted})
    for chunk in batches(uids):
        spans = (select(Annotation.uid, Document.text_sha256, Label.key, User.username)
                 .join(Document, Document.id == Annotation.document_id).join(Label, Label.id == Annotation.label_id)
                 .join(User, User.id == Annotation.user_id)
                 .where(Document.project_id == project_id, Annotation.uid.in_(chunk)))
        gold = (select(GoldAnnotation.uid, Document.text_sha256, Label.key, literal(None))
                .join(Document, Document.id == GoldAnnotation.document_id)
                .join(Label, Label.id == GoldAnnotation.label_id)
                .where(Document.project_id == project_id, GoldAnnotation.uid.in_(chunk)))
        for layer, query in ((ANNOTATION, spans), (GOLD, gold)):
            for uid, sha, label, who in session.execute(query):
                if (sha, uid) in wanted:
                    found[(sha, uid)] = End(layer, label, who)
    return found


def coerce_relation_attributes(types: dict[str, RelationType], records: Sequence[DocumentRecord]) -> None:
    """Values read as text (brat, CSV) parsed as their attribute's type (as import_prep does
    for spans); others stay as read."""
    for record in records:
        for _, relation in relations_of(record):
            kind = types.get(relation.type)
            if kind is not None and relation.attributes:
                parsers = {a["key"]: attribute_type(a["type"]) for a in kind.attributes}
                relation.attributes = {k: parsers[k].parse(v) if k in parsers else v
                                       for k, v in relation.attributes.items()}


def validate_relations(types: dict[str, RelationType], records: Sequence[DocumentRecord], shas: Sequence[str],
                       ends: dict[EndKey, End], source: str) -> list[InvalidInput]:
    issues: list[InvalidInput] = []
    for number, (record, sha) in enumerate(zip(records, shas, strict=True), start=1):
        where = record.source or f"{source}, record {number}"
        for field, layer, index, relation in _numbered(record):
            problem = _problem(types, ends, sha, layer, relation)
            if problem is not None:
                issues.append(InvalidInput(problem[0], file=relation.source or where,
                                           field=f"{field}[{index}].{problem[1]}"))
    return issues


def _numbered(record: DocumentRecord) -> Iterator[tuple[str, str, int, RelationRecord]]:
    for index, relation in enumerate(record.relations):
        yield "relations", ANNOTATION, index, relation
    for index, gold in enumerate(record.gold_relations):
        yield "gold_relations", GOLD, index, gold


def _problem(types: dict[str, RelationType], ends: dict[EndKey, End], sha: str, layer: str,
             relation: RelationRecord) -> tuple[str, str] | None:
    """(message, field) of the first problem, or None."""
    kind = types.get(relation.type)
    if kind is None:
        return f"unknown relation type {relation.type!r}", "type"
    found = []
    for name, uid in (("from_uid", relation.from_uid), ("to_uid", relation.to_uid)):
        end = ends.get((sha, uid))
        if end is None:
            return f"no span {uid} on this document (in the import or the project)", name
        if end.layer != layer:
            return f"span {uid} is {'a gold span' if end.layer == GOLD else 'an annotation'}, not in this layer", name
        found.append(end)
    first, second = found
    if relation.from_uid == relation.to_uid:
        return "a relation joins two different spans", "to_uid"
    if first.annotator != second.annotator:
        return f"the two spans are {first.annotator}'s and {second.annotator}'s: a relation joins one annotator's", "to_uid"
    if not ends_fit(kind.from_labels, kind.to_labels, kind.directed, first.label, second.label):
        return f"a {relation.type!r} relation cannot go {first.label} -> {second.label}", "type"
    if relation.origin not in Origin._value2member_map_:
        return f"unknown origin {relation.origin!r}", "origin"
    try:
        check_attributes(kind, relation.attributes)
    except InvalidInput as error:
        return error.message, error.field or "attributes"
    return None


def write_relations(session: Session, records: Sequence[DocumentRecord], document_ids: Sequence[int],
                    types: dict[str, RelationType], stored: dict[tuple[int, str], str],
                    users: dict[str, int], now: Any) -> int:
    """Insert the records' relations (validated before); `stored` maps (document id, a span's
    uid in the file) to the uid it was stored under. Returns how many were written."""
    written = 0
    for model, span_model, layer in ((Relation, Annotation, ANNOTATION), (GoldRelation, GoldAnnotation, GOLD)):
        wanted = [(document_id, relation) for record, document_id in zip(records, document_ids, strict=True)
                  for kind, relation in relations_of(record) if kind == layer]
        if wanted:
            written += _write(session, model, span_model, wanted, types, stored, users, now)
    return written


def _write(session: Session, model: type[Relation] | type[GoldRelation], span_model: type[Annotation] | type[GoldAnnotation],
           wanted: list[tuple[int, RelationRecord]], types: dict[str, RelationType],
           stored: dict[tuple[int, str], str], users: dict[str, int], now: Any) -> int:
    def uid_of(document_id: int, uid: str) -> str:
        return stored.get((document_id, uid), uid)

    end_uids = sorted({uid_of(d, u) for d, r in wanted for u in (r.from_uid, r.to_uid)})
    spans: dict[str, tuple[int, int | None]] = {}  # uid -> (id, owner)
    owner = Annotation.user_id if span_model is Annotation else GoldAnnotation.curator_id
    rows = rows_in(session, select(span_model.uid, span_model.id, owner), span_model.uid, end_uids)
    spans.update({uid: (span_id, who) for uid, span_id, who in rows})
    taken = dict(session.execute(select(model.uid, model.document_id).where(
        model.uid.in_([r.uid for _, r in wanted if r.uid]))).all())
    live = {(d, t, f, o) for d, t, f, o in session.execute(
        select(model.document_id, model.type_id, model.from_id, model.to_id).where(
            model.document_id.in_({d for d, _ in wanted}), model.deleted_at.is_(None)))}
    rows_out: list[dict[str, Any]] = []
    for document_id, relation in wanted:
        kind = types[relation.type]
        from_id, to_id = spans[uid_of(document_id, relation.from_uid)][0], spans[uid_of(document_id, relation.to_uid)][0]
        uid = relation.uid
        if uid and uid in taken:
            if taken[uid] == document_id:
                continue  # imported before
            uid = None
        twins = {(document_id, kind.id, from_id, to_id)} | (set() if kind.directed else {(document_id, kind.id, to_id, from_id)})
        if relation.deleted_at is None and twins & live:
            continue
        uid = uid or new_uid()
        taken[uid] = document_id
        if relation.deleted_at is None:
            live.add((document_id, kind.id, from_id, to_id))
        row: dict[str, Any] = {
            "uid": uid, "document_id": document_id, "type_id": kind.id, "from_id": from_id, "to_id": to_id,
            "attributes": dict(relation.attributes), "note": relation.note or None, "version": relation.version or 1,
            "created_at": relation.created_at or now, "updated_at": relation.updated_at or relation.created_at or now,
            "deleted_at": relation.deleted_at, "deleted_with": relation.deleted_with,
        }
        if isinstance(relation, GoldRelationRecord):
            row.update(source_uids=list(relation.source_uids),
                       curator_id=users.get(relation.curator) if relation.curator else None)
        else:
            row.update(user_id=spans[uid_of(document_id, relation.from_uid)][1], origin=Origin(relation.origin))
        rows_out.append(row)
    if rows_out:
        session.execute(insert(model.__table__), rows_out)  # type: ignore[arg-type]
    return len(rows_out)

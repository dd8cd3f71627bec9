"""Importing records (from any format) into a project: validate everything, then write once.

A file with one bad record is refused whole, with every problem located (file, line or task,
field), and the database is left as it was. Documents already in the project (same text hash)
are reused; spans already imported are skipped (already_stored.py finds them), so importing
the same file twice adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ...errors import Forbidden, ImportRefused, InvalidInput
from ...formats.claim_records import ClaimGroupRecord, FactCheckRecord
from ...formats.records import (
    AnnotationRecord,
    DocumentRecord,
    EntityLinkRecord,
    EntityRecord,
    GoldRecord,
)
from ...models import (
    Annotation,
    AnnotationEntity,
    Assignment,
    Document,
    DocumentLabel,
    GoldAnnotation,
    Label,
    Membership,
    RelationType,
    User,
    new_uid,
    new_uids,
    utcnow,
)
from ...models.enums import (
    AssignmentStatus,
    EntityKind,
    EntityRole,
    GoldProvenance,
    Origin,
    ProjectRole,
)
from ...spans import CONTEXT_CHARS, quote_parts, text_sha256
from ...words import count_words
from .. import audit
from ..actor import Actor
from ..annotation.codebooks import labels_by_key, relation_types_by_key
from ..bulk import indexes_deferred, insert_rows, insert_rows_with_ids, insert_values
from ..in_batches import rows_in
from ..permissions import LEADS, load_project, require_project_role
from ..registry.checks import validate_registry
from ..registry.funding_proposals import propose_for_documents
from ..registry.outlets import match_outlet
from ..registry.rows import entity_named_in_file
from ..unit import write_service
from ..views import ImportResult
from .already_stored import held_gold, held_spans, held_uids, stored_uids
from .import_prep import add_labels as add_missing_labels
from .import_prep import (
    add_relation_types,
    coerce_attributes,
    resolve_references,
    unknown_span_labels,
    untyped_relation_types,
)
from .import_validation import MAX_REPORTED_ISSUES, check_annotator_names, validate
from .registry_io import (
    import_entities,
    import_entity_details,
    placeholder_users,
)
from .relation_import import (
    coerce_relation_attributes,
    ends_in_project,
    ends_in_records,
    validate_relations,
    write_relations,
)

if TYPE_CHECKING:
    from ..claims.scope import Scope

#: Span rows inserted per statement batch: large enough to amortise, small enough to keep
#: an import's memory flat.
SPAN_BATCH = 5_000
#: Document and audit rows inserted per statement batch (documents carry their text).
ROW_BATCH = 1_000
#: Told how far a long import has come: (fraction done, 0 to 1; what it is doing).
Progress = Callable[[float, str], None]


def _silent(fraction: float, doing: str) -> None:
    """No one to tell (the command line, tests)."""


def ensure_users(
    session: Session, actor: Actor, project_id: int, names: set[str], *, role: ProjectRole = ProjectRole.ADMIN
) -> dict[str, int]:
    """Ids for annotator names, each a member of the project; unknown names become
    password-less, inactive accounts (they hold imported work and cannot log in until an admin
    sets a password). Adding an active account to the project is a project admin's decision:
    a curator's (`role`) import that names one who is not a member is refused."""
    members = set(session.scalars(select(Membership.user_id).where(Membership.project_id == project_id)))
    if role is not ProjectRole.ADMIN and names:
        joining = sorted(session.scalars(select(User.username).where(
            User.username.in_(names), User.active.is_(True), User.id.not_in(members))))
        if joining:
            raise Forbidden(f"{actor.username} ({role.value}) may not add members: "
                            f"{', '.join(map(repr, joining[:5]))}{' and others' if len(joining) > 5 else ''} "
                            f"named in this import {'are accounts' if len(joining) > 1 else 'is an account'} "
                            "but not a member of the project; a project admin adds them first (Members), "
                            "or imports the file", action="add members by import", project_id=project_id,
                            object_id=project_id)
    found = placeholder_users(session, actor, names, project_id=project_id)
    for user_id in found.values():
        if user_id not in members:
            session.add(Membership(project_id=project_id, user_id=user_id, role=ProjectRole.ANNOTATOR))
    return found


def _annotator_names(records: Sequence[DocumentRecord], default: str) -> set[str]:
    names = {default}
    for record in records:
        names.update(a.annotator or default for a in record.annotations)
        names.update(d.annotator or default for d in record.document_labels)
        names.update(a.get("annotator") or default for a in record.assignments)
        for gold in record.gold:
            names.update(n for n in (gold.chosen_from, gold.curator) if n)
        names.update(r.curator for r in record.gold_relations if r.curator)
    return names


#: The columns of a span's row that `_span_values` gives, in its order.
SPAN_FIELDS = ("document_id", "label_id", "start", "end", "quote", "prefix", "suffix", "text_sha256", "attributes",
               "note", "version", "created_at", "updated_at", "deleted_at")
#: An annotation's row: a span's, then who made it, its uid and its origin (`_write_spans`).
ANNOTATION_COLUMNS = (*SPAN_FIELDS, "uid", "user_id", "origin")


def _span_values(
    record: AnnotationRecord, document_id: int, text: str, sha: str, label_id: int, now: Any
) -> tuple[Any, ...]:
    """The values of SPAN_FIELDS for a span: a tuple, as an import makes tens of thousands."""
    quote, prefix, suffix = quote_parts(text, record.start, record.end)
    created = record.created_at or now
    return (document_id, label_id, record.start, record.end, quote, prefix, suffix, sha, dict(record.attributes),
            record.note or None, record.version or 1, created, record.updated_at or created, record.deleted_at)


def _span_row(
    record: AnnotationRecord, document_id: int, text: str, sha: str, label_id: int, now: Any
) -> dict[str, Any]:
    return dict(zip(SPAN_FIELDS, _span_values(record, document_id, text, sha, label_id, now), strict=True))


@write_service
def import_records(
    session: Session,
    actor: Actor,
    project_id: int,
    records: Sequence[DocumentRecord],
    *,
    annotator: str | None = None,
    source: str = "import",
    import_batch: str | None = None,
    entities: Sequence[EntityRecord] = (),
    add_labels: bool = False,
    progress: Progress = _silent,
    claim_groups: Sequence[ClaimGroupRecord] = (),
    fact_checks: Sequence[FactCheckRecord] = (),
) -> ImportResult:
    """Validate all records, then write registry entities, documents, spans, document labels,
    gold spans, relations, assignments, claim groups and fact-checks in this one transaction.
    `annotator` names who made spans that do not say. Records without text name a document of
    the project (see import_prep). `add_labels` adds span labels the codebook lacks (a new
    codebook version) instead of refusing them. `progress` is told how far the writing has come."""
    role = require_project_role(session, actor, project_id, LEADS, "import into this project")
    project = load_project(session, project_id)
    records, issues = resolve_references(session, project_id, records, source)
    if issues:
        raise ImportRefused(issues[:MAX_REPORTED_ISSUES])
    untyped = [key for key in untyped_relation_types(records)
               if key not in relation_types_by_key(session, project.codebook_id)]
    if untyped:  # before the labels are read: the project moves to a new codebook version
        add_relation_types(session, actor, project_id, untyped, source)
    labels = labels_by_key(session, project.codebook_id)
    missing = unknown_span_labels(labels, records)
    added_labels: tuple[str, ...] = ()
    if add_labels and missing:
        labels = add_missing_labels(session, actor, project_id, [(key, key) for key in missing], source,
                                    used_at=_first_use(records, missing))
        added_labels = tuple(missing)
    coerce_attributes(labels, records)
    types = relation_types_by_key(session, load_project(session, project_id).codebook_id)
    coerce_relation_attributes(types, records)
    issues = validate_registry(entities, source=source) + validate(labels, records, source) + check_annotator_names(records, annotator)
    issues += _relation_issues(session, project_id, types, records, annotator or actor.username, source)
    issues += _entity_link_issues(session, records, entities, source)
    scope: Scope | None = None
    if claim_groups or fact_checks:
        # The claim services (and their views) are imported by an import that carries claims
        # only: a hundredth of a second of every command-line import's start.
        from ..claims.scope import scope_of
        from ..claims.transfer import check_claims

        scope = scope_of(session, actor, project_id)
        issues += check_claims(session, scope, records, claim_groups, fact_checks, source)
    if issues:
        raise ImportRefused(issues[:MAX_REPORTED_ISSUES])
    progress(0.1, "checked; writing the documents")
    import_entities(session, actor, entities)

    default_user = annotator or actor.username
    users = ensure_users(session, actor, project_id, _annotator_names(records, default_user), role=role)
    batch = import_batch  # records from the native format carry their own (or none)
    now = utcnow()
    shas = [text_sha256(record.text) for record in records]
    documents, with_outlet, unknown_outlets = _write_documents(session, project_id, records, shas, batch, now,
                                                               progress)
    new_ids = [documents[sha][0] for sha in dict.fromkeys(shas) if documents[sha][1]]
    added = len(new_ids)
    skipped = len(records) - added
    document_ids = [documents[sha][0] for sha in shas]
    progress(0.5, "writing the spans")
    stored: dict[tuple[int, str], str] = {}
    reused = {documents[sha][0] for sha in shas if not documents[sha][1]}
    spans = _write_spans(session, records, document_ids, shas, labels, users, default_user, now, stored, reused)
    gold_held = held_gold(session, records, document_ids, reused)
    progress(0.8, "writing gold spans, relations, document labels and assignments")
    # Claim groups name their spans by uid: the file's uids that were stored under another.
    renamed = {uid: new for (_, uid), new in stored.items() if new != uid}
    events = []
    for record, document_id, sha in zip(records, document_ids, shas, strict=True):
        _write_gold(session, document_id, record, sha, labels, users, now, stored, gold_held)
        _write_document_labels(session, document_id, record, labels, users, default_user, now)
        _write_assignments(session, document_id, record, users, default_user)
        events.append(audit.event(
            actor, "import", "document", document_id, project_id=project_id,
            document_id=document_id, detail=f"batch {record.import_batch or batch}: {len(record.annotations)} spans offered from {source}",
        ))
        if len(events) == ROW_BATCH:
            audit.record_many(session, events)
    audit.record_many(session, events)
    write_relations(session, records, document_ids, types, stored, users, now)
    # Funding links, ratings and designations may cite the documents just written; then the
    # new documents' funding appeals are proposed (after the registry, so none is repeated).
    # Only a document with an outlet can have any (the others are not even loaded).
    progress(0.95, "registry details and funding proposals")
    import_entity_details(session, actor, entities)
    propose_for_documents(session, actor, [i for i in new_ids if i in with_outlet])
    messages: tuple[str, ...] = (f"labels added to the codebook: {', '.join(added_labels)}",) if added_labels else ()
    if untyped:
        messages += (f"relation types added to the codebook for relations without a label: {', '.join(untyped)}",)
    if scope is not None:
        from ..claims.transfer import claim_user_names, import_claims

        deciders = placeholder_users(session, actor, claim_user_names(claim_groups, fact_checks), project_id=project_id)
        added_groups, added_checks = import_claims(session, actor, scope, claim_groups, fact_checks, renamed,
                                                   users | deciders, source)
        messages += (f"claim groups: {added_groups} added; fact-checks: {added_checks} added",)
    if unknown_outlets:
        named = ", ".join(f"{name} ({n} document{'s' if n > 1 else ''})" for name, n in unknown_outlets.items())
        messages += (f"outlets that match no registry entity, kept in the documents' metadata (outlet): {named}",)
    return ImportResult(added=added, skipped=skipped, document_ids=tuple(document_ids), annotations=spans,
                        messages=messages)


def _first_use(records: Sequence[DocumentRecord], keys: Sequence[str]) -> dict[str, str]:
    """Where each of these span labels is first used (file, line or task), for a refusal."""
    wanted, found = set(keys), {}
    for record in records:
        for ann in chain(record.annotations, record.gold):
            if ann.label in wanted and ann.label not in found:
                found[ann.label] = ann.source or record.source or ""
    return found


def _entity_link_issues(session: Session, records: Sequence[DocumentRecord], entities: Sequence[EntityRecord],
                        source: str) -> list[InvalidInput]:
    """Links to registry entities that neither this import nor the database holds, each named
    by file, line and field before anything is written (`_write_entity_links` finds the rest)."""
    in_file = {e.uid for e in entities if e.uid} | {e.name for e in entities}
    known: dict[tuple[str | None, str | None], bool] = {}
    issues = []
    for number, record in enumerate(records, start=1):
        for i, ann in enumerate(record.annotations):
            for j, link in enumerate(ann.entities):
                key = (link.entity_uid, link.entity_name)
                if key not in known:
                    known[key] = bool({link.entity_uid, link.entity_name} & in_file) or \
                        entity_named_in_file(session, link.entity_uid, link.entity_name) is not None
                if not known[key]:
                    issues.append(InvalidInput(
                        f"the span links to an entity this database does not know "
                        f"({link.entity_uid or link.entity_name}); import the registry first",
                        file=ann.source or record.source or f"{source}, record {number}",
                        field=f"annotations[{i}].entities[{j}]"))
    return issues


def _relation_issues(session: Session, project_id: int, types: dict[str, RelationType],
                     records: Sequence[DocumentRecord], default: str, source: str) -> list[InvalidInput]:
    if not any(r.relations or r.gold_relations for r in records):
        return []
    shas = [text_sha256(record.text) for record in records]
    ends = ends_in_records(records, shas, default)
    ends.update(ends_in_project(session, project_id, records, shas, ends))
    return validate_relations(types, records, shas, ends, source)


def _write_documents(
    session: Session, project_id: int, records: Sequence[DocumentRecord], shas: list[str],
    batch: str | None, now: Any, progress: Progress = _silent,
) -> tuple[dict[str, tuple[int, bool]], set[int], dict[str, int]]:
    """Text hash -> (document id, created now), the ids of the new documents that have an
    outlet, and the outlet names that matched no registry entity (with how many new documents
    named each: they are kept in the document's meta, never dropped). Documents already in the project are reused; the new ones are inserted in the order
    of the records, in batches, as rows (no ORM objects: an import of many small documents
    keeps its memory flat)."""
    found = {sha: (doc_id, False) for sha, doc_id in rows_in(
        session, select(Document.text_sha256, Document.id).where(Document.project_id == project_id),
        Document.text_sha256, list(set(shas)))}
    taken_uids = {uid for (uid,) in rows_in(
        session, select(Document.uid), Document.uid, [r.uid for r in records if r.uid])}
    pending: dict[str, dict[str, Any]] = {}  # text hash -> row, in the order of the records
    with_outlet: set[int] = set()
    unknown_outlets: dict[str, int] = {}

    def insert_pending() -> None:
        table = Document.__table__
        assert isinstance(table, Table)
        ids = insert_rows_with_ids(session, table, list(pending.values()), "uid")
        for (sha, row), document_id in zip(pending.items(), ids, strict=True):
            found[sha] = (document_id, True)
            if row["outlet_id"] is not None:
                with_outlet.add(document_id)
        pending.clear()

    for number, (record, sha) in enumerate(zip(records, shas, strict=True), start=1):
        if sha not in found and sha not in pending:
            # The same export imported into a second project gets fresh document identities.
            uid = record.uid if record.uid and record.uid not in taken_uids else new_uid()
            taken_uids.add(uid)  # a second document of this import with the same uid gets a fresh one
            pending[sha] = _document_row(session, project_id, record, sha, uid, batch, now)
            if record.outlet and pending[sha]["outlet_id"] is None:
                pending[sha]["meta"]["outlet"] = record.outlet
                unknown_outlets[record.outlet] = unknown_outlets.get(record.outlet, 0) + 1
            if len(pending) == ROW_BATCH:
                insert_pending()
                progress(0.1 + 0.4 * number / len(records), f"writing the documents ({number} of {len(records)})")
    insert_pending()
    return found, with_outlet, unknown_outlets


def _document_row(
    session: Session, project_id: int, record: DocumentRecord, sha: str, uid: str, batch: str | None,
    now: Any,
) -> dict[str, Any]:
    outlet_id = entity_named_in_file(session, record.outlet_uid, record.outlet, kind=EntityKind.OUTLET)
    if outlet_id is None:
        outlet_id = match_outlet(session, record.url)
    return {
        "uid": uid, "project_id": project_id, "external_id": record.external_id,
        "title": record.title or record.text.strip().split("\n", 1)[0][:200], "url": record.url,
        "outlet_id": outlet_id, "author": record.author, "published": record.published,
        "language": record.language, "text": record.text, "text_sha256": sha,
        "word_count": count_words(record.text),
        "parts": [dict(p) for p in record.parts], "meta": dict(record.meta),
        "import_batch": record.import_batch or batch, "created_at": record.created_at or now,
    }


def _write_spans(
    session: Session, records: Sequence[DocumentRecord], document_ids: list[int], shas: list[str],
    labels: dict[str, Label], users: dict[str, int], default_user: str, now: Any,
    stored: dict[tuple[int, str], str], reused: set[int],
) -> int:
    """Every record's spans in one batched insert; a span already imported (same uid on the
    same document) is skipped, a uid taken elsewhere is replaced by a fresh one (`stored`:
    (document id, uid in the file) -> uid stored, for relations and claim groups). A span
    without uid on a document of the project (`reused`) is skipped while the document holds
    more spans of its annotator, label and offsets than this import has met: the file's own
    repeats stay, an import of it again adds none."""
    existing = stored_uids(session, Annotation, [a.uid for record in records for a in record.annotations if a.uid])
    label_ids = {key: label.id for key, label in labels.items()}
    held = held_spans(session, records, document_ids, reused)
    uids_held: dict[tuple[Any, ...], list[str]] | None = None
    rows: list[tuple[Any, ...]] = []
    written = 0
    links: list[tuple[str, EntityLinkRecord]] = []
    fresh = new_uids()
    origins = {origin.value: origin for origin in Origin}  # a lookup, not an enum call per span
    # Plain ids (label_ids above): reading `Label.id` goes through the ORM's attribute
    # machinery, once per span.
    context = CONTEXT_CHARS
    append = rows.append
    with indexes_deferred(session, _table(Annotation)):
        for record, document_id, sha in zip(records, document_ids, shas, strict=True):
            text = record.text
            size = len(text)
            for ann in record.annotations:
                given = ann.uid
                if given:
                    uid = given
                    if given in existing:
                        if existing[given] == document_id:
                            stored.setdefault((document_id, given), given)
                            continue  # imported before
                        uid = next(fresh)
                    elif ann.uid_made and held:
                        same = (document_id, users[ann.annotator or default_user], label_ids[ann.label], ann.start, ann.end)
                        if held.get(same):  # stored under a uid of its own: its relations join that span
                            held[same] -= 1
                            if uids_held is None:
                                uids_held = held_uids(session, Annotation, sorted(reused))
                            stored[(document_id, given)] = uids_held[same].pop(0)
                            continue
                    stored[(document_id, given)] = uid
                else:
                    if held:
                        same = (document_id, users[ann.annotator or default_user], label_ids[ann.label], ann.start, ann.end)
                        if held.get(same):
                            held[same] -= 1
                            continue  # imported before
                    uid = next(fresh)
                existing[uid] = document_id  # the same uid twice in one file is stored once
                # The values of ANNOTATION_COLUMNS, as _span_values gives them, written out here:
                # a call or two per span were a tenth of the import's time after its reading.
                start, end = ann.start, ann.end
                if not 0 <= start < end <= size:
                    quote_parts(text, start, end)  # raises the same error as _span_values
                created = ann.created_at or now
                attributes = ann.attributes
                append((document_id, label_ids[ann.label], start, end, text[start:end],
                        text[start - context if start > context else 0 : start], text[end : end + context], sha,
                        dict(attributes) if attributes else {}, ann.note or None, ann.version or 1, created,
                        ann.updated_at or created, ann.deleted_at, uid, users[ann.annotator or default_user],
                        origins[ann.origin]))
                if ann.entities:
                    links.extend((uid, link) for link in ann.entities)
                if len(rows) == SPAN_BATCH:
                    written += _insert_spans(session, rows)
        written += _insert_spans(session, rows)
    if links:
        _write_entity_links(session, links)
    return written


def _table(model: type[Annotation] | type[GoldAnnotation]) -> Table:
    """The model's Core table: rows go in through Core (no per-row ORM bookkeeping), and the
    declarative base types `__table__` as any FromClause."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert_spans(session: Session, rows: list[tuple[Any, ...]]) -> int:
    """Insert and forget a batch of annotation rows (values of ANNOTATION_COLUMNS; no per-row
    ORM bookkeeping: see bulk.py)."""
    count = insert_values(session, _table(Annotation), ANNOTATION_COLUMNS, rows)
    rows.clear()
    return count


def _write_entity_links(session: Session, wanted: list[tuple[str, EntityLinkRecord]]) -> None:
    """Links to registry entities, found by uid or else by name. A link to an entity the
    database does not know refuses the whole import (the transaction rolls back)."""
    ids = dict(session.execute(select(Annotation.uid, Annotation.id).where(Annotation.uid.in_([u for u, _ in wanted]))).all())
    for uid, link in wanted:
        entity_id = entity_named_in_file(session, link.entity_uid, link.entity_name)
        if entity_id is None:
            raise InvalidInput(
                f"span {uid} links to an entity this database does not know "
                f"({link.entity_uid or link.entity_name}); import the registry first",
                field="entities",
            )
        session.add(AnnotationEntity(annotation_id=ids[uid], entity_id=entity_id, role=EntityRole(link.role)))


def _write_gold(
    session: Session, document_id: int, record: DocumentRecord, sha: str, labels: dict[str, Label],
    users: dict[str, int], now: Any, stored: dict[tuple[int, str], str], held: Counter[tuple[Any, ...]],
) -> None:
    """The record's gold spans; as for spans (`_write_spans`), one the file gives no uid is
    skipped while the document holds more gold of its label and offsets (`held`, `held_gold`)
    than this import has met."""
    if not record.gold:
        return
    existing = stored_uids(session, GoldAnnotation, [g.uid for g in record.gold if g.uid])
    uids_held: dict[tuple[Any, ...], list[str]] | None = None
    rows = []
    for gold in record.gold:
        assert isinstance(gold, GoldRecord)
        uid = gold.uid
        same = (document_id, labels[gold.label].id, gold.start, gold.end)
        if (not uid or (gold.uid_made and uid not in existing)) and held[same] > 0:
            held[same] -= 1
            if uid:  # its reader made the uid: the gold relations join the stored span
                if uids_held is None:
                    uids_held = held_uids(session, GoldAnnotation, [document_id])
                stored[(document_id, uid)] = uids_held[same].pop(0)
            continue  # imported before
        if uid and uid in existing:
            if existing[uid] == document_id:
                stored.setdefault((document_id, uid), uid)
                continue
            uid = None
        uid = uid or new_uid()
        existing[uid] = document_id
        if gold.uid:
            stored[(document_id, gold.uid)] = uid
        row = _span_row(gold, document_id, record.text, sha, labels[gold.label].id, now)
        row.update(
            uid=uid, provenance=GoldProvenance(gold.provenance),
            source_uids=list(gold.source_uids),
            chosen_from_user_id=users.get(gold.chosen_from) if gold.chosen_from else None,
            curator_id=users.get(gold.curator) if gold.curator else None,
        )
        rows.append(row)
    insert_rows(session, _table(GoldAnnotation), rows)


def _write_document_labels(
    session: Session, document_id: int, record: DocumentRecord, labels: dict[str, Label],
    users: dict[str, int], default_user: str, now: Any,
) -> None:
    if not record.document_labels:
        return
    have: set[tuple[int, int]] = {
        (user_id, label_id) for user_id, label_id in
        session.execute(select(DocumentLabel.user_id, DocumentLabel.label_id).where(DocumentLabel.document_id == document_id))
    }
    for doc_label in record.document_labels:
        key = (users[doc_label.annotator or default_user], labels[doc_label.label].id)
        if key not in have:
            have.add(key)
            session.add(DocumentLabel(document_id=document_id, user_id=key[0], label_id=key[1], created_at=doc_label.created_at or now))


def _write_assignments(
    session: Session, document_id: int, record: DocumentRecord, users: dict[str, int], default_user: str
) -> None:
    if not record.assignments:
        return
    have = set(session.scalars(select(Assignment.user_id).where(Assignment.document_id == document_id)))
    for item in record.assignments:
        user_id = users[item.get("annotator") or default_user]
        if user_id in have:
            continue
        have.add(user_id)
        session.add(Assignment(
            document_id=document_id, user_id=user_id,
            status=AssignmentStatus(item.get("status", "todo")), position=int(item.get("position", 0)),
        ))

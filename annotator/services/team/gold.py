"""Writing the gold layer: pre-accepting unanimous spans, accepting one version, editing,
adding by hand, rejecting a disagreement, and undoing any of it. Curators and admins only;
every write is audited, and a gold span names the version it read (optimistic locking).

Provenance: `unanimous` (every compared annotator drew it), `chosen` (one annotator's version,
`chosen_from`), `edited` (the curator changed offsets, label or attributes of annotators'
versions, `source_uids` says which), `added` (drawn by the curator from scratch).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ...curation import cluster_key
from ...errors import Conflict, InvalidInput, InvalidSpan, NotFound
from ...models import (
    Annotation,
    AuditEvent,
    CurationDecision,
    Document,
    GoldAnnotation,
    Label,
    Project,
    utcnow,
)
from ...models.enums import GoldProvenance, ProjectRole
from ...spans import quote_selector
from .. import audit
from ..actor import Actor
from ..annotation.relation_ends import check_label_fits, delete_with_span, restore_with_span
from ..annotation.spans import check_attributes, check_offsets, span_label
from ..names import namer
from ..permissions import LEADS, load_project, lock_document, require_project_role
from ..unit import write_service
from .curation import document_split, gold_view, load_for_curation
from .curation_spans import SpanRow
from .views import GoldView

#: The audit trail's object type of a curation decision (a rejected disagreement). Stored data:
#: it keeps the word of the first release, so that old and new events read alike.
DECISION = "adjudication"

_UNSET: Any = object()


def _check_gold_overlap(session: Session, project: Project, document_id: int, start: int, end: int,
                        exclude_id: int | None = None) -> None:
    if project.allow_overlaps:
        return
    lock_document(session, document_id)
    query = select(GoldAnnotation.start, GoldAnnotation.end).where(
        GoldAnnotation.document_id == document_id, GoldAnnotation.deleted_at.is_(None),
        GoldAnnotation.start < end, GoldAnnotation.end > start)
    if exclude_id is not None:
        query = query.where(GoldAnnotation.id != exclude_id)
    clash = session.execute(query.limit(1)).first()
    if clash is not None:
        raise InvalidSpan(f"[{start}, {end}) overlaps the gold span [{clash.start}, {clash.end}); "
                          "this project does not allow overlapping spans")


def _create(
    session: Session, actor: Actor, document: Document, project: Project, label: Label, *,
    start: int, end: int, quote: str | None, attributes: dict[str, Any], note: str | None,
    provenance: GoldProvenance, source_uids: Sequence[str], chosen_from: int | None = None,
) -> GoldAnnotation:
    text = check_offsets(document.text, start, end, quote)
    _check_gold_overlap(session, project, document.id, start, end)
    selector = quote_selector(document.text, start, end)
    now = utcnow()
    gold = GoldAnnotation(
        document_id=document.id, label_id=label.id, start=start, end=end, quote=text,
        prefix=selector.prefix, suffix=selector.suffix, text_sha256=document.text_sha256,
        attributes=check_attributes(label, attributes), note=note or None, provenance=provenance,
        source_uids=list(source_uids), chosen_from_user_id=chosen_from, curator_id=actor.user_id,
        created_at=now, updated_at=now,
    )
    session.add(gold)
    session.flush()
    audit.record(session, actor, "create", "gold", gold.id, project_id=project.id,
                 document_id=document.id, after=audit.snapshot(gold), detail=provenance.value)
    return gold


def _shared_attributes(annotations: Sequence[SpanRow]) -> dict[str, Any]:
    """Attribute values every annotator gave alike (the rest is for the curator to decide)."""
    first = dict(annotations[0].attributes)
    return {k: v for k, v in first.items() if all(a.attributes.get(k) == v for a in annotations[1:])}


def _accept_unanimous(session: Session, actor: Actor, document: Document, project: Project,
                      done_only: bool, labels: Collection[str] | None = None,
                      at: tuple[int, int] | None = None) -> list[int]:
    parts, by_uid, _ = document_split(session, document.id, done_only=done_only)
    # Any gold span there already, even one the curator deleted, means it was decided.
    decided = set(session.execute(
        select(GoldAnnotation.start, GoldAnnotation.end, Label.key)
        .join(Label, Label.id == GoldAnnotation.label_id)
        .where(GoldAnnotation.document_id == document.id)).all())
    created = []
    for group in parts.unanimous:
        head = group[0]
        if (head.start, head.end, head.label) in decided or (labels is not None and head.label not in labels):
            continue
        if at is not None and (head.start, head.end) != at:
            continue
        annotations = [by_uid[s.uid] for s in group]
        label = session.get(Label, by_uid[head.uid].label_id)
        assert label is not None  # the span's own label (a foreign key)
        gold = _create(session, actor, document, project, label, start=head.start,
                       end=head.end, quote=None, attributes=_shared_attributes(annotations), note=None,
                       provenance=GoldProvenance.UNANIMOUS, source_uids=[s.uid for s in group])
        created.append(gold.id)
    return created


@write_service
def accept_unanimous(session: Session, actor: Actor, document_id: int, *, done_only: bool = False,
                     labels: Collection[str] | None = None, at: tuple[int, int] | None = None) -> tuple[int, ...]:
    """Put every unanimous span not decided yet into the gold layer (only those with one of
    `labels`, or only the one at offsets `at`, if given), in one transaction; returns the new
    gold spans' ids (to undo them)."""
    document, project, _ = load_for_curation(session, actor, document_id, "curate")
    if labels is not None:
        for key in labels:
            span_label(session, project, key)  # an unknown label is refused, not ignored
    created = tuple(_accept_unanimous(session, actor, document, project, done_only, labels, at))
    if at is not None and not created:
        raise Conflict(f"no span at [{at[0]}, {at[1]}) that every annotator agrees on is waiting for gold")
    return created


@write_service
def accept_unanimous_project(session: Session, actor: Actor, project_id: int, *,
                             done_only: bool = False) -> dict[int, int]:
    """The same for every document of a project, in one transaction: document id -> created."""
    require_project_role(session, actor, project_id, LEADS, "curate")
    project = load_project(session, project_id)
    documents = session.scalars(select(Document).where(Document.project_id == project_id).order_by(Document.id))
    return {d.id: len(_accept_unanimous(session, actor, d, project, done_only)) for d in documents}


def _annotation_on(session: Session, document_id: int, uid: str) -> tuple[Annotation, Label]:
    row = session.execute(
        select(Annotation, Label).join(Label, Label.id == Annotation.label_id)
        .where(Annotation.uid == uid, Annotation.document_id == document_id,
               Annotation.deleted_at.is_(None))).first()
    if row is None:
        raise NotFound(f"no live span {uid} on document {document_id}")
    return row[0], row[1]


def _view(session: Session, project: Project, role: ProjectRole, gold: GoldAnnotation) -> GoldView:
    label = session.get(Label, gold.label_id)
    assert label is not None
    return gold_view(gold, label, namer(session, project, role))


@write_service
def accept_version(session: Session, actor: Actor, document_id: int, annotation_uid: str) -> GoldView:
    """Take one annotator's span as gold (provenance chosen). Identical spans by others are
    listed as sources too."""
    document, project, role = load_for_curation(session, actor, document_id, "curate")
    annotation, label = _annotation_on(session, document_id, annotation_uid)
    if session.scalar(select(GoldAnnotation.id).where(
            GoldAnnotation.document_id == document_id, GoldAnnotation.deleted_at.is_(None),
            GoldAnnotation.start == annotation.start, GoldAnnotation.end == annotation.end,
            GoldAnnotation.label_id == annotation.label_id)) is not None:
        raise Conflict("this span is in the gold layer already")
    twins = session.scalars(select(Annotation.uid).where(
        Annotation.document_id == document_id, Annotation.deleted_at.is_(None),
        Annotation.start == annotation.start, Annotation.end == annotation.end,
        Annotation.label_id == annotation.label_id).order_by(Annotation.id)).all()
    gold = _create(session, actor, document, project, label, start=annotation.start,
                   end=annotation.end, quote=None, attributes=dict(annotation.attributes),
                   note=annotation.note, provenance=GoldProvenance.CHOSEN, source_uids=twins,
                   chosen_from=annotation.user_id)
    return _view(session, project, role, gold)


@write_service
def add_gold(
    session: Session, actor: Actor, document_id: int, *, start: int, end: int, label: str,
    quote: str, attributes: dict[str, Any] | None = None, note: str | None = None,
    source_uids: Sequence[str] = (),
) -> GoldView:
    """A gold span drawn or edited by the curator: provenance `edited` when it is based on
    annotators' spans (`source_uids`), `added` when drawn from scratch. The quote must match."""
    document, project, role = load_for_curation(session, actor, document_id, "curate")
    for uid in source_uids:
        _annotation_on(session, document_id, uid)
    gold = _create(session, actor, document, project, span_label(session, project, label),
                   start=start, end=end, quote=quote, attributes=attributes or {}, note=note,
                   provenance=GoldProvenance.EDITED if source_uids else GoldProvenance.ADDED,
                   source_uids=list(source_uids))
    return _view(session, project, role, gold)


def _load_gold(session: Session, actor: Actor, gold_id: int, action: str
               ) -> tuple[GoldAnnotation, Document, Project, ProjectRole]:
    gold = session.get(GoldAnnotation, gold_id)
    if gold is None:
        raise NotFound(f"no gold span with id {gold_id}")
    document, project, role = load_for_curation(session, actor, gold.document_id, action)
    return gold, document, project, role


@write_service
def update_gold(
    session: Session, actor: Actor, gold_id: int, *, expected_version: int, label: str = _UNSET,
    start: int = _UNSET, end: int = _UNSET, quote: str = _UNSET,
    attributes: dict[str, Any] = _UNSET, note: str | None = _UNSET,
) -> GoldView:
    """Change a gold span; unanimous or chosen spans become `edited` (sources kept)."""
    gold, document, project, role = _load_gold(session, actor, gold_id, "edit gold")
    if gold.deleted_at is not None:
        raise Conflict(f"gold span {gold_id} is deleted; restore it first")
    if gold.version != expected_version:
        raise Conflict(f"gold span {gold_id} was changed by someone else (version {gold.version}, "
                       f"you had {expected_version}); reload and try again")
    before = audit.snapshot(gold)
    new_label = span_label(session, project, label) if label is not _UNSET else session.get(Label, gold.label_id)
    assert new_label is not None
    if start is not _UNSET or end is not _UNSET or quote is not _UNSET:
        new_start = gold.start if start is _UNSET else start
        new_end = gold.end if end is _UNSET else end
        text = check_offsets(document.text, new_start, new_end, None if quote is _UNSET else quote)
        _check_gold_overlap(session, project, document.id, new_start, new_end, gold.id)
        selector = quote_selector(document.text, new_start, new_end)
        gold.start, gold.end, gold.quote = new_start, new_end, text
        gold.prefix, gold.suffix = selector.prefix, selector.suffix
    if new_label.id != gold.label_id:
        check_label_fits(session, gold, new_label)
    gold.label_id = new_label.id
    gold.attributes = check_attributes(new_label, dict(gold.attributes) if attributes is _UNSET else attributes)
    if note is not _UNSET:
        gold.note = note or None
    if gold.provenance != GoldProvenance.ADDED:
        gold.provenance = GoldProvenance.EDITED
    gold.curator_id = actor.user_id
    gold.updated_at = utcnow()
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(f"gold span {gold_id} was changed concurrently; reload and try again") from error
    audit.record(session, actor, "update", "gold", gold.id, project_id=project.id,
                 document_id=document.id, before=before, after=audit.snapshot(gold))
    return _view(session, project, role, gold)


@write_service
def revert_gold(session: Session, actor: Actor, gold_id: int, *, expected_version: int) -> GoldView:
    """Undo the last change of a gold span's content (offsets, label, attributes, note,
    provenance): it gets back what the audit trail recorded before that change."""
    gold, document, project, role = _load_gold(session, actor, gold_id, "edit gold")
    if gold.version != expected_version:
        raise Conflict(f"gold span {gold_id} was changed by someone else; reload and try again")
    last = session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "gold", AuditEvent.object_id == gold_id,
        AuditEvent.action.in_(("update", "revert"))).order_by(AuditEvent.id.desc()).limit(1)).first()
    if last is None or not last.before:
        raise InvalidInput(f"gold span {gold_id} has no change to undo")
    before, previous = audit.snapshot(gold), last.before
    if (previous["start"], previous["end"]) != (gold.start, gold.end):
        _check_gold_overlap(session, project, document.id, previous["start"], previous["end"], gold.id)
    for column in _REVERTED:
        setattr(gold, column, previous[column])
    gold.provenance = GoldProvenance(previous["provenance"])
    gold.curator_id = actor.user_id
    gold.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "revert", "gold", gold.id, project_id=project.id,
                 document_id=document.id, before=before, after=audit.snapshot(gold))
    return _view(session, project, role, gold)


#: What a revert takes back from the audit trail's snapshot (provenance apart: an enum).
_REVERTED = ("start", "end", "quote", "prefix", "suffix", "label_id", "attributes", "note",
             "source_uids", "chosen_from_user_id")


def _set_deleted(session: Session, actor: Actor, gold_id: int, deleted: bool,
                 expected_version: int | None) -> GoldView:
    gold, document, project, role = _load_gold(session, actor, gold_id, "delete gold" if deleted else "restore gold")
    if (gold.deleted_at is not None) == deleted:
        return _view(session, project, role, gold)
    if expected_version is not None and gold.version != expected_version:
        raise Conflict(f"gold span {gold_id} was changed by someone else; reload and try again")
    if not deleted:
        _check_gold_overlap(session, project, document.id, gold.start, gold.end, gold.id)
    before = audit.snapshot(gold)
    gold.deleted_at = utcnow() if deleted else None
    gold.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "delete" if deleted else "restore", "gold", gold.id,
                 project_id=project.id, document_id=document.id, before=before,
                 after=audit.snapshot(gold))
    (delete_with_span if deleted else restore_with_span)(session, actor, gold, project_id=project.id)
    return _view(session, project, role, gold)


@write_service
def delete_gold(session: Session, actor: Actor, gold_id: int, *, expected_version: int | None = None) -> GoldView:
    """Undo a gold span (soft: it can be restored, and pre-accepting will not bring it back)."""
    return _set_deleted(session, actor, gold_id, True, expected_version)


@write_service
def restore_gold(session: Session, actor: Actor, gold_id: int) -> GoldView:
    return _set_deleted(session, actor, gold_id, False, None)


def _cluster_uids(session: Session, document_id: int, key: str) -> list[str]:
    # The curator may compare everyone or only those who marked the document done: the two
    # splits have different clusters (and keys), so the key is looked for in both.
    for done_only in (False, True):
        parts, _, _ = document_split(session, document_id, done_only=done_only)
        for members in parts.clusters:
            uids = [m.uid for m in members]
            if cluster_key(uids) == key:
                return uids
    raise NotFound(f"no open disagreement {key} on document {document_id} (the spans changed?)")


@write_service
def reject_cluster(session: Session, actor: Actor, document_id: int, key: str, *, note: str = "") -> None:
    """Decide a disagreement with no gold span (none of the versions is right); the note says
    why, to the annotators too once the gold layer is open to them."""
    document, project, _ = load_for_curation(session, actor, document_id, "curate")
    uids = _cluster_uids(session, document_id, key)
    decision = CurationDecision(document_id=document.id, cluster_key=key, outcome="rejected",
                                source_uids=uids, curator_id=actor.user_id, note=note.strip() or None)
    session.add(decision)
    session.flush()
    audit.record(session, actor, "reject", DECISION, decision.id, project_id=project.id,
                 document_id=document.id, after=audit.snapshot(decision), detail=note or None)


@write_service
def reopen_cluster(session: Session, actor: Actor, document_id: int, key: str) -> int:
    """Undo a rejection; returns how many decisions were withdrawn."""
    document, project, _ = load_for_curation(session, actor, document_id, "curate")
    decisions = session.scalars(select(CurationDecision).where(
        CurationDecision.document_id == document_id, CurationDecision.cluster_key == key,
        CurationDecision.deleted_at.is_(None))).all()
    if not decisions:
        raise InvalidInput(f"disagreement {key} was not rejected")
    for decision in decisions:
        before = audit.snapshot(decision)
        decision.deleted_at = utcnow()
        audit.record(session, actor, "reopen", DECISION, decision.id, project_id=project.id,
                     document_id=document.id, before=before, after=audit.snapshot(decision))
    return len(decisions)

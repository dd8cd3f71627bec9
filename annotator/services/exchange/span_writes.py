"""An import's writing of spans, gold spans and their links to registry entities: tuples straight
to the driver in batches (bulk.py), a span imported before skipped (already_stored.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput
from ...formats.records import AnnotationRecord, DocumentRecord, EntityLinkRecord, GoldRecord
from ...models import Annotation, AnnotationEntity, GoldAnnotation, Label, new_uid, new_uids
from ...models.enums import EntityRole, GoldProvenance, Origin
from ...spans import CONTEXT_CHARS, quote_parts
from ..bulk import indexes_deferred, insert_rows, insert_values
from ..registry.rows import entity_named_in_file
from .already_stored import held_spans, held_uids, stored_uids, taken_elsewhere

#: Span rows inserted per statement batch: large enough to amortise, small enough to keep
#: an import's memory flat.
SPAN_BATCH = 5_000

#: The columns of a span's row that `_span_values` gives, in its order.
SPAN_FIELDS = ("document_id", "label_id", "start", "end", "quote", "prefix", "suffix", "text_sha256", "attributes",
               "note", "version", "created_at", "updated_at", "deleted_at")
#: An annotation's row: a span's, then who made it, its uid and its origin (`write_spans`).
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


def write_spans(
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
    held = held_spans(session, records, document_ids, reused, existing)
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
                if held and (not given or ann.uid_made and given not in existing
                             or taken_elsewhere(existing, given, document_id)):
                    same = (document_id, users[ann.annotator or default_user], label_ids[ann.label], ann.start, ann.end)
                    if held.get(same):  # imported before
                        held[same] -= 1
                        if given:  # its reader made the uid, or a copy holds it: its relations join the stored span
                            if uids_held is None:
                                uids_held = held_uids(session, Annotation, sorted(reused))
                            stored[(document_id, given)] = uids_held[same].pop(0)
                        continue
                if given:
                    uid = given
                    if given in existing:
                        if existing[given] == document_id:
                            stored.setdefault((document_id, given), given)
                            continue  # imported before
                        uid = next(fresh)
                    stored[(document_id, given)] = uid
                else:
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


def write_gold(
    session: Session, document_id: int, record: DocumentRecord, sha: str, labels: dict[str, Label],
    users: dict[str, int], now: Any, stored: dict[tuple[int, str], str], held: Counter[tuple[Any, ...]],
) -> None:
    """The record's gold spans; as for spans (`write_spans`), one the file gives no uid is
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
        if (not uid or (gold.uid_made and uid not in existing) or taken_elsewhere(existing, uid, document_id)) \
                and held[same] > 0:
            held[same] -= 1
            if uid:  # its reader made the uid, or a copy holds it: the gold relations join the stored span
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

"""The curator's comparison of a document: every annotator's spans side by side, the spans
all of them agree on, and the disagreements to decide one by one (writes are in gold.py).

Who is compared: the annotators assigned to the document (only those who marked it done,
with `done_only`), or, on a document nobody was assigned to, everyone who drew spans on it.
Only curators and admins of the project may compare; a refusal is audited. With
`hide_annotator_names` set, a curator sees "Annotator N" (services/names.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...curation import SpanKey, Split, cluster_key, difference, extent
from ...errors import Forbidden
from ...models import (
    Annotation,
    CurationDecision,
    Document,
    GoldAnnotation,
    GoldRelation,
    Label,
    Project,
    Relation,
)
from ...models.enums import ProjectRole
from ..actor import Actor
from ..annotation.relations import relation_rows
from ..names import Namer, hides_names, namer
from ..permissions import LEADS, check_role, load_document_for, sees_everyone
from ..unit import read_service
from ..views import RelationView
from .curation_spans import SpanRow, document_spans
from .gold_access import curation_state, gold_closed_reason
from .views import ClusterView, ComparisonView, GoldView, UnanimousView, VersionView


@dataclass(frozen=True)
class LabelWords:
    name: str
    colour: str


def load_for_curation(
    session: Session, actor: Actor, document_id: int, action: str
) -> tuple[Document, Project, ProjectRole]:
    """The document for a curator or admin; anyone else is refused (and audited)."""
    document, project, role = load_document_for(session, actor, document_id)
    check_role(actor, role, LEADS, action, project_id=project.id, object_type="document",
               object_id=document_id, document_id=document_id)
    return document, project, role


def document_split(session: Session, document_id: int, *, done_only: bool = False
                   ) -> tuple[Split, Mapping[str, SpanRow], tuple[int, ...]]:
    """The unanimous groups and clusters of a document, with its spans by uid."""
    found = document_spans(session, document_id, done_only=done_only)
    return found.parts, found.by_uid, found.annotators


def gold_rows(session: Session, document_id: int) -> list[tuple[GoldAnnotation, Label]]:
    return list(session.execute(
        select(GoldAnnotation, Label)
        .join(Label, Label.id == GoldAnnotation.label_id)
        .where(GoldAnnotation.document_id == document_id)
        .order_by(GoldAnnotation.start, GoldAnnotation.end, GoldAnnotation.id)
    ).all())


def gold_view(gold: GoldAnnotation, label: Label, name: Namer) -> GoldView:
    return GoldView(
        id=gold.id, uid=gold.uid, document_id=gold.document_id, label=label.key,
        label_name=label.name, colour=label.colour, start=gold.start, end=gold.end,
        quote=gold.quote, attributes=dict(gold.attributes), note=gold.note,
        provenance=gold.provenance.value, source_uids=tuple(gold.source_uids),
        chosen_from=name(gold.chosen_from_user_id) if gold.chosen_from_user_id else None,
        curator=name(gold.curator_id) if gold.curator_id else None, version=gold.version,
        updated_at=gold.updated_at, deleted=gold.deleted_at is not None,
    )


def _version(row: SpanRow, label: LabelWords, name: Namer) -> VersionView:
    return VersionView(
        uid=row.uid, annotation_id=row.annotation_id, annotator=name(row.user_id),
        label=row.label, label_name=label.name, colour=label.colour, start=row.start,
        end=row.end, quote=row.quote, attributes=dict(row.attributes), note=row.note,
    )


def label_words(session: Session, label_ids: Iterable[int]) -> dict[int, LabelWords]:
    """Name and colour of each label (read per call: the span rows are cached without them)."""
    wanted = set(label_ids)
    if not wanted:
        return {}
    return {row.id: LabelWords(row.name, row.colour)
            for row in session.execute(select(Label.id, Label.name, Label.colour).where(Label.id.in_(wanted)))}


def _natural(text: str) -> list[object]:
    """"Annotator 2" before "Annotator 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def decides(source_uids: Sequence[str], start: int, end: int, members: Sequence[SpanKey]) -> bool:
    """A gold span decides a cluster when it was made from one of its spans, or drawn by hand
    across it. A unanimous span next to (or inside) a disagreement does not decide it."""
    if source_uids:
        return bool(set(source_uids) & {m.uid for m in members})
    low, high = extent(members)
    return start < high and end > low


def _deciding(live_gold: Sequence[GoldView]) -> Callable[[Sequence[SpanKey]], tuple[GoldView, ...]]:
    """`decides` for every gold span at once, through an index of their sources: on a long
    document with hundreds of disagreements and gold spans, one set per pair was the slowest
    part of the comparison. Gold spans come back in the order given."""
    order = {v.id: i for i, v in enumerate(live_gold)}
    by_source: dict[str, list[GoldView]] = {}
    for view in live_gold:
        for uid in view.source_uids:
            by_source.setdefault(uid, []).append(view)
    drawn_by_hand = [v for v in live_gold if not v.source_uids]

    def covering(members: Sequence[SpanKey]) -> tuple[GoldView, ...]:
        found = {v.id: v for m in members for v in by_source.get(m.uid, ())}
        found.update((v.id, v) for v in drawn_by_hand if decides(v.source_uids, v.start, v.end, members))
        return tuple(sorted(found.values(), key=lambda v: order[v.id]))

    return covering


def rejections(session: Session, document_id: int) -> dict[str, str | None]:
    """Cluster key -> the curator's note, for the disagreements rejected and not reopened."""
    return dict(session.execute(select(CurationDecision.cluster_key, CurationDecision.note).where(
        CurationDecision.document_id == document_id, CurationDecision.deleted_at.is_(None),
        CurationDecision.outcome == "rejected").order_by(CurationDecision.id)).all())


def rejected_keys(session: Session, document_id: int) -> set[str]:
    return set(rejections(session, document_id))


@read_service
def curation_project(session: Session, actor: Actor, document_id: int) -> int:
    """The project of a document the actor may curate (a link names only the document): a
    check without the comparison, which is the slow read on a long document."""
    _, project, _ = load_for_curation(session, actor, document_id, "curate")
    return project.id


@read_service
def comparison(session: Session, actor: Actor, document_id: int, *, done_only: bool = False) -> ComparisonView:
    """Everything the curation page shows for one document."""
    document, project, role = load_for_curation(session, actor, document_id, "curate")
    name = namer(session, project, role)
    spans = document_spans(session, document_id, done_only=done_only)
    parts, by_uid, annotators = spans.parts, spans.by_uid, spans.annotators
    words = label_words(session, {r.label_id for r in spans.rows})
    gold = gold_rows(session, document_id)
    gold_views = [gold_view(g, label, name) for g, label in gold]
    live_gold = [v for v in gold_views if not v.deleted]
    in_gold = {(g.start, g.end, label.key) for g, label in gold}
    rejected = rejections(session, document_id)
    # One view per span, shared by the clusters and the annotators' lists.
    versions = {r.uid: _version(r, words[r.label_id], name) for r in spans.rows}
    clusters = []
    deciding = _deciding(live_gold)
    for members in parts.clusters:
        start, end = extent(members)
        key = cluster_key([m.uid for m in members])
        covering = deciding(members)
        status = "resolved" if covering else "rejected" if key in rejected else "open"
        found = difference(members, annotators)
        clusters.append(ClusterView(key, start, end, tuple(versions[m.uid] for m in members), status, covering,
                                    found.kind, tuple(name(u) for u in found.missing), rejected.get(key)))
    unanimous = tuple(
        UnanimousView(label=g[0].label, label_name=versions[g[0].uid].label_name, start=g[0].start,
                      end=g[0].end, quote=by_uid[g[0].uid].quote,
                      source_uids=tuple(s.uid for s in g),
                      in_gold=(g[0].start, g[0].end, g[0].label) in in_gold,
                      colour=versions[g[0].uid].colour)
        for g in parts.unanimous
    )
    relations, accepted = _relations(session, document_id, annotators, name)
    names = sorted({name(u) for u in annotators}, key=_natural)
    by_name: dict[str, list[VersionView]] = {n: [] for n in names}
    for version in versions.values():
        by_name[version.annotator].append(version)
    return ComparisonView(
        document_id=document.id, project_id=project.id, title=document.title, text=document.text,
        names_hidden=hides_names(project, role), annotators=tuple(names),
        spans={n: tuple(v) for n, v in by_name.items()}, unanimous=unanimous,
        clusters=tuple(clusters), gold=tuple(gold_views),
        curation=curation_state(session, project, document.id, name), text_sha256=document.text_sha256,
        relations=relations, accepted_relations=accepted,
    )


def _relations(session: Session, document_id: int, annotators: Sequence[int], name: Namer
               ) -> tuple[tuple[RelationView, ...], frozenset[str]]:
    """The compared annotators' live relations, and which of them live gold relations came from."""
    relations = relation_rows(session, Relation, Annotation, [
        Relation.document_id == document_id, Relation.deleted_at.is_(None), Relation.user_id.in_(annotators)],
        {u: name(u) for u in annotators})
    if not relations:
        return (), frozenset()
    sources = session.scalars(select(GoldRelation.source_uids).where(
        GoldRelation.document_id == document_id, GoldRelation.deleted_at.is_(None)))
    return tuple(relations), frozenset(uid for row in sources for uid in row or ())


@read_service
def list_gold(session: Session, actor: Actor, document_id: int, *, include_deleted: bool = False) -> list[GoldView]:
    """The gold layer of a document: leads always; annotators in projects that are not blind,
    and in a blind one once the document is curated and its gold released (the gold layer is
    made of everyone's work)."""
    document, project, role = load_document_for(session, actor, document_id)
    closed = gold_closed_reason(session, project, role, document.id, wait_for_curation=False)
    if closed is not None:
        raise Forbidden(f"{actor.username} may not read the gold layer of this document: {closed}",
                        action="read gold", object_type="document", object_id=document_id,
                        project_id=project.id, document_id=document_id)
    name = namer(session, project, role)
    views = [gold_view(g, label, name) for g, label in gold_rows(session, document.id)
             if include_deleted or g.deleted_at is None]
    if sees_everyone(project, role):
        return views
    # Released to the annotators of a blind project: what is right, not whose version it was.
    return [replace(v, chosen_from=None) for v in views]

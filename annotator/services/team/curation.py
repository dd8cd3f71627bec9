"""The curator's comparison of a document: every annotator's spans side by side, the spans
all of them agree on, and the disagreements to decide one by one (writes are in gold.py).

Who is compared: the annotators assigned to the document (only those who marked it done,
with `done_only`), or, on a document nobody was assigned to, everyone who drew spans on it.
Only curators and admins of the project may compare; a refusal is audited. With
`hide_annotator_names` set, a curator sees "Annotator N" (services/names.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...curation import SpanKey, Split, cluster_key, difference, extent, split
from ...errors import Forbidden
from ...models import (
    Annotation,
    Assignment,
    CurationDecision,
    Document,
    GoldAnnotation,
    Label,
    Project,
)
from ...models.enums import AssignmentStatus, ProjectRole
from ..actor import Actor
from ..names import Namer, hides_names, namer
from ..permissions import LEADS, check_role, load_document_for
from ..unit import read_service
from .gold_access import curation_state, gold_closed_reason
from .views import ClusterView, ComparisonView, GoldView, UnanimousView, VersionView


def load_for_curation(
    session: Session, actor: Actor, document_id: int, action: str
) -> tuple[Document, Project, ProjectRole]:
    """The document for a curator or admin; anyone else is refused (and audited)."""
    document, project, role = load_document_for(session, actor, document_id)
    check_role(actor, role, LEADS, action, project_id=project.id, object_type="document",
               object_id=document_id, document_id=document_id)
    return document, project, role


def choose_annotators(assigned: Sequence[tuple[int, AssignmentStatus]], drawers: Iterable[int], *,
                      done_only: bool = False) -> list[int]:
    """Who is compared on a document: its assignees (those done, with `done_only`), or
    everyone who drew on it when nobody was assigned."""
    if assigned:
        return sorted(u for u, status in assigned if not done_only or status == AssignmentStatus.DONE)
    return sorted(set(drawers))


def compared_annotators(session: Session, document_id: int, *, done_only: bool = False) -> list[int]:
    assigned = session.execute(
        select(Assignment.user_id, Assignment.status).where(Assignment.document_id == document_id)
    ).all()
    drawers = () if assigned else session.scalars(
        select(Annotation.user_id).where(Annotation.document_id == document_id, Annotation.deleted_at.is_(None)))
    return choose_annotators(assigned, drawers, done_only=done_only)


def live_spans(session: Session, document_id: int, user_ids: Sequence[int]) -> list[tuple[Annotation, Label]]:
    return list(session.execute(
        select(Annotation, Label)
        .join(Label, Label.id == Annotation.label_id)
        .where(Annotation.document_id == document_id, Annotation.deleted_at.is_(None),
               Annotation.user_id.in_(user_ids))
        .order_by(Annotation.start, Annotation.end, Annotation.id)
    ).all())


def document_split(session: Session, document_id: int, *, done_only: bool = False) -> tuple[Split, dict[str, tuple[Annotation, Label]], list[int]]:
    """The unanimous groups and clusters of a document, with its spans by uid."""
    annotators = compared_annotators(session, document_id, done_only=done_only)
    rows = live_spans(session, document_id, annotators)
    by_uid = {a.uid: (a, label) for a, label in rows}
    keys = [SpanKey(a.uid, a.user_id, label.key, a.start, a.end) for a, label in rows]
    return split(keys, annotators), by_uid, annotators


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


def _version(annotation: Annotation, label: Label, name: Namer) -> VersionView:
    return VersionView(
        uid=annotation.uid, annotation_id=annotation.id, annotator=name(annotation.user_id),
        label=label.key, label_name=label.name, colour=label.colour, start=annotation.start,
        end=annotation.end, quote=annotation.quote, attributes=dict(annotation.attributes),
        note=annotation.note,
    )


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
def comparison(session: Session, actor: Actor, document_id: int, *, done_only: bool = False) -> ComparisonView:
    """Everything the curation page shows for one document."""
    document, project, role = load_for_curation(session, actor, document_id, "curate")
    name = namer(session, project, role)
    parts, by_uid, annotators = document_split(session, document_id, done_only=done_only)
    gold = gold_rows(session, document_id)
    gold_views = [gold_view(g, label, name) for g, label in gold]
    live_gold = [v for v in gold_views if not v.deleted]
    in_gold = {(g.start, g.end, label.key) for g, label in gold}
    rejected = rejections(session, document_id)
    clusters = []
    deciding = _deciding(live_gold)
    for members in parts.clusters:
        start, end = extent(members)
        key = cluster_key([m.uid for m in members])
        covering = deciding(members)
        status = "resolved" if covering else "rejected" if key in rejected else "open"
        versions = tuple(_version(*by_uid[m.uid], name) for m in members)
        found = difference(members, annotators)
        clusters.append(ClusterView(key, start, end, versions, status, covering, found.kind,
                                    tuple(name(u) for u in found.missing), rejected.get(key)))
    unanimous = tuple(
        UnanimousView(label=g[0].label, label_name=by_uid[g[0].uid][1].name, start=g[0].start,
                      end=g[0].end, quote=by_uid[g[0].uid][0].quote,
                      source_uids=tuple(s.uid for s in g),
                      in_gold=(g[0].start, g[0].end, g[0].label) in in_gold,
                      colour=by_uid[g[0].uid][1].colour)
        for g in parts.unanimous
    )
    names = sorted({name(u) for u in annotators}, key=_natural)
    spans: dict[str, list[VersionView]] = {n: [] for n in names}
    for annotation, label in by_uid.values():
        spans[name(annotation.user_id)].append(_version(annotation, label, name))
    return ComparisonView(
        document_id=document.id, project_id=project.id, title=document.title, text=document.text,
        names_hidden=hides_names(project, role), annotators=tuple(names),
        spans={n: tuple(v) for n, v in spans.items()}, unanimous=unanimous,
        clusters=tuple(clusters), gold=tuple(gold_views),
        curation=curation_state(session, project, document.id, name), text_sha256=document.text_sha256,
    )


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
    return [gold_view(g, label, name) for g, label in gold_rows(session, document.id)
            if include_deleted or g.deleted_at is None]

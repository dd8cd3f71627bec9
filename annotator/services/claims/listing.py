"""The Claims page's list of groups (search, verdict, outlet, date, status), and every Claim
span with its group (the command line's `claims group`)."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ...models import Annotation, Document, Entity
from ..actor import Actor
from ..unit import read_service
from .scope import (
    Scope,
    SpanRow,
    claim_label_ids,
    claim_spans,
    group_views,
    live_groups,
    members_of,
    memberships,
    scope_of,
    visible_group_ids,
)
from .views import ClaimGroupView, GroupFilter, Membership, outlet_key, outlet_labels


def _matches(view: ClaimGroupView, spans: list[SpanRow], flt: GroupFilter) -> bool:
    if view.occurrences < flt.min_occurrences and not (view.occurrences == 0 and view.status == "confirmed"):
        return False
    if flt.statuses and view.status not in flt.statuses:
        return False
    if flt.verdicts and (view.verdict or "") not in flt.verdicts:
        return False
    if flt.outlets and not set(view.outlet_ids) & set(flt.outlets):
        return False
    if flt.since or flt.until:
        dates = [s.published for s in spans if s.published is not None]
        if not any((flt.since is None or d >= flt.since) and (flt.until is None or d <= flt.until) for d in dates):
            return False
    if flt.search.strip():
        needle = flt.search.strip().casefold()
        texts = [view.canonical, view.notes or "", *(s.quote for s in spans)]
        if not any(needle in text.casefold() for text in texts):
            return False
    return True


def _sort_key(view: ClaimGroupView) -> tuple[int, int, int]:
    return (-view.occurrences, -len(view.outlets), view.id)


@read_service
def list_groups(session: Session, actor: Actor, project_id: int, flt: GroupFilter | None = None) -> list[ClaimGroupView]:
    """The live groups the caller may see that pass the filter, the most widespread first. A
    confirmed group with no visible span still shows (it may carry a verdict and fact-checks);
    empty proposed groups do not."""
    flt = flt or GroupFilter()
    scope = scope_of(session, actor, project_id)
    groups = live_groups(session, project_id, visible_group_ids(session, scope))
    members = members_of(session, scope, [g.id for g in groups])
    views = group_views(session, scope, groups, members)
    kept = [v for v in views if _matches(v, members.get(v.id, []), flt)]
    return sorted(kept, key=_sort_key)


@read_service
def project_outlets(session: Session, actor: Actor, project_id: int) -> list[tuple[int, str]]:
    """The registry outlets of the documents with Claim spans the caller sees (the outlet
    filter's choices), as (id, label): two of one name are two, told apart by their ids.
    Asked per outlet in SQL (is there a document of it with such a span?): reading every Claim
    span took seconds on every rerun of the Claims page of a 100,000-document project."""
    scope = scope_of(session, actor, project_id)
    labels = claim_label_ids(session, scope.project)
    if not labels:
        return []
    claim = select(Annotation.id).where(Annotation.document_id == Document.id, Annotation.deleted_at.is_(None),
                                        Annotation.label_id.in_(labels))
    if scope.own_only is not None:
        claim = claim.where(Annotation.user_id == scope.own_only)
    documents = select(Document.id).where(Document.outlet_id == Entity.id, Document.project_id == project_id,
                                          exists(claim.correlate(Document)))
    queue = scope.in_queue(Document.id)
    if queue is not None:
        documents = documents.where(queue)
    found = sorted((name, outlet_id) for outlet_id, name in session.execute(
        select(Entity.id, Entity.name).where(exists(documents.correlate(Entity)))) if name)
    shown = outlet_labels((outlet_id, name) for name, outlet_id in found)
    return [(outlet_id, shown[outlet_key(outlet_id, name)]) for name, outlet_id in found]


def _memberships(session: Session, scope: Scope) -> list[Membership]:
    spans = claim_spans(session, scope)
    groups = memberships(session, scope.project.id, [s.annotation_id for s in spans])
    return [Membership(groups.get(s.annotation_id), s.annotation_id, s.document_ref, s.start, s.end, s.quote)
            for s in spans]


@read_service
def claim_memberships(session: Session, actor: Actor, project_id: int) -> list[Membership]:
    """Every Claim span the caller sees with its group (None when it has none), in the order
    the spans were made."""
    return _memberships(session, scope_of(session, actor, project_id))

"""The groups nearest to one span, for the side panel while annotating: it must answer within
a click, so the project's group index (annotator.claims.GroupIndex: vocabulary, vectors and
facts of every member) is built once and kept until the project's groups change; a query is
then one sparse row against it (milliseconds for ten thousand members).

An annotator of a blind project gets an index of their own: the confirmed groups (by their
canonical wording) and their own spans' groups, matched on their own spans only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...claims import Claim, GroupIndex, IndexedGroup
from ...claims.embeddings import EmbeddingsMode
from ...models import Annotation, ClaimGroup, ClaimMember
from ..actor import Actor
from ..unit import read_service
from .linking import claim_span
from .scope import (
    Scope,
    group_views,
    live_groups,
    members_of,
    memberships,
    shown_canonicals,
    visible_group_ids,
)
from .views import GroupSuggestion, SpanClaims

#: Indexes kept (one per project and audience); each holds its members' vectors.
CACHED_INDEXES = 8

_lock = threading.Lock()
_indexes: OrderedDict[Hashable, tuple[Hashable, GroupIndex]] = OrderedDict()


def _stamp(session: Session, scope: Scope) -> Hashable:
    """Changes whenever a group, a membership or a member span of the project changes."""
    project_id = scope.project.id
    groups = session.execute(select(func.count(ClaimGroup.id), func.max(ClaimGroup.updated_at))
                             .where(ClaimGroup.project_id == project_id)).one()
    members = session.execute(
        select(func.count(ClaimMember.id), func.max(ClaimMember.id), func.max(Annotation.updated_at))
        .join(ClaimGroup, ClaimGroup.id == ClaimMember.group_id).join(Annotation, Annotation.id == ClaimMember.annotation_id)
        .where(ClaimGroup.project_id == project_id)).one()
    return (tuple(groups), tuple(members), scope.project.codebook_id)


def _build(session: Session, scope: Scope, embeddings: EmbeddingsMode) -> GroupIndex:
    visible = visible_group_ids(session, scope)
    groups = live_groups(session, scope.project.id, visible)
    members = members_of(session, scope, [g.id for g in groups])
    canonicals = shown_canonicals(session, scope, groups)
    indexed = [IndexedGroup(g.id, tuple(Claim(s.annotation_id, s.quote) for s in members.get(g.id, [])),
                            canonicals[g.id]) for g in groups]
    return GroupIndex(indexed, embeddings=embeddings)


def group_index(session: Session, scope: Scope, embeddings: EmbeddingsMode = "auto") -> GroupIndex:
    """The project's group index as the scope sees it, from the cache while it is current."""
    bind = session.get_bind()
    key = (str(bind.engine.url), scope.project.id, scope.own_only, embeddings)
    stamp = _stamp(session, scope)
    with _lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == stamp:
            _indexes.move_to_end(key)
            return cached[1]
    index = _build(session, scope, embeddings)
    with _lock:
        _indexes[key] = (stamp, index)
        _indexes.move_to_end(key)
        while len(_indexes) > CACHED_INDEXES:
            _indexes.popitem(last=False)
    return index


@read_service
def span_claims(session: Session, actor: Actor, annotation_id: int, *, k: int = 5,
                embeddings: EmbeddingsMode = "auto") -> SpanClaims:
    """The span's group and the `k` nearest other groups, best first (with the facts that
    tell a near miss apart: "number: 40 percent / 14 percent")."""
    annotation, scope = claim_span(session, actor, annotation_id, "read")
    current_id = memberships(session, scope.project.id, [annotation.id]).get(annotation.id)
    index = group_index(session, scope, embeddings)
    matches = [m for m in index.nearest(annotation.quote, k=k + 1, exclude=(annotation.id,)) if m.group != current_id]
    matches = matches[:k]
    ids = [int(m.group) for m in matches] + ([current_id] if current_id is not None else [])
    views = {v.id: v for v in group_views(session, scope, live_groups(session, scope.project.id, ids))}
    suggestions = tuple(
        GroupSuggestion(group_id=int(m.group), canonical=views[int(m.group)].canonical,
                        verdict=views[int(m.group)].verdict, status=views[int(m.group)].status, score=m.score,
                        occurrences=views[int(m.group)].occurrences, contradictions=m.contradictions)
        for m in matches if int(m.group) in views)
    can_link = annotation.user_id == actor.user_id or scope.lead
    return SpanClaims(annotation.id, views.get(current_id) if current_id is not None else None, suggestions,
                      index.embeddings, can_link)

"""What every claim service needs: the caller's view of a project (leads and members of an
open project see every span; an annotator of a blind project sees their own spans'
memberships and, beyond them, only confirmed groups), the project's Claim spans as rows, and
loading a group the caller may see.

A Claim span is a live span whose label is marked `claim: true` in any version of the
project's codebook (spans made with an older version keep its labels).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...errors import InvalidInput, NotFound
from ...models import (
    Annotation,
    Assignment,
    ClaimFactCheck,
    ClaimFactCheckProposal,
    ClaimGroup,
    ClaimMember,
    Codebook,
    Document,
    Entity,
    Label,
    Project,
    User,
)
from ...models.enums import ClaimGroupStatus, LinkStatus, ProjectRole
from ..actor import Actor
from ..in_batches import rows_in
from ..permissions import (
    LEADS,
    check_role,
    load_project,
    project_role,
    restricted_to_assignments,
    sees_everyone,
)
from .views import ClaimGroupView, outlet_labels


@dataclass(frozen=True)
class Scope:
    """The caller, the project and what the caller may see of it."""

    actor: Actor
    project: Project
    role: ProjectRole

    @property
    def lead(self) -> bool:
        return self.role in LEADS

    @property
    def own_only(self) -> int | None:
        """The caller's user id when they see only their own spans (blind project), else None."""
        return None if sees_everyone(self.project, self.role) else self.actor.user_id

    @property
    def queue_only(self) -> int | None:
        """The caller's user id when they open only the documents assigned to them (an annotator,
        once a lead has assigned documents), else None."""
        return self.actor.user_id if restricted_to_assignments(self.project, self.role) else None

    def in_queue(self, document_id: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[bool] | None:
        """The condition that keeps the documents the caller may open, or None for all."""
        if self.queue_only is None:
            return None
        return document_id.in_(select(Assignment.document_id).where(Assignment.user_id == self.queue_only))

    def require_lead(self, action: str, *, object_type: str = "project", object_id: int | None = None) -> None:
        check_role(self.actor, self.role, LEADS, action, project_id=self.project.id, object_type=object_type,
                   object_id=object_id)


def scope_of(session: Session, actor: Actor, project_id: int) -> Scope:
    project = load_project(session, project_id)
    role = project_role(session, actor, project_id, required=True)
    assert role is not None
    return Scope(actor, project, role)


def claim_label_ids(session: Session, project: Project) -> set[int]:
    versions = select(Codebook.id).where(Codebook.key == project.codebook.key)
    return set(session.scalars(select(Label.id).where(Label.codebook_id.in_(versions), Label.claim.is_(True))))


@dataclass(frozen=True)
class SpanRow:
    """A live Claim span with what the claim services show and match on."""

    annotation_id: int
    user_id: int
    document_id: int
    start: int
    end: int
    quote: str
    document_title: str
    document_ref: str
    document_url: str | None
    outlet_id: int | None
    outlet: str | None
    published: date | None


def _span_query(scope: Scope, label_ids: Collection[int]) -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = (
        select(Annotation.id, Annotation.user_id, Annotation.document_id, Annotation.start, Annotation.end,
               Annotation.quote, Document.title, func.coalesce(Document.external_id, Document.uid), Document.url,
               # An outlet the registry lacks keeps its name in the document's metadata (the import
               # said so): the spread names it, with nothing from the registry.
               Document.outlet_id, func.coalesce(Entity.name, Document.meta["outlet"].as_string()),
               Document.published)
        .join(Document, Document.id == Annotation.document_id)
        .outerjoin(Entity, Entity.id == Document.outlet_id)
        .where(Document.project_id == scope.project.id, Annotation.deleted_at.is_(None),
               Annotation.label_id.in_(label_ids))
    )
    if scope.own_only is not None:
        query = query.where(Annotation.user_id == scope.own_only)
    queue = scope.in_queue(Annotation.document_id)
    return query if queue is None else query.where(queue)


def claim_spans(session: Session, scope: Scope, *, annotation_ids: Sequence[int] | None = None) -> list[SpanRow]:
    """The Claim spans the scope sees, in the order they were made (all of the project's, or
    those of `annotation_ids`)."""
    labels = claim_label_ids(session, scope.project)
    if not labels:
        return []
    query = _span_query(scope, labels)
    rows: list[Any] = []
    if annotation_ids is None:
        rows = list(session.execute(query.order_by(Annotation.id)).all())
    else:
        rows = rows_in(session, query.order_by(Annotation.id), Annotation.id, list(annotation_ids))
    return [SpanRow(*row) for row in rows]


def memberships(session: Session, project_id: int, annotation_ids: Iterable[int] | None = None) -> dict[int, int]:
    """annotation id -> group id, for live groups of the project."""
    query = (select(ClaimMember.annotation_id, ClaimMember.group_id)
             .join(ClaimGroup, ClaimGroup.id == ClaimMember.group_id)
             .where(ClaimGroup.project_id == project_id, ClaimGroup.deleted_at.is_(None)))
    if annotation_ids is None:
        return dict(session.execute(query).all())
    return dict(rows_in(session, query, ClaimMember.annotation_id, list(annotation_ids)))


def visible_group_ids(session: Session, scope: Scope) -> set[int] | None:
    """The live groups an annotator of a blind project may see (confirmed ones and those of
    their own spans); None when the scope sees every group."""
    if scope.own_only is None:
        return None
    confirmed = session.scalars(select(ClaimGroup.id).where(
        ClaimGroup.project_id == scope.project.id, ClaimGroup.deleted_at.is_(None),
        ClaimGroup.status == ClaimGroupStatus.CONFIRMED))
    own = session.scalars(select(ClaimMember.group_id).join(Annotation, Annotation.id == ClaimMember.annotation_id)
                          .join(ClaimGroup, ClaimGroup.id == ClaimMember.group_id)
                          .where(ClaimGroup.project_id == scope.project.id, Annotation.user_id == scope.own_only))
    return set(confirmed) | set(own)


def load_group(session: Session, scope: Scope, group_id: int, *, live: bool = True) -> ClaimGroup:
    """The group, if it is in the scope's project and the scope may see it; a group the
    caller may not see is reported as missing (its existence is not given away)."""
    group = session.get(ClaimGroup, group_id)
    visible = visible_group_ids(session, scope)
    if group is None or group.project_id != scope.project.id or (visible is not None and group_id not in visible):
        raise NotFound(f"no claim group with id {group_id} in this project")
    if live and group.deleted_at is not None:
        target = f" into group {group.merged_into_id}" if group.merged_into_id else ""
        raise InvalidInput(f"claim group {group_id} was merged{target}; use that group", field="group")
    return group


def group_scope(session: Session, actor: Actor, group_id: int, *, live: bool = True) -> tuple[ClaimGroup, Scope]:
    """The group and the caller's scope in its project."""
    project_id = session.scalar(select(ClaimGroup.project_id).where(ClaimGroup.id == group_id))
    if project_id is None:
        raise NotFound(f"no claim group with id {group_id}")
    scope = scope_of(session, actor, project_id)
    return load_group(session, scope, group_id, live=live), scope


def live_groups(session: Session, project_id: int, ids: Iterable[int] | None = None) -> list[ClaimGroup]:
    query = select(ClaimGroup).where(ClaimGroup.project_id == project_id, ClaimGroup.deleted_at.is_(None))
    if ids is not None:
        query = query.where(ClaimGroup.id.in_(list(ids)))
    return list(session.scalars(query.order_by(ClaimGroup.id)))


def shown_canonicals(session: Session, scope: Scope, groups: Sequence[ClaimGroup]) -> dict[int, str]:
    """group id -> the wording the scope may read. An automatic run names a new group after
    one of its spans, which in a blind project may be another annotator's: until a lead
    confirms the group, an annotator who did not start it reads it under their own first
    span's wording when the group's is not one of theirs (their own spans, deleted ones too,
    since the group was shown to them through them)."""
    shown = {g.id: g.canonical for g in groups}
    if scope.own_only is None:
        return shown
    hidden = [g for g in groups if g.status != ClaimGroupStatus.CONFIRMED and g.created_by_id != scope.own_only]
    if not hidden:
        return shown
    own: dict[int, list[str]] = defaultdict(list)
    for group_id, quote in session.execute(
            select(ClaimMember.group_id, Annotation.quote).join(Annotation, Annotation.id == ClaimMember.annotation_id)
            .where(ClaimMember.group_id.in_([g.id for g in hidden]), Annotation.user_id == scope.own_only)
            .order_by(Annotation.id)):
        own[group_id].append(quote)
    for group in hidden:
        quotes = own.get(group.id, [])
        if " ".join(group.canonical.split()) not in {" ".join(q.split()) for q in quotes}:
            shown[group.id] = quotes[0] if quotes else f"claim group {group.id}"
    return shown


def group_views(session: Session, scope: Scope, groups: Sequence[ClaimGroup],
                members: dict[int, list[SpanRow]] | None = None) -> list[ClaimGroupView]:
    """Views of `groups`, counting the member spans the scope sees (`members`, from
    members_of, when the caller has them already)."""
    if not groups:
        return []
    ids = [g.id for g in groups]
    members = members_of(session, scope, ids) if members is None else members
    canonicals = shown_canonicals(session, scope, groups)
    counts = _counts(session, ClaimFactCheck.group_id, ids, ClaimFactCheck.deleted_at.is_(None))
    proposals = _counts(session, ClaimFactCheckProposal.group_id, ids, ClaimFactCheckProposal.status == LinkStatus.PROPOSED)
    names = dict(session.execute(select(User.id, User.username).where(
        User.id.in_({g.confirmed_by_id for g in groups if g.confirmed_by_id}))).all())
    return [_view(g, canonicals[g.id], members.get(g.id, []), counts.get(g.id, 0), proposals.get(g.id, 0), names)
            for g in groups]


def members_of(session: Session, scope: Scope, group_ids: Sequence[int]) -> dict[int, list[SpanRow]]:
    """group id -> the Claim spans in it that the scope sees, in the order they were made."""
    wanted = set(group_ids)
    if len(wanted) > 500:  # most of the project: one pass over all of it
        pairs = [(a, g) for a, g in memberships(session, scope.project.id).items() if g in wanted]
        rows = claim_spans(session, scope)
    else:
        pairs = list(session.execute(select(ClaimMember.annotation_id, ClaimMember.group_id)
                                     .where(ClaimMember.group_id.in_(wanted))).all()) if wanted else []
        rows = claim_spans(session, scope, annotation_ids=[a for a, _ in pairs]) if pairs else []
    spans = {row.annotation_id: row for row in rows}
    found: dict[int, list[SpanRow]] = defaultdict(list)
    for annotation_id, group_id in sorted(pairs):
        if annotation_id in spans:
            found[group_id].append(spans[annotation_id])
    return found


def _counts(session: Session, column: Any, ids: list[int], condition: Any) -> dict[int, int]:
    return dict(rows_in(session, select(column, func.count()).where(condition).group_by(column), column, ids))


def _view(group: ClaimGroup, canonical: str, spans: list[SpanRow], fact_checks: int, proposals: int,
          names: dict[int, str]) -> ClaimGroupView:
    dates = sorted(s.published for s in spans if s.published is not None)
    outlets = tuple(sorted(outlet_labels((s.outlet_id, s.outlet) for s in spans if s.outlet).values()))
    return ClaimGroupView(
        id=group.id, uid=group.uid, canonical=canonical, verdict=group.verdict, notes=group.notes,
        status=group.status.value, closed=group.closed, version=group.version, occurrences=len(spans),
        documents=len({s.document_id for s in spans}), outlets=outlets,
        first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
        fact_checks=fact_checks, open_proposals=proposals, created_at=group.created_at,
        updated_at=group.updated_at, confirmed_by=names.get(group.confirmed_by_id) if group.confirmed_by_id else None,
        confirmed_at=group.confirmed_at,
        outlet_ids=tuple(sorted({s.outlet_id for s in spans if s.outlet_id is not None})),
    )

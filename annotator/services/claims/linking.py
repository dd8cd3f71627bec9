"""One span and its group: link it to a group (from the side panel's suggestions or the
Claims page), take it out of its group, or start a group with it.

The span's annotator does this for their own spans, and the project's leads for anyone's. A
span taken out of a group is kept out of it by later runs (a ClaimExclusion, fed to the
matcher as a cannot-link); linking it back removes that.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...errors import Forbidden, InvalidInput
from ...models import Annotation, ClaimExclusion, ClaimGroup, ClaimMember, utcnow
from ...models.enums import ClaimGroupStatus, MemberOrigin
from .. import audit
from ..actor import Actor
from ..annotation.spans import load_visible
from ..unit import write_service
from .decisions import canonical_text
from .scope import Scope, claim_label_ids, group_views, load_group, scope_of
from .views import ClaimGroupView


def claim_span(session: Session, actor: Actor, annotation_id: int, action: str) -> tuple[Annotation, Scope]:
    """A live Claim span the caller may see, and their scope in its project."""
    annotation, _document, project, _role = load_visible(session, actor, annotation_id, action)
    scope = scope_of(session, actor, project.id)
    if annotation.deleted_at is not None:
        raise InvalidInput(f"span {annotation_id} is deleted; restore it first", field="annotation")
    if annotation.label_id not in claim_label_ids(session, project):
        raise InvalidInput(f"span {annotation_id} is not a Claim: only spans of a claim label join claim groups",
                           field="annotation")
    return annotation, scope


def _require_changer(scope: Scope, annotation: Annotation, action: str) -> None:
    if annotation.user_id == scope.actor.user_id or scope.lead:
        return
    raise Forbidden(f"{scope.actor.username} may not {action} another annotator's span", action=action,
                    object_type="annotation", object_id=annotation.id, project_id=scope.project.id,
                    document_id=annotation.document_id)


def _membership(session: Session, annotation_id: int) -> ClaimMember | None:
    return session.scalar(select(ClaimMember).where(ClaimMember.annotation_id == annotation_id))


def _touch(session: Session, *groups: ClaimGroup | None) -> None:
    now = utcnow()
    for group in groups:
        if group is not None:
            group.updated_at = now
    session.flush()


def _audit(session: Session, actor: Actor, action: str, annotation: Annotation, group: ClaimGroup,
           before: int | None, after: int | None, detail: str) -> None:
    audit.record(session, actor, action, "claim_group", group.id, project_id=group.project_id,
                 document_id=annotation.document_id, before={"annotation_id": annotation.id, "group_id": before},
                 after={"annotation_id": annotation.id, "group_id": after}, detail=detail)


@write_service
def link_span(session: Session, actor: Actor, annotation_id: int, group_id: int, *,
              score: float | None = None) -> ClaimGroupView:
    """Put the span in the group (moving it out of its current one). `score` is the
    suggestion's similarity, when it was linked from one."""
    annotation, scope = claim_span(session, actor, annotation_id, "link a claim")
    _require_changer(scope, annotation, "link")
    group = load_group(session, scope, group_id)
    member = _membership(session, annotation.id)
    old = session.get(ClaimGroup, member.group_id) if member is not None else None
    if member is not None and member.group_id == group.id:
        return group_views(session, scope, [group])[0]
    if member is None:
        member = ClaimMember(annotation_id=annotation.id, group_id=group.id, origin=MemberOrigin.LINKED)
        session.add(member)
    member.group_id = group.id
    member.origin = MemberOrigin.CONFIRMED if scope.lead and group.status == ClaimGroupStatus.CONFIRMED else MemberOrigin.LINKED
    member.score = score
    member.linked_by_id = actor.user_id
    member.created_at = utcnow()
    session.execute(delete(ClaimExclusion).where(ClaimExclusion.group_id == group.id,
                                                 ClaimExclusion.annotation_id == annotation.id))
    _touch(session, group, old)
    _audit(session, actor, "link", annotation, group, old.id if old else None, group.id,
           f"span {annotation.id} linked" + (f" (moved from claim group {old.id})" if old else ""))
    return group_views(session, scope, [group])[0]


@write_service
def unlink_span(session: Session, actor: Actor, annotation_id: int) -> int | None:
    """Take the span out of its group; no automatic run puts it back there. Returns the group
    it left (None when it was in none)."""
    annotation, scope = claim_span(session, actor, annotation_id, "unlink a claim")
    _require_changer(scope, annotation, "unlink")
    member = _membership(session, annotation.id)
    if member is None:
        return None
    group = session.get(ClaimGroup, member.group_id)
    assert group is not None
    session.delete(member)
    if session.scalar(select(ClaimExclusion.id).where(ClaimExclusion.group_id == group.id,
                                                      ClaimExclusion.annotation_id == annotation.id)) is None:
        session.add(ClaimExclusion(group_id=group.id, annotation_id=annotation.id, user_id=actor.user_id))
    _touch(session, group)
    _audit(session, actor, "unlink", annotation, group, group.id, None, f"span {annotation.id} taken out")
    return group.id


@write_service
def start_group(session: Session, actor: Actor, annotation_id: int, *, canonical: str | None = None) -> ClaimGroupView:
    """A new group with this span alone (it leaves its current group): "none of the
    suggestions". The group is proposed until a lead confirms it."""
    annotation, scope = claim_span(session, actor, annotation_id, "start a claim group")
    _require_changer(scope, annotation, "start a claim group with")
    member = _membership(session, annotation.id)
    old = session.get(ClaimGroup, member.group_id) if member is not None else None
    now = utcnow()
    group = ClaimGroup(project_id=scope.project.id, canonical=canonical_text(canonical or annotation.quote),
                       status=ClaimGroupStatus.PROPOSED, created_by_id=actor.user_id, created_at=now, updated_at=now)
    session.add(group)
    session.flush()
    if member is None:
        member = ClaimMember(annotation_id=annotation.id, group_id=group.id, origin=MemberOrigin.LINKED)
        session.add(member)
    member.group_id, member.origin, member.score = group.id, MemberOrigin.LINKED, None
    member.linked_by_id, member.created_at = actor.user_id, now
    _touch(session, old)
    audit.record(session, actor, "create", "claim_group", group.id, project_id=group.project_id,
                 document_id=annotation.document_id, after=audit.snapshot(group) | {"members": [annotation.id]},
                 detail=f"started with span {annotation.id}" + (f" (moved from claim group {old.id})" if old else ""))
    return group_views(session, scope, [group])[0]

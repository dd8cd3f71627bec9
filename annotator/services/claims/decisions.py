"""A lead's decisions on groups: confirm, rename (and set the verdict, notes, closed), split,
merge. Each is one transaction with an audit event per group it changes. What a lead decides
is stored in the groups themselves (status, members, canonical wording) and no automatic run
changes it (proposing.py feeds every group to the matcher as fixed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ...errors import Conflict, InvalidInput
from ...models import (
    Annotation,
    ClaimExclusion,
    ClaimFactCheck,
    ClaimFactCheckProposal,
    ClaimGroup,
    ClaimMember,
    utcnow,
)
from ...models.enums import ClaimGroupStatus, MemberOrigin
from .. import audit
from ..actor import Actor
from ..annotation.codebooks import codebook_view
from ..unit import write_service
from .scope import Scope, group_scope, group_views, load_group
from .views import ClaimGroupView

_UNSET: Any = object()
#: The longest canonical wording and notes a group keeps.
MAX_CANONICAL = 2_000
MAX_NOTES = 20_000


def check_version(group: ClaimGroup, expected: int | None) -> None:
    if expected is not None and group.version != expected:
        raise Conflict(f"claim group {group.id} was changed by someone else (version {group.version}, you had "
                       f"{expected}); reload and try again")


def flush(session: Session, group: ClaimGroup) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(f"claim group {group.id} was changed concurrently; reload and try again") from error


def canonical_text(value: str, field: str = "canonical") -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise InvalidInput("a claim group needs a canonical wording", field=field)
    if len(text) > MAX_CANONICAL:
        raise InvalidInput(f"the canonical wording is longer than {MAX_CANONICAL} characters", field=field)
    return text


def check_verdict(scope: Scope, verdict: str | None) -> str | None:
    """None or one of the verdict choices of the project's claim labels (any text when the
    codebook defines none)."""
    if verdict is None or verdict == "":
        return None
    choices = codebook_view(scope.project.codebook).verdicts()
    if choices and verdict not in choices:
        raise InvalidInput(f"{verdict!r} is not a verdict of this codebook ({', '.join(choices)})", field="verdict")
    if len(verdict) > 100:
        raise InvalidInput("a verdict is at most 100 characters", field="verdict")
    return verdict


def confirm(session: Session, scope: Scope, group: ClaimGroup, now: Any) -> None:
    """Mark the group confirmed by the caller, and its proposed members with it."""
    if group.status != ClaimGroupStatus.CONFIRMED:
        group.status = ClaimGroupStatus.CONFIRMED
        group.confirmed_by_id = scope.actor.user_id
        group.confirmed_at = now
    session.execute(update(ClaimMember).where(ClaimMember.group_id == group.id, ClaimMember.origin == MemberOrigin.PROPOSED)
                    .values(origin=MemberOrigin.CONFIRMED).execution_options(synchronize_session=False))
    group.updated_at = now


def _view(session: Session, scope: Scope, group: ClaimGroup) -> ClaimGroupView:
    return group_views(session, scope, [group])[0]


def _record(session: Session, actor: Actor, action: str, group: ClaimGroup, before: dict[str, Any] | None,
            detail: str | None = None, **extra: Any) -> None:
    after = audit.snapshot(group) | extra
    audit.record(session, actor, action, "claim_group", group.id, project_id=group.project_id, before=before,
                 after=after, detail=detail)


@write_service
def confirm_group(session: Session, actor: Actor, group_id: int, *, expected_version: int | None = None) -> ClaimGroupView:
    """A lead vouches for the group as it is: it and its members are confirmed."""
    group, scope = group_scope(session, actor, group_id)
    scope.require_lead("confirm a claim group", object_type="claim_group", object_id=group_id)
    check_version(group, expected_version)
    before = audit.snapshot(group)
    confirm(session, scope, group, utcnow())
    flush(session, group)
    _record(session, actor, "confirm", group, before)
    return _view(session, scope, group)


@write_service
def update_group(session: Session, actor: Actor, group_id: int, *, expected_version: int | None = None,
                 canonical: str = _UNSET, verdict: str | None = _UNSET, notes: str | None = _UNSET,
                 closed: bool = _UNSET) -> ClaimGroupView:
    """Rename the group (its canonical wording), set its verdict, notes, or close it to
    automatic runs. Leads only; `expected_version` guards against a concurrent change."""
    group, scope = group_scope(session, actor, group_id)
    scope.require_lead("change a claim group", object_type="claim_group", object_id=group_id)
    check_version(group, expected_version)
    before = audit.snapshot(group)
    if canonical is not _UNSET:
        group.canonical = canonical_text(canonical)
    if verdict is not _UNSET:
        group.verdict = check_verdict(scope, verdict)
    if notes is not _UNSET:
        if notes and len(notes) > MAX_NOTES:
            raise InvalidInput(f"notes are at most {MAX_NOTES} characters", field="notes")
        group.notes = notes or None
    if closed is not _UNSET:
        group.closed = bool(closed)
    changed = [k for k, v in audit.snapshot(group).items() if before.get(k) != v]
    if not changed:
        return _view(session, scope, group)
    group.updated_at = utcnow()
    flush(session, group)
    action = "rename" if "canonical" in changed else "update"
    _record(session, actor, action, group, before, detail=", ".join(changed))
    return _view(session, scope, group)


@write_service
def split_group(session: Session, actor: Actor, group_id: int, annotation_ids: Sequence[int], *,
                canonical: str | None = None, expected_version: int | None = None) -> ClaimGroupView:
    """Move some members into a new group. Both groups are confirmed: the lead has looked at
    them, and no run joins two groups again. Returns the new group."""
    group, scope = group_scope(session, actor, group_id)
    scope.require_lead("split a claim group", object_type="claim_group", object_id=group_id)
    check_version(group, expected_version)
    moving = list(dict.fromkeys(annotation_ids))
    members = dict(session.execute(select(ClaimMember.annotation_id, ClaimMember.id)
                                   .where(ClaimMember.group_id == group.id)).all())
    strangers = [a for a in moving if a not in members]
    if not moving or strangers:
        raise InvalidInput(f"span(s) {strangers} are not in claim group {group_id}" if strangers
                           else "choose the spans that leave the group", field="annotation_ids")
    if len(moving) == len(members):
        raise InvalidInput("a split leaves at least one span in the group", field="annotation_ids")
    now = utcnow()
    if canonical is None:
        canonical = session.scalar(select(Annotation.quote).where(Annotation.id == moving[0])) or group.canonical
    before = audit.snapshot(group)
    new = ClaimGroup(project_id=group.project_id, canonical=canonical_text(canonical), verdict=group.verdict,
                     status=ClaimGroupStatus.CONFIRMED, created_by_id=actor.user_id, confirmed_by_id=actor.user_id,
                     confirmed_at=now, created_at=now, updated_at=now)
    session.add(new)
    session.flush()
    session.execute(update(ClaimMember).where(ClaimMember.group_id == group.id, ClaimMember.annotation_id.in_(moving))
                    .values(group_id=new.id).execution_options(synchronize_session=False))
    confirm(session, scope, new, now)
    confirm(session, scope, group, now)
    flush(session, group)
    _record(session, actor, "split", group, before, detail=f"{len(moving)} span(s) moved to claim group {new.id}",
            moved=moving, into=new.id)
    _record(session, actor, "create", new, None, detail=f"split from claim group {group.id}", members=moving)
    return _view(session, scope, new)


@write_service
def merge_groups(session: Session, actor: Actor, target_id: int, source_ids: Sequence[int], *,
                 expected_version: int | None = None) -> ClaimGroupView:
    """Merge the sources into the target: their spans, fact-checks and proposals move there,
    they are kept (marked merged) for the trail. The target is confirmed."""
    target, scope = group_scope(session, actor, target_id)
    scope.require_lead("merge claim groups", object_type="claim_group", object_id=target_id)
    check_version(target, expected_version)
    ids = [i for i in dict.fromkeys(source_ids) if i != target_id]
    if not ids:
        raise InvalidInput("choose at least one other group to merge into this one", field="source_ids")
    sources = [load_group(session, scope, i) for i in ids]
    now = utcnow()
    before = audit.snapshot(target)
    moved = list(session.scalars(select(ClaimMember.annotation_id).where(ClaimMember.group_id.in_(ids))))
    session.execute(update(ClaimMember).where(ClaimMember.group_id.in_(ids)).values(group_id=target.id)
                    .execution_options(synchronize_session=False))
    _move_exclusions(session, target.id, ids)
    session.execute(update(ClaimFactCheck).where(ClaimFactCheck.group_id.in_(ids)).values(group_id=target.id)
                    .execution_options(synchronize_session=False))
    _move_proposals(session, target.id, ids)
    for source in sources:
        source_before = audit.snapshot(source)
        source.deleted_at = source.updated_at = now
        source.merged_into_id = target.id
        flush(session, source)
        _record(session, actor, "merge", source, source_before, detail=f"merged into claim group {target.id}")
    confirm(session, scope, target, now)
    flush(session, target)
    _record(session, actor, "merge", target, before, detail=f"claim groups {ids} merged into this one", moved=moved,
            merged=ids)
    return _view(session, scope, target)


def _move_exclusions(session: Session, target: int, sources: list[int]) -> None:
    """A span taken out of a source stays out of the merged group, unless it is in it now."""
    inside = set(session.scalars(select(ClaimMember.annotation_id).where(ClaimMember.group_id == target)))
    kept = set(session.scalars(select(ClaimExclusion.annotation_id).where(ClaimExclusion.group_id == target)))
    rows = session.execute(select(ClaimExclusion.id, ClaimExclusion.annotation_id)
                           .where(ClaimExclusion.group_id.in_(sources))).all()
    for exclusion_id, annotation_id in rows:
        if annotation_id in inside or annotation_id in kept:
            session.execute(delete(ClaimExclusion).where(ClaimExclusion.id == exclusion_id))
        else:
            kept.add(annotation_id)
            session.execute(update(ClaimExclusion).where(ClaimExclusion.id == exclusion_id).values(group_id=target))
    if inside:
        session.execute(delete(ClaimExclusion).where(ClaimExclusion.group_id == target,
                                                     ClaimExclusion.annotation_id.in_(inside)))


def _move_proposals(session: Session, target: int, sources: list[int]) -> None:
    have = set(session.scalars(select(ClaimFactCheckProposal.fact_check_id).where(ClaimFactCheckProposal.group_id == target)))
    rows = session.execute(select(ClaimFactCheckProposal.id, ClaimFactCheckProposal.fact_check_id)
                           .where(ClaimFactCheckProposal.group_id.in_(sources))
                           .order_by(ClaimFactCheckProposal.score.desc())).all()
    for proposal_id, fact_check_id in rows:
        if fact_check_id in have:
            session.execute(delete(ClaimFactCheckProposal).where(ClaimFactCheckProposal.id == proposal_id))
        else:
            have.add(fact_check_id)
            session.execute(update(ClaimFactCheckProposal).where(ClaimFactCheckProposal.id == proposal_id)
                            .values(group_id=target))

"""An automatic run: propose groups for a project's Claim spans that are in no group.

Every live group goes to the matcher as a fixed group (its members stay together, two fixed
groups are never merged, a closed one gains nobody) and every span a person took out of a
group as a cannot-link with that group: so a run only places the spans that have no group, into
an existing group or into new proposed ones, and never undoes what a lead decided. Spans it
cannot match with anything get a group of their own, so that every Claim span has a group
afterwards (the command line writes one line per span with its group).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ...claims import Claim, Decisions, FixedGroup, propose_groups
from ...claims.embeddings import EmbeddingsMode
from ...errors import InvalidInput
from ...models import ClaimExclusion, ClaimGroup, ClaimMember, utcnow
from ...models.enums import ClaimGroupStatus, MemberOrigin
from .. import audit
from ..actor import Actor
from ..in_batches import batches
from ..unit import write_service
from .scope import Scope, SpanRow, claim_spans, memberships, scope_of
from .views import ProposalRun

#: Group and member rows inserted per statement.
BATCH = 2_000


def decisions_for(session: Session, scope: Scope, spans: list[SpanRow]) -> Decisions:
    """The stored decisions, as the matcher takes them, for these spans (see the module
    docstring)."""
    present = {s.annotation_id for s in spans}
    grouped = {a: g for a, g in memberships(session, scope.project.id).items() if a in present}
    members: dict[int, list[int]] = defaultdict(list)
    for annotation_id, group_id in sorted(grouped.items()):
        members[group_id].append(annotation_id)
    closed = set(session.scalars(select(ClaimGroup.id).where(
        ClaimGroup.project_id == scope.project.id, ClaimGroup.deleted_at.is_(None), ClaimGroup.closed.is_(True))))
    fixed = tuple(FixedGroup(g, tuple(m), accepts_new=g not in closed) for g, m in sorted(members.items()))
    cannot = []
    exclusions = session.execute(select(ClaimExclusion.annotation_id, ClaimExclusion.group_id)
                                 .join(ClaimGroup, ClaimGroup.id == ClaimExclusion.group_id)
                                 .where(ClaimGroup.project_id == scope.project.id)).all()
    for annotation_id, group_id in sorted(exclusions):
        # One member stands for the whole group (a fixed group is one unit); a span that is in
        # a group now is kept apart from every other fixed group already.
        if annotation_id in present and annotation_id not in grouped and members.get(group_id):
            cannot.append((annotation_id, members[group_id][0]))
    return Decisions(cannot_link=tuple(cannot), groups=fixed)


@write_service
def propose_project_groups(session: Session, actor: Actor, project_id: int, *, threshold: float | None = None,
                           embeddings: EmbeddingsMode = "auto") -> ProposalRun:
    """Place every Claim span of the project that is in no group (leads only; see the
    module docstring). `threshold` is the matcher's (default: its own)."""
    scope = scope_of(session, actor, project_id)
    scope.require_lead("propose claim groups")
    if threshold is not None and not 0.0 < threshold <= 1.0:
        raise InvalidInput(f"the threshold must be above 0 and at most 1, not {threshold}", field="threshold")
    spans = claim_spans(session, scope)
    decisions = decisions_for(session, scope, spans)
    by_id = {s.annotation_id: s for s in spans}
    claims = [Claim(s.annotation_id, s.quote, s.outlet, s.published, str(s.document_id)) for s in spans]
    grouping = propose_groups(claims, decisions=decisions, threshold=threshold, embeddings=embeddings)
    now = utcnow()
    new_groups: list[tuple[list[int], int]] = []
    extended: dict[int, list[int]] = {}
    for proposed in grouping.groups:
        if proposed.group is not None:
            if proposed.added:
                extended[int(proposed.group)] = [int(a) for a in proposed.added]
        else:
            new_groups.append(([int(a) for a in proposed.members], int(proposed.canonical)))
    created = _create_groups(session, scope, new_groups, by_id, now)
    rows = [_member(a, g, now) for g, members in extended.items() for a in members]
    rows += [_member(a, g, now) for g, (members, _) in zip(created, new_groups, strict=True) for a in members]
    for i in range(0, len(rows), BATCH):
        session.execute(insert(ClaimMember.__table__), rows[i : i + BATCH])  # type: ignore[arg-type]
    if extended:
        for batch in batches(list(extended)):
            session.execute(update(ClaimGroup).where(ClaimGroup.id.in_(batch))
                            .values(updated_at=now, version=ClaimGroup.version + 1)
                            .execution_options(synchronize_session=False))
    _audit(session, actor, scope, created, new_groups, extended)
    return ProposalRun(
        claims=len(claims), placed=len(rows), new_groups=len(created), extended_groups=len(extended),
        embeddings=grouping.embeddings, threshold=grouping.threshold, pairs_scored=grouping.pairs_scored,
        contradictions=grouping.contradictions,
    )


def _member(annotation_id: int, group_id: int, now: Any) -> dict[str, Any]:
    return {"group_id": group_id, "annotation_id": annotation_id, "origin": MemberOrigin.PROPOSED, "score": None,
            "linked_by_id": None, "created_at": now}


def _create_groups(session: Session, scope: Scope, groups: list[tuple[list[int], int]], spans: dict[int, SpanRow],
                   now: Any) -> list[int]:
    """Insert the new groups (their canonical wording: the member closest to all the others);
    their ids in the same order."""
    table = ClaimGroup.__table__
    ids: list[int] = []
    rows = [{"project_id": scope.project.id, "canonical": spans[canonical].quote, "status": ClaimGroupStatus.PROPOSED,
             "closed": False, "created_by_id": scope.actor.user_id, "created_at": now, "updated_at": now}
            for _, canonical in groups]
    for i in range(0, len(rows), BATCH):
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)  # type: ignore[arg-type]
        ids += session.scalars(statement, rows[i : i + BATCH]).all()
    return ids


def _audit(session: Session, actor: Actor, scope: Scope, created: list[int], groups: list[tuple[list[int], int]],
           extended: dict[int, list[int]]) -> None:
    events = []
    for group_id, (members, _) in zip(created, groups, strict=True):
        events.append(audit.event(actor, "create", "claim_group", group_id, project_id=scope.project.id,
                                  after={"members": members, "status": "proposed"},
                                  detail=f"proposed by an automatic run: {len(members)} span(s)"))
        if len(events) >= BATCH:
            audit.record_many(session, events)
    for group_id, members in extended.items():
        events.append(audit.event(actor, "extend", "claim_group", group_id, project_id=scope.project.id,
                                  after={"added": members}, detail=f"an automatic run added {len(members)} span(s)"))
        if len(events) >= BATCH:
            audit.record_many(session, events)
    audit.record_many(session, events)

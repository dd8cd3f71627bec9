"""Claim groups and fact-checks in and out of the native exchange format (their records are in
formats/claim_records.py): what an export carries, and an import's checks and writes.

Out: every group the exporter may see, with its members among the spans the export carries
(with filters, only the groups that keep a member), its exclusions, and the fact-checks of
those groups (a full export by a lead also the unattached ones, and the open proposals).
In: checked whole before anything is written, then restored with their states, times and
who did what; a group or fact-check already in the project (same uid; for a fact-check also
the same claim at the same page) is left as it is, and a span that is in a group of the project already
stays there (the database's decisions win). Uids are unique across projects, so a copy of
another project's groups gets fresh ones; imported again, a group whose spans are all grouped
here already is that group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...claims.claimreview import MAX_LABEL, MAX_NAME, Rating
from ...domains import MAX_URL
from ...errors import InvalidInput
from ...formats.claim_records import (
    ClaimExclusionRecord,
    ClaimGroupRecord,
    ClaimMemberRecord,
    FactCheckProposalRecord,
    FactCheckRatingRecord,
    FactCheckRecord,
)
from ...formats.records import DocumentRecord
from ...models import (
    Annotation,
    ClaimExclusion,
    ClaimFactCheck,
    ClaimFactCheckProposal,
    ClaimGroup,
    ClaimMember,
    Document,
    Label,
    new_uid,
    utcnow,
)
from ...models.enums import ClaimGroupStatus, LinkStatus, MemberOrigin
from .. import audit
from ..actor import Actor
from ..annotation.codebooks import codebook_view
from ..in_batches import rows_in
from .factchecks import fact_check_key, held_fact_checks, rating_rows
from .scope import Scope, claim_label_ids, shown_canonicals, visible_group_ids

#: As ClaimReview files are read (claims/claimreview.py): longer is refused, not a database error.
_LIMITS = {"url": MAX_URL, "publisher_url": MAX_URL, "publisher": MAX_NAME, "claim_author": MAX_NAME,
           "rating_label": MAX_LABEL}


def _name(users: dict[int, str], user_id: int | None) -> str | None:
    return users.get(user_id) if user_id is not None else None


def export_claims(session: Session, scope: Scope, users: dict[int, str], span_uids: set[str] | None
                  ) -> tuple[list[ClaimGroupRecord], list[FactCheckRecord]]:
    """The records of the module docstring. `span_uids`: the spans the export carries, or None
    for a full export (every span of the project the exporter sees)."""
    project_id = scope.project.id
    visible = visible_group_ids(session, scope)
    query = select(ClaimGroup).where(ClaimGroup.project_id == project_id).order_by(ClaimGroup.id)
    groups = [g for g in session.scalars(query) if visible is None or g.id in visible]
    uids = {g.id: g.uid for g in groups}
    members: dict[int, list[ClaimMemberRecord]] = {}
    rows = session.execute(select(ClaimMember, Annotation.uid, Annotation.user_id)
                           .join(Annotation, Annotation.id == ClaimMember.annotation_id)
                           .where(ClaimMember.group_id.in_(list(uids))).order_by(ClaimMember.id)).all() if uids else []

    def carried(uid: str, owner: int) -> bool:
        return (scope.own_only is None or owner == scope.own_only) and (span_uids is None or uid in span_uids)

    for member, uid, owner in rows:
        if carried(uid, owner):
            members.setdefault(member.group_id, []).append(ClaimMemberRecord(
                uid, member.origin.value, member.score, _name(users, member.linked_by_id), member.created_at))
    excluded: dict[int, list[ClaimExclusionRecord]] = {}
    exclusions = session.execute(select(ClaimExclusion, Annotation.uid, Annotation.user_id)
                                 .join(Annotation, Annotation.id == ClaimExclusion.annotation_id)
                                 .where(ClaimExclusion.group_id.in_(list(uids))).order_by(ClaimExclusion.id)).all() if uids else []
    for exclusion, uid, owner in exclusions:
        if carried(uid, owner):
            excluded.setdefault(exclusion.group_id, []).append(
                ClaimExclusionRecord(uid, _name(users, exclusion.user_id), exclusion.created_at))
    kept = [g for g in groups if span_uids is None or g.id in members]
    canonicals = shown_canonicals(session, scope, kept)
    records = [ClaimGroupRecord(
        uid=g.uid, canonical=canonicals[g.id], verdict=g.verdict, notes=g.notes, status=g.status.value, closed=g.closed,
        version=g.version, created_by=_name(users, g.created_by_id), confirmed_by=_name(users, g.confirmed_by_id),
        confirmed_at=g.confirmed_at, merged_into_uid=uids.get(g.merged_into_id) if g.merged_into_id else None,
        created_at=g.created_at, updated_at=g.updated_at, deleted_at=g.deleted_at,
        members=members.get(g.id, []), excluded=excluded.get(g.id, []),
    ) for g in kept]
    return records, _fact_checks(session, scope, users, {g.id: g.uid for g in kept}, full=span_uids is None)


def _fact_checks(session: Session, scope: Scope, users: dict[int, str], groups: dict[int, str], *,
                 full: bool) -> list[FactCheckRecord]:
    rows = session.scalars(select(ClaimFactCheck).where(ClaimFactCheck.project_id == scope.project.id)
                           .order_by(ClaimFactCheck.id))
    leads_export = full and scope.lead
    found = []
    for row in rows:
        if row.group_id not in groups and not (row.group_id is None and leads_export):
            continue
        proposals = [] if not scope.lead else [
            FactCheckProposalRecord(groups[p.group_id], p.score, p.status.value, _name(users, p.decided_by_id),
                                    p.decided_at, p.created_at)
            for p in session.scalars(select(ClaimFactCheckProposal).where(ClaimFactCheckProposal.fact_check_id == row.id)
                                     .order_by(ClaimFactCheckProposal.id)) if p.group_id in groups]
        found.append(FactCheckRecord(
            uid=row.uid, claim_reviewed=row.claim_reviewed, group_uid=groups.get(row.group_id) if row.group_id else None,
            url=row.url, publisher=row.publisher, publisher_url=row.publisher_url, date_published=row.date_published,
            rating_value=row.rating_value, best_rating=row.best_rating, worst_rating=row.worst_rating,
            rating_label=row.rating_label, claim_author=row.claim_author, claim_date=row.claim_date,
            appearances=list(row.appearances), other_ratings=[FactCheckRatingRecord(**r) for r in row.other_ratings],
            origin_source=row.source, created_by=_name(users, row.created_by_id),
            created_at=row.created_at, deleted_at=row.deleted_at, proposals=proposals,
        ))
    return found


def claim_user_names(groups: Sequence[ClaimGroupRecord], fact_checks: Sequence[FactCheckRecord]) -> set[str]:
    """Everyone the records name (an import makes accounts for the unknown ones, as for spans)."""
    names = {n for g in groups for n in (g.created_by, g.confirmed_by)}
    names |= {m.linked_by for g in groups for m in g.members} | {e.by for g in groups for e in g.excluded}
    names |= {f.created_by for f in fact_checks} | {p.decided_by for f in fact_checks for p in f.proposals}
    return {n for n in names if n}


@dataclass
class _Known:
    """What the checks compare the records with: the file's spans and the project's."""

    file_spans: dict[str, str]  # span uid -> label key, for the spans in the file
    claim_keys: set[str]
    verdicts: tuple[str, ...]
    project_claims: set[str]  # uids of the project's Claim spans
    project_groups: set[str]


def _known(session: Session, scope: Scope, records: Sequence[DocumentRecord]) -> _Known:
    labels = claim_label_ids(session, scope.project)
    keys = set(session.scalars(select(Label.key).where(Label.id.in_(labels)))) if labels else set()
    spans = {a.uid: a.label for r in records for a in r.annotations if a.uid}
    project_claims = set(session.scalars(
        select(Annotation.uid).join(Document, Document.id == Annotation.document_id)
        .where(Document.project_id == scope.project.id, Annotation.label_id.in_(labels)))) if labels else set()
    groups = set(session.scalars(select(ClaimGroup.uid).where(ClaimGroup.project_id == scope.project.id)))
    return _Known(spans, keys, codebook_view(scope.project.codebook).verdicts(), project_claims, groups)


def check_claims(session: Session, scope: Scope, records: Sequence[DocumentRecord], groups: Sequence[ClaimGroupRecord],
                 fact_checks: Sequence[FactCheckRecord], source: str) -> list[InvalidInput]:
    """Every problem of the claim records, located (file, line, field); empty when they can be
    imported as they are."""
    known = _known(session, scope, records)
    issues: list[InvalidInput] = []
    group_uids = {g.uid for g in groups} | known.project_groups
    placed: dict[str, str] = {}

    def problem(record: ClaimGroupRecord | FactCheckRecord, message: str, field: str) -> None:
        issues.append(InvalidInput(message, file=record.source or source, field=field))

    for group in groups:
        if group.status not in set(ClaimGroupStatus):
            problem(group, f"unknown status {group.status!r} (proposed or confirmed)", "status")
        if not group.canonical.strip():
            problem(group, "a claim group needs a canonical wording", "canonical")
        if group.verdict and known.verdicts and group.verdict not in known.verdicts:
            problem(group, f"{group.verdict!r} is not a verdict of this project's codebook", "verdict")
        if group.merged_into_uid and group.merged_into_uid not in group_uids:
            problem(group, "merged into a group that is neither in the file nor in the project", "merged_into_uid")
        for n, member in enumerate(group.members):
            where = f"members[{n}]"
            if member.origin not in set(MemberOrigin):
                problem(group, f"unknown origin {member.origin!r}", f"{where}.origin")
            label = known.file_spans.get(member.annotation_uid)
            if label is None and member.annotation_uid not in known.project_claims:
                problem(group, "names a span that is neither a Claim in the file nor in the project",
                        f"{where}.annotation_uid")
            elif label is not None and label not in known.claim_keys:
                problem(group, f"span {member.annotation_uid} is labelled {label!r}, not a claim label",
                        f"{where}.annotation_uid")
            elif placed.setdefault(member.annotation_uid, group.uid) != group.uid:
                problem(group, f"span {member.annotation_uid} is also in group {placed[member.annotation_uid]}",
                        f"{where}.annotation_uid")
    for fact_check in fact_checks:
        if not fact_check.claim_reviewed.strip():
            problem(fact_check, "a fact-check needs the claim it reviews", "claim_reviewed")
        if fact_check.group_uid and fact_check.group_uid not in group_uids:
            problem(fact_check, "attached to a group that is neither in the file nor in the project", "group_uid")
        for field in ("url", "publisher_url"):
            value = getattr(fact_check, field)
            if value and not value.lower().startswith(("http://", "https://")):
                problem(fact_check, f"not an http(s) URL: {value[:80]!r}", field)
        for field, limit in _LIMITS.items():
            value = getattr(fact_check, field)
            if value and len(value) > limit:
                problem(fact_check, f"longer than {limit} characters ({len(value)})", field)
        for n, rating in enumerate(fact_check.other_ratings):
            if rating.label and len(rating.label) > MAX_LABEL:
                problem(fact_check, f"longer than {MAX_LABEL} characters ({len(rating.label)})",
                        f"other_ratings[{n}].label")
        for n, proposal in enumerate(fact_check.proposals):
            if proposal.group_uid not in group_uids:
                problem(fact_check, "a proposal names an unknown group", f"proposals[{n}].group_uid")
            if proposal.status not in set(LinkStatus):
                problem(fact_check, f"unknown status {proposal.status!r}", f"proposals[{n}].status")
    return issues


def import_claims(session: Session, actor: Actor, scope: Scope, groups: Sequence[ClaimGroupRecord],
                  fact_checks: Sequence[FactCheckRecord], renamed: dict[str, str], users: dict[str, int],
                  source: str) -> tuple[int, int]:
    """Write the checked records (see the module docstring); returns (groups, fact-checks) added."""
    project_id = scope.project.id
    now = utcnow()
    existing = dict(session.execute(select(ClaimGroup.uid, ClaimGroup.id).where(ClaimGroup.project_id == project_id)).all())
    taken = set(session.scalars(select(ClaimGroup.uid).where(ClaimGroup.uid.in_([g.uid for g in groups])))) if groups else set()
    span_ids = _span_ids(session, project_id, [renamed.get(u, u) for g in groups for u in
                                               [m.annotation_uid for m in g.members] + [e.annotation_uid for e in g.excluded]])
    holder = dict(session.execute(select(ClaimMember.annotation_id, ClaimMember.group_id)
                                  .where(ClaimMember.annotation_id.in_(list(span_ids.values())))).all()) \
        if span_ids else {}
    ids: dict[str, int] = dict(existing)
    added: list[tuple[ClaimGroupRecord, ClaimGroup]] = []
    for record in groups:
        if record.uid in existing:
            continue
        members = [span_ids.get(renamed.get(m.annotation_uid, m.annotation_uid)) for m in record.members]
        held = [holder[m] for m in members if m is not None and m in holder]
        if record.uid in taken and members and len(held) == len(members):
            # Imported before under a fresh uid (its uid belongs to another project): its spans
            # are grouped here already, so the group is too; fact-checks follow that group.
            ids[record.uid] = held[0]
            continue
        row = ClaimGroup(
            uid=record.uid if record.uid not in taken else new_uid(), project_id=project_id,
            canonical=" ".join(record.canonical.split()), verdict=record.verdict or None, notes=record.notes,
            status=ClaimGroupStatus(record.status), closed=record.closed, version=record.version or 1,
            created_by_id=_user(users, record.created_by), confirmed_by_id=_user(users, record.confirmed_by),
            confirmed_at=record.confirmed_at, created_at=record.created_at or now,
            updated_at=record.updated_at or record.created_at or now, deleted_at=record.deleted_at,
        )
        session.add(row)
        added.append((record, row))
    session.flush()
    for record, row in added:
        ids[record.uid] = row.id
        for member in record.members:
            annotation_id = span_ids.get(renamed.get(member.annotation_uid, member.annotation_uid))
            if annotation_id is None or annotation_id in holder:
                continue
            holder[annotation_id] = row.id
            session.add(ClaimMember(group_id=row.id, annotation_id=annotation_id, origin=MemberOrigin(member.origin),
                                    score=member.score, linked_by_id=_user(users, member.linked_by),
                                    created_at=member.created_at or now))
        for exclusion in record.excluded:
            annotation_id = span_ids.get(renamed.get(exclusion.annotation_uid, exclusion.annotation_uid))
            if annotation_id is not None:
                session.add(ClaimExclusion(group_id=row.id, annotation_id=annotation_id,
                                           user_id=_user(users, exclusion.by), created_at=exclusion.created_at or now))
    for record, row in added:
        if record.merged_into_uid:
            row.merged_into_id = ids.get(record.merged_into_uid)
    session.flush()
    checks = _write_fact_checks(session, scope, fact_checks, ids, users, now)
    events = [audit.event(actor, "import", "claim_group", row.id, project_id=project_id,
                          after=audit.snapshot(row), detail=f"from {source[:300]}") for _, row in added]
    events += [audit.event(actor, "import", "claim_fact_check", row.id, project_id=project_id,
                           after=audit.snapshot(row), detail=f"from {source[:300]}") for row in checks]
    audit.record_many(session, events)
    return len(added), len(checks)


def _span_ids(session: Session, project_id: int, uids: list[str]) -> dict[str, int]:
    query = (select(Annotation.uid, Annotation.id).join(Document, Document.id == Annotation.document_id)
             .where(Document.project_id == project_id))
    return dict(rows_in(session, query, Annotation.uid, list(dict.fromkeys(uids))))


def _user(users: dict[str, int], name: str | None) -> int | None:
    return users.get(name) if name else None


def _write_fact_checks(session: Session, scope: Scope, records: Sequence[FactCheckRecord], groups: dict[str, int],
                       users: dict[str, int], now: Any) -> list[ClaimFactCheck]:
    project_id = scope.project.id
    uids = [r.uid for r in records]
    mine = set(session.scalars(select(ClaimFactCheck.uid).where(ClaimFactCheck.project_id == project_id,
                                                                ClaimFactCheck.uid.in_(uids)))) if uids else set()
    taken = set(session.scalars(select(ClaimFactCheck.uid).where(ClaimFactCheck.uid.in_(uids)))) if uids else set()
    have = held_fact_checks(session, project_id)
    written = []
    for record in records:
        # The same rule as a ClaimReview import: the same claim at the same page is the same fact-check.
        key = fact_check_key(record.url, record.claim_reviewed)
        if record.uid in mine or key in have:
            continue
        have.add(key)
        row = ClaimFactCheck(
            uid=record.uid if record.uid not in taken else new_uid(), project_id=project_id,
            group_id=groups.get(record.group_uid) if record.group_uid else None, claim_reviewed=record.claim_reviewed,
            url=record.url, publisher=record.publisher, publisher_url=record.publisher_url,
            date_published=record.date_published, rating_value=record.rating_value, best_rating=record.best_rating,
            worst_rating=record.worst_rating, rating_label=record.rating_label, claim_author=record.claim_author,
            claim_date=record.claim_date, appearances=list(record.appearances),
            other_ratings=rating_rows([Rating(r.value, r.best, r.worst, r.label) for r in record.other_ratings]),
            source=record.origin_source,
            created_by_id=_user(users, record.created_by), created_at=record.created_at or now,
            deleted_at=record.deleted_at,
        )
        session.add(row)
        session.flush()
        for proposal in record.proposals:
            group_id = groups.get(proposal.group_uid)
            if group_id is not None:
                session.add(ClaimFactCheckProposal(
                    fact_check_id=row.id, group_id=group_id, score=proposal.score, status=LinkStatus(proposal.status),
                    decided_by_id=_user(users, proposal.decided_by), decided_at=proposal.decided_at,
                    created_at=proposal.created_at or now))
        written.append(row)
    session.flush()
    return written

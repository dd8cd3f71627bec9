"""What happened to a document and its spans: who changed what, when, before and after.

Blind-aware: in a blind project an annotator sees only the events of their own spans and
assignment (and what they did themselves); refused attempts ("forbidden") are shown to
admins only. Curators of a project that hides names see pseudonyms, in the `who` column and
in user-id fields of the changes. Deleted spans are restored with
services/annotation/spans.restore_annotation (gold spans with
services/team/gold.restore_gold).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AuditEvent
from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..names import Namer, namer
from ..permissions import load_document_for, load_project, require_project_role, sees_everyone
from ..unit import read_service
from .spans import load_visible


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event as the caller may see it (names as the project shows them)."""

    id: int
    at: datetime
    who: str
    action: str
    object_type: str
    object_id: int | None
    #: Fields that changed: name -> (before, after).
    changes: dict[str, tuple[Any, Any]]
    detail: str | None


#: Bookkeeping fields left out of the before/after comparison.
_QUIET = {"prefix", "suffix", "text_sha256", "created_at", "updated_at", "uid", "id"}
#: Fields holding a user id, shown as the name the caller may see.
_USER_FIELDS = {"user_id", "chosen_from_user_id", "curator_id"}


def _owner(event: AuditEvent) -> Any:
    for snapshot in (event.after, event.before):
        if snapshot and "user_id" in snapshot:
            return snapshot["user_id"]
    return None


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None, name: Namer) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs between the two snapshots, user ids shown as names."""
    before, after = before or {}, after or {}
    found: dict[str, tuple[Any, Any]] = {}
    for key in sorted(set(before) | set(after)):
        if key in _QUIET:
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in _USER_FIELDS:
            old = name(old) if old is not None else None
            new = name(new) if new is not None else None
        found[key] = (old, new)
    return found


def _entries(events: list[AuditEvent], name: Namer) -> list[HistoryEntry]:
    return [
        HistoryEntry(id=e.id, at=e.at, who=name(e.user_id), action=e.action,
                     object_type=e.object_type, object_id=e.object_id,
                     changes=changes(e.before, e.after, name), detail=e.detail)
        for e in events
    ]


@read_service
def document_history(session: Session, actor: Actor, document_id: int, *, limit: int = 2000) -> list[HistoryEntry]:
    """Events on the document and everything on it, oldest first."""
    _document, project, role = load_document_for(session, actor, document_id)
    events = list(session.scalars(
        select(AuditEvent).where(AuditEvent.document_id == document_id)
        .order_by(AuditEvent.id).limit(limit)))
    if role != ProjectRole.ADMIN:
        events = [e for e in events if e.action != "forbidden"]
    if not sees_everyone(project, role):
        mine = actor.user_id
        events = [
            e for e in events
            if (e.object_type in {"annotation", "assignment", "relation"} and _owner(e) == mine)
            or e.object_type == "document"
        ]
        return [replace(entry, detail=audit.without_counts(entry.detail)) if entry.action == "import" else entry
                for entry in _entries(events, namer(session, project, role))]
    return _entries(events, namer(session, project, role))


@read_service
def span_history(session: Session, actor: Actor, annotation_id: int) -> list[HistoryEntry]:
    """Events of one span; refused (and audited) for a span the actor may not see."""
    _span, _document, project, role = load_visible(session, actor, annotation_id, "read")
    events = list(session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "annotation",
                                 AuditEvent.object_id == annotation_id,
                                 AuditEvent.action != "forbidden")
        .order_by(AuditEvent.id)))
    return _entries(events, namer(session, project, role))


@read_service
def project_history(session: Session, actor: Actor, project_id: int, *, limit: int = 500,
                    offset: int = 0, action: str | None = None) -> list[HistoryEntry]:
    """The project's audit log, newest first, optionally one action (admins only)."""
    role = require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "read the audit log")
    project = load_project(session, project_id)
    query = select(AuditEvent).where(AuditEvent.project_id == project_id)
    if action:
        query = query.where(AuditEvent.action == action)
    events = list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset)))
    return _entries(events, namer(session, project, role))

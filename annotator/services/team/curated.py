"""A document's curation as a whole: marking it curated (the curator is finished with it, or
reopens it) and releasing its gold layer to the annotators of a blind project, per document or
for the whole project. Leads only; every change is audited. The rule these settings feed is in
gold_access.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import CuratedDocument, utcnow
from .. import audit
from ..actor import Actor
from ..permissions import LEADS, load_project, require_project_role
from ..unit import write_service
from .curation import load_for_curation
from .gold_access import GOLD_RELEASED, curation_state
from .views import CurationState


def _row(session: Session, document_id: int) -> CuratedDocument:
    row = session.get(CuratedDocument, document_id)
    if row is None:
        row = CuratedDocument(document_id=document_id)
        session.add(row)
    return row


@write_service
def set_curated(session: Session, actor: Actor, document_id: int, curated: bool = True) -> CurationState:
    """Mark the document curated (its annotators may then compare their spans with the gold
    layer, if it is open to them), or reopen it."""
    document, project, _ = load_for_curation(session, actor, document_id, "curate")
    row = _row(session, document_id)
    if (row.curated_at is not None) != curated:
        before = audit.snapshot(row)
        row.curated_at = utcnow() if curated else None
        row.curator_id = actor.user_id
        session.flush()
        audit.record(session, actor, "curated" if curated else "reopen", "document", document.id,
                     project_id=project.id, document_id=document.id, before=before,
                     after=audit.snapshot(row))
    return curation_state(session, project, document.id)


@write_service
def release_document_gold(session: Session, actor: Actor, document_id: int, released: bool = True) -> CurationState:
    """Release (or withdraw) this document's gold layer to its annotators in a blind project."""
    document, project, _ = load_for_curation(session, actor, document_id, "release gold")
    row = _row(session, document_id)
    if (row.released_at is not None) != released:
        before = audit.snapshot(row)
        row.released_at = utcnow() if released else None
        row.released_by_id = actor.user_id
        session.flush()
        audit.record(session, actor, "release" if released else "withdraw", "gold", None,
                     project_id=project.id, document_id=document.id, before=before,
                     after=audit.snapshot(row))
    return curation_state(session, project, document.id)


@write_service
def release_project_gold(session: Session, actor: Actor, project_id: int, released: bool = True) -> bool:
    """Release (or withdraw) the gold layer of every curated document of a blind project."""
    require_project_role(session, actor, project_id, LEADS, "release gold")
    project = load_project(session, project_id)
    before = dict(project.settings or {})
    if bool(before.get(GOLD_RELEASED)) != released:
        # A new dict, not an in-place change: JSON columns only notice assignment.
        project.settings = {**before, GOLD_RELEASED: released}
        audit.record(session, actor, "update", "project", project.id, project_id=project.id,
                     before={"settings": before}, after={"settings": project.settings})
    return released

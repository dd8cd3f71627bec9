"""When the gold layer of a document is open to its annotators.

Leads (curators, admins) always see it. In a project that is not blind, annotators see the
gold layer (it was always so) and, once the document is marked curated, their own spans against
it. In a blind project the gold layer tells an annotator what the others drew, so it stays
closed until a lead releases it: for one document (CuratedDocument.released_at) or for every
curated document of the project (Project.settings["gold_released"]).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import CuratedDocument, Project
from ...models.enums import ProjectRole
from ..names import Namer
from ..permissions import LEADS
from .views import CurationState

#: Project.settings key: the gold of every curated document is released to its annotators.
GOLD_RELEASED = "gold_released"


def project_released(project: Project) -> bool:
    return bool((project.settings or {}).get(GOLD_RELEASED))


def curation_state(session: Session, project: Project, document_id: int, name: Namer | None = None) -> CurationState:
    row = session.get(CuratedDocument, document_id)
    curated = row is not None and row.curated_at is not None
    return CurationState(
        document_id=document_id, curated=curated, curated_at=row.curated_at if row else None,
        curator=name(row.curator_id) if (name and row and curated and row.curator_id) else None,
        released=row is not None and row.released_at is not None,
        project_released=project_released(project), blind=project.blind)


def gold_closed_reason(session: Session, project: Project, role: ProjectRole | None, document_id: int, *,
                       wait_for_curation: bool = True) -> str | None:
    """None when the caller may see the document's gold layer; else why not, in words.
    `wait_for_curation`: the annotator's feedback waits until the document is marked curated
    (the gold layer itself is readable earlier where the project is not blind)."""
    if role in LEADS:
        return None
    state = curation_state(session, project, document_id)
    if wait_for_curation and not state.curated:
        return "the document is not curated yet"
    if project.blind and not (state.released or state.project_released):
        return "this project is blind and its curators have not released the gold layer yet"
    return None

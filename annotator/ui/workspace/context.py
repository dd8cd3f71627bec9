"""What one run of the workspace needs, loaded through services.

The document text and the codebook never change under an open document (texts are
immutable, codebooks are pinned and frozen), so they are kept in the session for that
document; the spans and the registry's entries are read fresh on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from ...db import Database
from ...services.actor import Actor
from ...services.annotation.codebooks import get_project_codebook
from ...services.annotation.documents import get_document
from ...services.annotation.relations import list_relations
from ...services.annotation.spans import list_annotations
from ...services.registry.entities import list_entities
from ...services.registry.views import EntitySummary
from ...services.team.projects import get_project
from ...services.views import AnnotationView, CodebookView, DocumentView, ProjectView, RelationView
from .. import state


@dataclass(frozen=True)
class Workspace:
    db: Database
    actor: Actor
    document: DocumentView
    codebook: CodebookView
    project: ProjectView
    #: The spans read in this run, by "mine only" (spans()).
    _spans: dict[bool, list[AnnotationView]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def entities(self) -> list[EntitySummary]:
        """The registry's entries (merged ones left out) by name, read once per run when a
        section first needs them (a Workspace is built afresh on every run)."""
        return list_entities(self.db, self.actor)

    @cached_property
    def relations(self) -> list[RelationView]:
        """The document's live relations the actor may see, read once per run (none are read
        when the codebook declares no relation types)."""
        if not self.codebook.relations:
            return []
        return list_relations(self.db, self.actor, self.document.id)

    def spans(self, *, include_deleted: bool = True) -> list[AnnotationView]:
        """Spans drawn in the workspace: the actor's own, or everyone's they may see when
        'show other annotators' is on. Read once per Workspace, like `entities` (the page
        and the side panel's sections all ask; a Workspace is built afresh on every run,
        after its events, so a callback must not rely on an earlier run's Workspace for them)."""
        mine_only = not state.get(state.SHOW_OTHERS)
        every = self._spans.get(mine_only)
        if every is None:
            every = self._spans[mine_only] = list_annotations(
                self.db, self.actor, self.document.id, include_deleted=True,
                user_id=self.actor.user_id if mine_only else None,
            )
        return list(every) if include_deleted else [s for s in every if not s.deleted]


@dataclass(frozen=True)
class _Cached:
    actor: Actor
    document: DocumentView
    codebook: CodebookView
    project: ProjectView


def load(db: Database, actor: Actor, document_id: int) -> Workspace:
    """The workspace for a document; raises NotFound / Forbidden like the services do."""
    cached = state.get(state.DOC_CACHE)
    if not (isinstance(cached, _Cached) and cached.document.id == document_id and cached.actor == actor):
        document = get_document(db, actor, document_id)
        cached = _Cached(
            actor=actor, document=document,
            codebook=get_project_codebook(db, actor, document.project_id),
            project=get_project(db, actor, document.project_id),
        )
        state.put(state.DOC_CACHE, cached)
        state.put(state.PROJECT_ID, document.project_id)
    return Workspace(db, cached.actor, cached.document, cached.codebook, cached.project)


#: What belongs to the document on screen, and is dropped when another one is shown.
_DOCUMENT_STATE = (state.SELECTED_SPAN, state.PENDING_SELECTION, state.SCROLL_TO)


def entered(workspace: Workspace) -> None:
    """Drop what belonged to the document shown before (its selection, its queued messages,
    the last label of another project) when the workspace shows another one, however it was
    reached: a key, a button, the Documents page or a link."""
    shown = (workspace.project.id, workspace.document.id)
    before = state.get(state.SHOWN_DOCUMENT)
    if before == shown:
        return
    state.put(state.SHOWN_DOCUMENT, shown)
    for key in _DOCUMENT_STATE:
        state.put(key, None)
    state.get(state.FLASH).clear()
    state.get(state.REFUSED_NOTES).clear()
    if before is not None and before[0] != shown[0]:
        state.put(state.LAST_LABEL, None)


def set_cached_status(status: str | None) -> None:
    cached = state.get(state.DOC_CACHE)
    if isinstance(cached, _Cached):
        state.put(state.DOC_CACHE, replace(cached, document=replace(cached.document, status=status)))


def forget() -> None:
    state.put(state.DOC_CACHE, None)

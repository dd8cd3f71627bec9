"""Small builders so that tests read as the situation they set up."""

from __future__ import annotations

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import AnnotationView, SpanIn, create_annotation
from annotator.services.team.projects import create_project, set_member

SOUTHFRONT_LIKE = (
    "Negotiations between the Syrian government and the so-called “opposition groups” kicked off "
    "in Astana 🇰🇿 on January 23. Café owners said: “We hope.”\r\nThe end."
)


def project_with_document(
    db: Database, lead: Actor, text: str = SOUTHFRONT_LIKE, *, name: str = "P", **settings: object
) -> tuple[int, int]:
    project = create_project(db, lead, name, **settings)  # type: ignore[arg-type]
    document_id, _ = add_document(db, lead, project.id, text, title="Doc")
    return project.id, document_id


def add_member(db: Database, lead: Actor, project_id: int, actor: Actor, role: str = "annotator") -> None:
    set_member(db, lead, project_id, actor.username, role)


def span(db: Database, actor: Actor, document_id: int, text: str, quote: str, label: str = "loaded_language",
         *, occurrence: int = 0, **kwargs: object) -> AnnotationView:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return create_annotation(db, actor, document_id, SpanIn(start, start + len(quote), label, quote, **kwargs))  # type: ignore[arg-type]

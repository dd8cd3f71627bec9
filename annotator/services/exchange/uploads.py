"""Import from the web page: uploaded files (name + bytes) and article URLs, read by the web
way in (`ingest.web`: bytes and public http(s) addresses only, never a server path) and
written by the same import service as the command line."""

from __future__ import annotations

from collections.abc import Sequence

from ...config import Settings
from ...db import Database
from ...errors import ImportRefused
from ...ingest.web import Upload, load_uploads
from ..actor import Actor
from .project_import import ProjectImport, import_into_project, project_choices

__all__ = ["Upload", "import_uploads"]


def import_uploads(
    db: Database, actor: Actor, project_name: str, uploads: Sequence[Upload], *, urls: Sequence[str] = (),
    fmt: str | None = None, annotator: str | None = None, add_labels: bool = False, settings: Settings,
) -> ProjectImport:
    """Validate everything, then import in one transaction; raises ImportRefused with every
    problem (files named as uploaded, URL lines by number) and changes nothing when one is bad.
    `urls` are the lines of the URL box as typed."""
    loaded = load_uploads(uploads, urls, fmt=fmt, settings=settings)
    if loaded.issues:
        raise ImportRefused(loaded.issues)
    codebook, settings_from_file = project_choices(loaded)
    source = ", ".join([u.name for u in uploads] + [u.strip() for u in urls if u.strip()])
    return import_into_project(db, actor, project_name, loaded.records, entities=loaded.entities, codebook=codebook,
                               settings=settings_from_file, annotator=annotator or None, source=source,
                               add_labels=add_labels)

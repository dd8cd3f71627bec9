"""Import from the web page: uploaded files (name + bytes) and article URLs, through the same
loader and import service as the command line."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..db import Database
from ..errors import ImportRefused, InvalidInput
from ..formats.base import safe_name
from ..ingest.load import load_inputs
from .actor import Actor
from .project_import import ProjectImport, import_into_project, project_choices


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def import_uploads(
    db: Database, actor: Actor, project_name: str, uploads: Sequence[Upload], *, urls: Sequence[str] = (),
    fmt: str | None = None, annotator: str | None = None, add_labels: bool = False, settings: Settings,
) -> ProjectImport:
    """Validate everything, then import in one transaction; raises ImportRefused with every
    problem (file names as uploaded) and changes nothing when a file is bad."""
    issues: list[InvalidInput] = []
    for upload in uploads:
        if len(upload.data) > settings.max_import_bytes:
            issues.append(InvalidInput(f"file is larger than the limit of {settings.max_import_bytes} bytes", file=upload.name))
    if issues:
        raise ImportRefused(issues)
    with tempfile.TemporaryDirectory(prefix="annotator-upload-") as directory:
        paths = []
        for number, upload in enumerate(uploads):
            # one folder per upload keeps the uploaded name (messages name it) without clashes
            folder = Path(directory) / str(number)
            folder.mkdir()
            path = folder / (safe_name(Path(upload.name).name) or "upload")
            path.write_bytes(upload.data)
            paths.append(path)
        loaded = load_inputs([*paths, *urls], fmt=fmt, settings=settings)

        def shown(where: str | None) -> str | None:
            """Messages name the file as uploaded, not its temporary copy."""
            if where:
                for path, upload in zip(paths, uploads, strict=True):
                    where = where.replace(str(path), upload.name)
            return where

        for issue in loaded.issues:
            issue.file = shown(issue.file)
        for record in loaded.records:
            record.source = shown(record.source)
            for span in [*record.annotations, *record.gold]:
                span.source = shown(span.source)
    if loaded.issues:
        raise ImportRefused(loaded.issues)
    codebook, settings_from_file = project_choices(loaded)
    source = ", ".join([u.name for u in uploads] + list(urls))
    return import_into_project(db, actor, project_name, loaded.records, entities=loaded.entities, codebook=codebook,
                               settings=settings_from_file, annotator=annotator or None, source=source,
                               add_labels=add_labels)

"""The command line's imports: files, folders and zips on this machine (and http(s) URLs).

Only the command line comes here: it runs as the server's own user, who may read these files
anyway. These entries read through the path reader (`ingest.local`) and then run the same
pipeline as the page (imports.py); nothing the page imports may reach this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...config import Settings
from ...db import Database
from ...ingest.local import load_paths, read_registry_paths
from ..actor import Actor
from ..registry.views import RegistryImportResult
from .imports import import_loaded, import_registry_files
from .project_import import ProjectImport


def import_paths(db: Database, actor: Actor, project_name: str, paths: Sequence[str], *, fmt: str | None,
                 settings: Settings, codebook: str | None = None, annotator: str | None = None,
                 add_labels: bool = False, users: Mapping[str, str] | None = None) -> ProjectImport:
    """Articles or annotations at `paths` (files, folders, zips, http(s) URLs) in `fmt`, else
    detected per input; validated whole, then imported in one transaction. `users` renames the
    files' users to our accounts."""
    loaded = load_paths(paths, fmt=fmt, settings=settings)
    return import_loaded(db, actor, project_name, loaded, source=", ".join(paths), codebook=codebook,
                         annotator=annotator, add_labels=add_labels, users=users)


def import_registry_paths(db: Database, actor: Actor, paths: Sequence[str], *,
                          settings: Settings) -> RegistryImportResult:
    """Registry files at `paths` (a registry .json, a native .jsonl, CSV tables, a folder or a
    .zip of them), checked whole, then imported in one transaction."""
    return import_registry_files(db, actor, read_registry_paths(paths), source=", ".join(paths), settings=settings)

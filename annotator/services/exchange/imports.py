"""Imports into a project and into the registry: the one pipeline, and the pages' entries.

Every project import runs through `import_loaded`: the inputs read into records (with every
problem found) are refused whole when one is bad, else imported in one transaction, creating
the project when it does not exist yet. Two entries feed it, differing only in what they read:

- `import_uploads` (the Import / export page): uploaded files as bytes and article URLs,
  read by the web way in (`ingest.web`), which never opens a server path; the page reads them
  first (`read_uploads`), shows what it found (`preview_import`), and imports what it read with
  the lead's label mapping (`import_loaded(..., mapping=...)`);
- `local_imports.import_paths` (the command line): files, folders and zips on this machine.

The second lives in a module of its own because it reaches the path reader (`ingest.local`):
nothing the page imports may reach it (tests/test_layering.py checks the import graph).
Registry files come in through `import_registry_files` from both (as name -> bytes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...codebooks import CodebookDef
from ...config import Settings
from ...db import Database
from ...errors import ImportRefused, InvalidInput
from ...ingest.readers import Loaded
from ...ingest.web import Upload, load_uploads
from ..actor import Actor
from ..registry.views import RegistryImportResult
from .import_prep import rename_users
from .import_preview import ImportPreview, file_codebook, preview_import
from .import_progress import Progress
from .label_mapping import LabelMapping, MapTo, new_label_name
from .project_import import ProjectImport, check_may_import, import_into_project, project_choices
from .registry_io import check_may_import_registry, import_registry

__all__ = ["ImportPreview", "LabelMapping", "MapTo", "Upload", "check_may_import", "file_codebook", "import_loaded",
           "import_registry_files", "import_uploads", "new_label_name", "preview_import", "read_uploads", "upload_source"]


def import_loaded(db: Database, actor: Actor, project_name: str, loaded: Loaded, *, source: str,
                  codebook: CodebookDef | str | None = None, annotator: str | None = None,
                  add_labels: bool = False, users: Mapping[str, str] | None = None,
                  mapping: LabelMapping | None = None, progress: Progress | None = None,
                  project_settings: dict[str, object] | None = None, new_project: bool = False) -> ProjectImport:
    """Raise ImportRefused with every problem found when the reading found any (nothing is
    written); else import in one transaction. `codebook` and `project_settings` are for a project the
    import creates (else the file's manifest, else the codebook its format implies); `mapping`
    decides the span labels the codebook lacks; `source` names the inputs in the audit log;
    `users` renames the file's users to our accounts (`rename_users`). With `new_project` the
    import makes the project and never joins one of that name (the page's "a new project")."""
    if loaded.issues:
        raise ImportRefused(loaded.issues)
    if users:
        rename_users(loaded.records, users)
    chosen, from_file = project_choices(loaded, codebook=codebook)
    done = import_into_project(db, actor, project_name, loaded.records, entities=loaded.entities, codebook=chosen,
                               settings={**(from_file or {}), **(project_settings or {})}, annotator=annotator,
                               source=source, add_labels=add_labels, mapping=mapping, progress=progress,
                               claim_groups=loaded.claim_groups, fact_checks=loaded.fact_checks,
                               new_project=new_project)
    if not loaded.notes:
        return done
    # What the readers noticed comes first in the summary, then what the import did.
    return replace(done, result=replace(done.result, messages=(*loaded.notes, *done.result.messages)))


def read_uploads(db: Database, actor: Actor, project_name: str | None, uploads: Sequence[Upload], *,
                 urls: Sequence[str] = (), fmt: str | None = None, settings: Settings) -> Loaded:
    """The uploads and the pages at `urls` read into records, with every problem found; nothing
    is written (the page previews this, then imports it). Only for someone who may import into
    `project_name` (None: a new project): anyone else is refused and audited before anything
    is read or fetched, since reading makes the server fetch the URLs."""
    check_may_import(db, actor, project_name)
    return load_uploads(uploads, urls, fmt=fmt, settings=settings)


def upload_source(uploads: Sequence[Upload], urls: Sequence[str]) -> str:
    """How the audit log names the inputs of an upload import."""
    return ", ".join([u.name for u in uploads] + [u.strip() for u in urls if u.strip()])


def import_uploads(
    db: Database, actor: Actor, project_name: str, uploads: Sequence[Upload], *, urls: Sequence[str] = (),
    fmt: str | None = None, annotator: str | None = None, add_labels: bool = False, settings: Settings,
) -> ProjectImport:
    """The page's import: problems name files as uploaded and URL lines by number. `urls`
    are the lines of the URL box as typed. Someone who may not make this import is refused
    before anything is read or fetched."""
    loaded = read_uploads(db, actor, project_name, uploads, urls=urls, fmt=fmt, settings=settings)
    return import_loaded(db, actor, project_name, loaded, source=upload_source(uploads, urls),
                         annotator=annotator or None, add_labels=add_labels)


def import_registry_files(db: Database, actor: Actor, files: Mapping[str, bytes], *,
                          source: str, settings: Settings) -> RegistryImportResult:
    """Registry files (name -> content: a registry .json, a native .jsonl, CSV tables or a
    .zip of them) checked whole, then imported in one transaction; ImportRefused with every
    problem located when one is bad. Held to the import limits: each file to
    `max_import_bytes`, all their entries (entities, funding links, ratings, designations)
    to `max_import_records`."""
    from ...formats.bundle import Limits
    from ...formats.registry.files import read_registry_files

    check_may_import_registry(db, actor)  # before anything is parsed
    large = [InvalidInput(f"file is larger than the limit of {settings.max_import_bytes} bytes", file=name)
             for name, data in files.items() if len(data) > settings.max_import_bytes]
    if large:
        raise ImportRefused(large)
    registry = read_registry_files(files, limits=Limits(settings.max_import_bytes, settings.max_unzipped_bytes,
                                                        settings.max_zip_members))
    if registry.issues:
        raise ImportRefused(registry.issues)
    entries = [item for entity in registry.entities
               for item in (entity, *entity.funding_received, *entity.ratings, *entity.designations)]
    entries += [*registry.funding_links, *registry.ratings, *registry.designations]
    if len(entries) > settings.max_import_records:
        beyond = entries[settings.max_import_records]
        raise ImportRefused([InvalidInput(
            f"more than {settings.max_import_records:,} records (entities, funding links, ratings and designations) "
            "in one import: split the input, or raise ANNOTATOR_MAX_IMPORT_RECORDS",
            file=getattr(beyond, "source", None) or source)])
    return import_registry(db, actor, registry.entities, funding_links=registry.funding_links,
                           ratings=registry.ratings, designations=registry.designations, source=source)

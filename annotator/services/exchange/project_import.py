"""Import into a project named by the user, creating it when it does not exist yet.

Creating the project and importing happen in one transaction: a refused import leaves no
empty project behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from ...codebooks import CodebookDef, parse_codebook
from ...errors import Conflict, ImportRefused, InvalidInput
from ...formats.claim_records import ClaimGroupRecord, FactCheckRecord
from ...formats.records import DocumentRecord, EntityRecord
from ...ingest.readers import Loaded
from ..actor import Actor
from ..annotation.codebooks import labels_by_key
from ..permissions import LEADS, load_project, project_role, require_project_role
from ..team.projects import SETTINGS, create_project, find_project_id, project_view, require_creator
from ..unit import read_service, write_service
from ..views import ImportResult, ProjectView
from .data_import import import_records
from .import_prep import add_labels, unknown_span_labels
from .import_progress import Progress
from .label_mapping import LabelMapping, MapTo, apply_mapping, check_mapping, resolve_mapping


@dataclass(frozen=True)
class ProjectImport:
    project: ProjectView
    created: bool
    result: ImportResult


def project_choices(loaded: Loaded, *, codebook: CodebookDef | str | None = None) -> tuple[
        CodebookDef | str | None, dict[str, Any] | None]:
    """The codebook and settings for a project this import may create: the codebook the user
    named wins, then the definition in the file's manifest, then the one the format implies
    (SemEval's); the settings are the manifest's."""
    settings = loaded.manifest.project if loaded.manifest is not None else None
    if codebook is None:
        codebook = manifest_codebook(loaded)
    return codebook or loaded.codebook, settings


def manifest_codebook(loaded: Loaded) -> CodebookDef | None:
    """The codebook definition in the file's manifest, if any; a bad one is refused naming the
    manifest's file, line and field (it was a traceback or an unlocated error)."""
    definition = loaded.manifest.codebook.get("definition") if loaded.manifest is not None else None
    if not definition:
        return None
    try:
        return parse_codebook(definition, source=loaded.manifest_source or "the file's manifest",
                              within="codebook.definition")
    except InvalidInput as error:
        raise ImportRefused([error]) from error


@read_service
def check_may_import(session: Session, actor: Actor, project_name: str | None) -> None:
    """Refuse (and audit) an import the actor may not make, before anything is read: into an
    existing project its curators and admins import; a new one (None: not named yet) is made
    by who may create projects. (An import reads uploads and fetches URLs: for them only.)"""
    project_id = find_project_id(session, project_name) if project_name is not None else None
    if project_id is None:
        require_creator(actor)
    else:
        require_project_role(session, actor, project_id, LEADS, "import into this project")


@write_service
def import_into_project(
    session: Session,
    actor: Actor,
    project_name: str,
    records: Sequence[DocumentRecord],
    *,
    entities: Sequence[EntityRecord] = (),
    codebook: CodebookDef | str | None = None,
    settings: dict[str, Any] | None = None,
    annotator: str | None = None,
    source: str = "import",
    add_labels: bool = False,
    import_batch: str | None = None,
    mapping: LabelMapping | None = None,
    progress: Progress | None = None,
    claim_groups: Sequence[ClaimGroupRecord] = (),
    fact_checks: Sequence[FactCheckRecord] = (),
    new_project: bool = False,
) -> ProjectImport:
    """`codebook` and `settings` are used only when the project has to be created; with
    `new_project` it must be (a project of that name is a Conflict: the lead chose a new one,
    and the preview was made for the file's codebook, not that project's). `mapping`
    holds the lead's decisions on the span labels the codebook lacks (label_mapping.py): every
    such label must have one; new labels are added as one new codebook version, and the spans
    dropped are counted in the result's messages. `add_labels` (the command line's
    --add-labels) decides "add as a new label" for each, as the page's choice of it does;
    with neither, such a label refuses the import."""
    project_id = find_project_id(session, project_name)
    if new_project and project_id is not None:
        raise Conflict(f"project {project_name!r} exists already: import into it as the project picked, "
                       "or give the new project another name")
    created = project_id is None
    if project_id is None:
        options = {k: v for k, v in (settings or {}).items() if k in SETTINGS and v is not None}  # None: not given
        project_id = create_project.tx(session, actor, project_name, codebook=codebook, **options).id
    said: list[str] = []
    if mapping is not None or add_labels:
        records, said = _decide_labels(session, actor, project_id, records, mapping, source)
    result = import_records.tx(
        session, actor, project_id, records, annotator=annotator, source=source, entities=entities,
        import_batch=import_batch, claim_groups=claim_groups, fact_checks=fact_checks,
        **({"progress": progress} if progress else {}),
    )
    if said:
        result = replace(result, messages=(*said, *result.messages))
    project = load_project(session, project_id)
    return ProjectImport(project_view(project, project_role(session, actor, project_id)), created, result)


def _decide_labels(session: Session, actor: Actor, project_id: int, records: Sequence[DocumentRecord],
                   mapping: LabelMapping | None, source: str) -> tuple[list[DocumentRecord], list[str]]:
    """The records as the lead decided (None: every label the codebook lacks added as a new
    one), with the new labels in the codebook; what was done, said out loud (a dropped span is
    never silent)."""
    require_project_role(session, actor, project_id, LEADS, "import into this project")
    labels = labels_by_key(session, load_project(session, project_id).codebook_id)
    unknown = unknown_span_labels(labels, records)
    mapping = resolve_mapping(unknown, {key: MapTo("new") for key in unknown} if mapping is None else mapping,
                              set(labels))
    added = check_mapping(unknown, mapping, set(labels))
    if added:
        add_labels(session, actor, project_id, added, source)
    mapped, dropped, relations = apply_mapping(records, {key: mapping[key] for key in unknown})
    kept = [key for key in unknown if mapping[key].action == "new" and mapping[key].label == key]
    said = [f"labels added to the codebook: {', '.join(kept)}"] if kept else []
    said += [f"{mapping[key].label} (new label) takes the spans of {key}" if mapping[key].action == "new"
             else f"{key} mapped onto {mapping[key].label}"
             for key in unknown if mapping[key].action != "drop" and key not in kept]
    said += [f"{count} span(s) of {key} dropped, as chosen" for key, count in dropped.items()]
    if relations:
        said.append(f"{relations} relation(s) dropped with those spans")
    return mapped, said

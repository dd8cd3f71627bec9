"""Import into a project named by the user, creating it when it does not exist yet.

Creating the project and importing happen in one transaction: a refused import leaves no
empty project behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ...codebooks import CodebookDef, parse_codebook
from ...formats.claim_records import ClaimGroupRecord, FactCheckRecord
from ...formats.records import DocumentRecord, EntityRecord
from ...ingest.readers import Loaded
from ..actor import Actor
from ..permissions import load_project, project_role
from ..team.projects import SETTINGS, create_project, find_project_id, project_view
from ..unit import write_service
from ..views import ImportResult, ProjectView
from .data_import import import_records


@dataclass(frozen=True)
class ProjectImport:
    project: ProjectView
    created: bool
    result: ImportResult


def project_choices(loaded: Loaded, *, codebook: str | None = None) -> tuple[CodebookDef | str | None,
                                                                          dict[str, Any] | None]:
    """The codebook and settings for a project this import may create: the codebook the user
    named wins, then the definition in the file's manifest, then the one the format implies
    (SemEval's); the settings are the manifest's."""
    settings = loaded.manifest.project if loaded.manifest is not None else None
    definition = loaded.manifest.codebook.get("definition") if loaded.manifest is not None else None
    if codebook is None and definition:
        return parse_codebook(definition, source="manifest"), settings
    return codebook or loaded.codebook, settings


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
    claim_groups: Sequence[ClaimGroupRecord] = (),
    fact_checks: Sequence[FactCheckRecord] = (),
) -> ProjectImport:
    """`codebook` and `settings` are used only when the project has to be created."""
    project_id = find_project_id(session, project_name)
    created = project_id is None
    if project_id is None:
        options = {k: v for k, v in (settings or {}).items() if k in SETTINGS}
        project_id = create_project.tx(session, actor, project_name, codebook=codebook, **options).id
    result = import_records.tx(
        session, actor, project_id, records, annotator=annotator, source=source, entities=entities,
        add_labels=add_labels, import_batch=import_batch, claim_groups=claim_groups, fact_checks=fact_checks,
    )
    project = load_project(session, project_id)
    return ProjectImport(project_view(project, project_role(session, actor, project_id)), created, result)

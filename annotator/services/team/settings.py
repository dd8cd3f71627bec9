"""Project settings of the team workflow, kept in Project.settings (no schema change):
`assigned_only` (annotators open only their assigned documents) and `hide_annotator_names`
(curators see "Annotator 1, 2, ..." instead of names)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models.enums import ProjectRole
from .. import audit
from ..actor import Actor
from ..permissions import ASSIGNED_ONLY, HIDE_ANNOTATOR_NAMES, load_project, require_project_role
from ..unit import write_service
from ..views import ProjectView
from .projects import project_view


@write_service
def set_team_settings(
    session: Session, actor: Actor, project_id: int, *,
    assigned_only: bool | None = None, hide_annotator_names: bool | None = None,
) -> ProjectView:
    """Change either setting (project admins only); None leaves a setting as it is."""
    role = require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change project settings")
    project = load_project(session, project_id)
    before = dict(project.settings or {})
    after = dict(before)
    for key, value in ((ASSIGNED_ONLY, assigned_only), (HIDE_ANNOTATOR_NAMES, hide_annotator_names)):
        if value is not None:
            after[key] = bool(value)
    if after != before:
        # A new dict, not an in-place change: JSON columns only notice assignment.
        project.settings = after
        audit.record(session, actor, "update", "project", project.id, project_id=project.id,
                     before={"settings": before}, after={"settings": after})
    return project_view(project, role)
